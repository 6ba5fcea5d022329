/** Shared helpers for the demo server tests: a hand-moved clock and a small API client. */
import { afterEach, expect } from 'vitest';
import { parse } from 'lossless-json';
import { DEMO_API_KEY, startDemoServer, type DemoServer, type DemoServerOptions } from '../../../electron/demo/server';

export const START = Date.UTC(2026, 10, 21, 9, 0, 0);
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

/** A clock the test moves by hand; nothing in the server sleeps. */
export function manualClock(start = START) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

const running: DemoServer[] = [];

/** Start a server that is closed after the test. */
export async function demo(options: DemoServerOptions = {}): Promise<DemoServer> {
  const server = await startDemoServer(options);
  running.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

export interface Answer {
  status: number;
  text: string;
  /** Parsed losslessly (numbers are LosslessNumber); loosely typed because tests only read it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  headers: Headers;
}

export async function call(
  server: DemoServer,
  method: string,
  path: string,
  body?: unknown,
  init: { key?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const key = init.key === undefined ? DEMO_API_KEY : init.key;
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (key !== null) headers.api_key = key;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.apiBase}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, headers: response.headers };
}

/** lossless-json numbers as plain strings, for comparisons. */
export const num = (value: unknown) => String(value);

/** The standard error envelope with this HTTP status and error_code. */
export function expectError(answer: Answer, status: number, code: number): void {
  expect({ status: answer.status, code: num(answer.json?.error_code) }).toEqual({ status, code: String(code) });
  expect(answer.json.success).toBe(false);
  expect(answer.json.data).toEqual({});
  expect(typeof answer.json.error_info).toBe('string');
}

let seq = 0;
export const nextOrderId = () => `CON-TEST-${++seq}`;

export function paymentLink(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'paymentlink',
    order_id: nextOrderId(),
    currency: 'EUR',
    amount: 1000,
    description: 'Phone order 123',
    ...overrides,
  };
}

export function directDebit(iban = 'NL91ABNA0417164300', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'direct',
    gateway: 'DIRDEB',
    order_id: nextOrderId(),
    currency: 'EUR',
    amount: 2500,
    description: 'Membership fee',
    gateway_info: {
      account_id: iban,
      account_holder_name: 'Simon Smit',
      account_holder_iban: iban,
      emandate: 'MANDATE-1',
    },
    ...overrides,
  };
}
