import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok } from '@shared/result';
import type { OrderExchange } from '@shared/orders';
import OrderResult from '../../renderer/src/features/result/OrderResult.vue';
import { useAppStore } from '../../renderer/src/stores/app';
import { INFO, detail, flushPromises, order, plain, setup, stubClipboard } from './helpers';

enableAutoUnmount(afterEach);

const URL_ = 'https://payv2.multisafepay.com/connect/abc123';

function exchange(overrides: Partial<OrderExchange> = {}): OrderExchange {
  return {
    method: 'POST',
    path: '/orders',
    requestBody: '{"type":"paymentlink","order_id":"msp-20251121-0001","amount":100050}',
    httpStatus: 200,
    responseBody:
      '{"success":true,"data":{"order_id":"msp-20251121-0001","transaction_id":17472052901237122,"payment_url":"https://payv2.multisafepay.com/connect/abc123"}}',
    outcome: 'created',
    startedAt: '2025-11-21T14:03:00.000Z',
    durationMs: 412,
    ...overrides,
  };
}

describe('OrderResult', () => {
  it('shows the order, its state in words and the payment URL', async () => {
    const { mountIt } = setup('en');
    const wrapper = mountIt(OrderResult, { props: { order: order() } });
    await flushPromises();
    const text = plain(wrapper.text());
    expect(wrapper.get('h2').text()).toBe('Payment link created');
    expect(text).toContain('msp-20251121-0001');
    expect(text).toContain('€1,000.50');
    expect(text).toContain('Invoice 2025-117');
    expect(wrapper.get('[data-testid="result-state"]').text()).toBe('Created at MultiSafepay');
    expect(wrapper.get('[data-testid="result-msp-status"]').text()).toBe('Waiting for payment (initialized)');
    const input = wrapper.get<HTMLInputElement>('input[readonly]');
    expect(input.element.value).toBe(URL_);
    const label = wrapper.get(`label[for="${input.attributes('id')}"]`);
    expect(label.text()).toBe('Payment link');
  });

  it('copies the payment URL and says so', async () => {
    const { mountIt } = setup('en');
    const writeText = stubClipboard();
    const wrapper = mountIt(OrderResult, { props: { order: order() } });
    const copy = wrapper.get('[data-testid="copy-url"]');
    expect(copy.text()).toBe('Copy');
    await copy.trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(URL_);
    expect(wrapper.get('[data-testid="url-status"]').text()).toContain('Copied');
  });

  it('opens the payment URL through main, and says when main did not open it', async () => {
    const { api, mountIt } = setup('en');
    const wrapper = mountIt(OrderResult, { props: { order: order() } });
    const open = wrapper.get('[data-testid="open-url"]');
    expect(open.text()).toBe('Open');
    await open.trigger('click');
    await flushPromises();
    expect(api.app.openExternal).toHaveBeenCalledWith({ url: URL_ });
    expect(wrapper.get('[data-testid="url-status"]').text()).toContain('Opened in your browser.');

    api.app.openExternal.mockResolvedValue(ok({ opened: false }));
    await open.trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="url-status"]').text()).toContain('The console did not open this link.');
  });

  it('fetches the order and shows the latest raw response and request, losslessly pretty-printed', async () => {
    const { api, mountIt } = setup('en');
    api.orders.get.mockResolvedValue(
      ok(
        detail(order(), [
          exchange({ startedAt: '2025-11-21T14:02:00.000Z', responseBody: '{"old":true}', requestBody: '{"old":1}' }),
          exchange(),
        ]),
      ),
    );
    const writeText = stubClipboard();
    const wrapper = mountIt(OrderResult, { props: { order: order() } });
    await flushPromises();
    expect(api.orders.get).toHaveBeenCalledWith(expect.objectContaining({ orderId: 'msp-20251121-0001', environment: expect.any(String), profileId: expect.any(String) }));

    const response = wrapper.get('[data-testid="raw-response"]');
    expect(response.get('summary').text()).toBe('Raw response');
    const pre = response.get('pre').text();
    expect(pre).toContain('"transaction_id": 17472052901237122');
    expect(pre).toContain('{\n  "success": true,\n  "data": {\n    "order_id"');
    expect(pre).not.toContain('old');

    const request = wrapper.get('[data-testid="raw-request"]');
    expect(request.get('summary').text()).toBe('Raw request');
    expect(request.get('pre').text()).toContain('"amount": 100050');
    expect(plain(wrapper.text())).toContain('POST /orders · HTTP 200 · 412 ms');

    await response.get('button').trigger('click');
    await flushPromises();
    expect(response.get('button').text()).toBe('Copy response');
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining('17472052901237122'));
  });

  it('shows a response that is not JSON as it is', async () => {
    const { api, mountIt } = setup('en');
    api.orders.get.mockResolvedValue(
      ok(detail(order(), [exchange({ httpStatus: 502, responseBody: '<html>Bad gateway</html>' })])),
    );
    const wrapper = mountIt(OrderResult, { props: { order: order() } });
    await flushPromises();
    expect(wrapper.get('[data-testid="raw-response"] pre').text()).toBe('<html>Bad gateway</html>');
  });

  it('says honestly when the state is not known, re-reads the order once, and can check again', async () => {
    const { api, mountIt } = setup('en');
    const unknown = order({ state: 'unknown', status: null, paymentUrl: null });
    api.orders.refresh.mockResolvedValue(fail('NETWORK', 'MultiSafepay could not be reached.'));
    api.orders.get.mockResolvedValue(ok(detail(unknown)));
    const wrapper = mountIt(OrderResult, { props: { order: unknown } });
    await flushPromises();
    expect(api.orders.refresh).toHaveBeenCalledTimes(1);
    expect(api.orders.refresh).toHaveBeenCalledWith(expect.objectContaining({ orderId: 'msp-20251121-0001', environment: expect.any(String), profileId: expect.any(String) }));
    expect(api.orders.create).not.toHaveBeenCalled();
    expect(wrapper.get('h2').text()).toBe('Not known yet whether the payment link was created');
    expect(wrapper.get('[data-testid="result-state"]').text()).toBe('Checking with MultiSafepay…');
    expect(wrapper.text()).toContain('The check did not finish.');
    expect(wrapper.text()).toContain('There is no payment link for this order.');
    expect(wrapper.text()).toContain('No exchange with MultiSafepay is stored for this order.');
    expect(wrapper.text()).not.toMatch(/failed/i);

    api.orders.refresh.mockResolvedValue(ok(order({ state: 'created' })));
    api.orders.get.mockResolvedValue(ok(detail(order({ state: 'created' }))));
    const check = wrapper.get('[data-testid="check-again"]');
    expect(check.text()).toBe('Check again');
    await check.trigger('click');
    await flushPromises();
    expect(api.orders.refresh).toHaveBeenCalledTimes(2);
    expect(wrapper.get('[data-testid="result-state"]').text()).toBe('Created at MultiSafepay');
    expect(wrapper.get('h2').text()).toBe('Payment link created');
    expect(wrapper.find('[data-testid="check-again"]').exists()).toBe(false);
    expect(wrapper.get<HTMLInputElement>('input[readonly]').element.value).toBe(URL_);
  });

  it('offers to edit and retry after MultiSafepay refused the order', async () => {
    const { api, mountIt } = setup('en');
    const refused = order({
      state: 'rejected',
      status: null,
      paymentUrl: null,
      problem: { code: '1032', message: 'Invalid API key', field: null },
    });
    api.orders.get.mockResolvedValue(ok(detail(refused)));
    const wrapper = mountIt(OrderResult, { props: { order: refused } });
    await flushPromises();
    expect(wrapper.get('h2').text()).toBe('MultiSafepay refused the payment link');
    expect(wrapper.get('[data-testid="result-state"]').text()).toBe('Refused by MultiSafepay');
    // Known codes are told in the UI language, not in main's English fallback.
    expect(wrapper.get('.problem').text()).toContain('The API key is invalid or not allowed here. Ask your administrator to check it.');
    expect(wrapper.get('.problem').text()).not.toContain('1032 —'); // said in words, no raw code
    expect(wrapper.get('[data-testid="problem-settings"]').text()).toBe('Open Settings');
    await wrapper.get('[data-testid="edit-retry"]').trigger('click');
    expect(wrapper.emitted('edit')).toHaveLength(1);
  });

  it('shows MultiSafepay’s own message, with its code, for a code that has no translation (1000)', async () => {
    for (const locale of ['en', 'nl'] as const) {
      const { api, mountIt } = setup(locale);
      const refused = order({
        state: 'rejected',
        status: null,
        paymentUrl: null,
        problem: { code: '1000', message: 'Invalid account ID', field: null },
      });
      api.orders.get.mockResolvedValue(ok(detail(refused)));
      const wrapper = mountIt(OrderResult, { props: { order: refused } });
      await flushPromises();
      expect(plain(wrapper.get('.problem').text()), locale).toBe('1000 — Invalid account ID');
      wrapper.unmount();
    }
  });

  it('an order marked for review says so, in every language, and what to do', async () => {
    const texts = { en: 'Needs review', nl: 'Controleren', fr: 'À vérifier' } as const;
    for (const locale of ['en', 'nl', 'fr'] as const) {
      const { api, mountIt } = setup(locale);
      const review = order({ state: 'needs_review', problem: { code: 'foreign_answer', message: 'x', field: null } });
      api.orders.get.mockResolvedValue(ok(detail(review)));
      const wrapper = mountIt(OrderResult, { props: { order: review } });
      await flushPromises();
      expect(wrapper.get('[data-testid="result-state"]').text(), locale).toContain(texts[locale]);
      expect(wrapper.get('[data-testid="next-step"]').text(), locale).toMatch(/dashboard|tableau de bord/);
      wrapper.unmount();
    }
  });

  it('shows a translated error when the detail cannot be loaded', async () => {
    const { api, mountIt } = setup('fr');
    api.orders.get.mockResolvedValue(fail('STORAGE', 'db failed'));
    const wrapper = mountIt(OrderResult, { props: { order: order() } });
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('L’historique local des commandes');
  });

  it('mentions the demo payment page in demo, and is read-only when asked', async () => {
    const { mountIt, pinia } = setup('en');
    useAppStore(pinia).info = INFO;
    const wrapper = mountIt(OrderResult, { props: { order: order(), readonly: true } });
    await flushPromises();
    expect(wrapper.text()).toContain('demo payment page at http://127.0.0.1:4010');
    expect(wrapper.find('[data-testid="new-payment-link"]').exists()).toBe(false);
    expect(wrapper.get('h2').text()).toBe('Order details');
  });
});
