/**
 * A loopback imitation of the MultiSafepay test API over real HTTP: the
 * console's "Demo" environment and the test suites' server. Listens on
 * 127.0.0.1 only. Time comes from the injected clock and statuses are derived
 * when read, so nothing here runs on timers.
 *
 *   /v1/json/...        the API (api.ts), with injectable transport faults
 *   /connect/{session}/ the hosted payment page; /bank/{session} a fake bank
 *   POST /_demo/faults  queue a fault by hand (manual demos)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'lossless-json';
import { DemoApi } from './api';
import type { ApiReply } from './reply';
import { actsBefore, FaultQueue, FaultSchema, HTML_429, HTML_502, malformedBody, type Fault } from './faults';
import { servePage } from './pay-page';

export type { Fault, FaultMode } from './faults';

export const DEMO_API_KEY = 'demo-console-key';
export const DEMO_LIVE_API_KEY = 'demo-live-key';

export interface DemoServerOptions {
  /** ms epoch; default Date.now. All time-based behaviour reads it. */
  clock?: { now(): number };
  /** Offer the retired INGHOME gateway; default false (→ 1023). */
  legacyIngHomePay?: boolean;
  /** Which environment this server imitates; default 'test'. */
  environment?: 'test' | 'live';
  /** Accepted keys per environment; a key of the other environment gets 1032. */
  keys?: { test: string[]; live: string[] };
  /** Default 0 (any free port). */
  port?: number;
}

export interface ReceivedRequest {
  method: string;
  /** Without the query, relative to /v1/json. */
  path: string;
  /** The query without api_key. */
  query: Record<string, string>;
  /** Raw text as received. */
  body: string;
  /** Clock ms. */
  at: number;
}

export interface DemoServer {
  url: string;
  origin: string;
  apiBase: string;
  /** Every API request (not the payment pages), in order; never the API key. */
  received: ReceivedRequest[];
  injectFault(fault: Fault): void;
  setLegacyIngHomePay(on: boolean): void;
  /** Orders held server-side, all keys together. */
  orderCount(): number;
  /**
   * Add `count` transactions nobody created through the console (payments, some refunds), created
   * evenly over [from, until) ms, three to a second; listed by GET /transactions for `apiKey` (default: the demo key).
   * `open`: unpaid payments (`initialized`, no refunds) instead of paid ones.
   */
  seedTransactions(count: number, window: { from: number; until: number; open?: boolean }, apiKey?: string): void;
  /** Server-side view of an order (transaction_id as a string), for tests. */
  getOrder(orderId: string): Record<string, unknown> | undefined;
  /** Stops listening and destroys every connection, hanging ones included. */
  close(): Promise<void>;
}

const API_PREFIX = '/v1/json';
const JSON_TYPE = 'application/json; charset=utf-8';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The key from the `api_key` header, a Bearer token, or the `api_key` query parameter. */
function apiKeyOf(req: IncomingMessage, params: URLSearchParams): string | null {
  const header = req.headers.api_key;
  if (typeof header === 'string' && header !== '') return header;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (bearer) return bearer[1]!;
  return params.get('api_key') || null;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** JSON via lossless-json, so big PSP IDs go out as bare number literals. */
function sendReply(res: ServerResponse, reply: ApiReply): void {
  send(res, reply.status, { 'content-type': JSON_TYPE }, stringify(reply.payload) ?? '');
}

/** Break the exchange the way `mode` says. A hang simply never answers; close() ends it. */
function breakExchange(res: ServerResponse, fault: Fault, reply?: ApiReply): void {
  switch (fault.mode) {
    case 'hang_before':
    case 'hang_after':
      return;
    case 'reset_before':
    case 'reset_after':
      res.socket?.destroy();
      return;
    case 'html502_before':
    case 'html502_after':
      return send(res, 502, { 'content-type': 'text/html' }, HTML_502);
    case 'http429':
      return send(res, 429, { 'content-type': 'text/html', 'retry-after': fault.retryAfter ?? '3' }, HTML_429);
    case 'notfound_before':
      return sendReply(res, { status: 404, payload: { success: false, data: {}, error_code: 1006, error_info: 'Invalid transaction ID' } });
    case 'badkey_before':
      return sendReply(res, { status: 401, payload: { success: false, data: {}, error_code: 1032, error_info: 'Invalid API key' } });
    case 'malformed_after':
      return send(res, 200, { 'content-type': JSON_TYPE }, malformedBody(reply?.payload, reply?.transactionId));
    case 'empty_after':
      return send(res, 200, { 'content-type': JSON_TYPE }, '');
    case 'answer_before':
      return send(res, fault.status ?? 200, { 'content-type': JSON_TYPE }, fault.body ?? '');
  }
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const clock = options.clock ?? { now: () => Date.now() };
  const faults = new FaultQueue();
  const received: ReceivedRequest[] = [];

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const api = new DemoApi({
    clock,
    environment: options.environment ?? 'test',
    keys: options.keys ?? { test: [DEMO_API_KEY], live: [DEMO_LIVE_API_KEY] },
    legacyIngHomePay: options.legacyIngHomePay ?? false,
    origin: url,
  });

  function handleApi(req: IncomingMessage, res: ServerResponse, target: URL, body: string) {
    const method = req.method ?? 'GET';
    const path = target.pathname.slice(API_PREFIX.length) || '/';
    const query = Object.fromEntries([...target.searchParams].filter(([name]) => name !== 'api_key'));
    received.push({ method, path, query, body, at: clock.now() });

    const fault = faults.take(method, path);
    if (fault && actsBefore(fault.mode)) return breakExchange(res, fault);
    const apiKey = apiKeyOf(req, target.searchParams);
    const reply = api.respond({ method, path, params: target.searchParams, body, apiKey });
    if (fault) return breakExchange(res, fault, reply);
    sendReply(res, reply);
  }

  function handleFaultControl(req: IncomingMessage, res: ServerResponse, body: string) {
    if (req.method !== 'POST') return send(res, 405, { allow: 'POST' }, '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    const fault = FaultSchema.safeParse(parsed);
    if (!fault.success) {
      const error = JSON.stringify({ success: false, error_info: fault.error.message });
      return send(res, 400, { 'content-type': JSON_TYPE }, error);
    }
    faults.add(fault.data);
    send(res, 200, { 'content-type': JSON_TYPE }, JSON.stringify({ success: true, data: fault.data }));
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const target = new URL(req.url ?? '/', url);
      const body = await readBody(req);
      if (target.pathname === API_PREFIX || target.pathname.startsWith(`${API_PREFIX}/`)) {
        return handleApi(req, res, target, body);
      }
      if (target.pathname === '/_demo/faults') return handleFaultControl(req, res, body);
      const page = servePage(req.method ?? 'GET', target, api, clock.now());
      if (page) return send(res, page.status, page.headers, page.body);
      send(res, 404, { 'content-type': 'text/plain; charset=utf-8' }, 'Not found');
    })().catch(() => {
      if (!res.headersSent) send(res, 500, { 'content-type': 'text/plain; charset=utf-8' }, 'Internal error');
      else res.destroy();
    });
  });

  let closing: Promise<void> | undefined;

  return {
    url,
    origin: url,
    apiBase: `${url}${API_PREFIX}`,
    received,
    injectFault: (fault) => faults.add(fault),
    setLegacyIngHomePay: (on) => {
      api.legacyIngHomePay = on;
    },
    orderCount: () => api.orderCount(),
    seedTransactions: (count, window, apiKey = DEMO_API_KEY) => api.seed(apiKey, count, window.from, window.until, window.open ?? false),
    getOrder: (orderId) => {
      const order = api.findOrder(orderId);
      if (!order) return undefined;
      return {
        ...api.details(order),
        transaction_id: order.transactionId,
        payment_url: order.paymentUrl,
        session_id: order.sessionId,
      };
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
