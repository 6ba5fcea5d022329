// Backups, restore and retention through the real path (Chromium → window.api → gate →
// services → SQLite): choosing a restore shows what it would undo before main asks for the
// confirmation; retention masks old orders. Screenshots: backups-01 … backups-03.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createOrderStore } from '../../electron/services/orders/order-store';
import { openDatabase } from '../../electron/services/storage/db';
import { seedHistory } from '../support/history-seed';
import { expect, test } from './harness';
import type { ConsoleHarness } from './harness';

/** Older orders (2025), written beside the running services. */
function seed(app: ConsoleHarness, count: number): void {
  const db = openDatabase(join(app.dataDir, 'console.sqlite3'));
  seedHistory(db, createOrderStore(db), count, { seed: 31, start: Date.UTC(2025, 0, 6, 8), stepMs: 20 * 60_000 });
  db.close();
}

async function toBackups(page: Page): Promise<void> {
  await page.keyboard.press('Alt+H');
  await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
  await page.getByTestId('open-backups').click();
  await expect(page.getByTestId('backups-panel')).toBeVisible();
}

test('restore: the preview says what it would undo, main confirms, the restore is chosen', async ({ app, page }) => {
  seed(app, 120);
  await app.open();
  await toBackups(page);
  await page.getByTestId('backup-now').click();
  await expect(page.getByTestId('backup-row')).toHaveCount(1);
  await expect(page.getByTestId('backup-row')).toContainText('made by hand');
  // Since the backup: two more orders and another operator.
  for (const description of ['After the backup 1', 'After the backup 2']) {
    await app.call('orders.create', { type: 'paymentlink', amount: 1500, currency: 'EUR', description });
  }
  await app.call('settings.setOperator', { name: 'Bram' });
  await app.screenshot('backups-01-list');

  await page.getByTestId('backup-row').getByRole('button', { name: /^Restore at next start — the backup of/ }).click();
  const preview = page.getByTestId('restore-preview');
  await expect(preview).toContainText('2 order(s) made since would be gone from the history');
  await expect(preview).toContainText('settings as they were then: operator name');
  await expect(preview).toContainText('The audit log is kept');
  await app.screenshot('backups-02-restore-preview');

  await page.getByTestId('restore-confirm').click();
  await expect(page.getByTestId('backups-pending')).toBeVisible();
  expect(app.dialogs.restoreQuestions).toHaveLength(1);
  expect(app.dialogs.restoreQuestions[0]).toMatchObject({ ordersAdded: 2, ordersInBackup: 120 });
});

test('retention: saving a period masks older orders and says how many', async ({ app, page }) => {
  seed(app, 60);
  await app.open();
  await page.keyboard.press('Alt+S');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.getByLabel('Mask IBANs and names after').selectOption('12');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/Last masked: 60 orders/)).toBeVisible();
  await page.getByRole('heading', { name: 'Personal data' }).scrollIntoViewIfNeeded();
  await app.screenshot('backups-03-retention');
  const audit = await app.call('audit.list', { limit: 5 });
  expect(audit.items.find((i) => i.action === 'retention.apply')?.details).toMatchObject({ months: 12, masked: 60 });
});
