// The foundation's vertical slice, through the real path:
// Chromium → window.api → gate → services → got → demo server → SQLite.
import { expect, test } from './harness';

test('creates a payment link and finds it in history after the services restart', async ({ app, page }) => {
  await app.open();
  await expect(page.getByTestId('env-badge')).toHaveText(/DEMO/);
  await expect(page.getByRole('heading', { name: 'New payment link' })).toBeVisible();
  await app.screenshot('01-new-payment-link');

  // An amount that reads two ways is caught in the field, the form keeps it, and nothing is sent.
  await page.getByLabel('Amount').fill('12.500');
  await page.getByLabel('Description').fill('Phone order 4711 – spare parts');
  await page.getByRole('button', { name: 'Create payment link' }).click();
  await expect(page.locator('#amount-error')).toBeVisible();
  await expect(page.getByLabel('Amount')).toHaveValue('12.500');
  await app.screenshot('02-new-payment-link-validation');
  expect(app.demo.received).toHaveLength(0);

  await page.getByLabel('Amount').fill('1,000.50');
  await expect(page.getByText('Customer pays €1,000.50')).toBeVisible();
  await page.getByRole('button', { name: 'Create payment link' }).click();

  await expect(page.getByRole('heading', { name: 'Payment link created' })).toBeVisible();
  const link = page.getByRole('textbox', { name: 'Payment link' });
  await expect(link).toHaveValue(new RegExp(`^${app.demo.url}/connect/`));

  // The server got exactly one POST, with the amount as an integer in minor units.
  const posts = app.demo.received.filter((r) => r.method === 'POST' && r.path === '/orders');
  expect(posts).toHaveLength(1);
  const sent = JSON.parse(posts[0]!.body);
  expect(sent).toMatchObject({ type: 'paymentlink', amount: 100050, currency: 'EUR', description: 'Phone order 4711 – spare parts' });
  expect(Number.isInteger(sent.amount)).toBe(true);
  expect(app.demo.orderCount()).toBe(1);

  await page.getByText('Raw response').click();
  await expect(page.getByText(sent.order_id).first()).toBeVisible();
  await app.screenshot('03-payment-link-created');

  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByText('Opened in your browser.')).toBeVisible();
  expect(app.opened).toEqual([await link.inputValue()]);

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
  await expect(page.getByRole('button', { name: sent.order_id })).toBeVisible();
  // The environment tag (the profile column may say "Demo" too: the built-in profile's name).
  await expect(page.getByTestId('history-row').locator('.tag--demo')).toHaveText('Demo');
  await app.screenshot('04-history');

  // Restart the services on the same data directory, reload the window: the order is still there.
  await app.restartServices();
  await page.reload();
  await page.keyboard.press('Alt+H');
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
  await expect(page.getByRole('button', { name: sent.order_id })).toBeVisible();
  await expect(page.getByText('€1,000.50')).toBeVisible();
});

test('the customer pays on the demo payment page and the console sees it', async ({ app, page }) => {
  await app.open();
  await page.getByLabel('Amount').fill('25');
  await page.getByLabel('Description').fill('Invoice 2026-118');
  await page.keyboard.press('Control+Enter');
  const link = page.getByRole('textbox', { name: 'Payment link' });
  await expect(link).toHaveValue(/\/connect\//);
  const paymentUrl = await link.inputValue();

  const customer = await page.context().newPage();
  await customer.goto(paymentUrl);
  await expect(customer.getByText('Invoice 2026-118')).toBeVisible();
  await customer.screenshot({ path: `${app.demoScreensDir}/05-demo-payment-page.png`, fullPage: true });
  await customer.getByRole('button', { name: 'Pay' }).click();
  await expect(customer.getByText('Payment received. Thank you!')).toBeVisible();
  await customer.close();

  const orderId = JSON.parse(app.demo.received.at(-1)!.body).order_id as string;
  expect(app.demo.getOrder(orderId)).toMatchObject({ status: 'completed' });
});

test('an unclear answer is shown honestly, settled by GET, and never posted twice', async ({ app, page }) => {
  app.demo.injectFault({ mode: 'reset_after', method: 'POST', path: '/orders' });
  await app.open();
  await page.getByLabel('Amount').fill('12.50');
  await page.getByLabel('Description').fill('Phone order, line dropped');
  await page.getByRole('button', { name: 'Create payment link' }).click();

  // The panel re-reads an unknown order once by itself: the order did land.
  await expect(page.getByRole('heading', { name: 'Payment link created' })).toBeVisible();
  await app.screenshot('06-unknown-settled');
  expect(app.demo.received.filter((r) => r.method === 'POST')).toHaveLength(1);
  expect(app.demo.received.filter((r) => r.method === 'GET' && r.path.startsWith('/orders/'))).toHaveLength(1);
  expect(app.demo.orderCount()).toBe(1);
});

test('input the rules refuse is never sent, in any language', async ({ app, page }) => {
  await app.open();
  await page.getByRole('button', { name: 'NL', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Nieuwe betaallink' })).toBeVisible();
  await page.getByLabel('Bedrag').fill('1.000,50');
  await expect(page.getByText('€ 1.000,50')).toBeVisible();
  await page.getByLabel('Omschrijving').fill('Kaart 4111 1111 1111 1111');
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('#description-error')).toBeVisible();
  await app.screenshot('07-nl-card-number-refused');
  expect(app.demo.received).toHaveLength(0);
  await expect(page.getByLabel('Omschrijving')).toHaveValue('Kaart 4111 1111 1111 1111');
});
