// The order form beyond the payment link: every flow's fields, the shared rules as you type,
// warnings before sending, drafts, the methods list and the advanced editor.
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '@shared/result';
import NewOrder from '../../renderer/src/views/NewOrder.vue';
import { DRAFT_SAVE_DELAY_MS } from '../../renderer/src/stores/entry';
import { useAppStore } from '../../renderer/src/stores/app';
import type { UiLocale } from '../../renderer/src/i18n';
import { INFO, METHODS, flushPromises, order, plain, setup } from './helpers';

enableAutoUnmount(afterEach);
afterEach(() => vi.useRealTimers());

const GOOD_IBAN = 'NL91ABNA0417164300';

async function form(locale: UiLocale = 'en', environment: 'demo' | 'live' = 'demo') {
  const ctx = setup(locale);
  useAppStore(ctx.pinia).info = { ...INFO, environment };
  const wrapper = ctx.mountIt(NewOrder);
  await flushPromises();
  const field = (id: string) => wrapper.get<HTMLInputElement>(`#${id}`);
  const pick = async (testid: string) => {
    await wrapper.get(`[data-testid="${testid}"]`).setValue(true);
    await flushPromises();
  };
  const submit = async () => {
    await wrapper.get('form').trigger('submit');
    await flushPromises();
  };
  return { ...ctx, wrapper, field, pick, submit };
}

async function fillDebit(f: Awaited<ReturnType<typeof form>>, iban = 'nl91 abna 0417 1643 00') {
  await f.pick('flow-directdebit');
  await f.field('amount').setValue('25');
  await f.field('description').setValue('Membership');
  await f.field('iban').setValue(iban);
  await f.field('holderName').setValue('Jan Jansen');
  await f.field('emandate').setValue('M-7');
}

describe('NewOrder: flows', () => {
  it('shows each flow’s own fields, with the heading and button to match', async () => {
    const f = await form();
    expect(f.wrapper.get('h1').text()).toBe('New payment link');
    expect(f.wrapper.find('#gateway').exists()).toBe(true);
    expect(f.wrapper.find('#lifetime').exists()).toBe(true);
    expect(f.wrapper.find('#iban').exists()).toBe(false);
    expect(f.wrapper.find('#redirectUrl').exists()).toBe(false);

    await f.pick('flow-directdebit');
    expect(f.wrapper.get('h1').text()).toBe('New SEPA Direct Debit');
    expect(f.wrapper.get('button[type="submit"]').text()).toBe('Create direct debit');
    for (const id of ['iban', 'holderName', 'holderCity', 'holderCountry', 'bic', 'emandate']) {
      expect(f.wrapper.get(`label[for="${id}"]`).text().length, id).toBeGreaterThan(2);
    }
    expect(f.wrapper.findAll('#currency option').map((o) => o.attributes('value'))).toEqual(['EUR']);
    expect(f.wrapper.find('#gateway').exists()).toBe(false);

    await f.pick('mode-redirect');
    expect(f.wrapper.find('#iban').exists()).toBe(false);
    expect(f.wrapper.find('#redirectUrl').exists()).toBe(true);

    await f.pick('flow-kbc-cbc');
    expect(f.wrapper.get('h1').text()).toBe('New KBC/CBC order');
    expect(f.wrapper.get('[data-testid="flow-note"]').text()).toContain('until the next day’s bank import');
    expect(f.wrapper.get<HTMLInputElement>('[data-testid="bank-KBC"]').element.checked).toBe(true);
  });

  it('hides ING Home’Pay and says why unless the account’s list has it', async () => {
    const f = await form();
    expect(f.wrapper.find('[data-testid="flow-inghome"]').exists()).toBe(false);
    // Said only where it matters: among the Belgian bank orders, not on a payment link.
    expect(f.wrapper.find('[data-testid="inghome-absent"]').exists()).toBe(false);
    await f.pick('flow-kbc-cbc');
    expect(f.wrapper.get('[data-testid="inghome-absent"]').text()).toContain('retired it on December 6, 2021');

    const g = await (async () => {
      const ctx = setup('nl');
      ctx.api.methods.list.mockResolvedValue(
        ok({ ...METHODS, methods: [...METHODS.methods, { id: 'INGHOME', name: "ING Home'Pay", allowedAmount: { min: 1, max: null }, currencies: ['EUR'], countries: ['BE'] }] }),
      );
      const wrapper = ctx.mountIt(NewOrder);
      await flushPromises();
      return wrapper;
    })();
    expect(g.find('[data-testid="flow-inghome"]').exists()).toBe(true);
    expect(g.find('[data-testid="inghome-absent"]').exists()).toBe(false);
  });

  it('never calls MultiSafepay for a plain payment link; fetches the methods once a form needs them', async () => {
    const ctx = setup('en');
    ctx.api.methods.list.mockResolvedValue(ok({ methods: [], fetchedAt: null, orderCap: 10_000_000 }));
    const wrapper = ctx.mountIt(NewOrder);
    await flushPromises();
    expect(ctx.api.methods.list).toHaveBeenCalledTimes(1);
    expect(ctx.api.methods.refresh).not.toHaveBeenCalled();
    await wrapper.get('[data-testid="flow-kbc-cbc"]').setValue(true);
    await flushPromises();
    expect(ctx.api.methods.refresh).toHaveBeenCalledTimes(1);
    await wrapper.get('[data-testid="flow-directdebit"]').setValue(true);
    await flushPromises();
    expect(ctx.api.methods.refresh).toHaveBeenCalledTimes(1);
  });

  it('sends a direct debit with the IBAN normalised and the mandate under `mandate`', async () => {
    const f = await form();
    await fillDebit(f);
    await f.field('bic').setValue('abnanl2a');
    expect(f.wrapper.get('[data-testid="iban-preview"]').text()).toBe('Reads as NL91 ABNA 0417 1643 00');
    await f.submit();
    expect(f.api.orders.precheck).toHaveBeenCalledWith({ amount: 2500, currency: 'EUR', gateway: 'DIRDEB', iban: 'nl91 abna 0417 1643 00' });
    expect(f.api.orders.create).toHaveBeenCalledWith({
      type: 'direct',
      gateway: 'DIRDEB',
      amount: 2500,
      currency: 'EUR',
      description: 'Membership',
      mandate: { iban: GOOD_IBAN, holderName: 'Jan Jansen', emandate: 'M-7', bic: 'ABNANL2A' },
      // The page language starts as the interface language, never "not set" (which meant English).
      customer: { locale: 'en_US' },
    });
  });

  it('sends KBC/CBC and redirect orders with their gateway, mode and return addresses', async () => {
    const f = await form();
    await f.pick('flow-kbc-cbc');
    await f.pick('bank-CBC');
    await f.pick('mode-redirect');
    await f.field('amount').setValue('10');
    await f.field('description').setValue('Facture 9');
    await f.field('locale').setValue('fr_BE');
    await f.field('redirectUrl').setValue('https://shop.example/merci');
    await f.submit();
    expect(f.api.orders.create).toHaveBeenLastCalledWith({
      type: 'redirect',
      gateway: 'CBC',
      amount: 1000,
      currency: 'EUR',
      description: 'Facture 9',
      customer: { locale: 'fr_BE' },
      redirectUrl: 'https://shop.example/merci',
    });
  });

  it('turns a lifetime in hours into seconds_active, and keeps days as days', async () => {
    const f = await form();
    await f.field('amount').setValue('5');
    await f.field('description').setValue('Quick');
    await f.field('lifetime').setValue('3');
    await f.field('lifetime-unit').setValue('hours');
    await f.submit();
    expect(f.api.orders.create).toHaveBeenLastCalledWith(expect.objectContaining({ lifetime: { unit: 'seconds', value: 10_800 } }));
  });
});

describe('NewOrder: the shared rules as you type', () => {
  it('names IBAN problems under the IBAN, a look-alike letter at once', async () => {
    const f = await form();
    await f.pick('flow-directdebit');
    await f.field('iban').setValue('NL91 \u0410BNA 0417 1643 00');
    expect(f.wrapper.get('#iban-error').text()).toContain('Character 6 is not a plain letter or digit');
    expect(f.field('iban').attributes('aria-describedby')).toContain('iban-error');
    await f.field('iban').setValue('NL91ABNA0417164301');
    expect(f.wrapper.find('#iban-error').exists()).toBe(false); // not before the field is left
    await f.field('iban').trigger('blur');
    expect(f.wrapper.get('#iban-error').text()).toBe('The IBAN check digits do not match. Please check it for a typo.');
  });

  it('accepts a MultiSafepay test IBAN in Demo and refuses it in Live', async () => {
    const demo = await form('en', 'demo');
    await fillDebit(demo, 'NL87ABNA0000000001');
    await demo.submit();
    expect(demo.api.orders.create).toHaveBeenCalledTimes(1);

    const live = await form('en', 'live');
    await fillDebit(live, 'NL87ABNA0000000001');
    await live.submit();
    expect(live.api.orders.create).not.toHaveBeenCalled();
    expect(live.wrapper.get('#iban-error').text()).toBe('This is a MultiSafepay test IBAN; it works only in Demo and Test.');
    expect(document.activeElement?.id).toBe('iban');
  });

  it('warns about a SEPA spelling of the name without stopping the order', async () => {
    const f = await form('nl');
    await fillDebit(f);
    await f.field('holderName').setValue('Zoë Müller');
    expect(f.wrapper.get('#holderName-warning').text()).toBe('De bank ontvangt deze naam als “Zoe Muller”.');
    await f.submit();
    expect(f.api.orders.create).toHaveBeenCalledTimes(1);
  });

  it('shows a method’s own limits in money', async () => {
    const f = await form('nl');
    await f.pick('flow-directdebit');
    await f.field('amount').setValue('10.000,01');
    await f.field('amount').trigger('blur');
    expect(plain(f.wrapper.get('#amount-error').text())).toBe('SEPA Direct Debit accepteert maximaal € 10.000,00.');
  });

  it('refuses card numbers in every free-text field at once', async () => {
    const f = await form();
    await f.wrapper.get('details.more').trigger('toggle');
    await f.field('var1').setValue('4111 1111 1111 1111');
    await f.field('firstName').setValue('5555555555554444');
    expect(f.wrapper.get('#var1-error').text()).toBe('Card numbers must never be entered here.');
    await f.field('firstName').trigger('blur');
    expect(f.wrapper.get('#firstName-error').text()).toBe('Card numbers must never be entered here.');
  });

  it('shows main’s field problems under the right field until that field changes', async () => {
    const f = await form();
    f.api.orders.create.mockResolvedValue(
      fail('VALIDATION', 'Some fields need attention.', { 'mandate.iban': { key: 'validation.iban.testOnly' } }),
    );
    await fillDebit(f);
    await f.submit();
    expect(f.wrapper.get('#iban-error').text()).toBe('This is a MultiSafepay test IBAN; it works only in Demo and Test.');
    await f.field('iban').setValue(GOOD_IBAN);
    expect(f.wrapper.find('#iban-error').exists()).toBe(false);
  });
});

describe('NewOrder: before and after sending', () => {
  it('asks first when the same IBAN and amount were used lately; going back sends nothing', async () => {
    const f = await form();
    f.api.orders.precheck.mockResolvedValue(
      ok({ warnings: [{ kind: 'ibanDebitedToday', orderId: 'CON-1', amount: 2500, currency: 'EUR', createdAt: '2025-11-21T09:00:00.000Z' }] }),
    );
    await fillDebit(f);
    await f.submit();
    const panel = f.wrapper.get('[data-testid="submit-warnings"]');
    // In the form, not over it: a labelled group, not a dialog that does not trap focus.
    expect(panel.attributes('role')).toBe('group');
    expect(panel.attributes('aria-modal')).toBeUndefined();
    expect(panel.text()).toContain('This IBAN was already debited at');
    expect(panel.text()).toContain('order CON-1, €25.00');
    expect(document.activeElement).toBe(f.wrapper.get('[data-testid="warnings-back"]').element);
    expect(f.api.orders.create).not.toHaveBeenCalled();
    await f.wrapper.get('[data-testid="warnings-back"]').trigger('click');
    await flushPromises();
    expect(f.wrapper.find('[data-testid="submit-warnings"]').exists()).toBe(false);
    expect(f.field('iban').element.value).toBe('nl91 abna 0417 1643 00');

    await f.submit();
    await f.wrapper.get('[data-testid="warnings-confirm"]').trigger('click');
    await flushPromises();
    expect(f.api.orders.create).toHaveBeenCalledTimes(1);
  });

  it('asks to confirm a BIC of another country than the IBAN', async () => {
    const f = await form();
    await fillDebit(f);
    await f.field('bic').setValue('DEUTDEFF');
    expect(f.wrapper.get('#bic-warning').text()).toBe('The BIC is from DE but the IBAN from NL. Check it, or leave the BIC empty.');
    await f.submit();
    expect(f.wrapper.get('[data-testid="submit-warnings"]').text()).toContain('The BIC is from DE');
    expect(f.api.orders.create).not.toHaveBeenCalled();
  });

  it('brings back a draft after a restart and saves what is typed', async () => {
    const ctx = setup('en');
    ctx.api.drafts.get.mockResolvedValue(
      ok({ draft: { fields: { flow: 'directdebit', amountText: '30', iban: GOOD_IBAN, description: 'Kept' }, savedAt: '2025-11-21T14:00:00.000Z' } }),
    );
    const wrapper = ctx.mountIt(NewOrder);
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('New SEPA Direct Debit');
    expect(wrapper.get<HTMLInputElement>('#iban').element.value).toBe(GOOD_IBAN);
    expect(wrapper.get<HTMLInputElement>('#amount').element.value).toBe('30');
    expect(wrapper.find('[data-testid="draft-saved"]').exists()).toBe(true);

    vi.useFakeTimers();
    await wrapper.get('#holderName').setValue('Jan');
    expect(ctx.api.drafts.save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS);
    expect(ctx.api.drafts.save).toHaveBeenCalledTimes(1);
    expect(ctx.api.drafts.save.mock.calls[0]![0].fields).toMatchObject({ flow: 'directdebit', holderName: 'Jan', iban: GOOD_IBAN });
  });

  it('writes a request body by hand, checked as typed, and sends it as it is', async () => {
    const f = await form();
    await f.field('amount').setValue('5');
    await f.field('description').setValue('Raw');
    await f.wrapper.get('[data-testid="advanced-toggle"]').trigger('click');
    await flushPromises();
    const editor = f.wrapper.get<HTMLTextAreaElement>('#raw-body');
    expect(JSON.parse(editor.element.value)).toEqual({ type: 'paymentlink', currency: 'EUR', amount: 500, description: 'Raw', customer: { locale: 'en_US' } });
    expect(document.activeElement).toBe(editor.element);
    await editor.setValue('{"type":"redirect","amount":"5","currency":"EUR","description":"x"}');
    expect(f.wrapper.get('[data-testid="raw-check"]').text()).toContain('amount:');
    await f.submit();
    expect(f.api.orders.createRaw).not.toHaveBeenCalled();
    // FastCheckout is refused, in words that say what is supported.
    await editor.setValue('{"type":"checkout","amount":5,"currency":"EUR","description":"x"}');
    expect(f.wrapper.get('[data-testid="raw-check"]').text()).toContain('type: Use paymentlink, redirect or direct. FastCheckout (checkout) is not supported');
    await f.submit();
    expect(f.api.orders.createRaw).not.toHaveBeenCalled();
    const text = '{"type":"redirect","amount":5,"currency":"EUR","description":"x","plugin":{"shop":"console"}}';
    await editor.setValue(text);
    expect(f.wrapper.get('[data-testid="raw-check"]').text()).toBe('The request body passes every check.');
    await f.submit();
    expect(f.api.orders.createRaw).toHaveBeenCalledWith({ body: text });
  });

  it('goes back to the form with main’s reason under the field after a refusal', async () => {
    const f = await form();
    const refused = order({ state: 'rejected', paymentUrl: null, status: null, problem: { code: '1008', message: 'x', field: 'description' } });
    f.api.orders.create.mockResolvedValue(ok(refused));
    f.api.orders.get.mockResolvedValue(ok({ ...refused, exchanges: [] }));
    await f.field('amount').setValue('5');
    await f.field('description').setValue('Something');
    await f.submit();
    await f.wrapper.get('[data-testid="edit-retry"]').trigger('click');
    await flushPromises();
    expect(f.wrapper.get('#description-error').text()).toBe('MultiSafepay refused this description.');
    expect(document.activeElement?.id).toBe('description');
  });
});
