import { describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../../electron/demo/server';
import { call, demo, expectError, paymentLink } from './support';

describe('demo API authentication', () => {
  it('accepts the key as header, query parameter or Bearer token', async () => {
    const server = await demo();
    const viaHeader = await call(server, 'GET', '/gateways');
    const viaQuery = await call(server, 'GET', `/gateways?api_key=${DEMO_API_KEY}`, undefined, { key: null });
    const viaBearer = await call(server, 'GET', '/gateways', undefined, {
      key: null,
      headers: { authorization: `Bearer ${DEMO_API_KEY}` },
    });
    for (const answer of [viaHeader, viaQuery, viaBearer]) {
      expect(answer.status).toBe(200);
      expect(answer.json.success).toBe(true);
    }
  });

  it('answers 401 / 1032 for a missing, unknown or other-environment key', async () => {
    const server = await demo();
    expectError(await call(server, 'GET', '/gateways', undefined, { key: null }), 401, 1032);
    expectError(await call(server, 'GET', '/payment-methods', undefined, { key: 'nope' }), 401, 1032);
    expectError(await call(server, 'POST', '/orders', paymentLink(), { key: 'demo-live-key' }), 401, 1032);
    expect(server.orderCount()).toBe(0);
  });

  it('imitates live with live keys only', async () => {
    const server = await demo({ environment: 'live', keys: { test: ['t-key'], live: ['l-key'] } });
    expect((await call(server, 'GET', '/gateways', undefined, { key: 'l-key' })).status).toBe(200);
    expectError(await call(server, 'GET', '/gateways', undefined, { key: 't-key' }), 401, 1032);
    expectError(await call(server, 'GET', '/gateways', undefined, { key: DEMO_API_KEY }), 401, 1032);
  });

  it('answers 404 / 1000 for unknown API paths', async () => {
    const server = await demo();
    expectError(await call(server, 'GET', '/refunds'), 404, 1000);
    expectError(await call(server, 'DELETE', '/orders/x'), 404, 1000);
    expectError(await call(server, 'GET', '/orders/a/b/c'), 404, 1000);
  });

  it('records every API request with its raw body and never the key', async () => {
    const server = await demo();
    const raw = '{"type":"paymentlink",  "order_id":"R-1","currency":"EUR","amount":1000,"description":"Raw"}';
    await call(server, 'POST', '/orders', raw);
    await call(server, 'GET', `/orders/R-1?api_key=${DEMO_API_KEY}&x=1`, undefined, { key: null });
    await call(server, 'GET', '/gateways', undefined, { key: null, headers: { authorization: `Bearer ${DEMO_API_KEY}` } });
    await fetch(`${server.url}/connect/assets/pay.css`);

    expect(server.received.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/orders'],
      ['GET', '/orders/R-1'],
      ['GET', '/gateways'],
    ]);
    expect(server.received[0]!.body).toBe(raw);
    expect(server.received[1]!.query).toEqual({ x: '1' });
    expect(server.received[1]!.body).toBe('');
    expect(JSON.stringify(server.received)).not.toContain(DEMO_API_KEY);
  });

  it('stamps received requests with the injected clock', async () => {
    let t = 1_000_000;
    const server = await demo({ clock: { now: () => t } });
    await call(server, 'GET', '/gateways');
    t += 5;
    await call(server, 'GET', '/gateways');
    expect(server.received.map((r) => r.at)).toEqual([1_000_000, 1_000_005]);
  });
});
