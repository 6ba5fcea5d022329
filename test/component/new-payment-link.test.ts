import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok } from '@shared/result';
import type { Result } from '@shared/result';
import type { OrderView } from '@shared/orders';
import NewOrder from '../../renderer/src/views/NewOrder.vue';
import { detail, flushPromises, order, plain, setup } from './helpers';
import type { UiLocale } from '../../renderer/src/i18n';

enableAutoUnmount(afterEach);

function form(locale: UiLocale = 'en') {
  const ctx = setup(locale);
  const wrapper = ctx.mountIt(NewOrder);
  const amount = wrapper.get<HTMLInputElement>('#amount');
  const currency = wrapper.get<HTMLSelectElement>('#currency');
  const description = wrapper.get<HTMLTextAreaElement>('#description');
  const submit = () => wrapper.get('form').trigger('submit');
  return { ...ctx, wrapper, amount, currency, description, submit };
}

describe('NewOrder: the payment link form', () => {
  it('has labelled fields and a submit button', () => {
    const { wrapper } = form();
    expect(wrapper.get('label[for="amount"]').text()).toBe('Amount');
    expect(wrapper.get('label[for="currency"]').text()).toBe('Currency');
    expect(wrapper.get('label[for="description"]').text()).toBe('Description');
    expect(wrapper.get('button[type="submit"]').text()).toBe('Create payment link');
    expect(wrapper.get('#amount').attributes('inputmode')).toBe('decimal');
    expect(wrapper.get<HTMLSelectElement>('#currency').element.value).toBe('EUR');
    expect(wrapper.findAll('#currency option').map((o) => o.attributes('value'))).toContain('GBP');
  });

  it('parses 1.000,50 in Dutch, shows € 1.000,50 and submits 100050 minor units', async () => {
    const { api, wrapper, amount, description, submit } = form('nl');
    await amount.setValue('1.000,50');
    expect(plain(wrapper.get('[data-testid="amount-preview"]').text())).toContain('€ 1.000,50');
    await description.setValue('Factuur 2025-117');
    await submit();
    await flushPromises();
    expect(api.orders.create).toHaveBeenCalledTimes(1);
    expect(api.orders.create).toHaveBeenCalledWith({
      type: 'paymentlink',
      amount: 100050,
      currency: 'EUR',
      description: 'Factuur 2025-117',
    });
  });

  it('parses 12.50 in English as 1250', async () => {
    const { api, amount, description, submit, wrapper } = form('en');
    await amount.setValue('12.50');
    expect(plain(wrapper.get('[data-testid="amount-preview"]').text())).toBe('Customer pays €12.50');
    await description.setValue('Repair');
    await submit();
    await flushPromises();
    expect(api.orders.create).toHaveBeenCalledWith({
      type: 'paymentlink',
      amount: 1250,
      currency: 'EUR',
      description: 'Repair',
    });
  });

  it('parses French grouping with spaces and sends the chosen currency', async () => {
    const { api, amount, currency, description, submit } = form('fr');
    await amount.setValue('1 000,50');
    await currency.setValue('GBP');
    await description.setValue('Facture');
    await submit();
    await flushPromises();
    expect(api.orders.create).toHaveBeenCalledWith({
      type: 'paymentlink',
      amount: 100050,
      currency: 'GBP',
      description: 'Facture',
    });
  });

  it('shows the field message for an invalid amount and does not call create', async () => {
    const { api, wrapper, amount, description, submit } = form('en');
    await amount.setValue('1.000'); // a thousand, or a slip for 1.00? In English that is not certain
    await amount.trigger('blur');
    const error = wrapper.get('#amount-error');
    expect(error.text()).toBe('“1.000” could be a thousand-style amount or a typing slip. Type 1000 for the whole amount, or use two decimals, for example 1,234.56.');
    expect(amount.attributes('aria-invalid')).toBe('true');
    expect(amount.attributes('aria-describedby')).toContain('amount-error');
    await description.setValue('Repair');
    await submit();
    await flushPromises();
    expect(api.orders.create).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(amount.element);
  });

  it('shows required messages only after touch or submit', async () => {
    const { api, wrapper, submit } = form('en');
    expect(wrapper.find('#amount-error').exists()).toBe(false);
    expect(wrapper.find('#description-error').exists()).toBe(false);
    await submit();
    await flushPromises();
    expect(wrapper.get('#amount-error').text()).toBe('Enter an amount.');
    expect(wrapper.get('#description-error').text()).toBe('Enter a description.');
    expect(api.orders.create).not.toHaveBeenCalled();
  });

  it('shows the amount cap formatted in the UI locale', async () => {
    const { wrapper, amount } = form('nl');
    await amount.setValue('100.000,01');
    await amount.trigger('blur');
    expect(plain(wrapper.get('#amount-error').text())).toBe('Het bedrag mag maximaal € 100.000,00 zijn.');
  });

  it('counts description characters and rejects 201 of them', async () => {
    const { api, wrapper, amount, description, submit } = form('en');
    const counter = () => wrapper.get('[data-testid="description-counter"]').text();
    expect(counter()).toBe('0 / 200');
    await description.setValue('Invoice 117');
    expect(counter()).toBe('11 / 200');
    expect(wrapper.find('#description-error').exists()).toBe(false);
    await description.setValue('x'.repeat(201));
    expect(counter()).toBe('201 / 200');
    expect(wrapper.get('#description-error').text()).toBe('Use at most 200 characters.');
    expect(description.attributes('aria-invalid')).toBe('true');
    await amount.setValue('10');
    await submit();
    await flushPromises();
    expect(api.orders.create).not.toHaveBeenCalled();
  });

  it('rejects card numbers in the description at once', async () => {
    const { api, wrapper, amount, description, submit } = form('en');
    await description.setValue('Card 4111 1111 1111 1111 exp 12/27');
    expect(wrapper.get('#description-error').text()).toBe('Card numbers must never be entered here.');
    await amount.setValue('10');
    await submit();
    await flushPromises();
    expect(api.orders.create).not.toHaveBeenCalled();
  });

  it('shows each hostile-text refusal under the field at once, in en, nl and fr, and sends nothing', async () => {
    const cases: Array<[string, Record<UiLocale, string>]> = [
      ['Invoice\u200b42', { en: 'Remove the invisible characters', nl: 'Verwijder de onzichtbare tekens', fr: 'Supprimez les caractères invisibles' }],
      ['Invoice <b>42</b>', { en: 'Remove the angle brackets', nl: 'Verwijder de punthaken', fr: 'Supprimez les chevrons' }],
      ['Invoice \ud80042', { en: 'This text contains a broken character', nl: 'Deze tekst bevat een beschadigd teken', fr: 'Ce texte contient un caractère endommagé' }],
      ['Card ４１１１．１１１１．１１１１．１１１１', { en: 'Card numbers must never', nl: 'Kaartnummers mogen hier nooit', fr: 'Les numéros de carte ne doivent jamais' }],
      ['evil\u061ctxt', { en: 'Remove line breaks', nl: 'Verwijder regeleinden', fr: 'Supprimez les retours à la ligne' }],
    ];
    for (const locale of ['en', 'nl', 'fr'] as const) {
      for (const [text, expected] of cases) {
        const { api, wrapper, amount, description, submit } = form(locale);
        await amount.setValue('10');
        await description.setValue(text);
        expect(wrapper.get('#description-error').text(), `${locale}: ${JSON.stringify(text)}`).toContain(expected[locale]);
        await submit();
        await flushPromises();
        expect(api.orders.create).not.toHaveBeenCalled();
        wrapper.unmount();
      }
    }
  });

  it('calls create once however often submit is pressed while sending', async () => {
    const { api, wrapper, amount, description, submit } = form('en');
    let release: (value: Result<OrderView>) => void = () => {};
    api.orders.create.mockImplementation(() => new Promise((resolve) => (release = resolve)));
    await amount.setValue('10');
    await description.setValue('Repair');
    await submit();
    await submit();
    await wrapper.get('form').trigger('keydown', { key: 'Enter', ctrlKey: true });
    expect(api.orders.create).toHaveBeenCalledTimes(1);
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeDefined();
    expect(wrapper.text()).toContain('Creating the payment link…');
    release(ok(order({ amount: 1000, description: 'Repair' })));
    await flushPromises();
    expect(api.orders.create).toHaveBeenCalledTimes(1);
    expect(wrapper.get('[data-testid="order-result"]').text()).toContain('Payment link created');
  });

  it('submits with Ctrl+Enter from a field', async () => {
    const { api, amount, description } = form('en');
    await amount.setValue('5');
    await description.setValue('Shoes');
    await description.trigger('keydown', { key: 'Enter', ctrlKey: true });
    await flushPromises();
    expect(api.orders.create).toHaveBeenCalledTimes(1);
  });

  it('shows VALIDATION field issues under the fields and keeps the typed values', async () => {
    const { api, wrapper, amount, description, submit } = form('en');
    api.orders.create.mockResolvedValue(
      fail('VALIDATION', 'Some fields need attention.', {
        amount: { key: 'validation.amount.overCap', params: { cap: 50000 } },
        description: { key: 'validation.text.html' },
      }),
    );
    await amount.setValue('600');
    await description.setValue('Invoice 9');
    await submit();
    await flushPromises();
    expect(wrapper.get('#amount-error').text()).toBe('The amount may be at most €500.00.');
    expect(wrapper.get('#description-error').text()).toBe('Remove the angle brackets (less-than and greater-than signs) and any HTML: payment pages and banks show plain text only.');
    expect(wrapper.get('[role="alert"]').text()).toContain('Some fields need attention.');
    expect(amount.element.value).toBe('600');
    expect(description.element.value).toBe('Invoice 9');
    expect(wrapper.find('[data-testid="order-result"]').exists()).toBe(false);
    // Editing the field clears main's message for it.
    await description.setValue('Invoice 10');
    expect(wrapper.find('#description-error').exists()).toBe(false);
  });

  it('shows other errors in the alert area, translated, and keeps the form', async () => {
    const { api, wrapper, amount, description, submit } = form('nl');
    api.orders.create.mockResolvedValue(fail('NETWORK', 'MultiSafepay could not be reached.'));
    await amount.setValue('25,00');
    await description.setValue('Reparatie');
    await submit();
    await flushPromises();
    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('MultiSafepay was niet bereikbaar.');
    expect(amount.element.value).toBe('25,00');
    expect(description.element.value).toBe('Reparatie');
    expect(wrapper.get('button[type="submit"]').attributes('disabled')).toBeUndefined();
  });

  it('treats a throwing bridge as an internal error', async () => {
    const { api, wrapper, amount, description, submit } = form('en');
    api.orders.create.mockRejectedValue(new Error('ipc broke'));
    await amount.setValue('1');
    await description.setValue('x');
    await submit();
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('Something went wrong in the console.');
  });

  it('shows the result, and "New payment link" starts over with an empty form', async () => {
    const { wrapper, amount, description, submit } = form('en');
    await amount.setValue('10');
    await description.setValue('Repair');
    await submit();
    await flushPromises();
    const result = wrapper.get('[data-testid="order-result"]');
    expect(result.get<HTMLInputElement>('input[readonly]').element.value).toBe(
      'https://payv2.multisafepay.com/connect/abc123',
    );
    await wrapper.get('[data-testid="new-payment-link"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="order-result"]').exists()).toBe(false);
    expect(wrapper.get<HTMLInputElement>('#amount').element.value).toBe('');
    expect(wrapper.get<HTMLTextAreaElement>('#description').element.value).toBe('');
    expect(document.activeElement?.id).toBe('amount');
  });

  it('goes back to the form with the typed values after a refused order', async () => {
    const { api, wrapper, amount, description, submit } = form('en');
    const refused = order({
      state: 'rejected',
      paymentUrl: null,
      status: null,
      problem: { code: '1000', message: 'Not enabled', field: null },
    });
    api.orders.create.mockResolvedValue(ok(refused));
    api.orders.get.mockResolvedValue(ok(detail(refused)));
    await amount.setValue('12.50');
    await description.setValue('Repair');
    await submit();
    await flushPromises();
    expect(wrapper.get('h2').text()).toBe('MultiSafepay refused the payment link');
    await wrapper.get('[data-testid="edit-retry"]').trigger('click');
    await flushPromises();
    expect(wrapper.get<HTMLInputElement>('#amount').element.value).toBe('12.50');
    expect(wrapper.get<HTMLTextAreaElement>('#description').element.value).toBe('Repair');
    expect(document.activeElement?.id).toBe('amount');
  });
});
