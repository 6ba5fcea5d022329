import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultMode } from '../../../../electron/demo/server';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

let rig: Rig;
afterEach(async () => rig?.close());

const orderPosts = (r: Rig) => r.demo.received.filter((q) => q.method === 'POST' && q.path === '/orders');

describe('creating a payment link', () => {
  it('validates, writes the intent, posts once with an integer amount and stores the answer', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', paymentLink({ amount: 100050 }));
    expect(order).toMatchObject({ state: 'created', amount: 100050, currency: 'EUR', environment: 'demo', operator: 'tester' });
    expect(order.orderId).toMatch(/^CON-\d{8}-\d{6}-[a-z2-9]{6}$/);
    expect(order.paymentUrl).toMatch(new RegExp(`^${rig.demo.url}/connect/`));

    const posts = orderPosts(rig);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toContain('"amount":100050');
    expect(JSON.parse(posts[0]!.body)).toEqual({
      type: 'paymentlink',
      order_id: order.orderId,
      currency: 'EUR',
      amount: 100050,
      description: 'Phone order 42',
    });
    expect(rig.demo.orderCount()).toBe(1);

    const detail = await rig.value('orders.get', order.key);
    expect(detail.exchanges).toHaveLength(1);
    expect(detail.exchanges[0]).toMatchObject({ method: 'POST', path: '/orders', httpStatus: 200 });
    expect(JSON.parse(detail.exchanges[0]!.responseBody!).data.payment_url).toBe(order.paymentUrl);
  });

  it('writes nothing and sends nothing when the input is invalid', async () => {
    rig = await startRig();
    const result = await rig.call('orders.create', paymentLink({ amount: 0, description: 'pay 4111 1111 1111 1111' }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION');
      expect(result.error.fields?.amount?.key).toBe('validation.amount.positive');
      expect(result.error.fields?.description?.key).toBe('validation.text.cardNumber');
    }
    expect(rig.demo.received).toHaveLength(0);
    expect((await rig.value('history.search', {})).items).toHaveLength(0);
  });

  it('keeps the history across a restart of the services', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', paymentLink());
    await rig.restart();
    const page = await rig.value('history.search', {});
    expect(page.items.map((o) => o.orderId)).toEqual([order.orderId]);
    expect(page.items[0]).toMatchObject({ state: 'created', paymentUrl: order.paymentUrl });
  });

  it('keeps 16–17 digit transaction ids exact', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', paymentLink());
    const refreshed = await rig.value('orders.refresh', order.key);
    const serverId = String(rig.demo.getOrder(order.orderId)?.transaction_id);
    expect(serverId).toMatch(/^\d{16,17}$/);
    expect(refreshed.transactionId).toBe(serverId);
    expect(refreshed.status).toBe('initialized');
  });

  it('maps an API refusal to rejected with its code', async () => {
    rig = await startRig({ demo: { keys: { test: ['another-key'], live: [] } } });
    const order = await rig.value('orders.create', paymentLink());
    expect(order).toMatchObject({ state: 'rejected', problem: { code: '1032' } });
    expect(rig.demo.orderCount()).toBe(0);
  });
});

describe('faults never lose an order and never create a second one', () => {
  const cases: Array<{ mode: FaultMode; first: string; settled: string; landed: number }> = [
    { mode: 'reset_before', first: 'unknown', settled: 'not_sent', landed: 0 },
    { mode: 'reset_after', first: 'unknown', settled: 'created', landed: 1 },
    { mode: 'hang_before', first: 'unknown', settled: 'not_sent', landed: 0 },
    { mode: 'hang_after', first: 'unknown', settled: 'created', landed: 1 },
    { mode: 'html502_before', first: 'unknown', settled: 'not_sent', landed: 0 },
    { mode: 'html502_after', first: 'unknown', settled: 'created', landed: 1 },
    { mode: 'malformed_after', first: 'unknown', settled: 'created', landed: 1 },
    { mode: 'empty_after', first: 'unknown', settled: 'created', landed: 1 },
    { mode: 'http429', first: 'not_sent', settled: 'not_sent', landed: 0 },
  ];
  for (const c of cases) {
    it(`${c.mode}: ${c.first} at first, ${c.settled} after GET /orders/{order_id}`, async () => {
      rig = await startRig({ services: { requestTimeoutMs: 300 } });
      rig.demo.injectFault({ mode: c.mode, method: 'POST', path: '/orders' });
      const order = await rig.value('orders.create', paymentLink());
      expect(order.state).toBe(c.first);
      const settled = await rig.value('orders.refresh', order.key);
      expect(settled.state).toBe(c.settled);
      expect(rig.demo.orderCount()).toBe(c.landed);
      expect(orderPosts(rig)).toHaveLength(1); // never re-posted by itself
      expect((await rig.value('history.search', {})).items).toHaveLength(1);
    });
  }

  it('says not_sent when the API is not reachable at all', async () => {
    rig = await startRig();
    await rig.demo.close();
    const order = await rig.value('orders.create', paymentLink());
    expect(order.state).toBe('not_sent');
    const refresh = await rig.call('orders.refresh', order.key);
    expect(refresh).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    expect((await rig.value('orders.get', order.key)).state).toBe('not_sent');
  });
});

describe('history', () => {
  it('pages newest first with a keyset cursor', async () => {
    rig = await startRig();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await rig.value('orders.create', paymentLink({ description: `Order ${i}` }))).orderId);
    const first = await rig.value('history.search', { limit: 2 });
    expect(first.items.map((o) => o.description)).toEqual(['Order 2', 'Order 1']);
    expect(first.next).not.toBeNull();
    const second = await rig.value('history.search', { limit: 2, cursor: first.next });
    expect(second.items.map((o) => o.orderId)).toEqual([ids[0]]);
    expect(second.next).toBeNull();
  });
});

describe('app', () => {
  it('starts in Demo with no API key configured', async () => {
    rig = await startRig();
    expect(await rig.value('app.info', {})).toMatchObject({ environment: 'demo', profileName: 'Demo', demoOrigin: rig.demo.origin });
  });

  it('opens only allowlisted URLs', async () => {
    rig = await startRig();
    expect(await rig.value('app.openExternal', { url: 'javascript:alert(1)' })).toEqual({ opened: false });
    expect(await rig.value('app.openExternal', { url: 'https://evil.example/' })).toEqual({ opened: false });
    expect(await rig.value('app.openExternal', { url: `${rig.demo.url}/connect/x/` })).toEqual({ opened: true });
    expect(rig.opened).toEqual([`${rig.demo.url}/connect/x/`]);
  });

  it('refuses calls from other frames', async () => {
    rig = await startRig();
    const handler = rig.services.handlers['orders.create'];
    const result = await handler(paymentLink(), { url: 'app://console/index.html', isMainFrame: false });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(rig.demo.received).toHaveLength(0);
  });

  it('starts its own demo server when none is given, and stops it on dispose', async () => {
    rig = await startRig({ services: { baseUrls: {} } });
    const info = await rig.value('app.info', {});
    expect(info.demoOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.demoOrigin).not.toBe(rig.demo.origin);
    const order = await rig.value('orders.create', paymentLink());
    expect(order.state).toBe('created');
    expect(rig.demo.received).toHaveLength(0);
  });

  it('keeps the API key out of the database', async () => {
    rig = await startRig();
    await rig.value('orders.create', paymentLink());
    await rig.services.dispose();
    const files = ['console.sqlite3', 'console.sqlite3-wal'].map((f) => {
      try {
        return readFileSync(join(rig.dataDir, f)).toString('latin1');
      } catch {
        return '';
      }
    });
    expect(files.join('')).not.toContain('demo-console-key');
    rig.services = { handlers: rig.services.handlers, reconcileNow: async () => 0, openOrder: () => {}, syncIdle: async () => {}, storageChecked: async () => {}, indexBuilt: async () => {}, dispose: async () => {} };
  });
});
