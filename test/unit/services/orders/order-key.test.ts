// An order is named by environment + site profile + order_id, and followed up with its own
// profile's key and base URL whichever profile is active (here: profile A's order while Demo is active).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../../../electron/demo/server';
import type { DemoServer } from '../../../../electron/demo/server';
import { manualClock } from '../../../../electron/services/platform/clock';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

const TEST_KEY = 'tk_test_0123456789abcdef0123';

let siteA: DemoServer;
let rig: Rig;
let clock: ReturnType<typeof manualClock>;

beforeEach(async () => {
  siteA = await startDemoServer({ environment: 'test', keys: { test: [TEST_KEY], live: [] } });
  clock = manualClock(Date.now());
  rig = await startRig({ baseUrls: { test: siteA.apiBase }, services: { clock, reconcileEveryMs: 0 } });
});
afterEach(async () => {
  await rig.close();
  await siteA.close();
});

const callsTo = (server: DemoServer, method: string, orderId: string) =>
  server.received.filter((r) => r.method === method && r.path === `/orders/${orderId}`);

/** Profile A (test), active while `make` runs; then back to the built-in Demo profile. */
async function inProfileA<T>(make: () => Promise<T>): Promise<T> {
  const { profile } = await rig.value('profiles.save', {
    name: 'Site A',
    environment: 'test',
    apiKey: TEST_KEY,
  });
  await rig.value('profiles.switch', { id: profile.id });
  const made = await make();
  await rig.value('profiles.switch', { id: 'demo' });
  expect((await rig.value('app.info', {})).profileId).toBe('demo');
  return made;
}

describe('an order of profile A while profile B is active', () => {
  it('is read, refreshed and cancelled with A’s key at A’s base URL', async () => {
    const order = await inProfileA(() => rig.value('orders.create', paymentLink()));
    expect(order.key).toEqual({ environment: 'test', profileId: expect.stringMatching(/^p-/), orderId: order.orderId });

    expect((await rig.value('orders.get', order.key)).orderId).toBe(order.orderId);
    // The same order_id under the active profile's key names no order.
    expect(await rig.call('orders.get', { environment: 'demo', profileId: 'demo', orderId: order.orderId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    expect(await rig.value('orders.refresh', order.key)).toMatchObject({ state: 'created', status: 'initialized' });
    expect(callsTo(siteA, 'GET', order.orderId)).toHaveLength(1);

    expect(await rig.value('orders.cancel', order.key)).toMatchObject({ status: 'cancelled' });
    expect(callsTo(siteA, 'PATCH', order.orderId)).toHaveLength(1);
    expect(rig.demo.received).toEqual([]);

    const audit = await rig.value('audit.list', { limit: 50 });
    expect(audit.items.find((i) => i.action === 'order.cancel')).toMatchObject({ profileId: order.key.profileId, environment: 'test' });
  });

  it('is sent again with A’s key at A’s base URL', async () => {
    const order = await inProfileA(async () => {
      siteA.injectFault({ mode: 'http429', method: 'POST', path: '/orders' });
      return rig.value('orders.create', paymentLink());
    });
    expect(order.state).toBe('not_sent');
    expect(await rig.value('orders.resend', order.key)).toMatchObject({ state: 'created' });
    expect(siteA.received.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(rig.demo.received).toEqual([]);
  });

  it('is settled by the reconciler with A’s key at A’s base URL', async () => {
    const order = await inProfileA(async () => {
      siteA.injectFault({ mode: 'reset_after', method: 'POST', path: '/orders' });
      return rig.value('orders.create', paymentLink());
    });
    expect(order.state).toBe('unknown');
    clock.advance(5_000);
    expect(await rig.services.reconcileNow()).toBe(1);
    expect(callsTo(siteA, 'GET', order.orderId)).toHaveLength(1);
    expect((await rig.value('orders.get', order.key)).state).toBe('created');
    expect(rig.demo.received).toEqual([]);
  });

  it('cannot be followed up once A has no key: refused in words, nothing sent', async () => {
    const order = await inProfileA(() => rig.value('orders.create', paymentLink()));
    await rig.value('profiles.delete', { id: order.key.profileId, confirm: true });
    expect(await rig.call('orders.refresh', order.key)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(callsTo(siteA, 'GET', order.orderId)).toHaveLength(0);
  });
});
