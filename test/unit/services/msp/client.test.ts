import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMspClient, MAX_RESPONSE_BYTES, readAnswer } from '../../../../electron/services/msp/client';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

async function serve(handler: RequestListener) {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let hits = 0;
  server.on('request', () => hits++);
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/json`, hits: () => hits };
}

const client = (baseUrl: string, timeoutMs = 2000) =>
  createMspClient({ baseUrl, apiKey: 'canary-key-123', timeoutMs, now: () => 0 });

describe('createMspClient', () => {
  it('sends the key in a header, never in the URL, and keeps the raw body', async () => {
    let seen: { url?: string; key?: string | string[] } = {};
    const { base } = await serve((req, res) => {
      seen = { url: req.url, key: req.headers.api_key };
      res.end('{"success":true,"data":{"transaction_id":17472052901237122}}');
    });
    const call = await client(base).call('POST', '/orders', '{}');
    expect(seen.key).toBe('canary-key-123');
    expect(seen.url).toBe('/v1/json/orders');
    expect(call).toMatchObject({ transport: 'answered', httpStatus: 200, path: '/orders' });
    expect(call.responseBody).toContain('17472052901237122');
    expect(JSON.stringify(call)).not.toContain('canary-key-123');
  });

  it('parses big ids losslessly', async () => {
    const { base } = await serve((_q, res) => res.end('{"success":true,"data":{"transaction_id":17472052901237122,"amount":1000}}'));
    const reading = readAnswer(await client(base).call('GET', '/orders/x'));
    expect(reading).toEqual({ kind: 'success', data: { transaction_id: '17472052901237122', amount: 1000 } });
  });

  it('never retries a POST that got no answer', async () => {
    const { base, hits } = await serve((req) => req.socket.destroy());
    const call = await client(base).call('POST', '/orders', '{}');
    expect(call.transport).toBe('no_answer');
    expect(hits()).toBe(1);
  });

  it('cuts a slow-loris answer at timeout.request', async () => {
    const { base } = await serve((_q, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(timer));
    });
    const call = await client(base, 300).call('POST', '/orders', '{}');
    expect(call.transport).toBe('no_answer');
    expect(call.reason).toBe('ETIMEDOUT:request');
    expect(call.durationMs).toBeLessThan(2000);
  });

  it('aborts a body over the size cap', async () => {
    const { base } = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('x'.repeat(MAX_RESPONSE_BYTES + 10_000));
    });
    const call = await client(base).call('GET', '/orders/x');
    expect(call.transport).toBe('no_answer');
    expect(call.reason).toBe('ERR_BODY_TOO_LARGE');
  });

  it('classifies a refused connection as not sent', async () => {
    const { base } = await serve(() => {});
    const closed = servers.pop()!;
    await new Promise((r) => closed.close(r));
    const call = await client(base).call('POST', '/orders', '{}');
    expect(call).toMatchObject({ transport: 'not_sent', reason: 'ECONNREFUSED' });
  });
});

describe('readAnswer', () => {
  const answered = (body: string | null, httpStatus = 200) =>
    readAnswer({ method: 'GET', path: '/', requestBody: null, startedAt: 0, durationMs: 0, transport: 'answered', reason: null, httpStatus, responseBody: body });

  it('reads the standard, message-only and odd envelopes by body', () => {
    expect(answered('{"success":false,"data":{},"error_code":1006,"error_info":"Invalid transaction ID"}', 404)).toEqual({ kind: 'api_error', errorCode: 1006, errorInfo: 'Invalid transaction ID' });
    expect(answered('{"success":false,"data":[],"error_code":"1032","error_info":"x"}', 401)).toMatchObject({ errorCode: 1032 });
    expect(answered('{"message":"Forbidden"}', 403)).toEqual({ kind: 'api_error', errorCode: null, errorInfo: 'Forbidden' });
  });

  it('treats malformed, HTML, empty and duplicate-key bodies as unreadable', () => {
    for (const body of [
      '{"success": true "data": {}}',
      '{"data":{"transaction_id": 123456789 "costs":[]}}',
      '{"amount":,}',
      '<html><body>502 Bad Gateway</body></html>',
      '',
      '{"success":true,"data":{"phone1":"1","phone1":"2"}}',
      '[]',
      null,
    ]) {
      expect(answered(body).kind, String(body)).toBe('unreadable');
    }
  });
});
