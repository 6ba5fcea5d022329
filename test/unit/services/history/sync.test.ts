// The history sync against the demo's GET /transactions: 10,000 transactions (most not created by
// the console), interrupted twice (a fault on page k, then a cancel, then a restart of the
// services) and resumed, with no duplicates and no gaps; then incremental; orders created
// elsewhere are marked and filterable.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../../../electron/demo/server';
import type { Rig } from '../../../support/services';
import { paidOrder, refundRig } from '../../../support/refunds';
import type { ManualClock } from '../../../support/refunds';

let rig: Rig;
let clock: ManualClock;
afterEach(async () => rig?.close());

const DAY = 24 * 60 * 60_000;

/** Every transaction id the demo lists for the key, read straight from the API (pages of 1000). */
async function listedIds(rig: Rig): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const query = new URLSearchParams({ limit: '1000', ...(after ? { after } : {}) });
    const response = await fetch(`${rig.demo.apiBase}/transactions?${query}`, { headers: { api_key: 'demo-console-key' } });
    const text = await response.text();
    // Ids as their digits, never through a JS number.
    ids.push(...[...text.matchAll(/"transaction_id":(\d+)/g)].map((m) => m[1]!));
    const next = /"cursor":\{"after":"([^"]+)"/.exec(text)?.[1] ?? null;
    if (!next || next === after) break;
    after = next;
  }
  return ids;
}

function stored(rig: Rig) {
  const db = new Database(join(rig.dataDir, 'console.sqlite3'), { readonly: true });
  try {
    const ids = db.prepare("SELECT transaction_id AS id FROM msp_transactions WHERE profile_id = 'demo'").all() as { id: string }[];
    const elsewhere = db.prepare("SELECT count(*) AS n FROM orders WHERE origin = 'elsewhere'").get() as { n: number };
    const distinctOrders = db.prepare('SELECT count(*) AS n, count(DISTINCT order_id) AS d FROM orders').get() as { n: number; d: number };
    return { ids: ids.map((r) => r.id), elsewhere: elsewhere.n, orders: distinctOrders };
  } finally {
    db.close();
  }
}

const finished = async (rig: Rig) => {
  await rig.services.syncIdle();
  return rig.value('sync.status', {});
};

describe('history sync', () => {
  it('imports 10,000 transactions interrupted twice (a fault on page 5, then a cancel and a restart): no duplicates, no gaps', async () => {
    ({ rig, clock } = await refundRig({ services: { syncPageSize: 500 } }));
    const mine = await paidOrder(rig); // one order the console did create
    rig.demo.seedTransactions(10_000, { from: clock.now() - 40 * DAY, until: clock.now() - DAY });
    clock.advance(60_000);
    const expected = await listedIds(rig);
    expect(expected).toHaveLength(10_001);
    expect(new Set(expected).size).toBe(10_001);

    // First run: page 5 breaks (a reset after the server answered): four pages are in, the fifth is not.
    rig.demo.injectFault({ mode: 'reset_after', method: 'GET', path: '/transactions', skip: 4 });
    const from = new Date(clock.now() - 60 * DAY).toISOString().slice(0, 10);
    expect(await rig.call('sync.start', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { from: { key: 'sync.fromRequired' } } } });
    expect((await rig.value('sync.start', { from })).phase).toBe('running');
    let status = await finished(rig);
    expect(status).toMatchObject({ phase: 'failed', pages: 4, imported: 2000, resumable: true });
    expect(stored(rig).ids).toHaveLength(2000);

    // Second run: resumed, then cancelled at once: the page under way is stored, then it stops.
    await rig.value('sync.start', {});
    await rig.value('sync.cancel', {});
    status = await finished(rig);
    expect(status).toMatchObject({ phase: 'cancelled', pages: 5, imported: 2500, resumable: true });

    // A restart of the services (as after a crash) keeps the window and the cursor.
    await rig.restart();
    status = await rig.value('sync.status', {});
    expect(status).toMatchObject({ phase: 'idle', resumable: true, imported: 2500 });
    const listings = rig.demo.received.filter((r) => r.path === '/transactions' && r.query.created_from);
    const windowOf = (r: (typeof listings)[number]) => `${r.query.created_from}-${r.query.created_until}`;
    await rig.value('sync.start', {});
    status = await finished(rig);
    expect(status).toMatchObject({ phase: 'done', resumable: false, imported: 10_001 });
    expect(status.syncedUntil).not.toBeNull();

    const all = rig.demo.received.filter((r) => r.path === '/transactions' && r.query.created_from);
    expect(new Set(all.map(windowOf)).size).toBe(1); // one window across every interruption
    // Each page was asked for with the cursor the previous stored page left: the failed page 5 twice, no other twice.
    const cursors = all.map((r) => r.query.after ?? 'start');
    expect(cursors.length - new Set(cursors).size).toBe(1);
    expect(listings.length).toBe(6);

    const { ids, elsewhere, orders } = stored(rig);
    expect(ids).toHaveLength(expected.length);
    expect(new Set(ids)).toEqual(new Set(expected)); // no gap, no duplicate, ids exact
    // Every seventh seeded transaction is a refund (of the payment before it): 8,572 payments made elsewhere.
    expect(elsewhere).toBe(10_000 - Math.floor((10_000 - 7) / 7) - 1);
    expect(orders.n).toBe(orders.d);
    expect(orders.n).toBe(elsewhere + 1);

    // The console's own order is linked, not duplicated, and not marked elsewhere.
    const own = await rig.value('history.search', { text: mine.orderId });
    expect(own.items).toHaveLength(1);
    expect(own.items[0]).toMatchObject({ origin: 'console' });
    const foreign = await rig.value('history.search', { filters: { origin: 'elsewhere' }, limit: 5 });
    expect(foreign.items.every((o) => o.origin === 'elsewhere' && o.state === 'created')).toBe(true);
    expect(foreign.total).toMatchObject({ capped: true });
  }, 120_000);

  it('is incremental after the first run, and a run never imports a transaction twice', async () => {
    ({ rig, clock } = await refundRig({ services: { syncPageSize: 50 } }));
    rig.demo.seedTransactions(120, { from: clock.now() - 10 * DAY, until: clock.now() - DAY });
    const from = new Date(clock.now() - 30 * DAY).toISOString().slice(0, 10);
    await rig.value('sync.start', { from });
    const first = await finished(rig);
    // Three pages of data, then the empty page its last `after` cursor points to (the documented end).
    expect(first).toMatchObject({ phase: 'done', imported: 120, pages: 4 });
    clock.advance(DAY);
    rig.demo.seedTransactions(30, { from: clock.now() - 3_600_000, until: clock.now() - 60_000 });
    const order = await paidOrder(rig);
    clock.advance(1000);
    await rig.value('sync.start', {});
    const second = await finished(rig);
    expect(second).toMatchObject({ phase: 'done', imported: 31 });
    const asked = rig.demo.received.filter((r) => r.path === '/transactions').at(-1)!;
    expect(Number(asked.query.created_from)).toBe(Date.parse(first.syncedUntil!) / 1000);
    expect(stored(rig).ids).toHaveLength(151);
    // The refund made after the sync is found by the next one and counts against the remainder.
    await rig.value('refunds.create', { key: order.key, amount: 1000, full: false });
    clock.advance(1000);
    await rig.value('sync.start', {});
    // Only the refund is new since the last run; it is matched to the refund we asked for, not added twice.
    expect(await finished(rig)).toMatchObject({ phase: 'done', imported: 1 });
    expect((await rig.value('refunds.list', order.key)).refunds).toHaveLength(1);
    expect(stored(rig).ids).toHaveLength(152);
  });

  it('syncs per profile, each with its own key and base URL and its own progress', async () => {
    const TEST_KEY = 'tk_test_0123456789abcdef0123';
    const testApi = await startDemoServer({ environment: 'test', keys: { test: [TEST_KEY], live: [] } });
    try {
      ({ rig, clock } = await refundRig({ baseUrls: { test: testApi.apiBase } }));
      rig.demo.seedTransactions(40, { from: clock.now() - 5 * DAY, until: clock.now() - DAY });
      testApi.seedTransactions(25, { from: clock.now() - 5 * DAY, until: clock.now() - DAY }, TEST_KEY);
      const from = new Date(clock.now() - 10 * DAY).toISOString().slice(0, 10);
      await rig.value('sync.start', { from });
      expect(await finished(rig)).toMatchObject({ profileId: 'demo', phase: 'done', imported: 40 });

      const saved = await rig.value('profiles.save', { name: 'Shop (test)', environment: 'test', apiKey: TEST_KEY });
      await rig.value('profiles.switch', { id: saved.profile.id });
      // A profile of its own: never synced, so it asks for a start date again.
      expect(await rig.value('sync.status', {})).toMatchObject({ profileId: saved.profile.id, phase: 'idle', syncedUntil: null, imported: 0 });
      const demoListings = rig.demo.received.filter((r) => r.path === '/transactions').length;
      await rig.value('sync.start', { from });
      expect(await finished(rig)).toMatchObject({ profileId: saved.profile.id, phase: 'done', imported: 25 });
      // Its own server, with its own key: the page of data, then the empty page its cursor points to.
      expect(testApi.received.filter((r) => r.path === '/transactions')).toHaveLength(2);
      expect(rig.demo.received.filter((r) => r.path === '/transactions')).toHaveLength(demoListings);
      const db = new Database(join(rig.dataDir, 'console.sqlite3'), { readonly: true });
      const perProfile = db.prepare('SELECT environment, count(*) AS n FROM msp_transactions GROUP BY environment ORDER BY environment').all();
      db.close();
      expect(perProfile).toEqual([{ environment: 'demo', n: 40 }, { environment: 'test', n: 25 }]);
    } finally {
      await testApi.close();
    }
  });

  it('keeps a schedule per profile (off, hourly, daily)', async () => {
    ({ rig, clock } = await refundRig());
    expect((await rig.value('sync.status', {})).schedule).toBe('off');
    expect((await rig.value('sync.setSchedule', { schedule: 'daily' })).schedule).toBe('daily');
    await rig.restart();
    expect((await rig.value('sync.status', {})).schedule).toBe('daily');
    expect(await rig.call('sync.setSchedule', { schedule: 'weekly' } as never)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
