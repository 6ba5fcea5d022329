// Tracking, end to end: main polls the demo server by itself (the tracker's real loop), the
// window polls main's change feed, and a desktop notification is asked for once. Then the board.
import { expect, test } from './harness';

test('a paid link is noticed without a manual refresh, notified once, and leaves the link board', async ({ app, page }) => {
  test.setTimeout(60_000);
  await app.open();
  await page.getByLabel('Amount').fill('42');
  await page.getByLabel('Description').fill('Phone order 77 – tracked');
  await page.keyboard.press('Control+Enter');
  const link = page.getByRole('textbox', { name: 'Payment link' });
  await expect(link).toHaveValue(/\/connect\//);
  const paymentUrl = await link.inputValue();
  const orderId = JSON.parse(app.demo.received.find((r) => r.method === 'POST')!.body).order_id as string;

  // A second, unpaid link for the board.
  await app.call('orders.create', { type: 'paymentlink', amount: 1999, currency: 'EUR', description: 'Still open – board' });

  // The board: both links open, with copy, message, clone and cancel; no "extend", said plainly.
  await page.keyboard.press('Alt+L');
  await expect(page.getByRole('heading', { name: 'Payment links' })).toBeVisible();
  await expect(page.getByTestId('link-row')).toHaveCount(2);
  await expect(page.getByTestId('links-no-extend')).toContainText('cannot extend');
  await page.getByTestId('link-message').first().click();
  await expect(page.getByTestId('message-template')).toBeVisible();
  await app.screenshot('20-link-board');

  // Cancel asks first; Escape keeps the link, and the keyboard is back on the button that asked.
  const cancelButton = page.getByTestId('link-cancel').first();
  await cancelButton.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(cancelButton).toBeFocused();
  expect(app.demo.received.filter((r) => r.method === 'PATCH')).toHaveLength(0);

  // The customer pays on the demo payment page.
  const customer = await page.context().newPage();
  await customer.goto(paymentUrl);
  await customer.getByRole('button', { name: 'Pay' }).click();
  await expect(customer.getByText('Payment received. Thank you!')).toBeVisible();
  await customer.close();

  // Main's tracker notices on its own (5 s cadence) and the board follows (3 s feed): one row left.
  await expect(page.getByTestId('link-row')).toHaveCount(1, { timeout: 20_000 });
  await expect(page.getByTestId('link-row')).toContainText('Still open – board');
  expect(app.notified).toHaveLength(1);
  expect(app.notified[0]).toMatchObject({ key: { environment: 'demo', profileId: 'demo', orderId }, title: expect.stringMatching(/^Paid: .*42/) });

  // The order's history detail shows the change on its timeline, with no refresh pressed.
  await page.keyboard.press('Alt+H');
  await page.getByRole('button', { name: orderId }).click();
  const changes = page.getByTestId('status-changes');
  await expect(changes).toContainText('Status: Paid (completed)');
  await app.screenshot('21-history-status-changes');

  // A click on the notification opens the order: main hands the key to the next feed poll.
  await page.keyboard.press('Alt+L');
  app.services.openOrder(app.notified[0]!.key);
  await expect(page).toHaveURL(new RegExp(`#/history/demo/demo/${orderId}$`), { timeout: 10_000 });

  // No second notification for the same change.
  expect(app.notified).toHaveLength(1);
});

test('a calm banner while MultiSafepay is not answering for a profile', async ({ app, page }) => {
  // Five failed polls 5 s apart open the breaker: real time, the harness runs the real loop.
  test.setTimeout(90_000);
  app.demo.injectFault({ mode: 'html502_before', method: 'GET', path: '/orders/', times: 50 });
  await app.open();
  await app.call('orders.create', { type: 'paymentlink', amount: 500, currency: 'EUR', description: 'Breaker' });
  await expect(page.getByTestId('tracking-banner')).toContainText('MultiSafepay isn’t answering for profile Demo', { timeout: 60_000 });
  await app.screenshot('22-tracking-banner');
});
