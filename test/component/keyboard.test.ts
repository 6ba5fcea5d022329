// Issue 14: keys and focus the same everywhere; the page language a new order starts with.
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '@shared/result';
import App from '../../renderer/src/App.vue';
import { useAppStore } from '../../renderer/src/stores/app';
import { LOCALE_CHOICE_KEY, useEntryStore } from '../../renderer/src/stores/entry';
import OrderResult from '../../renderer/src/features/result/OrderResult.vue';
import NewOrder from '../../renderer/src/views/NewOrder.vue';
import { INFO, detail, flushPromises, order, setup } from './helpers';

enableAutoUnmount(afterEach);

function key(init: KeyboardEventInit, target: EventTarget = document) {
  target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }));
}

describe('shortcuts', () => {
  it('"?" lists every shortcut in the interface language, not while typing', async () => {
    const { mountIt } = setup('nl');
    const wrapper = mountIt(App);
    await flushPromises();
    const amount = wrapper.get('#amount');
    key({ key: '?' }, amount.element);
    await flushPromises();
    expect(wrapper.get<HTMLDialogElement>('[data-testid="shortcuts-dialog"]').element.open).toBe(false);
    key({ key: '?' });
    await flushPromises();
    const dialog = wrapper.get<HTMLDialogElement>('[data-testid="shortcuts-dialog"]');
    expect(dialog.element.open).toBe(true);
    expect(dialog.text()).toContain('Sneltoetsen');
    for (const shortcut of ['Alt+N', 'Alt+H', 'Alt+L', 'Alt+F', 'Alt+S', 'Alt+A', 'Ctrl+Enter', 'Esc']) expect(dialog.text()).toContain(shortcut);
    expect(dialog.text()).toContain('De order versturen vanuit elk veld');
  });

  it('Alt+N on a result starts a fresh order with the keyboard on the amount', async () => {
    const { mountIt, pinia } = setup('en');
    const wrapper = mountIt(App);
    await flushPromises();
    const entry = useEntryStore(pinia);
    entry.draft.amountText = '42,50';
    entry.result = order({ paymentUrl: 'https://payv2.multisafepay.com/connect/x' });
    entry.status = 'done';
    await flushPromises();
    expect(wrapper.find('[data-testid="order-result"]').exists()).toBe(true);
    key({ key: 'n', code: 'KeyN', altKey: true });
    await flushPromises();
    expect(wrapper.find('[data-testid="order-result"]').exists()).toBe(false);
    expect(entry.draft.amountText).toBe('');
    expect(document.activeElement?.id).toBe('amount');
    expect(wrapper.find('#amount-error').exists()).toBe(false);
  });
});

describe('the payment page language of a new order', () => {
  it('follows the interface language, then the profile’s default, then the operator’s last choice', async () => {
    const nl = setup('nl');
    const a = nl.mountIt(NewOrder);
    await flushPromises();
    expect(a.get<HTMLSelectElement>('#locale').element.value).toBe('nl_NL');
    a.unmount();

    const withProfile = setup('fr');
    withProfile.api.app.info.mockResolvedValue(ok(INFO));
    useAppStore(withProfile.pinia).info = { ...INFO, profileDefaults: { ...INFO.profileDefaults, locale: 'nl_BE' } };
    const b = withProfile.mountIt(NewOrder);
    await flushPromises();
    expect(b.get<HTMLSelectElement>('#locale').element.value).toBe('nl_BE');
    await b.get('#locale').setValue('fr_BE');
    expect(localStorage.getItem(LOCALE_CHOICE_KEY)).toBe('fr_BE');
    const entry = useEntryStore(withProfile.pinia);
    entry.status = 'done';
    entry.startFresh();
    await flushPromises();
    expect(entry.draft.locale).toBe('fr_BE');
  });
});

describe('after create', () => {
  it('puts the keyboard on Copy, with New right after it, and e-mails the message in the customer’s language', async () => {
    const { api, mountIt, pinia } = setup('en');
    useAppStore(pinia).info = INFO;
    const created = order({
      paymentUrl: 'https://payv2.multisafepay.com/connect/abc',
      customerName: 'Anna Jansen',
      customerEmail: 'anna@example.nl',
      locale: 'nl_NL',
    });
    api.orders.get.mockResolvedValue(ok(detail(created)));
    const wrapper = mountIt(OrderResult, { props: { order: created, focusOnMount: true } });
    await flushPromises();
    expect(document.activeElement).toBe(wrapper.get('[data-testid="copy-url"]').element);
    const row = wrapper.get('.payment-url__row').findAll('button').map((b) => b.attributes('data-testid'));
    expect(row.slice(0, 2)).toEqual(['copy-url', 'new-payment-link']);
    await wrapper.get('[data-testid="email-customer"]').trigger('click');
    await flushPromises();
    const url = api.app.openExternal.mock.calls.at(-1)![0].url;
    expect(url.startsWith('mailto:anna@example.nl?subject=Betaallink%3A%20')).toBe(true);
    expect(decodeURIComponent(url.split('&body=')[1]!)).toContain('Beste Anna Jansen,');
    expect(wrapper.get('[data-testid="email-status"]').text()).toBe('Your mail program opened with the message.');
  });
});
