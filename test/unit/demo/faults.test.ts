import { describe, expect, it } from 'vitest';
import { parse } from 'lossless-json';
import { DEMO_API_KEY, type DemoServer } from '../../../electron/demo/server';
import { call, demo, paymentLink } from './support';

function post(server: DemoServer, body: unknown, signal?: AbortSignal) {
  return fetch(`${server.apiBase}/orders`, {
    method: 'POST',
    headers: { api_key: DEMO_API_KEY, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: signal ?? null,
  });
}

/** What a request still open after `ms` looks like: pending. */
function stateAfter(promise: Promise<unknown>, ms: number) {
  return Promise.race([
    promise.then(() => 'answered', () => 'failed'),
    new Promise((resolve) => setTimeout(resolve, ms, 'pending')),
  ]);
}

describe('injected faults', () => {
  it.each([
    ['hang_before', 0],
    ['hang_after', 1],
  ] as const)('%s: the request never completes (orders stored: %i)', async (mode, stored) => {
    const server = await demo();
    server.injectFault({ mode, path: '/orders' });
    const body = paymentLink();
    await expect(post(server, body, AbortSignal.timeout(300))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(server.orderCount()).toBe(stored);
    expect(server.received).toHaveLength(1);
    // Used up: the next request is answered normally.
    const read = await call(server, 'GET', `/orders/${String(body.order_id)}`);
    expect(read.status).toBe(stored ? 200 : 404);
  });

  it('close() ends a hanging request promptly', async () => {
    const server = await demo();
    server.injectFault({ mode: 'hang_after' });
    const pending = post(server, paymentLink());
    expect(await stateAfter(pending, 200)).toBe('pending');
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });

  it.each([
    ['reset_before', 0],
    ['reset_after', 1],
  ] as const)('%s: the connection is reset (orders stored: %i)', async (mode, stored) => {
    const server = await demo();
    server.injectFault({ mode, method: 'post', path: '/orders' });
    await expect(post(server, paymentLink())).rejects.toThrow(TypeError);
    expect(server.orderCount()).toBe(stored);
    expect(server.received).toHaveLength(1);
  });

  it.each([
    ['html502_before', 0],
    ['html502_after', 1],
  ] as const)('%s: a proxy-style HTML 502 page (orders stored: %i)', async (mode, stored) => {
    const server = await demo();
    server.injectFault({ mode });
    const response = await post(server, paymentLink());
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('<title>502 Bad Gateway</title>');
    expect(server.orderCount()).toBe(stored);
  });

  it('malformed_after: stores the order, then answers 200 with JSON broken like the seed pages', async () => {
    const server = await demo();
    server.injectFault({ mode: 'malformed_after' });
    const body = paymentLink({ type: 'direct', gateway: 'KBC' });
    const response = await post(server, body);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(server.orderCount()).toBe(1);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(() => parse(text)).toThrow();
    const id = String(server.getOrder(String(body.order_id))?.transaction_id);
    expect(text).toContain(`"transaction_id": ${id}\n`); // missing comma
    expect(text).toContain('"amount":,');
    expect(text).toMatch(/,\s*[}\]]\s*[}\]]\s*$/); // trailing comma
    expect(text).toContain(String(body.order_id));
  });

  it('malformed_after also breaks list answers', async () => {
    const server = await demo();
    server.injectFault({ mode: 'malformed_after', path: '/payment-methods' });
    const answer = await call(server, 'GET', '/payment-methods');
    expect(answer.status).toBe(200);
    expect(answer.json).toBeUndefined();
    expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
  });

  it('empty_after: stores the order, then answers 200 with an empty body', async () => {
    const server = await demo();
    server.injectFault({ mode: 'empty_after' });
    const response = await post(server, paymentLink());
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(server.orderCount()).toBe(1);
  });

  it('http429: Retry-After 3 and nothing created', async () => {
    const server = await demo();
    server.injectFault({ mode: 'http429' });
    const response = await post(server, paymentLink());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(server.orderCount()).toBe(0);
  });

  it('answer_before: answers with the given status and body as they are, and creates nothing', async () => {
    const server = await demo();
    const body = '{"success":true,"data":{"order_id":"example_order_123456","transaction_id":17472052901237122}}';
    server.injectFault({ mode: 'answer_before', method: 'GET', body });
    server.injectFault({ mode: 'answer_before', method: 'POST', status: 404, body: '{"success":false}' });
    const read = await call(server, 'GET', '/orders/CON-1');
    expect([read.status, read.text]).toEqual([200, body]);
    expect((await post(server, paymentLink())).status).toBe(404);
    expect(server.orderCount()).toBe(0);
  });

  it('matches faults by method and path prefix, `times` requests in a row', async () => {
    const server = await demo();
    server.injectFault({ mode: 'http429', method: 'POST', path: '/orders', times: 2 });
    expect((await call(server, 'GET', '/orders/x')).status).toBe(404); // GET is not matched
    expect((await call(server, 'GET', '/gateways')).status).toBe(200);
    expect((await post(server, paymentLink())).status).toBe(429);
    expect((await post(server, paymentLink())).status).toBe(429);
    expect((await post(server, paymentLink())).status).toBe(200);
    expect(server.orderCount()).toBe(1);
  });

  it('takes faults over HTTP at POST /_demo/faults', async () => {
    const server = await demo();
    const inject = (fault: unknown) =>
      fetch(`${server.url}/_demo/faults`, { method: 'POST', body: JSON.stringify(fault) });
    expect((await inject({ mode: 'html502_after', path: '/orders', times: 1 })).status).toBe(200);
    expect((await inject({ mode: 'boom' })).status).toBe(400);
    expect((await inject({ mode: 'http429', times: 0 })).status).toBe(400);
    expect((await inject({ mode: 'answer_before' })).status).toBe(400); // no body to answer with
    expect((await inject({ mode: 'http429', body: '{}' })).status).toBe(400);
    expect((await fetch(`${server.url}/_demo/faults`)).status).toBe(405);
    expect((await post(server, paymentLink())).status).toBe(502);
    expect(server.orderCount()).toBe(1);
    expect(server.received.map((r) => r.path)).toEqual(['/orders']);
  });
});
