/**
 * Realistic orders for the history tests and the bench, written through the
 * orders repository (intent row, then the request/response pair and its outcome)
 * the way order entry writes them. Deterministic for a given seed.
 */
import type { DB } from '../../electron/services/storage/db';
import type { Exchange, NewOrder, OrderStore, Outcome } from '../../electron/services/orders/order-store';
import type { Environment, LocalState } from '@shared/orders';
import type { Flow } from '@shared/orders';

const FIRST = ['Jan', 'Anna', 'Pieter', 'Sophie', 'Lucas', 'Emma', 'Daan', 'Julia', 'Sem', 'Mila', 'Lotte', 'Noah', 'Marie', 'Louis', 'Camille', 'Hugo', 'Léa', 'Thomas', 'Sarah', 'Tim'];
const LAST = [
  'Jansen', 'de Jong', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssens', 'Visser', 'Smit', 'Meijer',
  'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peeters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer',
  'Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
  'Maes', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'Willems', 'Mertens', 'Lambert', 'Dupont', 'Müller',
];
const WHAT = ['spare parts', 'repair', 'subscription', 'tickets', 'invoice', 'deposit', 'workshop', 'delivery', 'service visit', 'membership'];
const OPERATORS = ['anna', 'bert', 'chantal', 'dirk', 'eva'];
const STATUS = ['initialized', 'completed', 'completed', 'completed', 'expired', 'cancelled', 'declined', 'uncleared'];
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A small fast deterministic generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Seeded {
  order: NewOrder;
  exchange: Exchange;
  outcome: Outcome;
}

export interface SeedOptions {
  /** The first order's time, and the time between orders (ms). */
  start?: number;
  stepMs?: number;
  environments?: Environment[];
  profiles?: Record<Environment, string[]>;
}

/** The i-th order of a seeded history. */
export function seededOrder(i: number, rnd: () => number, options: SeedOptions = {}): Seeded {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const at = (options.start ?? Date.UTC(2024, 0, 1)) + i * (options.stepMs ?? 37_000);
  const stamp = new Date(at).toISOString();
  const orderId = `CON-${stamp.slice(0, 10).replaceAll('-', '')}-${stamp.slice(11, 19).replaceAll(':', '')}-${Array.from({ length: 6 }, () => pick([...ALPHABET])).join('')}`;
  const environment = pick(options.environments ?? (['test', 'test', 'test', 'live', 'demo'] as Environment[]));
  const profiles = options.profiles ?? { demo: ['demo'], test: ['shop-test', 'webshop-test'], live: ['shop-live'] };
  const first = pick(FIRST);
  const last = pick(LAST);
  const roll = rnd();
  const flow: Flow = roll < 0.55 ? 'paymentlink' : roll < 0.75 ? 'redirect' : roll < 0.9 ? 'directdebit' : roll < 0.97 ? 'kbc-cbc' : 'advanced';
  const gateway =
    flow === 'directdebit' ? 'DIRDEB' : flow === 'kbc-cbc' ? pick(['KBC', 'CBC']) : flow === 'redirect' ? pick(['IDEAL', 'MISTERCASH', null]) : pick(['IDEAL', null, null]);
  const type = flow === 'paymentlink' ? 'paymentlink' : flow === 'redirect' ? 'redirect' : 'direct';
  const iban = flow === 'directdebit' ? `NL${10 + Math.floor(rnd() * 89)}ABNA0${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}` : null;
  const amount = 100 + Math.floor(rnd() * rnd() * 250_000);
  const currency = rnd() < 0.95 ? 'EUR' : pick(['GBP', 'USD', 'CHF']);
  const description = `${pick(['Invoice', 'Order', 'Phone order', 'Booking'])} ${2024_0000 + i} ${pick(WHAT)}`;
  const email = `${first.toLowerCase()}.${last.replace(/\s+/g, '').toLowerCase()}@${pick(['example.nl', 'example.be', 'example.fr'])}`;
  const body: Record<string, unknown> = {
    type,
    order_id: orderId,
    ...(gateway ? { gateway } : {}),
    currency,
    amount,
    description,
    ...(flow === 'paymentlink' ? { days_active: 30 } : { payment_options: { redirect_url: 'https://shop.example.nl/thanks', cancel_url: 'https://shop.example.nl/cancel' } }),
    customer: { locale: pick(['nl_NL', 'nl_BE', 'fr_BE', 'fr_FR', 'en_GB']), first_name: first, last_name: last, email, country: pick(['NL', 'BE', 'FR']) },
    ...(iban ? { gateway_info: { account_id: iban, account_holder_name: `${first} ${last}`, account_holder_iban: iban, emandate: `M-${i}` } } : {}),
  };
  const requestBody = JSON.stringify(body);
  const fate = rnd();
  const state: LocalState = fate < 0.9 ? 'created' : fate < 0.94 ? 'rejected' : fate < 0.97 ? 'not_sent' : 'unknown';
  const transactionId = state === 'created' ? String(10_000_000_000_000_000n + BigInt(i) * 7919n) : null;
  const status = state === 'created' ? pick(STATUS) : null;
  const responseBody =
    state === 'created'
      ? `{"success":true,"data":{"order_id":"${orderId}","transaction_id":${transactionId},"status":"${status}","financial_status":"${status}","amount":${amount},"currency":"${currency}","payment_url":"https://payv2.multisafepay.com/connect/${orderId.slice(-6)}${i.toString(36)}?lang=nl_NL","qr_url":"https://payv2.multisafepay.com/connect/qr/${i.toString(36)}","created":"${stamp}","modified":"${stamp}","customer":{"first_name":"${first}","last_name":"${last}","email":"${email}"},"costs":[],"related_transactions":null}}`
      : state === 'rejected'
        ? '{"success":false,"data":{},"error_code":1023,"error_info":"Invalid gateway"}'
        : null;
  const order: NewOrder = {
    environment,
    profileId: pick(profiles[environment]),
    operator: pick(OPERATORS),
    orderId,
    type,
    gateway,
    currency,
    amount,
    description,
    requestBody,
    now: at,
    flow,
    customerName: `${first} ${last}`,
    customerEmail: email,
    customerLocale: 'nl_NL',
    iban,
    accountHolderName: iban ? `${first} ${last}` : null,
    emandate: iban ? `M-${i}` : null,
    linkExpiresAt: type === 'direct' ? null : at + 30 * 86_400_000,
    replaces: null,
  };
  const exchange: Exchange = {
    method: 'POST',
    path: '/orders',
    requestBody,
    httpStatus: state === 'not_sent' ? null : state === 'unknown' ? 502 : 200,
    responseBody,
    outcome: state === 'not_sent' ? 'not_sent:ECONNREFUSED' : state === 'unknown' ? 'answered' : 'answered',
    startedAt: at,
    durationMs: 80 + Math.floor(rnd() * 400),
  };
  const outcome: Outcome =
    state === 'created'
      ? { state, status, financialStatus: status, transactionId, paymentUrl: `https://payv2.multisafepay.com/connect/${i.toString(36)}`, problem: null }
      : state === 'rejected'
        ? { state, problem: { code: '1023', message: 'This payment method is not available on the account.' } }
        : { state, problem: { code: state, message: 'Seeded' } };
  return { order, exchange, outcome };
}

/** Write `count` orders from index `from`, `batch` per transaction, through the repository. */
export function seedHistory(db: DB, store: OrderStore, count: number, options: SeedOptions & { from?: number; seed?: number; batch?: number } = {}): void {
  const rnd = random(options.seed ?? 42);
  const from = options.from ?? 0;
  const batch = options.batch ?? 5_000;
  const write = db.transaction((start: number, end: number) => {
    for (let i = start; i < end; i++) {
      const { order, exchange, outcome } = seededOrder(i, rnd, options);
      const row = store.insertIntent(order);
      store.settle(row, exchange, outcome, order.now + exchange.durationMs);
    }
  });
  for (let start = from; start < from + count; start += batch) write(start, Math.min(from + count, start + batch));
}
