/**
 * GET /transactions in the demo API: every payment and refund of the key's orders plus
 * seeded ones (transactions the console never created, e.g. from a webshop), newest first,
 * with MultiSafepay's cursor pagination: `after` moves to older items; the last page that
 * has data still returns an `after` cursor, whose page is empty and has no cursors.
 */
import { LosslessNumber } from 'lossless-json';
import { fromMspTime, toMspTime } from '@shared/msp-time';
import { failure, type ApiReply } from './reply';
import { completedAt, refundStatus, type WithRefunds } from './refunds';

export interface DemoTransaction {
  transactionId: string;
  orderId: string;
  type: 'payment' | 'refund';
  paymentMethod: string | null;
  amount: number;
  currency: string;
  status: string;
  financialStatus: string;
  /** Whole seconds (ms epoch), like the API's timestamps. */
  created: number;
  completed: number | null;
  customer: { email: string; first_name: string; last_name: string; iban: string };
  description: string;
}

const sec = (ms: number) => Math.floor(ms / 1000);

/** Newest first; within one second, the larger PSP id first (ids are digit strings of any length). */
export function newestFirst(a: DemoTransaction, b: DemoTransaction): number {
  if (a.created !== b.created) return b.created - a.created;
  return compareIds(b.transactionId, a.transactionId);
}
const compareIds = (a: string, b: string) => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0);

const encodeCursor = (t: DemoTransaction) => Buffer.from(`${sec(t.created)}.${t.transactionId}`).toString('base64url');
function decodeCursor(text: string): { second: number; id: string } | null {
  const m = /^(\d{1,12})\.(\d{1,40})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  return m ? { second: Number(m[1]), id: m[2]! } : null;
}

/** created_from / created_until: Unix seconds, an ISO date or date-time (Amsterdam when no offset). */
function boundary(value: string | null): number | null | 'invalid' {
  if (value === null || value === '') return null;
  if (/^\d{1,12}$/.test(value)) return Number(value);
  const ms = fromMspTime(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00` : value);
  return ms === null ? 'invalid' : sec(ms);
}

/** The first index of `sorted` from which `past` holds (it flips from false to true once along the list). */
function firstWhere(sorted: readonly DemoTransaction[], past: (t: DemoTransaction) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (past(sorted[mid]!)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * One page of GET /transactions. `all` is newest first (as the API keeps them): the page is found
 * by binary search, so paging through 100,000 costs the demo server little (the sync bench
 * measures the console, not this imitation).
 */
export function listTransactions(all: readonly DemoTransaction[], params: URLSearchParams, pageUrl: (query: URLSearchParams) => string): ApiReply {
  const from = boundary(params.get('created_from'));
  const until = boundary(params.get('created_until'));
  const limitText = params.get('limit');
  const limit = limitText === null ? 100 : Number(limitText);
  if (from === 'invalid' || until === 'invalid' || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
    return failure(400, 1016, 'Invalid parameters');
  }
  const afterText = params.get('after');
  const after = afterText === null ? null : decodeCursor(afterText);
  if (afterText !== null && after === null) return failure(400, 1016, 'Invalid cursor');
  const start = Math.max(
    until === null ? 0 : firstWhere(all, (t) => sec(t.created) < until),
    after === null ? 0 : firstWhere(all, (t) => sec(t.created) < after.second || (sec(t.created) === after.second && compareIds(t.transactionId, after.id) < 0)),
  );
  const page: DemoTransaction[] = [];
  for (let i = start; i < all.length && page.length < limit; i++) {
    if (from !== null && sec(all[i]!.created) < from) break;
    page.push(all[i]!);
  }
  const linkTo = (cursor: string, name: 'after' | 'before') => {
    const query = new URLSearchParams(params);
    query.delete('after');
    query.delete('before');
    query.set(name, cursor);
    return pageUrl(query);
  };
  const afterCursor = page.length ? encodeCursor(page.at(-1)!) : null;
  const beforeCursor = page.length && after ? encodeCursor(page[0]!) : null;
  return {
    status: 200,
    payload: {
      success: true,
      data: page.map(transactionView),
      pager: {
        after: afterCursor && linkTo(afterCursor, 'after'),
        before: beforeCursor && linkTo(beforeCursor, 'before'),
        cursor: { after: afterCursor, before: beforeCursor },
        limit,
      },
    },
  };
}

function transactionView(t: DemoTransaction): Record<string, unknown> {
  return {
    transaction_id: new LosslessNumber(t.transactionId),
    order_id: t.orderId,
    site_id: 10000,
    type: t.type,
    payment_method: t.paymentMethod,
    amount: t.type === 'refund' ? -t.amount : t.amount,
    currency: t.currency,
    costs: [],
    net: t.type === 'refund' ? -t.amount : t.amount,
    debit_credit: t.type === 'refund' ? 'D' : 'C',
    status: t.status,
    financial_status: t.financialStatus,
    created: toMspTime(t.created),
    completed: t.completed === null ? null : toMspTime(t.completed),
    updated: toMspTime(t.completed ?? t.created),
    customer: t.customer,
    description: t.description,
    invoice_id: '',
    dispute: '',
    var1: '',
    var2: '',
    var3: '',
  };
}

const FIRST = ['Anna', 'Bram', 'Chloé', 'Daan', 'Eva', 'Finn', 'Gijs', 'Hanna'];
const LAST = ['Jansen', 'de Vries', 'Peeters', 'Dubois', 'Bakker', 'Visser', 'Maes', 'Smit'];
const METHODS = ['IDEAL', 'VISA', 'MISTERCASH', 'KBC', 'DIRDEB', 'PAYPAL'];

/**
 * `count` paid transactions nobody created through the console, spread evenly over
 * [from, until), three to a second (same timestamp: the cursor must still tell them apart),
 * with 17-digit PSP ids from `firstId` up. Every seventh is refunded in part. `open`: unpaid
 * (`initialized`) payments instead, none refunded.
 */
export function seedTransactions(count: number, from: number, until: number, firstId: bigint, open = false): DemoTransaction[] {
  const out: DemoTransaction[] = [];
  const seconds = Math.max(1, Math.floor((sec(until) - sec(from)) / Math.ceil(count / 3)));
  for (let i = 0; i < count; i++) {
    const created = (sec(from) + Math.floor(i / 3) * seconds) * 1000;
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const amount = 500 + ((i * 137) % 20_000);
    const type: DemoTransaction['type'] = !open && i % 7 === 6 ? 'refund' : 'payment';
    out.push({
      transactionId: (firstId + BigInt(i)).toString(),
      orderId: `SHOP-${String(type === 'refund' ? i - 1 : i).padStart(6, '0')}`,
      type,
      paymentMethod: METHODS[i % METHODS.length]!,
      amount: type === 'refund' ? Math.max(1, Math.floor(amount / 4)) : amount,
      currency: 'EUR',
      status: open ? 'initialized' : 'completed',
      financialStatus: open ? 'initialized' : 'completed',
      created,
      completed: open ? null : created,
      customer: { email: `${first.toLowerCase()}.${i}@example.com`, first_name: first, last_name: last, iban: '' },
      description: `Webshop order ${i}`,
    });
  }
  return out;
}

/** An order's payment and its refunds as GET /transactions lists them; `details` is its GET /orders view. */
export function orderTransactions(order: WithRefunds, details: Record<string, unknown>, now: number): DemoTransaction[] {
  const customer = order.request.customer;
  const name = (k: string) => (typeof customer[k] === 'string' ? (customer[k] as string) : '');
  const base = {
    orderId: order.request.orderId,
    paymentMethod: order.request.method?.id ?? null,
    currency: order.request.currency,
    customer: { email: name('email'), first_name: name('first_name'), last_name: name('last_name'), iban: '' },
    description: order.request.description,
  };
  const done = completedAt(order, now);
  const out: DemoTransaction[] = [{
    ...base,
    transactionId: order.transactionId,
    type: 'payment',
    amount: order.request.amount,
    status: String(details.status),
    financialStatus: String(details.financial_status),
    created: Math.floor(order.createdAt / 1000) * 1000,
    completed: done === null ? null : Math.floor(done / 1000) * 1000,
  }];
  for (const refund of order.refunds ?? []) {
    const status = refundStatus(refund, now);
    out.push({
      ...base,
      transactionId: refund.refundId,
      type: 'refund',
      amount: refund.amount,
      status,
      financialStatus: status,
      created: Math.floor(refund.createdAt / 1000) * 1000,
      completed: null,
    });
  }
  return out;
}
