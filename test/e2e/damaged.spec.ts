// A failed integrity check, remembered (console.sqlite3.damaged), through the real path: the next
// start opens read-only at once and says since when; a restore from the banner's backups clears it;
// a file that passes its check again says a restart is enough.
// Screenshots: storage-01 … storage-03.
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createOrderStore } from '../../electron/services/orders/order-store';
import { damageMarker, recordDamage } from '../../electron/services/storage/damaged';
import { openDatabase } from '../../electron/services/storage/db';
import { seedHistory } from '../support/history-seed';
import { expect, test } from './harness';
import type { ConsoleHarness } from './harness';

const fileOf = (app: ConsoleHarness) => join(app.dataDir, 'console.sqlite3');
const FOUND = Date.UTC(2026, 10, 30, 20, 12);

function seed(app: ConsoleHarness, count: number): void {
  const db = openDatabase(fileOf(app));
  seedHistory(db, createOrderStore(db), count, { seed: 41, start: Date.UTC(2026, 9, 1, 8), stepMs: 20 * 60_000 });
  db.close();
}

/** A page near the end overwritten, as a crash on a bad disk might leave it: only the check finds it. */
function damage(app: ConsoleHarness): void {
  const raw = new Database(fileOf(app));
  raw.pragma('wal_checkpoint(TRUNCATE)');
  const pages = raw.pragma('page_count', { simple: true }) as number;
  raw.close();
  const fd = openSync(fileOf(app), 'r+');
  writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, (pages - 2) * 4096);
  closeSync(fd);
}

test('a remembered damaged history opens read-only, and a restore from the banner clears it', async ({ app, page }) => {
  seed(app, 1500);
  const backup = (await app.call('backups.create', {})).items[0]!;
  // The console stopped; the file was found damaged by an earlier start's check.
  await app.services.dispose();
  damage(app);
  recordDamage(fileOf(app), 'The order history failed its integrity check (Page 93: btreeInitPage() returns error code 11).', FOUND);
  await app.startServices();
  await app.open();

  const banner = page.getByTestId('read-only-banner');
  await expect(banner).toContainText('The order history is read-only.');
  await expect(banner).toContainText(/It failed its check on (30 Nov|Nov 30), 2026/);
  await expect(banner).toContainText('It is checked again at every start.');
  // Checked again in the background: it fails again, and the banner stays as it is.
  await app.services.storageChecked();
  await expect(banner).toContainText(/It failed its check on (30 Nov|Nov 30), 2026/);
  await app.screenshot('storage-01-damaged-read-only');

  await banner.getByRole('button', { name: 'Open backups' }).click();
  await expect(page.getByTestId('backups-panel')).toBeVisible();
  await page.getByTestId('backup-row').getByRole('button', { name: /^Restore at next start — the backup of/ }).click();
  await page.getByTestId('restore-confirm').click();
  await expect(page.getByTestId('backups-pending')).toContainText(backup.name);

  await app.restartServices();
  await app.open();
  await expect(page.getByTestId('restored-banner')).toContainText(backup.name);
  await expect(page.getByTestId('read-only-banner')).toHaveCount(0);
  expect((await app.call('app.info', {})).storage).toMatchObject({ readOnly: false, damagedSince: null });
  expect(existsSync(damageMarker(fileOf(app)))).toBe(false);
  await app.screenshot('storage-02-restored');
});

test('a file that passes its check again says a restart makes it writable', async ({ app, page }) => {
  seed(app, 300);
  await app.services.dispose();
  // Remembered, but the file was replaced by a sound one since (repaired by IT, say).
  recordDamage(fileOf(app), 'The order history failed its integrity check (Page 12: btreeInitPage() returns error code 11).', FOUND);
  await app.startServices();
  await app.open();
  await app.services.storageChecked();
  // The banner asks main again every 2 s while the check runs.
  const note = page.getByTestId('writable-at-restart-banner');
  await expect(note).toHaveText('The order history passed its check. Restart the console to create orders again.');
  await expect(note).toHaveAttribute('role', 'status');
  await app.screenshot('storage-03-writable-at-restart');

  await app.restartServices();
  await app.open();
  await expect(page.getByTestId('writable-at-restart-banner')).toHaveCount(0);
  await expect(page.getByTestId('read-only-banner')).toHaveCount(0);
  const made = await app.call('orders.create', { type: 'paymentlink', amount: 1500, currency: 'EUR', description: 'Writable again' });
  expect(made.state).toBe('created');
});
