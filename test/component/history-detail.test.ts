import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '@shared/result';
import App from '../../renderer/src/App.vue';
import HistoryView from '../../renderer/src/views/HistoryView.vue';
import { lineDiff, timelineOf } from '../../renderer/src/lib/history-detail';
import { amountTextOf, fromClone } from '../../renderer/src/lib/entry-form';
import { useEntryStore } from '../../renderer/src/stores/entry';
import { INFO, backupsView, detail, exportJob, flushPromises, order, plain, setup, stubClipboard } from './helpers';

enableAutoUnmount(afterEach);
afterEach(() => vi.useRealTimers());

const ORDER = order({ orderId: 'CON-20251121-140300-k7pq2x', transactionId: '12345678901234567', status: 'completed' });
const EXCHANGES = [
  {
    method: 'POST',
    path: '/orders',
    requestBody: '{"type":"paymentlink","order_id":"CON-20251121-140300-k7pq2x","amount":1250}',
    httpStatus: 200,
    responseBody: '{"success":true,"data":{"order_id":"CON-20251121-140300-k7pq2x","payment_url":"https://pay.example/x"}}',
    outcome: 'answered',
    startedAt: '2025-11-21T14:03:00.000Z',
    durationMs: 181,
  },
  {
    method: 'GET',
    path: '/orders/CON-20251121-140300-k7pq2x',
    requestBody: null,
    httpStatus: null,
    responseBody: null,
    outcome: 'no_answer:ETIMEDOUT',
    startedAt: '2025-11-21T14:04:00.000Z',
    durationMs: 30000,
  },
  {
    method: 'GET',
    path: '/orders/CON-20251121-140300-k7pq2x',
    requestBody: null,
    httpStatus: 200,
    responseBody:
      '{"success":true,"data":{"order_id":"CON-20251121-140300-k7pq2x","transaction_id":12345678901234567,"status":"initialized","financial_status":"initialized","payment_url":"https://pay.example/x"}}',
    outcome: 'answered',
    startedAt: '2025-11-21T14:05:00.000Z',
    durationMs: 95,
  },
  {
    method: 'GET',
    path: '/orders/CON-20251121-140300-k7pq2x',
    requestBody: null,
    httpStatus: 200,
    responseBody:
      '{"success":true,"data":{"order_id":"CON-20251121-140300-k7pq2x","transaction_id":12345678901234567,"status":"completed","financial_status":"completed","payment_url":"https://pay.example/x"}}',
    outcome: 'answered',
    startedAt: '2025-11-21T14:09:00.000Z',
    durationMs: 88,
  },
];

describe('timeline and diff (pure)', () => {
  it('reads each call: outcome, the status it brought, the diff with the previous answer, big ids exact', () => {
    const steps = timelineOf(EXCHANGES);
    expect(steps.map((s) => [s.method, s.outcome, s.reason, s.status, s.financialStatus])).toEqual([
      ['POST', 'answered', null, null, null],
      ['GET', 'no_answer', 'ETIMEDOUT', null, null],
      ['GET', 'answered', null, 'initialized', 'initialized'],
      ['GET', 'answered', null, 'completed', 'completed'],
    ]);
    expect(steps[2]!.response).toContain('"transaction_id": 12345678901234567');
    const diff = steps[3]!.diff!;
    expect(diff.filter((l) => l.kind === 'removed').map((l) => 'text' in l && l.text.trim())).toEqual([
      '"status": "initialized",',
      '"financial_status": "initialized",',
    ]);
    expect(diff.filter((l) => l.kind === 'added').map((l) => 'text' in l && l.text.trim())).toEqual([
      '"status": "completed",',
      '"financial_status": "completed",',
    ]);
    expect(steps[0]!.diff).toBeNull();
  });

  it('folds long unchanged runs and gives up on huge bodies', () => {
    const a = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    const b = a.replace('line 15', 'line fifteen');
    expect(lineDiff(a, b)).toEqual([
      { kind: 'gap', count: 13 },
      { kind: 'same', text: 'line 13' },
      { kind: 'same', text: 'line 14' },
      { kind: 'removed', text: 'line 15' },
      { kind: 'added', text: 'line fifteen' },
      { kind: 'same', text: 'line 16' },
      { kind: 'same', text: 'line 17' },
      { kind: 'gap', count: 12 },
    ]);
    // Myers: a long body with one line appended is cheap to compare…
    const huge = Array.from({ length: 3000 }, (_, i) => String(i)).join('\n');
    expect(lineDiff(huge, `${huge}\nx`)?.filter((l) => l.kind === 'added')).toEqual([{ kind: 'added', text: 'x' }]);
    // …but two long bodies that share nothing are not worked out.
    const other = Array.from({ length: 3000 }, (_, i) => `other ${i}`).join('\n');
    expect(lineDiff(huge, other)).toBeNull();
  });

  it('writes a cloned amount as staff type it in each language', () => {
    expect(amountTextOf(123456, 'EUR', 'en')).toBe('1234.56');
    expect(amountTextOf(123456, 'EUR', 'nl')).toBe('1234,56');
    expect(amountTextOf(5, 'EUR', 'fr')).toBe('0,05');
    expect(fromClone({ sourceOrderId: 'x', amount: 4250, currency: 'EUR', fields: { flow: 'directdebit', iban: 'NL91ABNA0417164300' } }, 'nl')).toMatchObject({
      flow: 'directdebit',
      amountText: '42,50',
      iban: 'NL91ABNA0417164300',
      description: '',
    });
  });
});

async function openDetail(locale: 'en' | 'nl' | 'fr' = 'en') {
  const ctx = setup(locale);
  ctx.api.history.search.mockResolvedValue(ok({ items: [ORDER], next: null, total: { count: 1, capped: false } }));
  ctx.api.orders.get.mockResolvedValue(ok(detail(ORDER, EXCHANGES)));
  await ctx.router.push('/history');
  const wrapper = ctx.mountIt(HistoryView);
  await flushPromises();
  await wrapper.get(`[data-order-id="${ORDER.orderId}"]`).trigger('click');
  await flushPromises();
  return { ...ctx, wrapper };
}

describe('the detail page', () => {
  it('shows every call as a step with its time, call, HTTP status, duration and outcome', async () => {
    const { wrapper } = await openDetail();
    const steps = wrapper.findAll('[data-testid="timeline-step"]');
    expect(steps).toHaveLength(4);
    expect(plain(steps[0]!.text())).toContain('POST /orders');
    expect(plain(steps[0]!.text())).toContain('HTTP 200');
    expect(plain(steps[0]!.text())).toContain('181 ms');
    expect(plain(steps[1]!.text())).toContain('No answer (ETIMEDOUT)');
    expect(plain(steps[2]!.text())).toContain('MultiSafepay status: Waiting for payment (initialized)');
    expect(plain(steps[3]!.text())).toContain('MultiSafepay status: Paid (completed)');
    const diff = steps[3]!.get('[data-testid="response-diff"]');
    expect(diff.findAll('.diff__removed').map((l) => plain(l.text()))).toEqual([
      'Removed:- "status": "initialized",',
      'Removed:- "financial_status": "initialized",',
    ]);
    expect(diff.get('.diff__removed .sr-only').text()).toBe('Removed:');
    expect(diff.findAll('.diff__added')).toHaveLength(2);
    expect(steps[2]!.find('[data-testid="response-diff"]').exists()).toBe(true);
  });

  it('copies the ids and the bodies', async () => {
    const writeText = stubClipboard();
    const { wrapper } = await openDetail();
    await wrapper.get(`[aria-label="Copy order ID ${ORDER.orderId}"]`).trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenLastCalledWith(ORDER.orderId);
    await wrapper.get('[aria-label="Copy transaction ID 12345678901234567"]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenLastCalledWith('12345678901234567');
    const last = wrapper.findAll('[data-testid="timeline-step"]')[3]!;
    await last.findAll('button').find((b) => b.text() === 'Copy response')!.trigger('click');
    await flushPromises();
    expect(writeText.mock.lastCall?.[0]).toContain('"status": "completed"');
    expect(last.text()).toContain('Copied');
  });

  it('clones the order into the entry form, with a new order id to come from main', async () => {
    const { api, router, wrapper } = await openDetail('nl');
    api.history.clone.mockResolvedValue(
      ok({
        sourceOrderId: ORDER.orderId,
        amount: 123456,
        currency: 'EUR',
        fields: { flow: 'redirect', mode: 'redirect', gateway: 'IDEAL', description: 'Reparatie', firstName: 'Jan', email: 'jan@example.nl' },
      }),
    );
    await wrapper.get('[data-testid="clone-order"]').trigger('click');
    await flushPromises();
    expect(api.history.clone).toHaveBeenCalledWith({ orderId: ORDER.orderId, environment: 'demo', profileId: 'default' });
    const orders = useEntryStore();
    expect(orders.status).toBe('idle');
    expect(orders.draft).toMatchObject({ flow: 'redirect', gateway: 'IDEAL', amountText: '1234,56', description: 'Reparatie', firstName: 'Jan' });
    expect(router.currentRoute.value.name).toBe('new');
    expect(api.drafts.save).not.toHaveBeenCalledWith(expect.objectContaining({ fields: expect.objectContaining({ order_id: expect.anything() }) }));
  });

  it('says why a clone did not work', async () => {
    const { api, router, wrapper } = await openDetail();
    api.history.clone.mockResolvedValue(fail('NOT_FOUND', 'gone'));
    await wrapper.get('[data-testid="clone-order"]').trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('This order could not be found.');
    expect(router.currentRoute.value.name).toBe('history');
    expect(useEntryStore().draft.description).toBe('');
  });
});

describe('export panel', () => {
  it('exports the current search with masked IBANs, shows progress, and where the file is', async () => {
    vi.useFakeTimers();
    const { api, mountIt } = setup('en');
    api.history.exportStatus
      .mockResolvedValueOnce(ok(exportJob({ written: 2000, total: 5000 })))
      .mockResolvedValueOnce(ok(exportJob({ state: 'done', written: 5000, total: 5000 })));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    await wrapper.get('#history-search').setValue('jansen');
    await wrapper.get('form[role="search"]').trigger('submit');
    await wrapper.get('[data-testid="open-export"]').trigger('click');
    expect(wrapper.get('label[for="history-export-ibans"]').text()).toBe('Include full IBANs');
    expect(wrapper.get('#history-export-delimiter').element).toHaveProperty('value', ',');
    await wrapper.get('[data-testid="export-start"]').trigger('click');
    await flushPromises();
    expect(api.history.exportStart).toHaveBeenCalledWith({
      query: { text: 'jansen', filters: {}, sort: 'newest' },
      includeIbans: false,
      delimiter: ',',
    });
    expect(wrapper.get('[data-testid="export-start"]').attributes('disabled')).toBeDefined();
    await vi.advanceTimersByTimeAsync(260);
    expect(wrapper.get('label[for="history-export-progress"]').text()).toBe('2,000 of 5,000 orders written');
    expect(wrapper.get('progress').attributes('value')).toBe('40');
    await vi.advanceTimersByTimeAsync(260);
    expect(wrapper.get('[data-testid="export-status"]').text()).toBe('Done: 5,000 orders exported.');
    expect(wrapper.get('[data-testid="export-file"]').text()).toBe('/data/exports/history-20251121-140300.csv');
    await vi.advanceTimersByTimeAsync(2000);
    expect(api.history.exportStatus).toHaveBeenCalledTimes(2); // polling stopped
  });

  it('says so when the save dialog was closed without a file, and does not poll', async () => {
    vi.useFakeTimers();
    const { api, mountIt } = setup('fr');
    api.history.exportStart.mockResolvedValueOnce(ok({ outcome: 'cancelled' }));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    await wrapper.get('[data-testid="open-export"]').trigger('click');
    await wrapper.get('[data-testid="export-start"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="export-not-chosen"]').text()).toBe('Aucun fichier choisi : rien n’a été exporté.');
    expect(wrapper.find('[data-testid="export-status"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="export-start"]').attributes('disabled')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.history.exportStatus).not.toHaveBeenCalled();
  });

  it('asks for full IBANs only when ticked, with ; for Dutch spreadsheets, and cancels', async () => {
    vi.useFakeTimers();
    const { api, mountIt } = setup('nl');
    api.history.exportStatus.mockResolvedValue(ok(exportJob({ written: 2000, total: 900000 })));
    api.history.exportCancel.mockResolvedValue(ok(exportJob({ written: 2000, total: 900000 })));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    await wrapper.get('[data-testid="open-export"]').trigger('click');
    await wrapper.get('#history-export-ibans').setValue(true);
    expect(wrapper.text()).toContain('Deze export wordt vastgelegd in het auditlogboek');
    await wrapper.get('[data-testid="export-start"]').trigger('click');
    await flushPromises();
    expect(api.history.exportStart).toHaveBeenCalledWith(expect.objectContaining({ includeIbans: true, delimiter: ';' }));
    await vi.advanceTimersByTimeAsync(260);
    api.history.exportStatus.mockResolvedValue(ok(exportJob({ state: 'cancelled', written: 2000, total: 900000 })));
    await wrapper.get('[data-testid="export-cancel"]').trigger('click');
    await flushPromises();
    expect(api.history.exportCancel).toHaveBeenCalledWith({ jobId: 'job-1' });
    expect(wrapper.get('[data-testid="export-status"]').text()).toBe('Export geannuleerd. Er is geen bestand bewaard.');
  });
});

describe('backups panel', () => {
  it('lists backups, makes one now, and chooses one to restore at the next start', async () => {
    const { api, mountIt } = setup('fr');
    const items = [{ name: 'console-20251121-020000.sqlite3', createdAt: '2025-11-21T02:00:00.000Z', bytes: 3_250_000, kind: 'daily' as const }];
    api.backups.list.mockResolvedValue(ok(backupsView()));
    api.backups.create.mockResolvedValue(ok(backupsView({ items })));
    api.backups.restore.mockResolvedValue(ok(backupsView({ items, pendingRestore: items[0]!.name })));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    await wrapper.get('[data-testid="open-backups"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="backups-panel"]').text()).toContain('Pas encore de sauvegarde.');
    await wrapper.get('[data-testid="backup-now"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="backups-panel"]').text()).toContain('Sauvegarde faite et vérifiée.');
    const row = wrapper.get('[data-testid="backup-row"]');
    expect(row.text()).toContain('3,1 Mo');
    await row.get('button').trigger('click');
    await flushPromises();
    // First what the restore would undo; main asks for the confirmation once it is chosen.
    expect(api.backups.restorePreview).toHaveBeenCalledWith({ name: items[0]!.name });
    expect(api.backups.restore).not.toHaveBeenCalled();
    const preview = wrapper.get('[data-testid="restore-preview"]').text();
    expect(preview).toContain('3 commande(s) créée(s) depuis disparaîtraient');
    expect(preview).toContain('Shop NL');
    expect(preview).toContain('9 ligne(s)');
    await wrapper.get('[data-testid="restore-confirm"]').trigger('click');
    await flushPromises();
    expect(api.backups.restore).toHaveBeenCalledWith({ name: items[0]!.name });
    expect(wrapper.find('[data-testid="restore-preview"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="backups-pending"]').text()).toContain('sera restaurée au prochain démarrage');
  });
});

describe('in the shell', () => {
  function press(key: string, code: string) {
    document.dispatchEvent(new KeyboardEvent('keydown', { key, code, altKey: true, bubbles: true }));
  }

  it('Alt+F goes to the history search box from anywhere', async () => {
    const { mountIt } = setup('en');
    const wrapper = mountIt(App);
    await flushPromises();
    press('f', 'KeyF');
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('History');
    expect(document.activeElement?.id).toBe('history-search');
  });

  it('says calmly that MultiSafepay is out of reach after an order could not be sent, and that history still works', async () => {
    const { api, mountIt } = setup('en');
    api.orders.create.mockResolvedValue(
      ok(order({ state: 'not_sent', status: null, problem: { code: 'not_sent', message: 'MultiSafepay could not be reached; nothing was sent.', field: null } })),
    );
    const wrapper = mountIt(App);
    await flushPromises();
    expect(wrapper.get('[data-testid="offline-banner"]').text()).toBe('');
    await wrapper.get('#amount').setValue('12.50');
    await wrapper.get('#description').setValue('Phone order');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    const banner = wrapper.get('[data-testid="offline-banner"]');
    expect(plain(banner.text())).toContain('MultiSafepay cannot be reached at the moment.');
    expect(plain(banner.text())).toContain('your history is stored on this computer and stays available');
    // The next answer from MultiSafepay clears it.
    api.orders.refresh.mockResolvedValue(ok(order()));
    api.orders.create.mockResolvedValue(ok(order()));
    useEntryStore().reset();
    await flushPromises();
    await wrapper.get('#amount').setValue('12.50');
    await wrapper.get('#description').setValue('Phone order 2');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="offline-banner"]').text()).toBe('');
  });

  it('shows a read-only history as such, with the way to the backups', async () => {
    const { api, mountIt } = setup('en');
    api.app.info.mockResolvedValue(
      ok({ ...INFO, storage: { readOnly: true, problem: 'The order history failed its integrity check (x).', restoredFrom: null } }),
    );
    const wrapper = mountIt(App);
    await flushPromises();
    const banner = wrapper.get('[data-testid="read-only-banner"]');
    expect(banner.attributes('role')).toBe('alert');
    expect(plain(banner.text())).toContain('The order history is read-only.');
    await banner.findAll('button').find((b) => b.text() === 'Open backups')!.trigger('click');
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('History');
    expect(wrapper.find('[data-testid="backups-panel"]').exists()).toBe(true);
    expect(api.backups.list).toHaveBeenCalled();
  });

  it('says calmly that the check and the index build are running, and drops the note when main says they ended', async () => {
    vi.useFakeTimers();
    const { api, mountIt } = setup('nl');
    const storage = { readOnly: false, problem: null, restoredFrom: null, cause: null };
    api.app.info.mockResolvedValue(ok({ ...INFO, storage: { ...storage, checking: true, indexing: { percent: 40 } } }));
    const wrapper = mountIt(App);
    await flushPromises();
    const note = wrapper.get('[data-testid="storage-busy-banner"]');
    expect(note.attributes('role')).toBe('status');
    expect(plain(note.text())).toContain('De ordergeschiedenis wordt gecontroleerd na een onverwachte afsluiting.');
    expect(plain(note.text())).toContain('De zoekindex wordt opgebouwd: 40%.');
    expect(wrapper.find('[data-testid="read-only-banner"]').exists()).toBe(false);

    // Main is asked again while something runs; the check failed meanwhile: the read-only banner takes over.
    const calls = api.app.info.mock.calls.length;
    api.app.info.mockResolvedValue(ok({ ...INFO, storage: { ...storage, readOnly: true, problem: 'failed its integrity check', cause: 'damaged', checking: false, indexing: null } }));
    await vi.advanceTimersByTimeAsync(2_000);
    await flushPromises();
    expect(api.app.info.mock.calls.length).toBe(calls + 1);
    expect(wrapper.find('[data-testid="storage-busy-banner"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="read-only-banner"]').attributes('role')).toBe('alert');
    // Nothing runs any more: no more asking.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.app.info.mock.calls.length).toBe(calls + 1);
  });

  it('a read-only data folder is said as such, without sending staff to the backups', async () => {
    const { api, mountIt } = setup('fr');
    api.app.info.mockResolvedValue(ok({ ...INFO, storage: { readOnly: true, problem: 'attempt to write a readonly database', restoredFrom: null, cause: 'readOnly' } }));
    const wrapper = mountIt(App);
    await flushPromises();
    const banner = wrapper.get('[data-testid="read-only-banner"]');
    expect(plain(banner.text())).toContain('Le dossier de données de la console est en lecture seule.');
    expect(banner.text()).not.toContain('sauvegarde');
  });
});
