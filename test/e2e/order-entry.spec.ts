// Order entry through the real path (Chromium → window.api → gate → services → got → demo server → SQLite):
// one order of every flow, what the demo server received, what the console shows, the faults, drafts,
// duplicate warnings, the advanced editor and cancelling. Screenshots go to test/artifacts/screens/.
import type { Page } from '@playwright/test';
import { expect, test } from './harness';
import type { ConsoleHarness } from './harness';

const GOOD_IBAN = 'NL91ABNA0417164300';

const orderPosts = (app: ConsoleHarness) => app.demo.received.filter((r) => r.method === 'POST' && r.path === '/orders');
const lastSent = (app: ConsoleHarness) => JSON.parse(orderPosts(app).at(-1)!.body) as Record<string, unknown>;

async function pickFlow(page: Page, flow: string, mode?: 'direct' | 'redirect', bank?: 'KBC' | 'CBC') {
  await page.getByTestId(`flow-${flow}`).check();
  if (mode) await page.getByTestId(`mode-${mode}`).check();
  if (bank) await page.getByTestId(`bank-${bank}`).check();
}

async function basics(page: Page, amount: string, description: string) {
  await page.getByLabel('Amount').fill(amount);
  await page.getByLabel('Description').fill(description);
}

async function expectCreated(page: Page, heading = 'Order created') {
  await expect(page.getByRole('heading', { name: heading })).toBeVisible();
  await expect(page.getByTestId('result-state')).toHaveText('Created at MultiSafepay');
}

test.describe('every flow, with the legacy ING Home’Pay switch on', () => {
  test.use({ demoOptions: { legacyIngHomePay: true } });

  test('payment link, keyboard only: method, lifetime, customer; QR code and message', async ({ app, page }) => {
    await app.open();
    await expect(page.getByRole('heading', { name: 'New payment link' })).toBeVisible();
    await page.keyboard.press('Alt+H');
    await page.keyboard.press('Alt+N');
    await expect(page.getByLabel('Amount')).toBeFocused();
    await page.keyboard.type('1.234'); // a thousand or a slip for 1.23? In English not certain: refused, kept
    await page.keyboard.press('Tab');
    await expect(page.locator('#amount-error')).toHaveText(
      '“1.234” could be a thousand-style amount or a typing slip. Type 1234 for the whole amount, or use two decimals, for example 1,234.56.',
    );
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1,234.50');
    await expect(page.getByTestId('amount-preview')).toHaveText('Customer pays €1,234.50');
    await page.keyboard.press('Tab'); // currency
    await page.keyboard.press('Tab'); // description
    await expect(page.getByLabel('Description')).toBeFocused();
    await page.keyboard.type('Phone order 7781');
    await page.getByText('More options').click(); // the method and the link's lifetime wait there
    await page.getByLabel('Link valid for').fill('2');
    await page.getByLabel('Unit').selectOption('hours');
    await page.getByLabel('First name').fill('Anne');
    await page.getByLabel('Last name').fill('de Vries');
    await page.getByLabel('E-mail address').fill('anne@example.nl');
    await page.getByLabel('Language of the payment page').selectOption('nl_NL');
    await page.getByLabel('Payment method').focus(); // loads the account's methods
    await page.getByLabel('Payment method').selectOption('IDEAL');
    await app.screenshot('entry-01-paymentlink-form');
    await page.keyboard.press('Control+Enter');

    await expectCreated(page, 'Payment link created');
    const sent = lastSent(app);
    expect(sent).toEqual({
      type: 'paymentlink',
      order_id: sent.order_id,
      gateway: 'IDEAL',
      currency: 'EUR',
      amount: 123450,
      description: 'Phone order 7781',
      seconds_active: 7200,
      customer: { locale: 'nl_NL', first_name: 'Anne', last_name: 'de Vries', email: 'anne@example.nl' },
    });
    expect(Number.isInteger(sent.amount)).toBe(true);
    await expect(page.getByTestId('qr-code')).toBeVisible();
    // The message follows the customer's language.
    await expect(page.getByTestId('message-template').locator('textarea')).toHaveValue(/^Beste Anne de Vries,\n\nU kunt €\s1\.234,50 voor “Phone order 7781”/);
    await page.getByTestId('template-fr').click();
    await expect(page.getByTestId('message-template').locator('textarea')).toHaveValue(/Vous pouvez payer 1\s234,50\s€/);
    await expect(page.getByTestId('next-step')).toContainText('Give the link to the customer');
    await app.screenshot('entry-02-paymentlink-result');
    expect(orderPosts(app)).toHaveLength(1);
  });

  test('redirect order to the payment page, with return addresses', async ({ app, page }) => {
    await app.open();
    await pickFlow(page, 'redirect');
    await expect(page.getByRole('heading', { name: 'New redirect order' })).toBeVisible();
    await basics(page, '89.95', 'Order 2026-0420');
    await page.getByLabel('Return address after paying').fill('http://shop.example/thanks');
    await page.getByLabel('Return address after paying').blur();
    await expect(page.locator('#redirectUrl-error')).toHaveText('Use an https:// address.');
    await app.screenshot('entry-03-redirect-validation');
    await page.getByLabel('Return address after paying').fill('https://shop.example/thanks');
    await page.getByLabel('Return address after cancelling').fill('https://shop.example/cart');
    await app.screenshot('entry-04-redirect-form');
    await page.getByRole('button', { name: 'Create order' }).click();
    await expectCreated(page);
    expect(lastSent(app)).toMatchObject({
      type: 'redirect',
      amount: 8995,
      currency: 'EUR',
      payment_options: { redirect_url: 'https://shop.example/thanks', cancel_url: 'https://shop.example/cart' },
    });
    expect(lastSent(app)).not.toHaveProperty('gateway');
    await expect(page.getByRole('textbox', { name: 'Payment link' })).toHaveValue(/\/connect\//);
  });

  test('SEPA Direct Debit, direct: IBAN checks, masked result, what happens next', async ({ app, page }) => {
    await app.open();
    await pickFlow(page, 'directdebit', 'direct');
    await expect(page.getByRole('heading', { name: 'New SEPA Direct Debit' })).toBeVisible();
    await expect(page.getByTestId('flow-note')).toContainText('one debit per IBAN per 24 hours');
    await basics(page, '25.00', 'Membership July');
    const iban = page.getByLabel('IBAN', { exact: true });
    await iban.fill('NL91 ABNA 0417 1643 01');
    await iban.blur();
    await expect(page.locator('#iban-error')).toHaveText('The IBAN check digits do not match. Please check it for a typo.');
    await iban.fill('NL91 \u0410BNA 0417 1643 00'); // a Cyrillic А, as pasted from a web page
    await expect(page.locator('#iban-error')).toContainText('Character 6 is not a plain letter or digit');
    await page.getByLabel('Account holder', { exact: true }).fill('François Müller');
    await page.getByLabel('BIC (optional)').fill('NL');
    await page.getByLabel('BIC (optional)').blur();
    await expect(page.locator('#bic-error')).toHaveText('A BIC has 8 or 11 characters, or leave it empty.');
    await page.getByRole('button', { name: 'Create direct debit' }).click();
    await expect(page.locator('#emandate-error')).toHaveText('Enter your reference for the mandate.');
    await app.screenshot('entry-05-directdebit-validation');
    expect(orderPosts(app)).toHaveLength(0);

    await iban.fill('nl91 abna 0417 1643 00');
    await expect(page.getByTestId('iban-preview')).toHaveText('Reads as NL91 ABNA 0417 1643 00');
    await expect(page.locator('#holderName-warning')).toHaveText('The bank will receive this name as “Francois Muller”.');
    await page.getByLabel('BIC (optional)').fill('abnanl2a');
    await page.getByLabel('Country of the account holder (optional)').selectOption('NL');
    await page.getByLabel('City of the account holder (optional)').fill('Utrecht');
    await page.getByLabel('E-mandate reference').fill('MANDATE-2026-017');
    await app.screenshot('entry-06-directdebit-form');
    await page.getByRole('button', { name: 'Create direct debit' }).click();

    await expectCreated(page);
    expect(lastSent(app)).toMatchObject({
      type: 'direct',
      gateway: 'DIRDEB',
      amount: 2500,
      currency: 'EUR',
      gateway_info: {
        account_id: GOOD_IBAN,
        account_holder_iban: GOOD_IBAN,
        account_holder_name: 'François Müller',
        account_holder_bic: 'ABNANL2A',
        account_holder_country: 'NL',
        account_holder_city: 'Utrecht',
        emandate: 'MANDATE-2026-017',
      },
    });
    await expect(page.getByTestId('result-iban')).toContainText('NL91 **** **** **** 4300');
    await expect(page.getByTestId('next-step')).toContainText('can be cancelled only until then');
    await expect(page.getByTestId('qr-code')).toHaveCount(0); // nothing for the customer to open
    await expect(page.getByTestId('result-msp-status')).toHaveText('Waiting for payment (initialized)');
    await app.screenshot('entry-07-directdebit-result');

    await page.keyboard.press('Alt+H');
    await expect(page.getByTestId('history-row')).toHaveCount(1);
    await expect(page.locator('body')).not.toContainText(GOOD_IBAN);
  });

  test('SEPA Direct Debit, redirect', async ({ app, page }) => {
    await app.open();
    await pickFlow(page, 'directdebit', 'redirect');
    await basics(page, '12,50'.replace(',', '.'), 'Subscription August');
    await page.getByLabel('Language of the payment page').selectOption('nl_NL');
    await expect(page.getByLabel('IBAN', { exact: true })).toHaveCount(0);
    await app.screenshot('entry-08-directdebit-redirect-form');
    await page.getByRole('button', { name: 'Create order' }).click();
    await expectCreated(page);
    expect(lastSent(app)).toMatchObject({ type: 'redirect', gateway: 'DIRDEB', amount: 1250, customer: { locale: 'nl_NL' } });
    expect(lastSent(app)).not.toHaveProperty('gateway_info');
    await expect(page.getByTestId('next-step')).toContainText('confirms their IBAN');
  });

  test('KBC and CBC, direct and redirect; euros only; the next-day import explained', async ({ app, page }) => {
    await app.open();
    await pickFlow(page, 'kbc-cbc', 'direct', 'KBC');
    await expect(page.getByTestId('flow-note')).toContainText('until the next day’s bank import');
    await expect(page.getByLabel('Currency').locator('option')).toHaveText(['EUR — Euro']);
    await basics(page, '49.99', 'Repair 3311');
    await page.getByLabel('Language of the payment page').selectOption('nl_BE');
    await app.screenshot('entry-09-kbc-direct-form');
    await page.getByRole('button', { name: 'Create order' }).click();
    await expectCreated(page);
    expect(lastSent(app)).toMatchObject({ type: 'direct', gateway: 'KBC', amount: 4999, currency: 'EUR', customer: { locale: 'nl_BE' } });
    await expect(page.getByRole('textbox', { name: 'Payment link' })).toHaveValue(/\/bank\//);
    await expect(page.getByTestId('next-step')).toContainText('next day’s bank import');
    await app.screenshot('entry-10-kbc-direct-result');

    const runs: Array<['direct' | 'redirect', 'KBC' | 'CBC']> = [['redirect', 'CBC'], ['direct', 'CBC'], ['redirect', 'KBC']];
    for (const [mode, bank] of runs) {
      await page.getByTestId('new-payment-link').click();
      await pickFlow(page, 'kbc-cbc', mode, bank);
      await basics(page, '10', `${bank} ${mode}`);
      await page.getByRole('button', { name: 'Create order' }).click();
      await expectCreated(page);
      expect(lastSent(app)).toMatchObject({ type: mode, gateway: bank, amount: 1000, description: `${bank} ${mode}` });
    }
    expect(app.demo.orderCount()).toBe(4);
  });

  test('ING Home’Pay, direct and redirect, while the account still has it', async ({ app, page }) => {
    await app.open();
    await pickFlow(page, 'redirect'); // any form that needs the method list loads it
    await expect(page.getByTestId('flow-inghome')).toBeVisible();
    await expect(page.getByTestId('inghome-absent')).toHaveCount(0);
    for (const mode of ['direct', 'redirect'] as const) {
      await pickFlow(page, 'inghome', mode);
      await expect(page.getByRole('heading', { name: 'New ING Home’Pay order' })).toBeVisible();
      await basics(page, '15', `Home'Pay ${mode}`);
      await page.getByLabel('Language of the payment page').selectOption('nl_BE');
      if (mode === 'direct') await app.screenshot('entry-11-inghome-form');
      await page.getByRole('button', { name: 'Create order' }).click();
      await expectCreated(page);
      expect(lastSent(app)).toMatchObject({ type: mode, gateway: 'INGHOME', amount: 1500, customer: { locale: 'nl_BE' } });
      await page.getByTestId('new-payment-link').click();
    }
  });
});

test('without the legacy switch ING Home’Pay is absent, and the form says why', async ({ app, page }) => {
  await app.open();
  await pickFlow(page, 'kbc-cbc');
  await expect(page.getByTestId('flow-kbc-cbc')).toBeChecked();
  await expect(page.getByTestId('flow-inghome')).toHaveCount(0);
  await expect(page.getByTestId('inghome-absent')).toHaveText(/MultiSafepay retired it on December 6, 2021/);
  await app.screenshot('entry-12-inghome-absent');
});

test('in Dutch and French: the forms, their messages and the result speak the staff’s language', async ({ app, page }) => {
  await app.open();
  await page.getByRole('button', { name: 'NL', exact: true }).click();
  await pickFlow(page, 'directdebit', 'direct');
  await expect(page.getByRole('heading', { name: 'Nieuwe SEPA-incasso' })).toBeVisible();
  await page.getByLabel('Bedrag').fill('1.000,50');
  await page.getByLabel('Omschrijving').fill('Contributie');
  await expect(page.getByTestId('amount-preview')).toHaveText(/^De klant betaalt €\s1\.000,50$/);
  await page.getByLabel('IBAN', { exact: true }).fill('NL91ABNA041716430');
  await page.getByLabel('IBAN', { exact: true }).blur();
  await expect(page.locator('#iban-error')).toHaveText('Een IBAN uit NL heeft 18 tekens; deze heeft er 17.');
  await app.screenshot('entry-19-nl-directdebit-validation');

  await page.getByRole('button', { name: 'FR', exact: true }).click();
  await pickFlow(page, 'kbc-cbc', 'redirect', 'CBC');
  await page.getByLabel('Montant').fill('12,50');
  await page.getByLabel('Description').fill('Facture 77');
  await page.getByRole('button', { name: 'Créer la commande' }).click();
  await expect(page.getByRole('heading', { name: 'Commande créée' })).toBeVisible();
  await expect(page.getByTestId('next-step')).toContainText('l’import bancaire du lendemain');
  await app.screenshot('entry-20-fr-cbc-result');
  expect(lastSent(app)).toMatchObject({ type: 'redirect', gateway: 'CBC', amount: 1250 });
});

test('a draft survives a restart, and is gone once the order is sent', async ({ app, page }) => {
  await app.open();
  await pickFlow(page, 'directdebit', 'direct');
  await basics(page, '30', 'Draft check');
  await page.getByLabel('IBAN', { exact: true }).fill('NL91ABNA0417164300');
  await expect(page.getByTestId('draft-saved')).toBeVisible();
  await app.restartServices();
  await page.reload();
  await expect(page.getByTestId('flow-directdebit')).toBeChecked();
  await expect(page.getByLabel('IBAN', { exact: true })).toHaveValue('NL91ABNA0417164300');
  await expect(page.getByLabel('Description')).toHaveValue('Draft check');
  await page.getByLabel('Account holder', { exact: true }).fill('Jan Jansen');
  await page.getByLabel('E-mandate reference').fill('M-1');
  await page.keyboard.press('Control+Enter');
  await expectCreated(page);
  await page.reload();
  await expect(page.getByLabel('Description')).toHaveValue('');
});

test('the same IBAN and amount again asks first; "send it anyway" sends one more', async ({ app, page }) => {
  await app.open();
  const debit = async () => {
    await pickFlow(page, 'directdebit', 'direct');
    await basics(page, '25', 'Monthly fee');
    await page.getByLabel('IBAN', { exact: true }).fill(GOOD_IBAN);
    await page.getByLabel('Account holder', { exact: true }).fill('Jan Jansen');
    await page.getByLabel('BIC (optional)').fill('DEUTDEFF');
    await page.getByLabel('E-mandate reference').fill('M-7');
    await page.getByRole('button', { name: 'Create direct debit' }).click();
  };
  await debit();
  await expect(page.getByTestId('submit-warnings')).toContainText('The BIC is from DE but the IBAN from NL');
  await page.getByTestId('warnings-confirm').click();
  await expectCreated(page);
  await page.getByTestId('new-payment-link').click();
  await debit();
  const warnings = page.getByTestId('submit-warnings');
  await expect(warnings).toContainText('with this IBAN was made at');
  await expect(warnings).toContainText('MultiSafepay allows one debit per IBAN per 24 hours');
  await expect(page.getByTestId('warnings-back')).toBeFocused();
  await app.screenshot('entry-13-duplicate-warning');
  expect(orderPosts(app)).toHaveLength(1);
  await page.getByTestId('warnings-confirm').click();
  await expectCreated(page);
  expect(orderPosts(app)).toHaveLength(2);
});

test('the advanced editor sends fields no form has, checked by the same rules', async ({ app, page }) => {
  await app.open();
  await basics(page, '5', 'Raw order');
  await page.getByTestId('advanced-toggle').click();
  const editor = page.getByLabel('Request body (JSON)');
  await expect(editor).toBeFocused();
  const body = JSON.parse(await editor.inputValue());
  expect(body).toEqual({ type: 'paymentlink', currency: 'EUR', amount: 500, description: 'Raw order', customer: { locale: 'en_US' } });
  await editor.fill(JSON.stringify({ ...body, order_id: 'mine', items: '4111 1111 1111 1111' }, null, 2));
  await expect(page.getByTestId('raw-check')).toContainText('order_id: Leave order_id out');
  await expect(page.getByTestId('raw-check')).toContainText('items: Card numbers must never be entered here.');
  await app.screenshot('entry-14-advanced-validation');
  await page.keyboard.press('Control+Enter');
  expect(orderPosts(app)).toHaveLength(0);
  await editor.fill(JSON.stringify({ ...body, second_chance: { send_mail: true } }, null, 2));
  await expect(page.getByTestId('raw-check')).toHaveText('The request body passes every check.');
  await page.keyboard.press('Control+Enter');
  await expectCreated(page, 'Order created');
  expect(lastSent(app)).toEqual({ ...body, order_id: lastSent(app).order_id, second_chance: { send_mail: true } });
  await expect(page.getByTestId('result-flow')).toContainText('Written as JSON');
});

test('cancel an unpaid link from the result panel', async ({ app, page }) => {
  await app.open();
  await basics(page, '7.50', 'To be cancelled');
  await page.keyboard.press('Control+Enter');
  await expectCreated(page, 'Payment link created');
  await page.getByTestId('cancel-order').click();
  await app.screenshot('entry-15-cancel-confirm');
  await page.getByTestId('confirm-cancel').click();
  await expect(page.getByTestId('action-status')).toHaveText('The order was cancelled.');
  await expect(page.getByTestId('result-msp-status')).toHaveText('Cancelled (cancelled)');
  const orderId = lastSent(app).order_id as string;
  expect(app.demo.getOrder(orderId)).toMatchObject({ status: 'cancelled' });
  await expect(page.getByTestId('cancel-order')).toHaveCount(0);
});

test('a cancel not known yet: the order says so, and cancelling again checks first and sends nothing', async ({ app, page }) => {
  await app.open();
  await basics(page, '8.25', 'Cancel not known');
  await page.keyboard.press('Control+Enter');
  await expectCreated(page, 'Payment link created');
  const orderId = lastSent(app).order_id as string;
  const path = `/orders/${orderId}`;
  // The PATCH lands but its answer is lost, and MultiSafepay cannot be read back for now (the tracker's reads fail too).
  app.demo.injectFault({ mode: 'reset_after', method: 'PATCH', path });
  app.demo.injectFault({ mode: 'reset_before', method: 'GET', path, times: 1000 });
  await page.getByTestId('cancel-order').click();
  await page.getByTestId('confirm-cancel').click();
  await expect(page.getByTestId('action-status')).toContainText('it is not known yet whether it went through');
  await expect(page.locator('.problem')).toContainText('A cancel was sent and MultiSafepay has not confirmed it yet.');
  await page.getByTestId('cancel-order').click();
  await page.getByTestId('confirm-cancel').click();
  await expect(page.getByTestId('action-status')).toContainText('still not known whether it went through');
  await app.screenshot('entry-21-cancel-still-unknown');
  expect(app.demo.received.filter((r) => r.method === 'PATCH' && r.path === path)).toHaveLength(1);
});

test.describe('faults end with exactly one order and a true local state', () => {
  const cases = [
    { mode: 'hang_after', name: 'hang' },
    { mode: 'html502_after', name: 'HTML 502' },
    { mode: 'malformed_after', name: 'malformed JSON' },
  ] as const;
  for (const c of cases) {
    test(`${c.name}: unknown, then found by GET`, async ({ app, page }) => {
      app.demo.injectFault({ mode: c.mode, method: 'POST', path: '/orders' });
      await app.open();
      await basics(page, '11', `Fault ${c.name}`);
      await page.keyboard.press('Control+Enter');
      await expectCreated(page, 'Payment link created');
      await expect(page.getByText('MultiSafepay has this order, but its link was not received')).toBeVisible();
      expect(orderPosts(app)).toHaveLength(1);
      expect(app.demo.orderCount()).toBe(1);
    });
  }

  test('reset before: not sent, then sent again with the same order ID', async ({ app, page }) => {
    app.demo.injectFault({ mode: 'reset_before', method: 'POST', path: '/orders' });
    await app.open();
    await basics(page, '12', 'Fault reset before');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('heading', { name: 'The payment link was not sent' })).toBeVisible();
    await expect(page.getByTestId('result-state')).toHaveText('Not sent — nothing left this computer');
    await app.screenshot('entry-16-not-sent');
    await page.getByTestId('resend').click();
    await expectCreated(page, 'Payment link created');
    const posts = orderPosts(app);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.body).toBe(posts[0]!.body);
    expect(app.demo.orderCount()).toBe(1);
  });

  test('reset after: it landed; the lost link is replaced by "cancel and create again"', async ({ app, page }) => {
    app.demo.injectFault({ mode: 'reset_after', method: 'POST', path: '/orders' });
    await app.open();
    await basics(page, '13', 'Fault reset after');
    await page.keyboard.press('Control+Enter');
    await expectCreated(page, 'Payment link created');
    const lostId = lastSent(app).order_id as string;
    expect(app.demo.orderCount()).toBe(1);
    await page.getByTestId('recreate').click();
    await page.getByTestId('confirm-recreate').click();
    await expect(page.getByTestId('result-replacement')).toHaveText(`Replaces ${lostId}`);
    await expect(page.getByRole('textbox', { name: 'Payment link' })).toHaveValue(/\/connect\//);
    await app.screenshot('entry-17-recreated');
    expect(app.demo.getOrder(lostId)).toMatchObject({ status: 'cancelled' });
    expect(lastSent(app).order_id).not.toBe(lostId);
    expect(app.demo.orderCount()).toBe(2); // the cancelled one and its replacement
  });

  test('1006 duplicate: a lagging "not found", then sending again finds it had landed', async ({ app, page }) => {
    app.demo.injectFault({ mode: 'reset_after', method: 'POST', path: '/orders' });
    app.demo.injectFault({ mode: 'notfound_before', method: 'GET', path: '/orders/' });
    await app.open();
    await basics(page, '14', 'Fault duplicate');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('result-state')).toHaveText('Not sent — nothing left this computer');
    await page.getByTestId('resend').click();
    await expectCreated(page, 'Payment link created');
    expect(orderPosts(app)).toHaveLength(2);
    expect(app.demo.orderCount()).toBe(1);
  });

  test('1032 bad key: refused, nothing created; edit and try again makes the one order', async ({ app, page }) => {
    app.demo.injectFault({ mode: 'badkey_before', method: 'POST', path: '/orders' });
    await app.open();
    await basics(page, '15', 'Fault bad key');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('heading', { name: 'MultiSafepay refused the payment link' })).toBeVisible();
    await expect(page.getByText('The API key is invalid or not allowed here.')).toBeVisible();
    await app.screenshot('entry-18-bad-key');
    expect(app.demo.orderCount()).toBe(0);
    await page.getByTestId('edit-retry').click();
    await expect(page.getByLabel('Description')).toHaveValue('Fault bad key');
    await page.keyboard.press('Control+Enter');
    await expectCreated(page, 'Payment link created');
    expect(app.demo.orderCount()).toBe(1);
  });
});
