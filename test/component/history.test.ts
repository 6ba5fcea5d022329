import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '@shared/result';
import HistoryView from '../../renderer/src/views/HistoryView.vue';
import { useHistoryStore } from '../../renderer/src/stores/history';
import { detail, flushPromises, order, plain, setup } from './helpers';

enableAutoUnmount(afterEach);
afterEach(() => vi.useRealTimers());

const first = [
  order({ orderId: 'ord-3', description: 'Newest', amount: 1250, createdAt: '2025-11-21T15:00:00.000Z', customerName: 'Jan de Vries' }),
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
const page = (items = first, next: string | null = null, total: { count: number; capped: boolean } | null = { count: items.length, capped: false }) =>
  ok({ items, next, total });

describe('HistoryView: the list', () => {
  it('lists orders newest first with time, customer, amount, state and a Demo label', async () => {
    const { api, mountIt } = setup('en');
    api.history.search.mockResolvedValue(page());
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    expect(api.history.search).toHaveBeenCalledWith({ text: '', filters: {}, sort: 'newest', limit: 50 });
    expect(wrapper.get('h1').text()).toBe('History');
    const rows = wrapper.findAll('[data-testid="history-row"]');
    expect(rows).toHaveLength(2);
    const newest = plain(rows[0]!.text());
    expect(newest).toContain('ord-3');
    expect(newest).toContain('Jan de Vries');
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
    expect(wrapper.get('[data-testid="history-count"]').text()).toBe('2 orders');
    expect(wrapper.findAll('button').some((b) => b.text() === 'Load more')).toBe(false);
    // A table to assistive technology, rows counted (header included) once the end is known.
    expect(wrapper.get('[role="table"]').attributes('aria-rowcount')).toBe('3');
  });

  it('loads the next page with the cursor from a button too (far from the end of a long page)', async () => {
    const { api, mountIt } = setup('en');
    const long = Array.from({ length: 40 }, (_, i) => order({ orderId: `ord-${100 + i}`, createdAt: new Date(Date.UTC(2025, 10, 21) - i * 60_000).toISOString() }));
    api.history.search.mockResolvedValueOnce(page(long, 'cursor-1')).mockResolvedValueOnce(page(second, null, null));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    expect(api.history.search).toHaveBeenCalledTimes(1);
    // Only what is in view (and a little around it) is in the page.
    expect(wrapper.findAll('[data-testid="history-row"]').length).toBeLessThan(40);
    expect(wrapper.get('[role="table"]').attributes('aria-rowcount')).toBe('-1');
    const more = wrapper.findAll('button').find((b) => b.text() === 'Load more');
    await more!.trigger('click');
    await flushPromises();
    expect(api.history.search).toHaveBeenLastCalledWith({ text: '', filters: {}, sort: 'newest', limit: 50, cursor: 'cursor-1', count: false });
    expect(useHistoryStore().items.map((o) => o.orderId).slice(-2)).toEqual(['ord-139', 'ord-1']);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Load more')).toBe(false);
  });

  it('loads the next page by itself when the end of the list comes into view', async () => {
    const { api, mountIt } = setup('en');
    const many = Array.from({ length: 12 }, (_, i) => order({ orderId: `ord-${100 - i}` }));
    api.history.search.mockResolvedValueOnce(page(many, 'cursor-2')).mockResolvedValueOnce(page(second, null, null));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    await flushPromises();
    expect(api.history.search).toHaveBeenCalledTimes(2);
    expect(api.history.search).toHaveBeenLastCalledWith(expect.objectContaining({ cursor: 'cursor-2' }));
    expect(wrapper.findAll('[data-testid="history-row"]').length).toBeGreaterThan(12);
  });

  it('says "more than 1,000" instead of a count it did not make, in the UI language', async () => {
    const { api, mountIt } = setup('nl');
    api.history.search.mockResolvedValue(page(first, 'c', { count: 1000, capped: true }));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    expect(wrapper.get('[data-testid="history-count"]').text()).toBe('Meer dan 1.000 orders');
  });

  it('shows an empty state', async () => {
    const { mountIt } = setup('nl');
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('Geschiedenis');
    expect(wrapper.get('[data-testid="history-empty"]').text()).toBe('Nog geen orders. Betaallinks die u aanmaakt, verschijnen hier.');
    expect(wrapper.get('[data-testid="history-empty-create"]').text()).toBe('De eerste betaallink aanmaken');
  });

  it('shows a translated error', async () => {
    const { api, mountIt } = setup('en');
    api.history.search.mockResolvedValue(fail('STORAGE', 'disk I/O error'));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    expect(wrapper.get('.form-alert[role="alert"]').text()).toBe('The local order history could not be saved or read.');
  });

  it('opens an order read-only from its row and goes back to it', async () => {
    const { api, mountIt } = setup('en');
    api.history.search.mockResolvedValue(page());
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    await wrapper.get('[data-order-id="ord-3"]').trigger('click'); // bubbles to the row, as Enter on the focused button does
    await flushPromises();
    const result = wrapper.get('[data-testid="order-result"]');
    expect(result.get('h2').text()).toBe('Order details');
    expect(result.text()).toContain('ord-3');
    expect(result.find('[data-testid="new-payment-link"]').exists()).toBe(false);
    expect(api.orders.get).toHaveBeenCalledWith(expect.objectContaining({ orderId: 'ord-3', environment: expect.any(String), profileId: expect.any(String) }));

    const back = wrapper.findAll('button').find((b) => b.text().endsWith('Back to history'));
    await back!.trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="history-row"]')).toHaveLength(2);
    expect(document.activeElement?.getAttribute('data-order-id')).toBe('ord-3');
  });

  it('moves between orders with the arrow keys, one tab stop for the whole list', async () => {
    const { api, mountIt } = setup('en');
    api.history.search.mockResolvedValue(page([...first, ...second]));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    const ids = () => wrapper.findAll('.order-id').map((b) => b.attributes('tabindex'));
    expect(ids()).toEqual(['0', '-1', '-1']);
    const top = wrapper.get<HTMLButtonElement>('[data-order-id="ord-3"]');
    top.element.focus();
    await top.trigger('keydown', { key: 'ArrowDown' });
    await flushPromises();
    expect(document.activeElement?.getAttribute('data-order-id')).toBe('ord-2');
    await wrapper.get('[data-order-id="ord-2"]').trigger('keydown', { key: 'End' });
    await flushPromises();
    expect(document.activeElement?.getAttribute('data-order-id')).toBe('ord-1');
    expect(ids()).toEqual(['-1', '-1', '0']);
    await wrapper.get('[data-order-id="ord-1"]').trigger('keydown', { key: 'Home' });
    await flushPromises();
    expect(document.activeElement?.getAttribute('data-order-id')).toBe('ord-3');
  });
});

describe('HistoryView: search, filters, sort', () => {
  it('searches as you type, after a pause, and at once on Enter', async () => {
    vi.useFakeTimers();
    const { api, mountIt } = setup('en');
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    const box = wrapper.get('#history-search');
    expect(wrapper.get('label[for="history-search"]').text()).toBe('Search the history');
    await box.setValue('jans');
    await box.setValue('jansen');
    expect(api.history.search).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(api.history.search).toHaveBeenCalledTimes(2);
    expect(api.history.search).toHaveBeenLastCalledWith({ text: 'jansen', filters: {}, sort: 'newest', limit: 50 });
    await box.setValue('CON-2025');
    await wrapper.get('form[role="search"]').trigger('submit');
    await flushPromises();
    expect(api.history.search).toHaveBeenLastCalledWith(expect.objectContaining({ text: 'CON-2025' }));
    await vi.advanceTimersByTimeAsync(300);
    expect(api.history.search).toHaveBeenCalledTimes(3); // the pending search was not run again
  });

  it('says so when nothing matches, and clears search and filters in one go', async () => {
    const { api, mountIt } = setup('en');
    api.history.search.mockResolvedValue(page([], null));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    await wrapper.get('#history-search').setValue('nobody');
    await wrapper.get('form[role="search"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="history-no-match"]').text()).toContain('No orders match');
    await wrapper.get('[data-testid="history-filters-toggle"]').trigger('click');
    await wrapper.findAll('button').find((b) => b.text() === 'Clear search and filters')!.trigger('click');
    await flushPromises();
    expect(api.history.search).toHaveBeenLastCalledWith({ text: '', filters: {}, sort: 'newest', limit: 50 });
    expect((wrapper.get('#history-search').element as HTMLInputElement).value).toBe('');
  });

  it('filters by every kind of field, all labelled, with values found in the history', async () => {
    const { api, mountIt } = setup('nl');
    api.history.facets.mockResolvedValue(
      ok({ statuses: ['completed', 'expired'], financialStatuses: ['completed'], gateways: ['DIRDEB', 'IDEAL'], operators: ['anna', 'bert'], profileIds: ['demo'] }),
    );
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    await wrapper.get('[data-testid="history-filters-toggle"]').trigger('click');
    await flushPromises();
    // Every field has a label.
    for (const field of wrapper.findAll('#history-filters select, #history-filters input')) {
      expect(wrapper.find(`label[for="${field.attributes('id')}"]`).exists(), field.attributes('id')).toBe(true);
    }
    const status = wrapper.get('#history-filter-status');
    expect(status.findAll('option').map((o) => o.text())).toEqual(['Alle', 'Betaald (completed)', 'Verlopen (expired)']);
    await status.setValue('completed');
    await wrapper.get('#history-filter-gateway').setValue('DIRDEB');
    await wrapper.get('#history-filter-state').setValue('not_sent');
    await wrapper.get('#history-filter-environment').setValue('live');
    await wrapper.get('#history-filter-operator').setValue('bert');
    await wrapper.get('#history-filter-flow').setValue('kbc-cbc');
    await wrapper.get('#history-filter-amountMin').setValue('12,50');
    await wrapper.get('#history-filter-amountMin').trigger('change');
    await wrapper.get('#history-filter-amountMax').setValue('1.000');
    await wrapper.get('#history-filter-amountMax').trigger('change');
    await wrapper.get('#history-filter-from').setValue('2025-11-01');
    await wrapper.get('#history-filter-to').setValue('2025-11-30');
    await flushPromises();
    expect(api.history.search).toHaveBeenLastCalledWith({
      text: '',
      filters: {
        status: 'completed',
        gateway: 'DIRDEB',
        state: 'not_sent',
        environment: 'live',
        operator: 'bert',
        flow: 'kbc-cbc',
        amountMin: 1250,
        amountMax: 100000,
        createdFrom: new Date(2025, 10, 1).getTime(),
        createdBefore: new Date(2025, 11, 1).getTime(),
      },
      sort: 'newest',
      limit: 50,
    });
    expect(wrapper.get('[data-testid="history-filters-toggle"]').text()).toBe('Filters (10)');
    // A typo in an amount is said, not sent.
    const calls = api.history.search.mock.calls.length;
    await wrapper.get('#history-filter-amountMax').setValue('twaalf');
    await wrapper.get('#history-filter-amountMax').trigger('change');
    await flushPromises();
    expect(api.history.search.mock.calls.length).toBe(calls);
    expect(wrapper.get('#history-filter-amountMax-error').text()).toContain('Vul een bedrag in');
    expect(wrapper.get('#history-filter-amountMax').attributes('aria-invalid')).toBe('true');
  });

  it('sorts by time or amount', async () => {
    const { api, mountIt } = setup('fr');
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    const sort = wrapper.get('#history-sort');
    expect(sort.findAll('option').map((o) => o.text())).toEqual([
      'Plus récentes d’abord',
      'Plus anciennes d’abord',
      'Montant le plus élevé d’abord',
      'Montant le plus bas d’abord',
    ]);
    await sort.setValue('amountDesc');
    await flushPromises();
    expect(api.history.search).toHaveBeenLastCalledWith({ text: '', filters: {}, sort: 'amountDesc', limit: 50 });
  });

  it('drops an answer that a newer search overtook', async () => {
    const { api, mountIt } = setup('en');
    let answerOld!: (v: ReturnType<typeof page>) => void;
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    api.history.search.mockImplementationOnce(() => new Promise((r) => (answerOld = r))).mockResolvedValueOnce(page(second));
    const history = useHistoryStore();
    const old = history.setText('old');
    await history.setText('new');
    answerOld(page(first));
    await old;
    await flushPromises();
    expect(wrapper.findAll('[data-testid="history-row"]').map((r) => r.get('button').text())).toEqual(['ord-1']);
  });
});

describe('HistoryView: the status badge and the IBAN', () => {
  const badges = (wrapper: { findAll: (s: string) => { text: () => string; attributes: (a: string) => string | undefined }[] }) =>
    wrapper.findAll('[data-testid="history-row"] [data-testid="order-badge"]').map((b, i) => ({
      primary: plain(b.text()),
      tone: b.attributes('data-tone'),
      secondary: plain(wrapper.findAll('[data-testid="history-row"] [data-testid="order-badge-secondary"]')[i]!.text()),
    }));

  it("leads with MultiSafepay's status once the order exists there, with the local state while it does not", async () => {
    const { api, mountIt } = setup('en');
    api.history.search.mockResolvedValue(
      page([
        order({ orderId: 'paid', state: 'created', status: 'completed' }),
        order({ orderId: 'open', state: 'created', status: 'initialized' }),
        order({ orderId: 'gone', state: 'created', status: 'expired' }),
        order({ orderId: 'fresh', state: 'created', status: null }),
        order({ orderId: 'unclear', state: 'unknown', status: null }),
        order({ orderId: 'other', state: 'needs_review', status: 'initialized' }),
        order({ orderId: 'refused', state: 'rejected', status: null }),
      ]),
    );
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    expect(badges(wrapper)).toEqual([
      { primary: 'Paid', tone: 'good', secondary: 'Created at MultiSafepay' },
      { primary: 'Waiting for payment', tone: 'waiting', secondary: 'Created at MultiSafepay' },
      { primary: 'Expired', tone: 'ended', secondary: 'Created at MultiSafepay' },
      { primary: 'Created at MultiSafepay', tone: 'good', secondary: '—Not known yet' },
      { primary: 'Checking with MultiSafepay…', tone: 'pending', secondary: '—Not known yet' },
      { primary: 'Needs review — MultiSafepay answered about another order', tone: 'review', secondary: 'Waiting for payment' },
      { primary: 'Refused by MultiSafepay', tone: 'bad', secondary: '—Not known yet' },
    ]);
    expect(wrapper.get('[data-testid="order-badge"]').attributes('title')).toBe('MultiSafepay status: Paid (completed)');
    expect(wrapper.findAll('[role="columnheader"]').map((h) => h.text())).toEqual(['Created', 'Order ID', 'Customer and description', 'Amount', 'Status']);
  });

  it('says the same in the order detail header, in the UI language, from the freshest read of the order', async () => {
    const { api, mountIt } = setup('fr');
    api.history.search.mockResolvedValue(page([order({ orderId: 'paid', state: 'created', status: 'initialized' })]));
    api.orders.get.mockResolvedValue(ok(detail(order({ orderId: 'paid', state: 'created', status: 'partial_refunded' }))));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    await wrapper.get('[data-order-id="paid"]').trigger('click');
    await flushPromises();
    const head = wrapper.get('[data-testid="order-result"] .result-head');
    expect(head.get('h2').text()).toBe('Détails de la commande');
    expect(head.get('[data-testid="order-badge"]').text()).toBe('Partiellement remboursée');
    expect(head.get('[data-testid="order-badge-secondary"]').text()).toBe('Créée chez MultiSafepay');
  });

  it('puts the IBAN under the description where the list is too narrow for its own column', async () => {
    const { api, mountIt } = setup('en');
    api.history.search.mockResolvedValue(page([order({ orderId: 'dd', flow: 'directdebit', ibanMasked: 'NL91 **** **** **** 4300' }), order({ orderId: 'link' })]));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    // happy-dom lays nothing out: the list counts as 1,000 px wide, under the IBAN column's minimum.
    const headers = wrapper.findAll('[role="columnheader"]').map((h) => h.text());
    expect(headers).toEqual(['Created', 'Order ID', 'Customer, description and IBAN', 'Amount', 'Status']);
    const cells = wrapper.findAll('[data-testid="history-row"]')[0]!.findAll('[role="cell"]');
    expect(cells).toHaveLength(5);
    expect(cells[2]!.get('[data-testid="iban"]').text()).toBe('NL91 **** **** **** 4300');
    expect(cells[2]!.get('button').text()).toBe('Show');
    expect(wrapper.findAll('[data-testid="history-row"]')[1]!.find('[data-testid="iban"]').exists()).toBe(false);
  });
});
