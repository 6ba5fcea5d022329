// The local order history through the real path (Chromium → window.api → gate → services →
// SQLite, and a worker thread for the export): search, filters, the virtualised list, an
// order's timeline and clone, a CSV export checked byte by byte, and browsing with the
// demo server stopped. Screenshots: history-01 … history-05 in test/artifacts/screens/.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Page } from '@playwright/test';
import { openDatabase } from '../../electron/services/storage/db';
import { EXPORT_COLUMNS, SORTS, exportSql } from '../../electron/services/history/query';
import { createOrderStore } from '../../electron/services/orders/order-store';
import { random, seedHistory, seededOrder } from '../support/history-seed';
import { csvRecords } from '../support/csv';
import { expect, test } from './harness';
import type { ConsoleHarness } from './harness';

/** A few hundred older orders of every kind, written beside the running services (WAL: both may write). */
function seed(app: ConsoleHarness, count = 400): void {
  const db = openDatabase(join(app.dataDir, 'console.sqlite3'));
  const store = createOrderStore(db);
  seedHistory(db, store, count, { seed: 21, start: Date.UTC(2025, 0, 6, 8), stepMs: 20 * 60_000 });
  // One whose description would be a formula in a spreadsheet.
  const formula = seededOrder(9999, random(5), { start: Date.UTC(2025, 3, 1, 12) });
  store.insertIntent({ ...formula.order, orderId: 'CON-FORMULA-1', description: '=HYPERLINK("http://evil.example","x")', customerName: 'Eve Formula', flow: 'directdebit', gateway: 'DIRDEB', type: 'direct', iban: 'NL91ABNA0417164300' });
  db.close();
}

async function toHistory(page: Page): Promise<void> {
  await page.keyboard.press('Alt+H');
  await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
}

test('search, filter, sort, open an order with its timeline, and clone it as a new order', async ({ app, page }) => {
  seed(app);
  const dubois = await app.call('orders.create', {
    type: 'paymentlink',
    amount: 4250,
    currency: 'EUR',
    description: 'Repair of the espresso machine',
    customer: { firstName: 'Marie', lastName: 'Dubois', email: 'marie.dubois@example.fr', locale: 'fr_BE' },
  });
  // MultiSafepay is asked again: a second answer, with a status, to compare with the first.
  await app.call('orders.refresh', dubois.key);

  await app.open();
  await toHistory(page);
  const rows = page.getByTestId('history-row');
  await expect(rows.first()).toContainText(dubois.orderId);
  await expect(page.getByTestId('history-count')).toHaveText('402 orders');
  // Virtualised: far fewer rows in the page than orders in the list.
  expect(await rows.count()).toBeLessThan(60);
  await app.screenshot('history-01-list');

  // Scrolling to the end loads the next pages by themselves.
  const list = page.getByTestId('history-list');
  for (let i = 0; i < 12; i++) await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(list.getByRole('button', { name: 'CON-FORMULA-1' }).or(list.getByText(/^CON-20250106-080000-/))).toBeVisible();

  // Alt+F: the search box, from anywhere; a name finds the order, whatever its accents and case.
  await page.keyboard.press('Alt+N');
  await page.keyboard.press('Alt+F');
  await expect(page.getByLabel('Search the history')).toBeFocused();
  await page.keyboard.type('marie dubois');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Marie Dubois');
  await expect(page.getByTestId('history-count')).toHaveText('1 order');
  await app.screenshot('history-02-search');

  // An order id by its beginning, and search text that is only punctuation or SQL finds nothing, not everything.
  await page.getByLabel('Search the history').fill(dubois.orderId.slice(0, 15).toLowerCase());
  await expect(rows.first()).toContainText(dubois.orderId);
  await page.getByLabel('Search the history').fill(`' OR 1=1 --`);
  await expect(page.getByTestId('history-no-match')).toBeVisible();
  await page.getByLabel('Search the history').fill('');

  // Filters and a sort: live direct debits, biggest first.
  await page.getByTestId('history-filters-toggle').click();
  await page.getByLabel('Environment').selectOption('live');
  await page.getByLabel('Kind of order').selectOption('directdebit');
  await expect(page.getByTestId('history-filters-toggle')).toHaveText('Filters (2)');
  await page.getByLabel('Sort').selectOption('amountDesc');
  await expect(rows.first()).toBeVisible();
  const amounts = await rows.evaluateAll((els) => els.map((el) => el.querySelector('.num')?.textContent ?? ''));
  const values = amounts.map((a) => Number(a.replace(/[^\d.]/g, '')));
  expect(values.length).toBeGreaterThan(1);
  expect([...values].sort((a, b) => b - a)).toEqual(values);
  for (const tag of await rows.locator('.tag').allTextContents()) expect(tag).toBe('Live');
  await page.getByRole('button', { name: 'Clear search and filters' }).click();
  await page.getByLabel('Sort').selectOption('newest');
  await expect(rows.first()).toContainText(dubois.orderId);

  // Keyboard: into the list with ↓, Enter opens.
  await page.getByLabel('Search the history').fill('espresso');
  await expect(rows).toHaveCount(1);
  await page.getByLabel('Search the history').press('ArrowDown');
  await expect(page.getByRole('button', { name: dubois.orderId })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Order details' })).toBeVisible();
  const steps = page.getByTestId('timeline-step');
  await expect(steps).toHaveCount(2);
  await expect(steps.nth(0)).toContainText('POST /orders');
  await expect(steps.nth(0)).toContainText('HTTP 200');
  await expect(steps.nth(1)).toContainText(`GET /orders/${dubois.orderId}`);
  await expect(steps.nth(1)).toContainText('MultiSafepay status: Waiting for payment (initialized)');
  await expect(steps.nth(1).getByTestId('response-diff').locator('.diff__added').first()).toBeVisible();
  await app.screenshot('history-03-detail');

  // Clone: the form, filled in; sent, it is a new order with a new order id.
  await page.getByTestId('clone-order').click();
  await expect(page.getByRole('heading', { name: 'New payment link' })).toBeVisible();
  await expect(page.getByLabel('Amount')).toHaveValue('42.50');
  await expect(page.getByLabel('Description')).toHaveValue('Repair of the espresso machine');
  await expect(page.getByLabel('First name')).toHaveValue('Marie');
  await expect(page.getByLabel('E-mail address')).toHaveValue('marie.dubois@example.fr');
  await page.getByRole('button', { name: 'Create payment link' }).click();
  // Same e-mail and amount as a moment ago: order entry asks first, as it should for a copy.
  await expect(page.getByTestId('submit-warnings')).toContainText(dubois.orderId);
  await page.getByRole('button', { name: 'Send it anyway' }).click();
  await expect(page.getByRole('heading', { name: 'Payment link created' })).toBeVisible();
  const posts = app.demo.received.filter((r) => r.method === 'POST' && r.path === '/orders').map((r) => JSON.parse(r.body));
  expect(posts).toHaveLength(2);
  expect(posts[1].order_id).not.toBe(posts[0].order_id);
  expect(posts[1]).toMatchObject({ amount: 4250, description: 'Repair of the espresso machine', customer: { first_name: 'Marie', last_name: 'Dubois' } });
  const audit = await app.call('audit.list', { limit: 20 });
  expect(audit.items.map((i) => i.action)).toContain('history.clone');
});

test('export the filtered history to CSV: BOM, masked IBANs, neutralised formulas, then with full IBANs (audited)', async ({ app, page }) => {
  seed(app, 300);
  await app.open();
  await toHistory(page);
  await page.getByTestId('history-filters-toggle').click();
  await page.getByLabel('Kind of order').selectOption('directdebit');
  await expect(page.getByTestId('history-filters-toggle')).toHaveText('Filters (1)');
  const shown = await page.getByTestId('history-count').textContent();
  const count = Number(shown!.replace(/\D/g, ''));
  expect(count).toBeGreaterThan(10);

  await page.getByTestId('open-export').click();
  await expect(page.getByLabel('Include full IBANs')).not.toBeChecked();
  // Main asks for the file in its own save dialog (answered here by the test): closed, nothing happens.
  app.dialogs.exportAnswer = null;
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-not-chosen')).toHaveText('No file chosen: nothing was exported.');
  expect(existsSync(join(app.dataDir, 'exports'))).toBe(false);
  app.dialogs.exportAnswer = undefined;
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-status')).toHaveText(`Done: ${count} orders exported.`);
  expect(app.dialogs.exportNames).toHaveLength(2);
  await app.screenshot('history-05-export');
  const file = (await page.getByTestId('export-file').textContent())!;
  expect(file.startsWith(join(app.dataDir, 'exports'))).toBe(true);
  const bytes = readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const records = csvRecords(bytes.toString('utf8').slice(1));
  expect(records).toHaveLength(count);
  expect(new Set(records.map((r) => r.flow))).toEqual(new Set(['directdebit']));
  const formula = records.find((r) => r.order_id === 'CON-FORMULA-1')!;
  expect(formula.description).toBe(`'=HYPERLINK("http://evil.example","x")`);
  expect(formula.iban).toBe('NL91 **** **** **** 4300');
  for (const r of records) expect(r.iban).toMatch(/^(|[A-Z]{2}\d{2}( \*{4})+ [A-Z0-9]{4})$/);
  expect(bytes.toString('utf8')).not.toContain('NL91ABNA0417164300');

  // Full IBANs, only when asked for, and the audit log says so.
  await page.getByLabel('Include full IBANs').check();
  await expect(page.getByText('This export is recorded in the audit log')).toBeVisible();
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-status')).toHaveText(`Done: ${count} orders exported.`);
  const second = (await page.getByTestId('export-file').textContent())!;
  expect(second).not.toBe(file);
  expect(csvRecords(readFileSync(second, 'utf8').slice(1)).find((r) => r.order_id === 'CON-FORMULA-1')!.iban).toBe('NL91ABNA0417164300');
  const audit = await app.call('audit.list', { limit: 20 });
  const exports = audit.items.filter((i) => i.action === 'history.export').map((i) => i.details.ibans);
  expect(exports).toEqual(['full', 'masked']);
});

test('with MultiSafepay out of reach the console says so calmly, and history stays browsable and searchable', async ({ app, page }) => {
  seed(app, 120);
  const before = await app.call('orders.create', { type: 'paymentlink', amount: 1999, currency: 'EUR', description: 'Ordered before the outage' });
  await app.demo.close();

  await app.open();
  await page.getByLabel('Amount').fill('12.50');
  await page.getByLabel('Description').fill('Phone order during the outage');
  await page.getByRole('button', { name: 'Create payment link' }).click();
  // The first try may still find the old connection (then it is "not known yet"); the second is refused at once.
  await expect(page.getByTestId('order-result')).toBeVisible();
  if (!(await page.getByTestId('offline-banner').getByText('cannot be reached').isVisible())) {
    await page.getByTestId('new-payment-link').click();
    await page.getByLabel('Amount').fill('12.50');
    await page.getByLabel('Description').fill('Phone order during the outage, again');
    await page.getByRole('button', { name: 'Create payment link' }).click();
  }
  const banner = page.getByTestId('offline-banner');
  await expect(banner).toContainText('MultiSafepay cannot be reached at the moment.');
  await expect(banner).toContainText('your history is stored on this computer and stays available');

  await toHistory(page);
  await expect(banner).toBeVisible();
  await expect(page.getByTestId('history-count')).toHaveText(/^12[23] orders$/);
  await page.getByLabel('Search the history').fill('outage');
  await expect(page.getByTestId('history-count')).toHaveText(/^[23] orders$/);
  await expect(page.getByTestId('history-row').filter({ hasText: before.orderId })).toBeVisible();
  await expect(page.getByTestId('history-row').filter({ hasText: 'Phone order during the outage' }).first()).toBeVisible();
  await app.screenshot('history-04-offline');
  await page.getByTestId('history-row').filter({ hasText: before.orderId }).getByRole('button', { name: before.orderId }).click();
  await expect(page.getByRole('heading', { name: 'Order details' })).toBeVisible();
  await expect(page.getByTestId('timeline-step').first()).toContainText('POST /orders');
  await page.getByRole('button', { name: /Back to history/ }).click();
  await expect(page.getByRole('button', { name: before.orderId })).toBeFocused();
});

test('the built app’s export worker (out/main/export-worker.js) writes the same file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'msp-built-worker-'));
  try {
    const dbFile = join(dir, 'console.sqlite3');
    const db = openDatabase(dbFile);
    seedHistory(db, createOrderStore(db), 50, { seed: 3 });
    db.close();
    const file = join(dir, 'out.csv');
    const worker = new Worker(resolve(import.meta.dirname, '../../out/main/export-worker.js'), {
      workerData: {
        kind: 'history-export',
        task: {
          dbFile,
          sql: exportSql([], SORTS.newest, false),
          params: {},
          columns: EXPORT_COLUMNS,
          file,
          includeIbans: false,
          delimiter: ';',
          exponents: { EUR: 2, GBP: 2, USD: 2, CHF: 2 },
          cancel: new SharedArrayBuffer(4),
        },
      },
    });
    const last = await new Promise<{ type: string; written?: number }>((done, fail) => {
      let message: { type: string; written?: number } = { type: 'none' };
      worker.on('message', (m) => (message = m));
      worker.on('error', fail);
      worker.on('exit', () => done(message));
    });
    expect(last).toEqual({ type: 'done', written: 50 });
    const text = readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(csvRecords(text.slice(1), ';')).toHaveLength(50);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
