import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../shared/result';
import HistoryView from '../../renderer/src/views/HistoryView.vue';
import { flushPromises, order, plain, setup } from './helpers';

enableAutoUnmount(afterEach);

const first = [
  order({ orderId: 'ord-3', description: 'Newest', amount: 1250, createdAt: '2025-11-21T15:00:00.000Z' }),
  order({
    orderId: 'ord-2',
    description: 'Middle',
    amount: 999,
    environment: 'test',
    state: 'unknown',
    status: null,
    createdAt: '2025-11-21T14:00:00.000Z',
  }),
];
const second = [order({ orderId: 'ord-1', description: 'Oldest', amount: 5, createdAt: '2025-11-20T09:00:00.000Z' })];

describe('HistoryView', () => {
  it('lists orders newest first with time, amount, state and a Demo label', async () => {
    const { api, mountIt } = setup('en');
    api.history.list.mockResolvedValue(ok({ items: first, next: null }));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    expect(api.history.list).toHaveBeenCalledWith({ limit: 50 });
    expect(wrapper.get('h1').text()).toBe('History');
    const rows = wrapper.findAll('[data-testid="history-row"]');
    expect(rows).toHaveLength(2);
    const newest = plain(rows[0]!.text());
    expect(newest).toContain('ord-3');
    expect(newest).toContain('Newest');
    expect(newest).toContain('€12.50');
    expect(newest).toContain('Created at MultiSafepay');
    expect(newest).toContain('Waiting for payment');
    const at = new Date('2025-11-21T15:00:00.000Z');
    expect(newest).toContain(new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(at));
    expect(newest).toContain(plain(new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(at)));
    expect(rows[0]!.get('time').attributes('datetime')).toBe('2025-11-21T15:00:00.000Z');
    expect(rows[0]!.get('.tag').text()).toBe('Demo');
    expect(rows[1]!.get('.tag').text()).toBe('Test');
    expect(plain(rows[1]!.text())).toContain('Checking with MultiSafepay…');
    expect(wrapper.findAll('button').some((b) => b.text() === 'Load more')).toBe(false);
  });

  it('loads more with the cursor and appends the older page', async () => {
    const { api, mountIt } = setup('en');
    api.history.list
      .mockResolvedValueOnce(ok({ items: first, next: 'cursor-1' }))
      .mockResolvedValueOnce(ok({ items: second, next: null }));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    const more = wrapper.findAll('button').find((b) => b.text() === 'Load more');
    expect(more).toBeDefined();
    await more!.trigger('click');
    await flushPromises();
    expect(api.history.list).toHaveBeenLastCalledWith({ limit: 50, cursor: 'cursor-1' });
    expect(wrapper.findAll('[data-testid="history-row"]').map((r) => r.get('button').text())).toEqual([
      'ord-3',
      'ord-2',
      'ord-1',
    ]);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Load more')).toBe(false);
  });

  it('shows an empty state', async () => {
    const { mountIt } = setup('nl');
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('Geschiedenis');
    expect(wrapper.get('[data-testid="history-empty"]').text()).toBe(
      'Nog geen orders. Betaallinks die u aanmaakt, verschijnen hier.',
    );
  });

  it('shows a translated error', async () => {
    const { api, mountIt } = setup('en');
    api.history.list.mockResolvedValue(fail('STORAGE', 'disk I/O error'));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe('The local order history could not be saved or read.');
  });

  it('opens an order read-only from its row and goes back to the list', async () => {
    const { api, mountIt } = setup('en');
    api.history.list.mockResolvedValue(ok({ items: first, next: null }));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    const button = wrapper.get('[data-order-id="ord-3"]');
    await button.trigger('click'); // bubbles to the row, as Enter on the focused button does
    await flushPromises();
    const result = wrapper.get('[data-testid="order-result"]');
    expect(result.get('h2').text()).toBe('Order details');
    expect(result.text()).toContain('ord-3');
    expect(result.find('[data-testid="new-payment-link"]').exists()).toBe(false);
    expect(api.orders.get).toHaveBeenCalledWith({ orderId: 'ord-3' });

    const back = wrapper.findAll('button').find((b) => b.text().endsWith('Back to history'));
    await back!.trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="history-row"]')).toHaveLength(2);
    expect(document.activeElement?.getAttribute('data-order-id')).toBe('ord-3');
  });
});
