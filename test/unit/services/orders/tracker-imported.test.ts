// Orders the history sync imported ("created elsewhere") are tracked like the console's own: polled
// with their own profile's key and base URL on the same schedule until final, with the same
// foreign-read-back check (what "we sent" is what the sync stored: order_id, amount, currency).
// They are paced: at most IMPORTED_CHECKS_PER_PASS in a pass, then one per IMPORTED_CHECK_SPACING_MS,
// after the console's own due orders, so a 10,000-order import is never polled at once.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startDemoServer } from '../../../../electron/demo/server';
import type { DemoServer } from '../../../../electron/demo/server';
import { IMPORTED_CHECKS_PER_PASS, IMPORTED_CHECK_SPACING_MS } from '../../../../electron/services/orders/tracker';
import { manualClock } from '../../../../electron/services/platform/clock';
import { responseExamples } from '../../../support/openapi';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';
import type { OrderKey } from '@shared/order-key';

const TEST_KEY = 'tk_test_0123456789abcdef0123';
const GET_ORDER = responseExamples('/orders/{psp_id}', 'get', 200).orderDetails!;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let rig: Rig;
let siteA: DemoServer | null = null;
afterEach(async () => {
  await rig?.close();
  await siteA?.close();
  siteA = null;
});

type Clock = ReturnType<typeof manualClock>;
type Notified = { title: string; body: string; key: OrderKey };

async function importRig(options: { withSiteA?: boolean; syncPageSize?: number } = {}) {
  const clock = manualClock(Date.UTC(2026, 10, 30, 9, 0, 0));
  const notified: Notified[] = [];
  if (options.withSiteA) siteA = await startDemoServer({ clock, environment: 'test', keys: { test: [TEST_KEY], live: [] } });
  rig = await startRig({
    demo: { clock },
    baseUrls: siteA ? { test: siteA.apiBase } : {},
    services: {
      clock,
      reconcileEveryMs: 0,
      syncCheckEveryMs: 0,
      backupCheckEveryMs: 0,
      requestTimeoutMs: 500,
      notify: (n) => notified.push(n),
      ...(options.syncPageSize ? { syncPageSize: options.syncPageSize } : {}),
    },
  });
  return { clock, notified };
}

/** A payment link made at MultiSafepay without the console (the dashboard, a shop): POST with the site's key. */
async function madeElsewhere(server: DemoServer, apiKey: string, orderId: string, amount: number): Promise<string> {
  const response = await fetch(`${server.apiBase}/orders`, {
    method: 'POST',
    headers: { api_key: apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'paymentlink', order_id: orderId, currency: 'EUR', amount, description: 'Made in the dashboard' }),
  });
  const body = (await response.json()) as { success: boolean; data: { payment_url: string } };
  expect(body.success).toBe(true);
  return body.data.payment_url;
}

/** Run the active profile's sync to its end (the first run starts a week back). */
async function sync(clock: Clock) {
  clock.advance(1_000); // a run's window ends at the second it starts in
  await rig.value('sync.start', { from: new Date(clock.now() - 7 * DAY).toISOString().slice(0, 10) });
  await rig.services.syncIdle();
  expect(await rig.value('sync.status', {})).toMatchObject({ phase: 'done' });
}

/** The customer pays on the demo payment page, as their browser's form would. */
async function pay(server: DemoServer, paymentUrl: string) {
  const { pathname, search } = new URL(paymentUrl);
  const response = await fetch(`${server.url}${pathname.replace(/\/$/, '')}/pay${search}`, { method: 'POST', body: '', redirect: 'manual' });
  expect(response.status).toBeLessThan(400);
}

const orderGets = (server: DemoServer, orderId?: string) =>
  server.received.filter((r) => r.method === 'GET' && (orderId ? r.path === `/orders/${orderId}` : r.path.startsWith('/orders/')));

async function after(clock: Clock, ms: number) {
  clock.advance(ms);
  await rig.services.reconcileNow();
}

describe('tracking orders the history sync imported', () => {
  it('polls an imported initialized order with its own profile’s key and base URL until it is completed', async () => {
    const { clock, notified } = await importRig({ withSiteA: true });
    const payUrl = await madeElsewhere(siteA!, TEST_KEY, 'DASH-1001', 2_500);
    const { profile } = await rig.value('profiles.save', { name: 'Site A', environment: 'test', apiKey: TEST_KEY });
    await rig.value('profiles.switch', { id: profile.id });
    await sync(clock);
    const key: OrderKey = { environment: 'test', profileId: profile.id, orderId: 'DASH-1001' };
    expect(await rig.value('orders.get', key)).toMatchObject({ origin: 'elsewhere', state: 'created', status: 'initialized', amount: 2_500 });
    // Back to Demo: the imported order is still followed at A's base URL with A's key (A's server knows no other).
    await rig.value('profiles.switch', { id: 'demo' });

    await after(clock, 5_000); // a minute-old order: the 5-second schedule of a fresh one
    expect(orderGets(siteA!, 'DASH-1001')).toHaveLength(1);
    expect(orderGets(rig.demo)).toHaveLength(0);
    expect(await rig.value('orders.get', key)).toMatchObject({ status: 'initialized' });

    await rig.value('orders.create', paymentLink()); // an order of our own, so the feed has a cursor to start from
    const { cursor } = await rig.value('tracking.changes', { since: 0 });
    await pay(siteA!, payUrl);
    await after(clock, 5_000);
    expect(orderGets(siteA!, 'DASH-1001')).toHaveLength(2);
    expect(notified).toEqual([]);
    const read = await rig.value('orders.get', key);
    expect(read).toMatchObject({ origin: 'elsewhere', state: 'created', status: 'completed' });
    expect(read.statusChanges?.at(-1)).toMatchObject({ state: 'created', status: 'completed' });
    // The renderer's feed carries it (so history updates without a refresh)…
    const feed = await rig.value('tracking.changes', { since: cursor });
    expect(feed.changes.filter((c) => c.status === 'completed').map((c) => c.key)).toEqual([key]);
    // …but no desktop notification: nobody at this desk made it.
    expect(notified).toEqual([]);

    // Final: no more calls.
    for (let i = 0; i < 4; i++) await after(clock, 60 * MINUTE);
    expect(orderGets(siteA!, 'DASH-1001')).toHaveLength(2);
  });

  it('an answer about another order stops it (needs_review), as for the console’s own', async () => {
    const { clock } = await importRig();
    await madeElsewhere(rig.demo, DEMO_API_KEY, 'DASH-2002', 1_000);
    await sync(clock);
    const key: OrderKey = { environment: 'demo', profileId: 'demo', orderId: 'DASH-2002' };
    rig.demo.injectFault({ mode: 'answer_before', method: 'GET', path: '/orders/DASH-2002', body: GET_ORDER });
    await after(clock, 5_000);
    const read = await rig.value('orders.get', key);
    expect(read).toMatchObject({ state: 'needs_review', problem: { code: 'foreign_answer' } });
    expect(read.status).toBe('initialized'); // nothing was taken from the foreign answer
    for (let i = 0; i < 4; i++) await after(clock, 30_000);
    expect(orderGets(rig.demo, 'DASH-2002')).toHaveLength(1);
  });

  it('never polls imported orders that are final', async () => {
    const { clock } = await importRig();
    // Paid card and wallet payments, no direct debits (a completed debit is watched weeks for a chargeback).
    rig.demo.seedTransactions(60, { from: clock.now() - 5 * DAY, until: clock.now() - DAY });
    await sync(clock);
    const db = new Database(join(rig.dataDir, 'console.sqlite3'), { readonly: true });
    const rows = db.prepare("SELECT gateway, status, next_check_at AS next FROM orders WHERE origin = 'elsewhere'").all() as { gateway: string; status: string; next: number | null }[];
    db.close();
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.every((r) => r.status === 'completed')).toBe(true);
    expect(rows.filter((r) => r.gateway !== 'DIRDEB').every((r) => r.next === null)).toBe(true);
    // The direct debits keep the chargeback watch of the schedule: first a week on, never now.
    expect(rows.filter((r) => r.gateway === 'DIRDEB').every((r) => r.next !== null && r.next >= clock.now() + 7 * DAY - MINUTE)).toBe(true);
    for (let i = 0; i < 48; i++) await after(clock, 60 * MINUTE);
    expect(orderGets(rig.demo)).toHaveLength(0);
  });

  it('works through a 10,000-order import at its pace, and the console’s own orders are not held up', async () => {
    const { clock } = await importRig({ syncPageSize: 1000 });
    // Three to a second: 10,000 unpaid payments of the last hour or so.
    rig.demo.seedTransactions(10_000, { from: clock.now() - 60 * MINUTE, until: clock.now() - MINUTE, open: true });
    await sync(clock);
    expect(await rig.value('sync.status', {})).toMatchObject({ imported: 10_000, elsewhere: 10_000 });
    // An hour on (no pass ran meanwhile), every imported order is due by its schedule.
    clock.advance(61 * MINUTE);
    const mine = await rig.value('orders.create', paymentLink());
    const imported = () => orderGets(rig.demo).filter((r) => r.path.startsWith('/orders/SHOP-'));

    // One pass takes a pass's worth of them, and our own order.
    const started = performance.now();
    await after(clock, 5_000);
    const firstPassMs = performance.now() - started;
    expect(imported()).toHaveLength(IMPORTED_CHECKS_PER_PASS);
    expect(orderGets(rig.demo, mine.orderId)).toHaveLength(1);

    // Then one per second, however often the loop runs; our own order keeps its 5-second schedule.
    for (let i = 0; i < 3; i++) await rig.services.reconcileNow();
    expect(imported()).toHaveLength(IMPORTED_CHECKS_PER_PASS);
    const paced = performance.now();
    for (let s = 0; s < 60; s++) await after(clock, IMPORTED_CHECK_SPACING_MS);
    const passMs = (performance.now() - paced) / 60;
    expect(imported()).toHaveLength(IMPORTED_CHECKS_PER_PASS + 60);
    expect(orderGets(rig.demo, mine.orderId)).toHaveLength(1 + 12);
    // Oldest due first: no imported order was asked twice while others waited.
    expect(new Set(imported().map((r) => r.path)).size).toBe(IMPORTED_CHECKS_PER_PASS + 60);
    console.log(`10,000 imported orders due: first pass ${firstPassMs.toFixed(0)} ms, then ${passMs.toFixed(1)} ms a pass with the backlog waiting; ${imported().length} imported reads in the first 65 s`);
  }, 120_000);
});
