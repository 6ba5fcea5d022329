// Refunds and the history sync through the real path (Chromium → window.api → gate → services →
// got → demo server → SQLite): a customer pays a link on the demo payment page, staff refund part
// of it (confirmed in words), then sync the account's transactions, orders made elsewhere included.
import { expect, test } from './harness';

const DAY = 24 * 60 * 60_000;

test('pays a link, refunds part of it, then syncs the history from MultiSafepay', async ({ app, page }) => {
  await app.open();
  await page.getByLabel('Amount').fill('42.50');
  await page.getByLabel('Description').fill('Phone order 5120');
  await page.getByRole('button', { name: 'Create payment link' }).click();
  const link = page.getByRole('textbox', { name: 'Payment link' });
  await expect(link).toHaveValue(/\/connect\//);
  const orderId = JSON.parse(app.demo.received.at(-1)!.body).order_id as string;

  const customer = await page.context().newPage();
  await customer.goto(await link.inputValue());
  await customer.getByRole('button', { name: 'Pay' }).click();
  await expect(customer.getByText('Payment received. Thank you!')).toBeVisible();
  await customer.close();

  await page.getByRole('link', { name: 'History' }).click();
  await page.getByRole('button', { name: orderId }).click();
  const refunds = page.getByTestId('refunds');
  await expect(refunds).toBeVisible();
  // Until the console has read the payment back, a refund is refused with the reason; the order
  // page checks the status by itself (every 5 s while open), then offers the refund form.
  await expect(page.getByText('Paid. Nothing more to do.')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('refund-remainder')).toHaveText('€42.50 of €42.50 can still be refunded.');
  await expect(refunds.getByLabel('Amount to refund (EUR)')).toBeVisible();

  // Too much is refused in the field; nothing is sent.
  await refunds.getByLabel('Amount to refund (EUR)').fill('50');
  await refunds.getByRole('button', { name: 'Refund…' }).click();
  await expect(page.locator('#refund-amount-error')).toHaveText('That is more than can still be refunded (€42.50).');
  await refunds.getByLabel('Amount to refund (EUR)').fill('12.50');
  await refunds.getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund this order?' });
  await expect(dialog).toContainText(`Refund €12.50 of €42.50 to ${orderId}?`);
  await app.screenshot('refund-01-confirm-in-words');
  expect(app.demo.received.filter((r) => r.path.endsWith('/refunds'))).toHaveLength(0);
  await dialog.getByRole('button', { name: 'Refund €12.50' }).click();

  await expect(page.getByTestId('refund-message')).toHaveText('Refund of €12.50 asked for.');
  await expect(page.getByTestId(`refund-row-${orderId}-R1`)).toContainText('Pending');
  await expect(page.getByTestId('refund-remainder')).toHaveText('€30.00 of €42.50 can still be refunded.');
  await app.screenshot('refund-02-refunded-part');
  const posts = app.demo.received.filter((r) => r.method === 'POST' && r.path === `/orders/${orderId}/refunds`);
  expect(posts.map((r) => JSON.parse(r.body))).toEqual([{ currency: 'EUR', amount: 1250, description: `Refund of ${orderId}`, refund_order_id: `${orderId}-R1` }]);
  expect(app.demo.getOrder(orderId)).toMatchObject({ status: 'partial_refunded', amount_refunded: 1250 });

  const refundedBy = Date.now();

  // The sync: 1,200 transactions a webshop made, plus this console's order and its refund.
  // A run's window ends at the whole second it starts in (exclusive, so the next run misses
  // nothing); wait for the clock to leave the refund's second so the refund is in this run.
  await expect.poll(() => Math.floor(Date.now() / 1000)).toBeGreaterThan(Math.floor(refundedBy / 1000));
  app.demo.seedTransactions(1200, { from: Date.now() - 20 * DAY, until: Date.now() - DAY });
  await page.getByRole('button', { name: /Back to history/ }).click();
  await page.getByTestId('open-sync').click();
  const sync = page.getByTestId('sync-panel');
  await expect(sync.getByLabel('Start from')).toBeVisible();
  await sync.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-status')).toContainText('Done: 1,202 transactions, 1,029 orders made elsewhere.', { timeout: 20_000 });
  await expect(page.getByTestId('sync-last')).toContainText('Last synced');
  await expect(page.getByTestId('badge-elsewhere').first()).toBeVisible();
  await app.screenshot('sync-01-done');
  const listings = app.demo.received.filter((r) => r.path === '/transactions');
  expect(listings.length).toBeGreaterThanOrEqual(3);
  expect(new Set(listings.map((r) => r.query.after ?? 'start')).size).toBe(listings.length);
});
