// Tracking in main: every order MultiSafepay has is polled (GET /orders/{order_id}) with its own
// profile's key and base URL until its status is final; 429 Retry-After and a circuit breaker per
// profile; an answer about another order stops it (needs_review); one notification per change.
// Time is a manual clock shared by the services and the demo servers; `reconcileNow()` is one pass.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../../../electron/demo/server';
import type { DemoServer } from '../../../../electron/demo/server';
import { manualClock } from '../../../../electron/services/platform/clock';
import { openDatabase } from '../../../../electron/services/storage/db';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations';
import { BREAKER_COOL_DOWN_MS, BREAKER_THRESHOLD, retryAfterMs } from '../../../../electron/services/orders/breaker';
import { responseExamples } from '../../../support/openapi';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';
import type { OrderKey } from '@shared/order-key';

const TEST_KEY = 'tk_test_0123456789abcdef0123';
const GET_ORDER = responseExamples('/orders/{psp_id}', 'get', 200).orderDetails!;

let rig: Rig;
let siteA: DemoServer | null = null;
afterEach(async () => {
  await rig?.close();
  await siteA?.close();
  siteA = null;
});

type Notified = { title: string; body: string; key: OrderKey };

async function trackedRig(options: { withSiteA?: boolean } = {}) {
  const clock = manualClock(Date.UTC(2026, 10, 30, 9, 0, 0));
  const notified: Notified[] = [];
  if (options.withSiteA) siteA = await startDemoServer({ clock, environment: 'test', keys: { test: [TEST_KEY], live: [] } });
  rig = await startRig({
    demo: { clock },
    baseUrls: siteA ? { test: siteA.apiBase } : {},
    services: { clock, reconcileEveryMs: 0, requestTimeoutMs: 500, notify: (n) => notified.push(n) },
  });
  return { clock, notified };
}

const gets = (server: DemoServer, orderId?: string) =>
  server.received.filter((r) => r.method === 'GET' && (orderId ? r.path === `/orders/${orderId}` : r.path.startsWith('/orders/')));

/** Press a button on the demo payment page, as the customer's browser would. */
async function press(server: DemoServer, paymentUrl: string, action: 'pay' | 'cancel' | 'expire') {
  const { pathname, search } = new URL(paymentUrl);
  const response = await fetch(`${server.url}${pathname.replace(/\/$/, '')}/${action}${search}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
    redirect: 'manual',
  });
  expect(response.status).toBeLessThan(400);
}

/** Move the clock and run one tracker pass. */
async function after(clock: ReturnType<typeof manualClock>, ms: number) {
  clock.advance(ms);
  await rig.services.reconcileNow();
}

describe('tracking open orders', () => {
  it('follows orders of two profiles, each with its own key and base URL, to a final status, then stops', async () => {
    const { clock, notified } = await trackedRig({ withSiteA: true });
    const demoOrder = await rig.value('orders.create', paymentLink({ amount: 1250 }));
    const { profile } = await rig.value('profiles.save', { name: 'Site A', environment: 'test', apiKey: TEST_KEY });
    await rig.value('profiles.switch', { id: profile.id });
    const orderA = await rig.value('orders.create', paymentLink({ amount: 990 }));
    // Back to Demo: A's order is still followed with A's key at A's base URL.
    await rig.value('profiles.switch', { id: 'demo' });

    await after(clock, 4_000);
    expect(gets(rig.demo)).toHaveLength(0); // not due before 5 s
    await after(clock, 1_000);
    expect(gets(rig.demo, demoOrder.orderId)).toHaveLength(1);
    expect(gets(siteA!, orderA.orderId)).toHaveLength(1);
    expect(gets(rig.demo, orderA.orderId)).toHaveLength(0);

    await press(rig.demo, demoOrder.paymentUrl!, 'pay');
    await press(siteA!, orderA.paymentUrl!, 'expire');
    await after(clock, 5_000);
    expect((await rig.value('orders.get', demoOrder.key)).status).toBe('completed');
    expect((await rig.value('orders.get', orderA.key)).status).toBe('expired');

    // Final: no more calls, however long we wait.
    const before = [gets(rig.demo).length, gets(siteA!).length];
    for (let i = 0; i < 5; i++) await after(clock, 60 * 60_000);
    expect([gets(rig.demo).length, gets(siteA!).length]).toEqual(before);

    // One notification per change, naming the order, with the amount.
    expect(notified.map((n) => [n.key.orderId, n.title])).toEqual([
      [demoOrder.orderId, expect.stringMatching(/^Paid: .*12[.,]50/)],
      [orderA.orderId, expect.stringMatching(/^Expired: .*9[.,]90/)],
    ]);
    expect(notified[1]!.key).toEqual(orderA.key);

    // The timeline keeps every change with its time.
    const detail = await rig.value('orders.get', demoOrder.key);
    expect(detail.statusChanges?.map((c) => [c.state, c.status])).toEqual([
      ['sending', null],
      ['created', null],
      ['created', 'initialized'],
      ['created', 'completed'],
    ]);
    // The feed the renderer polls has them too, after its cursor.
    const feed = await rig.value('tracking.changes', { since: 1 });
    expect(feed.changes.filter((c) => c.status === 'completed').map((c) => c.key)).toEqual([demoOrder.key]);

    // A restart does not notify again.
    await rig.restart();
    await after(clock, 60 * 60_000);
    expect(notified).toHaveLength(2);
  });

  it('stops polling an order whose read-back is about another order (needs_review)', async () => {
    const { clock, notified } = await trackedRig();
    const order = await rig.value('orders.create', paymentLink());
    rig.demo.injectFault({ mode: 'answer_before', method: 'GET', path: '/orders/', body: GET_ORDER });
    await after(clock, 5_000);
    const read = await rig.value('orders.get', order.key);
    expect(read).toMatchObject({ state: 'needs_review', problem: { code: 'foreign_answer' } });
    // The foreign answer said "completed": nothing was taken from it, nothing notified.
    expect(read.status).not.toBe('completed');
    expect(notified).toEqual([]);
    for (let i = 0; i < 4; i++) await after(clock, 30_000);
    expect(gets(rig.demo, order.orderId)).toHaveLength(1);
  });

  it('slows down from every 5 s to every 30 s and then hourly', async () => {
    const { clock } = await trackedRig();
    const order = await rig.value('orders.create', paymentLink());
    for (let t = 0; t < 2 * 60_000; t += 5_000) await after(clock, 5_000);
    const fast = gets(rig.demo, order.orderId).length;
    expect(fast).toBeGreaterThanOrEqual(23);
    for (let t = 0; t < 13 * 60_000; t += 5_000) await after(clock, 5_000);
    const slow = gets(rig.demo, order.orderId).length - fast;
    expect(slow).toBeGreaterThanOrEqual(24);
    expect(slow).toBeLessThanOrEqual(28);
    const before = gets(rig.demo, order.orderId).length;
    for (let t = 0; t < 2 * 60 * 60_000; t += 60_000) await after(clock, 60_000);
    expect(gets(rig.demo, order.orderId).length - before).toBe(2);
  });
});

describe('429 and Retry-After', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2026, 10, 30, 9, 0, 0);
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });

  it.each([
    ['seconds', (_now: number) => '120', 120_000],
    ['an HTTP date', (now: number) => new Date(now + 90_000).toUTCString(), 90_000],
  ])('sends nothing for that profile before the time given in %s', async (_kind, header, waitMs) => {
    const { clock } = await trackedRig();
    const order = await rig.value('orders.create', paymentLink());
    clock.advance(5_000);
    rig.demo.injectFault({ mode: 'http429', method: 'GET', path: '/orders/', retryAfter: header(clock.now()) });
    await rig.services.reconcileNow();
    expect(gets(rig.demo)).toHaveLength(1);
    const feed = await rig.value('tracking.changes', { since: 0 });
    expect(feed.profiles).toEqual([
      { environment: 'demo', profileId: 'demo', profileName: 'Demo', state: 'rate_limited', failures: 0, retryAt: new Date(clock.now() + waitMs).toISOString() },
    ]);
    for (let t = 5_000; t < waitMs; t += 5_000) await after(clock, 5_000);
    expect(gets(rig.demo)).toHaveLength(1);
    await after(clock, 5_000);
    expect(gets(rig.demo, order.orderId)).toHaveLength(2);
    expect((await rig.value('tracking.changes', { since: 0 })).profiles).toEqual([]);
  });
});

describe('the circuit breaker per profile', () => {
  it('opens after repeated failures, probes once after the cool-down, reopens for longer, then closes on an answer', async () => {
    const { clock } = await trackedRig();
    const order = await rig.value('orders.create', paymentLink());
    rig.demo.injectFault({ mode: 'html502_before', method: 'GET', path: '/orders/', times: BREAKER_THRESHOLD + 1 });
    for (let i = 0; i < BREAKER_THRESHOLD; i++) await after(clock, 5_000);
    expect(gets(rig.demo)).toHaveLength(BREAKER_THRESHOLD);
    const opened = (await rig.value('tracking.changes', { since: 0 })).profiles;
    expect(opened).toEqual([expect.objectContaining({ profileName: 'Demo', state: 'open', retryAt: new Date(clock.now() + BREAKER_COOL_DOWN_MS).toISOString() })]);

    // Open: nothing is sent during the cool-down.
    for (let t = 5_000; t < BREAKER_COOL_DOWN_MS; t += 5_000) await after(clock, 5_000);
    expect(gets(rig.demo)).toHaveLength(BREAKER_THRESHOLD);
    // Half-open: one probe; it fails (the sixth 502), so the cool-down doubles.
    await after(clock, 5_000);
    expect(gets(rig.demo)).toHaveLength(BREAKER_THRESHOLD + 1);
    expect((await rig.value('tracking.changes', { since: 0 })).profiles[0]).toMatchObject({
      state: 'open',
      retryAt: new Date(clock.now() + 2 * BREAKER_COOL_DOWN_MS).toISOString(),
    });
    for (let t = 5_000; t < 2 * BREAKER_COOL_DOWN_MS; t += 5_000) await after(clock, 5_000);
    expect(gets(rig.demo)).toHaveLength(BREAKER_THRESHOLD + 1);
    // The next probe is answered: closed, polling resumes on its own.
    await after(clock, 5_000);
    expect(gets(rig.demo)).toHaveLength(BREAKER_THRESHOLD + 2);
    expect((await rig.value('tracking.changes', { since: 0 })).profiles).toEqual([]);
    await after(clock, 30_000);
    expect(gets(rig.demo, order.orderId).length).toBeGreaterThan(BREAKER_THRESHOLD + 2);
  });

  it('backs off one profile only: the other profile’s orders are still followed', async () => {
    const { clock } = await trackedRig({ withSiteA: true });
    const demoOrder = await rig.value('orders.create', paymentLink());
    const { profile } = await rig.value('profiles.save', { name: 'Site A', environment: 'test', apiKey: TEST_KEY });
    await rig.value('profiles.switch', { id: profile.id });
    const orderA = await rig.value('orders.create', paymentLink());
    siteA!.injectFault({ mode: 'reset_before', method: 'GET', path: '/orders/', times: 100 });
    for (let i = 0; i < BREAKER_THRESHOLD + 4; i++) await after(clock, 5_000);
    expect(gets(siteA!, orderA.orderId)).toHaveLength(BREAKER_THRESHOLD);
    expect(gets(rig.demo, demoOrder.orderId)).toHaveLength(BREAKER_THRESHOLD + 4);
    expect((await rig.value('tracking.changes', { since: 0 })).profiles).toEqual([
      expect.objectContaining({ environment: 'test', profileId: profile.id, profileName: 'Site A', state: 'open' }),
    ]);
  });
});

describe('the payment-link board', () => {
  it('lists open links of the active environment: all, expiring within 24 h, unpaid after N days', async () => {
    const { clock } = await trackedRig();
    const DAY = 24 * 60 * 60_000;
    const old = await rig.value('orders.create', paymentLink({ description: 'Old', lifetime: { unit: 'days', value: 30 } }));
    clock.advance(4 * DAY);
    const soon = await rig.value('orders.create', paymentLink({ description: 'Soon', lifetime: { unit: 'seconds', value: 3_600 } }));
    const fresh = await rig.value('orders.create', paymentLink({ description: 'Fresh', lifetime: { unit: 'days', value: 7 } }));
    const paid = await rig.value('orders.create', paymentLink({ description: 'Paid' }));
    await press(rig.demo, paid.paymentUrl!, 'pay');
    await after(clock, 5_000);

    const open = await rig.value('links.board', { view: 'open' });
    expect(open.rows.map((r) => r.key.orderId)).toEqual([soon.orderId, fresh.orderId, old.orderId]);
    expect(open.counts).toEqual({ open: 3, expiring: 1, unpaid: 1 });
    expect((await rig.value('links.board', { view: 'expiring' })).rows.map((r) => r.description)).toEqual(['Soon']);
    expect((await rig.value('links.board', { view: 'unpaid' })).rows.map((r) => r.description)).toEqual(['Old']);
    expect((await rig.value('links.board', { view: 'unpaid', unpaidDays: 5 })).rows).toEqual([]);
    // An expired link leaves the board.
    clock.advance(2 * 60 * 60_000);
    expect((await rig.value('links.board', { view: 'open' })).counts.open).toBe(2);
    // Refused: a filter outside the vocabulary.
    expect(await rig.call('links.board', { view: 'all' } as never)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('migration 7', () => {
  it('keeps one change per existing order (already notified) and checks only orders that may still change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'msp-v7-'));
    const file = join(dir, 'console.sqlite3');
    const v5 = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 5));
    const insert = v5.prepare(`INSERT INTO orders (environment, profile_id, operator, order_id, type, currency, amount, description, state, status,
                               request_body, created_at, updated_at) VALUES ('demo', 'demo', 'anna', @id, 'paymentlink', 'EUR', 100, 'x', @state, @status, '{}', 1, @at)`);
    insert.run({ id: 'OPEN', state: 'created', status: 'initialized', at: 100 });
    insert.run({ id: 'PAID', state: 'created', status: 'completed', at: 200 });
    insert.run({ id: 'GONE', state: 'created', status: 'expired', at: 300 });
    insert.run({ id: 'REFUSED', state: 'rejected', status: null, at: 400 });
    v5.close();
    const db = openDatabase(file);
    // A completed card payment is read once more (the tracker then stops: it is final).
    expect(db.prepare('SELECT order_id, next_check_at FROM orders ORDER BY id').all()).toEqual([
      { order_id: 'OPEN', next_check_at: 100 },
      { order_id: 'PAID', next_check_at: 200 },
      { order_id: 'GONE', next_check_at: null },
      { order_id: 'REFUSED', next_check_at: null },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM order_status_changes WHERE notified_at IS NULL').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM order_status_changes').get()).toEqual({ n: 4 });
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
