// The result panel's order-entry extras: keeping the status current, next steps per method,
// the QR code, the message template, and cancel / send again / cancel-and-create-again.
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '@shared/result';
import OrderResult from '../../renderer/src/features/result/OrderResult.vue';
import { loadLocale } from '../../renderer/src/i18n';
import { useAppStore } from '../../renderer/src/stores/app';
import { INFO, detail, flushPromises, order, setup, stubClipboard } from './helpers';

enableAutoUnmount(afterEach);
afterEach(() => vi.useRealTimers());

describe('OrderResult: keeping the status current', () => {
  it('reads main’s record every 5 s while open (main polls MultiSafepay) and stops at a final status', async () => {
    vi.useFakeTimers();
    const { api, mountIt } = setup('en');
    const wrapper = mountIt(OrderResult, { props: { order: order() } });
    await vi.advanceTimersByTimeAsync(0);
    const reads = () => api.orders.get.mock.calls.length;
    const base = reads();
    expect(wrapper.get('[data-testid="watching"]').text()).toContain('checks the status by itself');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(reads() - base).toBe(1);
    const paid = order({ status: 'completed', financialStatus: 'completed' });
    api.orders.get.mockResolvedValue(ok(detail(paid)));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(reads() - base).toBe(2);
    expect(wrapper.get('[data-testid="result-msp-status"]').text()).toBe('Paid (completed)');
    expect(wrapper.get('[data-testid="next-step"]').text()).toBe('Paid. Nothing more to do.');
    expect(wrapper.find('[data-testid="watching"]').exists()).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reads() - base).toBe(2);
    // The window never asks MultiSafepay itself about an order it has: main's Retry-After and breaker hold.
    expect(api.orders.refresh).not.toHaveBeenCalled();
  });

  it('slows down after two minutes, and stops when the panel closes', async () => {
    vi.useFakeTimers();
    const { api, mountIt } = setup('en');
    const wrapper = mountIt(OrderResult, { props: { order: order() } });
    const reads = () => api.orders.get.mock.calls.length;
    await vi.advanceTimersByTimeAsync(120_000);
    const fast = reads();
    expect(fast).toBeGreaterThanOrEqual(23);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reads() - fast).toBeLessThanOrEqual(2);
    wrapper.unmount();
    const before = reads();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(reads()).toBe(before);
  });
});

describe('OrderResult: what the customer gets', () => {
  it('shows a QR code of the link as an <img> with an SVG data: URL', async () => {
    const { mountIt } = setup('en');
    const wrapper = mountIt(OrderResult, { props: { order: order() } });
    await flushPromises();
    const img = wrapper.get('[data-testid="qr-code"]');
    expect(img.element.tagName).toBe('IMG');
    expect(img.attributes('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(img.attributes('alt')).toBe('QR code of the payment link');
    expect(img.attributes('style')).toBeUndefined();
  });

  it('writes a message in the customer’s language, switchable, and copies it', async () => {
    const { api, mountIt, pinia } = setup('en');
    useAppStore(pinia).info = INFO;
    const writeText = stubClipboard();
    const view = order({ locale: 'nl_BE', customerName: 'Anne de Vries', linkExpiresAt: '2025-12-21T14:03:00.000Z' });
    api.orders.get.mockResolvedValue(ok(detail(view)));
    const wrapper = mountIt(OrderResult, { props: { order: view } });
    await loadLocale('nl'); // the console speaks English: the customer's Dutch is loaded first (as the template does)
    await flushPromises();
    const text = () => wrapper.get<HTMLTextAreaElement>('[data-testid="message-template"] textarea').element.value;
    expect(text()).toMatch(/^Beste Anne de Vries,\n\nU kunt €\s1\.000,50 voor “Invoice 2025-117” veilig betalen via deze link:\nhttps:\/\/payv2\.multisafepay\.com\/connect\/abc123\n\nDe link werkt tot /);
    expect(text()).toMatch(/Met vriendelijke groet,\nBakkerij Jansen$/);
    await wrapper.get('[data-testid="template-fr"]').trigger('click');
    await loadLocale('fr');
    await flushPromises();
    expect(text()).toMatch(/^Bonjour Anne de Vries,\n\nVous pouvez payer 1\s000,50\s€ pour « Invoice 2025-117 »/);
    await wrapper.get('[data-testid="template-en"]').trigger('click');
    expect(text()).toMatch(/^Hello Anne de Vries,\n\nYou can pay €1,000\.50/);
    await wrapper.get('[data-testid="copy-template"]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(text());
  });

  it('explains what happens next per method; a direct debit has no link, QR or message', async () => {
    const { api, mountIt } = setup('en');
    const debit = order({
      type: 'direct',
      gateway: 'DIRDEB',
      flow: 'directdebit',
      paymentUrl: 'https://shop.example/ok?transactionid=x',
      ibanMasked: 'NL91 **** **** **** 4300',
      accountHolderName: 'Jan Jansen',
    });
    api.orders.get.mockResolvedValue(ok(detail(debit)));
    const wrapper = mountIt(OrderResult, { props: { order: debit } });
    await flushPromises();
    expect(wrapper.get('h2').text()).toBe('Order created');
    expect(wrapper.get('[data-testid="next-step"]').text()).toContain('can be cancelled only until then');
    expect(wrapper.get('[data-testid="result-iban"]').text()).toBe('NL91 **** **** **** 4300 · Jan Jansen');
    expect(wrapper.get('[data-testid="result-flow"]').text()).toBe('SEPA Direct Debit · DIRDEB · direct');
    expect(wrapper.find('[data-testid="qr-code"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="message-template"]').exists()).toBe(false);
    expect(wrapper.find('input[readonly]').exists()).toBe(false);

    const kbc = order({ orderId: 'msp-kbc-1', type: 'direct', gateway: 'KBC', flow: 'kbc-cbc', paymentUrl: 'https://www.kbc.be/olpayment?x=1' });
    api.orders.get.mockResolvedValue(ok(detail(kbc)));
    await wrapper.setProps({ order: kbc });
    await flushPromises();
    expect(wrapper.get('[data-testid="next-step"]').text()).toContain('until the next day’s bank import');
  });
});

describe('OrderResult: acting on the order', () => {
  it('cancels only after a confirmation, then says so', async () => {
    const { api, mountIt } = setup('en');
    const wrapper = mountIt(OrderResult, { props: { order: order() } });
    await flushPromises();
    await wrapper.get('[data-testid="cancel-order"]').trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('Cancel order msp-20251121-0001 at MultiSafepay? The customer can no longer pay it.');
    expect(document.activeElement).toBe(wrapper.get('[data-testid="confirm-keep"]').element); // the safe answer first
    expect(api.orders.cancel).not.toHaveBeenCalled();
    api.orders.get.mockResolvedValue(ok(detail(order({ status: 'cancelled' }))));
    await wrapper.get('[data-testid="confirm-cancel"]').trigger('click');
    await flushPromises();
    expect(api.orders.cancel).toHaveBeenCalledWith(expect.objectContaining({ orderId: 'msp-20251121-0001', environment: expect.any(String), profileId: expect.any(String) }));
    expect(wrapper.get('[data-testid="action-status"]').text()).toBe('The order was cancelled.');
    expect(wrapper.find('[data-testid="cancel-order"]').exists()).toBe(false);
    expect(document.activeElement?.tagName).toBe('H2');
  });

  it('says an unclear cancel is not known yet and will be checked, in the words main chose', async () => {
    const { api, mountIt } = setup('en');
    api.orders.cancel.mockResolvedValue(
      fail('NETWORK', 'MultiSafepay could not be reached to confirm the cancel.', { _: { key: 'validation.order.cancelUnknown' } }),
    );
    const wrapper = mountIt(OrderResult, { props: { order: order() } });
    await flushPromises();
    await wrapper.get('[data-testid="cancel-order"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="confirm-cancel"]').trigger('click');
    await flushPromises();
    const said = wrapper.get('[data-testid="action-status"]').text();
    expect(said).toContain('it is not known yet whether it went through');
    expect(said).toContain('the console checks with MultiSafepay by itself');
    expect(said).not.toContain('may or may not have been created'); // the create wording does not fit a cancel
  });

  it('an order whose cancel is not known says so, still offers Cancel, and a second cancel shows main’s “still not known”', async () => {
    const { api, mountIt } = setup('nl');
    const pending = order({ problem: { code: 'cancel_unknown', message: 'A cancel was sent…', field: null } });
    api.orders.get.mockResolvedValue(ok(detail(pending)));
    api.orders.cancel.mockResolvedValue(
      fail('NETWORK', 'The earlier cancel could still not be checked.', { _: { key: 'validation.order.cancelStillUnknown' } }),
    );
    const wrapper = mountIt(OrderResult, { props: { order: pending } });
    await flushPromises();
    expect(wrapper.get('.problem').text()).toContain('Er is een annulering verstuurd en MultiSafepay heeft die nog niet bevestigd.');
    await wrapper.get('[data-testid="cancel-order"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="confirm-cancel"]').trigger('click');
    await flushPromises();
    const said = wrapper.get('[data-testid="action-status"]').text();
    expect(said).toContain('nog steeds niet bekend of die gelukt is');
    expect(said).toContain('Er is niets verstuurd');
  });

  it('sends a not-sent order again with the same order ID', async () => {
    const { api, mountIt } = setup('en');
    const unsent = order({ state: 'not_sent', status: null, paymentUrl: null, problem: { code: 'not_sent', message: 'x', field: null } });
    api.orders.get.mockResolvedValue(ok(detail(unsent)));
    const wrapper = mountIt(OrderResult, { props: { order: unsent } });
    await flushPromises();
    expect(wrapper.get('[data-testid="next-step"]').text()).toContain('Send it again with the same order ID');
    expect(wrapper.get('.problem').text()).toBe('MultiSafepay could not be reached; nothing was sent.'); // in words, no raw code
    api.orders.get.mockResolvedValue(ok(detail(order())));
    await wrapper.get('[data-testid="resend"]').trigger('click');
    await flushPromises();
    expect(api.orders.resend).toHaveBeenCalledWith(expect.objectContaining({ orderId: 'msp-20251121-0001', environment: expect.any(String), profileId: expect.any(String) }));
    expect(wrapper.get('[data-testid="result-state"]').text()).toBe('Created at MultiSafepay');
  });

  it('offers "cancel and create again" only when the link itself is lost', async () => {
    const { api, mountIt } = setup('en');
    const withLink = mountIt(OrderResult, { props: { order: order() } });
    await flushPromises();
    expect(withLink.find('[data-testid="recreate"]').exists()).toBe(false);
    withLink.unmount();

    const lost = order({ paymentUrl: null });
    api.orders.get.mockResolvedValue(ok(detail(lost)));
    const wrapper = mountIt(OrderResult, { props: { order: lost } });
    await flushPromises();
    expect(wrapper.text()).toContain('its link was not received and cannot be fetched again');
    await wrapper.get('[data-testid="recreate"]').trigger('click');
    await wrapper.get('[data-testid="confirm-recreate"]').trigger('click');
    await flushPromises();
    expect(api.orders.recreate).toHaveBeenCalledWith(expect.objectContaining({ orderId: 'msp-20251121-0001', environment: expect.any(String), profileId: expect.any(String) }));
    expect(wrapper.get('[data-testid="action-status"]').text()).toBe('Created again as msp-20251121-0001-2.');
  });
});
