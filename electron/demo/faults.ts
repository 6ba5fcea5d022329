/**
 * Injected transport faults: the failures a client must survive without
 * losing track of an order: a timeout, a reset, an HTML 5xx page or a broken
 * body may come after MultiSafepay stored the order. "_before" modes break the
 * exchange before anything is stored; "_after" modes let the request take
 * effect and then break the answer.
 */
import { LosslessNumber, stringify } from 'lossless-json';
import { z } from '@shared/zod';
import { isRecord } from './orders';

export const FAULT_MODES = [
  'hang_before',
  'hang_after',
  'reset_before',
  'reset_after',
  'html502_before',
  'html502_after',
  'malformed_after',
  'empty_after',
  'http429',
  // GET answers "not found" (404, 1006) without looking: a read that lags behind a create.
  'notfound_before',
  // Any call is refused as if the key were wrong (401, 1032).
  'badkey_before',
  // Answers with the given `status` and `body` exactly, without looking: e.g. a published
  // getOrder.json about another order, for the read-back checks.
  'answer_before',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface Fault {
  mode: FaultMode;
  method?: string;
  /** Prefix relative to /v1/json, e.g. '/orders'. */
  path?: string;
  /** How many matching requests get it; default 1. */
  times?: number;
  /** How many matching requests pass untouched first (e.g. a fault on page k of a listing); default 0. */
  skip?: number;
  /** answer_before: the HTTP status (default 200) and the body, sent as given. */
  status?: number;
  body?: string;
  /** http429: the Retry-After header as sent (seconds or an HTTP date); default "3". */
  retryAfter?: string;
}

/** The body of POST /_demo/faults. */
export const FaultSchema = z
  .strictObject({
    mode: z.enum(FAULT_MODES),
    method: z.string().min(1).optional(),
    path: z.string().startsWith('/').optional(),
    times: z.int().min(1).optional(),
    skip: z.int().min(0).max(100_000).optional(),
    status: z.int().min(200).max(599).optional(),
    body: z.string().max(1024 * 1024).optional(),
    retryAfter: z.string().min(1).max(64).optional(),
  })
  .refine((f) => (f.mode === 'answer_before') === (f.body !== undefined), { message: 'body goes with answer_before, and only with it' });

/** Modes that act before the request is processed (so nothing is created). */
export const actsBefore = (mode: FaultMode) => mode.endsWith('_before') || mode === 'http429';

/** Faults wait in order; the first one matching a request is used up by it. */
export class FaultQueue {
  private readonly queue: { fault: Fault; left: number; skip: number }[] = [];

  add(fault: Fault): void {
    this.queue.push({ fault, left: fault.times ?? 1, skip: fault.skip ?? 0 });
  }

  take(method: string, path: string): Fault | undefined {
    const index = this.queue.findIndex(
      ({ fault }) =>
        (fault.method === undefined || fault.method.toUpperCase() === method.toUpperCase()) &&
        (fault.path === undefined || path.startsWith(fault.path)),
    );
    const entry = this.queue[index];
    if (!entry) return undefined;
    if (entry.skip > 0) {
      entry.skip -= 1;
      return undefined;
    }
    entry.left -= 1;
    if (entry.left <= 0) this.queue.splice(index, 1);
    return entry.fault;
  }
}

/** What a proxy in front of the API shows when the upstream fails. */
export const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
  '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export const HTML_429 =
  '<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n' +
  '<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

const MISSING_VALUE = '__demo_missing_value__';

/**
 * A 200 body broken the way the seed pages' examples are (they are not valid JSON): a seed-style
 * costs entry with `"amount":,`, no comma after any `"transaction_id": 123…`
 * value, and a trailing comma before the closing brackets.
 */
export function malformedBody(payload: unknown, transactionId = '123456789'): string {
  const data = isRecord(payload) ? payload.data : undefined;
  const seedCost = {
    amount: MISSING_VALUE,
    description: '',
    transaction_id: new LosslessNumber(transactionId),
    type: 'SYSTEM',
  };
  const broken = { success: true, data: isRecord(data) ? { ...data, costs: [seedCost] } : (data ?? {}) };
  return (stringify(broken, null, 2) ?? '')
    .replace(`"amount": "${MISSING_VALUE}"`, '"amount":')
    .replace(/("transaction_id": \d+),/g, '$1')
    .replace(/(\S)(\s*[}\]]\s*[}\]]\s*)$/, '$1,$2');
}
