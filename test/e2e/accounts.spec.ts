// Accounts end to end, through the real path (Chromium → window.api → gate → services →
// got → demo servers → SQLite): profiles with keys that never reach the page, switching,
// orders kept apart per profile, the operator, the audit log, and live mode.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO_API_KEY, startDemoServer } from '../../electron/demo/server';
import { SCREENS_DIR, expect, test } from './harness';

const LIVE_KEY = 'e2e-live-key-4f7a9c2b1d';

async function openSettings(page: Page): Promise<void> {
  await page.keyboard.press('Alt+S');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

async function addProfile(page: Page, name: string, environment: RegExp, apiKey?: string): Promise<void> {
  await page.getByRole('button', { name: 'Add profile' }).click();
  await page.getByLabel('Profile name').fill(name);
  await page.getByRole('radio', { name: environment }).check();
  if (apiKey !== undefined) await page.getByLabel('API key', { exact: true }).fill(apiKey);
  await page.getByRole('button', { name: 'Save profile' }).click();
}

async function createPaymentLink(
  page: Page,
  amount: string,
  description: string,
  customer?: { first: string; last: string },
): Promise<void> {
  await page.keyboard.press('Alt+N');
  const again = page.getByRole('button', { name: 'New payment link' });
  if (await again.isVisible()) await again.click();
  await page.getByLabel('Amount').fill(amount);
  await page.getByLabel('Description').fill(description);
  if (customer) {
    await page.getByLabel('First name').fill(customer.first);
    await page.getByLabel('Last name').fill(customer.last);
  }
  await page.getByRole('button', { name: 'Create payment link' }).click();
}

test('profiles: add a demo and a test profile, switch, create an order in each, see them apart', async ({ app, page }) => {
  await app.open();
  await expect(page.getByTestId('profile-name')).toHaveText('Demo');
  await openSettings(page);
  await expect(page.getByTestId('profile-row')).toHaveCount(1);
  await app.screenshot('accounts-01-settings');

  // Who is at the keyboard: shown in the header, recorded from now on.
  await page.getByLabel('Your name').fill('Anna de Wit');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByTestId('operator')).toHaveText('Anna de Wit');

  await addProfile(page, 'Demo shop', /^Demo — /);
  await expect(page.getByTestId('profiles-status')).toHaveText('Profile Demo shop saved.');

  // A wrong key is reported clearly, and the form keeps what was typed.
  await addProfile(page, 'Bakkerij test', /^Test — /, 'not-the-right-key-000');
  await expect(page.getByTestId('api-key-error')).toHaveText('MultiSafepay says: key invalid or not allowed in Test.');
  await expect(page.getByLabel('Profile name')).toHaveValue('Bakkerij test');
  await app.screenshot('accounts-02-wrong-key');

  await page.getByLabel('API key', { exact: true }).fill(DEMO_API_KEY);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByTestId('profiles-status')).toHaveText('Profile Bakkerij test saved. Works: a Test key.');
  const testRow = page.getByTestId('profile-row').filter({ hasText: 'Bakkerij test' });
  await expect(testRow).toContainText('Stored encrypted · ends in …-key');
  await app.screenshot('accounts-03-profiles');
  expect(app.demo.received.filter((r) => r.path === '/gateways')).toHaveLength(2);

  // Switch to the demo profile and create an order there.
  await page.getByRole('button', { name: 'Use — profile Demo shop' }).click();
  await expect(page.getByTestId('profile-name')).toHaveText('Demo shop');
  await createPaymentLink(page, '12.50', 'Demo shop order');
  await expect(page.getByRole('heading', { name: 'Payment link created' })).toBeVisible();

  // Then to the test profile: the badge says TEST, and the next order goes there.
  await openSettings(page);
  await page.getByRole('button', { name: 'Use — profile Bakkerij test' }).click();
  await expect(page.getByTestId('profile-name')).toHaveText('Bakkerij test');
  await expect(page.getByTestId('env-badge')).toHaveText(/TEST/);
  await createPaymentLink(page, '99', 'Test shop order');
  await expect(page.getByRole('heading', { name: 'Payment link created' })).toBeVisible();

  // History tells them apart by profile and environment.
  await page.keyboard.press('Alt+H');
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Test shop order');
  await expect(rows.nth(0).getByTestId('history-profile')).toHaveText('Bakkerij test');
  await expect(rows.nth(0).getByText('Test', { exact: true })).toBeVisible();
  await expect(rows.nth(1)).toContainText('Demo shop order');
  await expect(rows.nth(1).getByTestId('history-profile')).toHaveText('Demo shop');
  await expect(rows.nth(1).getByText('Demo', { exact: true })).toBeVisible();
  await app.screenshot('accounts-04-history');

  // The audit log has it all, attributed, and its chain verifies.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByTestId('audit-row').first()).toContainText('Order created');
  await expect(page.getByTestId('audit-row').first()).toContainText('Anna de Wit');
  await page.getByRole('button', { name: 'Verify the log' }).click();
  await expect(page.getByTestId('audit-verify')).toContainText('The log is intact');
  await app.screenshot('accounts-05-audit');

  // No key ever reached the page.
  expect(await page.content()).not.toContain(DEMO_API_KEY);
});

test('live mode is unmistakable and the first live order is confirmed in main\'s native dialog', async ({ app, page }) => {
  const live = await startDemoServer({ environment: 'live', keys: { test: [DEMO_API_KEY], live: [LIVE_KEY] } });
  try {
    app.baseUrls = { live: live.apiBase };
    await app.restartServices();
    await app.open();
    await openSettings(page);
    await addProfile(page, 'Bakkerij Jansen', /^Live — /, LIVE_KEY);
    await expect(page.getByTestId('profiles-status')).toHaveText('Profile Bakkerij Jansen saved. Works: a Live key.');
    await page.getByRole('button', { name: 'Use — profile Bakkerij Jansen' }).click();
    await expect(page.getByTestId('live-banner')).toHaveText('LIVE — orders charge customers real money');
    await expect(page.locator('.shell')).toHaveClass(/env-live/);
    await expect(page.getByTestId('env-badge')).toHaveText(/LIVE/);
    await app.screenshot('accounts-06-live-settings');

    await expect(page.getByTestId('live-hint')).toContainText('confirmed in a separate system window');
    const posts = () => live.received.filter((r) => r.method === 'POST' && r.path === '/orders');

    // The page cannot confirm for the operator: there is no such call, and asking harder sends nothing.
    expect(await page.evaluate(() => 'live' in (globalThis as unknown as { api: object }).api)).toBe(false);
    const forced = await page.evaluate(() =>
      (globalThis as unknown as { api: { orders: { create(i: unknown): Promise<unknown> } } }).api.orders.create({
        type: 'paymentlink', amount: 9_999_999, currency: 'EUR', description: 'forced',
      }),
    );
    expect(forced).toMatchObject({ ok: false, error: { fields: { _: { key: 'validation.liveDeclined' } } } });
    expect(app.dialogs.liveQuestions.map((q) => q.amount)).toEqual([9_999_999]);
    expect(posts()).toHaveLength(0);

    // Main holds the order while its native dialog is open (answered here by the test).
    let answer!: (yes: boolean) => void;
    app.dialogs.liveAnswer = () => new Promise<boolean>((resolve) => (answer = resolve));
    await createPaymentLink(page, '1,250.00', 'Invoice 2026-301', { first: 'Jan', last: 'de Vries' });
    await expect.poll(() => app.dialogs.liveQuestions.length).toBe(2);
    expect(app.dialogs.liveQuestions[1]).toEqual({
      amount: 125000, currency: 'EUR', profileName: 'Bakkerij Jansen', customer: 'Jan de Vries', action: 'create',
    });
    await expect(page.getByRole('button', { name: 'Create payment link' })).toBeDisabled();
    await page.screenshot({ path: join(SCREENS_DIR, 'accounts-07-live-waiting-for-dialog.png') });
    answer(false);
    await expect(page.getByRole('alert')).toContainText('The live order was not confirmed, so nothing was sent.');
    expect(posts()).toHaveLength(0);
    await app.screenshot('accounts-07-live-declined');

    // "Yes" in the dialog: the same form, sent again, goes through.
    app.dialogs.liveAnswer = true;
    await page.getByRole('button', { name: 'Create payment link' }).click();
    await expect(page.getByRole('heading', { name: 'Payment link created' })).toBeVisible();
    expect(posts()).toHaveLength(1);
    expect(JSON.parse(posts()[0]!.body)).toMatchObject({ amount: 125000, currency: 'EUR' });
    await app.screenshot('accounts-08-live-created');

    // The second live order of the session goes straight through, without another question.
    await createPaymentLink(page, '20', 'Invoice 2026-302');
    await expect(page.getByRole('heading', { name: 'Payment link created' })).toBeVisible();
    expect(app.dialogs.liveQuestions).toHaveLength(3);
    expect(posts()).toHaveLength(2);
    expect(await page.content()).not.toContain(LIVE_KEY);
  } finally {
    await live.close();
  }
});
