// One order key end to end: an order made in site profile A is opened from the history and
// cancelled while the built-in Demo profile is active; the PATCH goes to A's API with A's key.
import { startDemoServer } from '../../electron/demo/server';
import { expect, test } from './harness';

const SITE_A_KEY = 'e2e-site-a-key-7c1d93e4b2';

test('an order of another profile is cancelled with its own profile’s key and API', async ({ app, page }) => {
  const siteA = await startDemoServer({ environment: 'test', keys: { test: [SITE_A_KEY], live: [] } });
  try {
    app.baseUrls = { test: siteA.apiBase };
    await app.restartServices();
    const { profile } = await app.call('profiles.save', { name: 'Site A', environment: 'test', apiKey: SITE_A_KEY });
    await app.call('profiles.switch', { id: profile.id });
    const order = await app.call('orders.create', { type: 'paymentlink', amount: 750, currency: 'EUR', description: 'Site A order' });
    await app.call('profiles.switch', { id: 'demo' });

    await app.open();
    await expect(page.getByTestId('profile-name')).toHaveText('Demo');
    await page.keyboard.press('Alt+H');
    await page.getByTestId('history-row').filter({ hasText: order.orderId }).getByRole('button', { name: order.orderId }).click();
    await expect(page.getByRole('heading', { name: 'Order details' })).toBeVisible();
    await page.getByTestId('cancel-order').click();
    await page.getByTestId('confirm-cancel').click();
    await expect(page.getByTestId('action-status')).toHaveText('The order was cancelled.');

    expect(siteA.getOrder(order.orderId)).toMatchObject({ status: 'cancelled' });
    expect(siteA.received.filter((r) => r.method === 'PATCH' && r.path === `/orders/${order.orderId}`)).toHaveLength(1);
    expect(app.demo.received.filter((r) => r.path === `/orders/${order.orderId}`)).toEqual([]);
    expect(await page.content()).not.toContain(SITE_A_KEY);
  } finally {
    await siteA.close();
  }
});
