/**
 * The demo API under /v1/json: authentication, routing and the order store
 * (one per API key, like one per website). Refunds are handled in refunds.ts,
 * GET /transactions in transactions.ts, the envelope in reply.ts; transport
 * concerns (HTTP, faults, the request log) stay in server.ts.
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  activeMethods,
  findMethod,
  gatewayItem,
  matchesFilter,
  methodFilter,
  paymentMethodItem,
  type DemoMethod,
} from './methods';
import { checkOrder, type OrderRequest } from './orders';
import { cancelOrder, createdView, orderDetails, readCancel, scheduleSteps, type DemoOrder } from './order-lifecycle';
import type { PageStore } from './pay-page';
import { postRefund, voidRefund, withRefunds, type WithRefunds } from './refunds';
import { failure, GONE, NOT_FOUND, success, type ApiReply, type ApiRequest } from './reply';
import { listTransactions, newestFirst, orderTransactions, seedTransactions, type DemoTransaction } from './transactions';

export interface ApiConfig {
  clock: { now(): number };
  environment: 'test' | 'live';
  keys: { test: string[]; live: string[] };
  legacyIngHomePay: boolean;
  /** http://127.0.0.1:PORT, for the payment URLs we hand out. */
  origin: string;
}

/** PSP IDs are at least this big: 17 digits, beyond Number.MAX_SAFE_INTEGER, like the new live format. */
const MIN_TRANSACTION_ID = 10n ** 16n;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function sessionToken(length = 35): string {
  return Array.from(randomBytes(length), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

export class DemoApi implements PageStore {
  legacyIngHomePay: boolean;
  private readonly ordersByKey = new Map<string, Map<string, DemoOrder>>();
  private readonly sessions = new Map<string, DemoOrder>();
  private lastTransactionId = 0n;
  private readonly seeded = new Map<string, DemoTransaction[]>();

  constructor(private readonly config: ApiConfig) {
    this.legacyIngHomePay = config.legacyIngHomePay;
  }

  respond(request: ApiRequest): ApiReply {
    const { apiKey } = request;
    // A key of the other environment is as unknown here as a made-up one (1032 either way).
    if (apiKey === null || !this.config.keys[this.config.environment].includes(apiKey)) {
      // GET /transactions answers in its own envelope, without success or error_code.
      if (request.path.startsWith('/transactions')) return { status: 403, payload: { message: 'Forbidden' } };
      return failure(401, 1032, 'Invalid API key');
    }
    const path = request.path.length > 1 ? request.path.replace(/\/$/, '') : request.path;
    const [, collection, rawId, extra, refundId, beyond] = path.split('/');
    const id = rawId === undefined ? undefined : decodeSegment(rawId);
    if (collection === 'orders' && extra === 'refunds' && beyond === undefined && id !== undefined) {
      const order: WithRefunds | undefined = this.ordersOf(apiKey).get(id);
      const now = this.now();
      if (request.method === 'POST' && refundId === undefined) return postRefund(order, request.body, now, () => this.nextTransactionId(now));
      if (request.method === 'PATCH' && refundId !== undefined) return voidRefund(order, decodeSegment(refundId), request.body, now);
      return NOT_FOUND;
    }
    if (extra !== undefined) return NOT_FOUND;
    if (collection === 'transactions' && request.method === 'GET' && rawId === undefined) {
      return listTransactions(this.transactionsOf(apiKey), request.params, (query) => `${this.config.origin}/v1/json/transactions?${query}`);
    }

    if (collection === 'orders') {
      if (request.method === 'POST' && rawId === undefined) return this.createOrder(apiKey, request.body);
      if (request.method === 'GET' && rawId !== undefined) return this.readOrder(apiKey, id);
      if (request.method === 'PATCH' && rawId !== undefined) return this.patchOrder(apiKey, id, request.body);
    }
    if (request.method !== 'GET') return NOT_FOUND;
    if (collection === 'payment-methods' || collection === 'gateways') {
      const view: (method: DemoMethod) => unknown = collection === 'gateways' ? gatewayItem : paymentMethodItem;
      if (rawId === undefined) {
        const filter = methodFilter(request.params);
        // MultiSafepay's GET /gateways filters by country only; /payment-methods also by amount and currency.
        const applied = collection === 'gateways' ? { country: filter.country } : filter;
        return success(this.methods().filter((m) => matchesFilter(m, applied)).map(view));
      }
      const method = id === undefined ? undefined : findMethod(id, this.legacyIngHomePay);
      return method ? success(view(method)) : failure(404, 1023, 'No gateway (payment method) available');
    }
    return NOT_FOUND;
  }

  bySession(sessionId: string): DemoOrder | undefined {
    return this.sessions.get(sessionId);
  }

  orderCount(): number {
    let count = 0;
    for (const orders of this.ordersByKey.values()) count += orders.size;
    return count;
  }

  /** An order by order_id under any key (the first one found). */
  findOrder(orderId: string): DemoOrder | undefined {
    for (const orders of this.ordersByKey.values()) {
      const order = orders.get(orderId);
      if (order) return order;
    }
    return undefined;
  }

  private now(): number {
    return this.config.clock.now();
  }

  private methods() {
    return activeMethods(this.legacyIngHomePay);
  }

  private ordersOf(apiKey: string): Map<string, DemoOrder> {
    let orders = this.ordersByKey.get(apiKey);
    if (!orders) {
      orders = new Map();
      this.ordersByKey.set(apiKey, orders);
    }
    return orders;
  }

  private createOrder(apiKey: string, body: string): ApiReply {
    const orders = this.ordersOf(apiKey);
    const checked = checkOrder(body, {
      legacyIngHomePay: this.legacyIngHomePay,
      environment: this.config.environment,
      orderIdTaken: (orderId) => orders.has(orderId),
    });
    // MultiSafepay's published create-order error answer is HTTP 404 with the envelope.
    if (!checked.ok) return failure(404, checked.code, checked.info);

    const { request } = checked;
    const now = this.now();
    const sessionId = sessionToken();
    const order: DemoOrder = {
      request,
      transactionId: this.nextTransactionId(now),
      sessionId,
      paymentUrl: this.paymentUrl(request, sessionId),
      createdAt: now,
      steps: scheduleSteps(request, now, this.config.environment),
    };
    orders.set(request.orderId, order);
    this.sessions.set(sessionId, order);
    return success(createdView(order, now), order.transactionId);
  }

  private readOrder(apiKey: string, id: string | undefined): ApiReply {
    const orders = this.ordersOf(apiKey);
    let order = id === undefined ? undefined : orders.get(id);
    // The OpenAPI names this parameter psp_id, so a numeric transaction_id works too.
    if (!order && id !== undefined && /^\d+$/.test(id)) {
      order = [...orders.values()].find((o) => o.transactionId === id);
    }
    if (!order) return failure(404, 1006, 'Invalid transaction ID');
    return success(this.details(order), order.transactionId);
  }

  /** GET /orders/{id}: the order's view with its refunds. */
  details(order: WithRefunds): Record<string, unknown> {
    const now = this.now();
    return withRefunds(orderDetails(order, now), order, now);
  }

  /** Seed `count` transactions nobody created through the console (for tests and demos). */
  seed(apiKey: string, count: number, from: number, until: number, open = false): void {
    const first = BigInt(this.nextTransactionId(this.now()));
    const seeded = seedTransactions(count, from, until, first, open);
    this.lastTransactionId = first + BigInt(count);
    const list = this.seeded.get(apiKey) ?? this.seeded.set(apiKey, []).get(apiKey)!;
    for (const t of seeded) list.push(t);
    list.sort(newestFirst);
  }

  /** Every transaction of the key: seeded ones, and the payments and refunds of its orders. */
  private transactionsOf(apiKey: string): DemoTransaction[] {
    const now = this.now();
    const seeded = this.seeded.get(apiKey) ?? [];
    const own: DemoTransaction[] = [];
    for (const order of this.ordersOf(apiKey).values() as Iterable<WithRefunds>) own.push(...orderTransactions(order, this.details(order), now));
    if (own.length === 0) return seeded;
    // The seeded ones are kept sorted; only the orders' own few are sorted here, then merged.
    own.sort(newestFirst);
    const out: DemoTransaction[] = [];
    let i = 0;
    let j = 0;
    while (i < seeded.length || j < own.length) {
      out.push(j >= own.length || (i < seeded.length && newestFirst(seeded[i]!, own[j]!) <= 0) ? seeded[i++]! : own[j++]!);
    }
    return out;
  }

  /**
   * PATCH /orders/{order_id} with `{status: "cancelled", exclude_order: true}` (the API's merchant cancel):
   * unpaid orders and links only; a direct debit only until the bank has the e-mandate.
   * Unknown orders get the documented 410 (GONE).
   */
  private patchOrder(apiKey: string, id: string | undefined, body: string): ApiReply {
    const order = id === undefined ? undefined : this.ordersOf(apiKey).get(id);
    if (!order) return GONE;
    const patch = readCancel(body);
    // The published PATCH errors are 404 (envelope) and 410 (unknown order); there is no 400.
    if (!patch.ok) return failure(404, 1000, patch.info);
    if (!cancelOrder(order, this.now())) return failure(404, 1000, 'Order cannot be cancelled in its current status');
    return success({});
  }

  private paymentUrl(request: OrderRequest, sessionId: string): string {
    const { origin } = this.config;
    const locale = typeof request.customer.locale === 'string' ? request.customer.locale : 'en_US';
    const payPage = `${origin}/connect/${sessionId}/?lang=${encodeURIComponent(locale)}`;
    if (request.type !== 'direct') return payPage;
    if (request.method?.direct === 'bank_page') return `${origin}/bank/${sessionId}`;
    // Direct debit: the customer has nothing to do, so it is the merchant's own return page.
    if (request.redirectUrl === null) return payPage;
    const separator = request.redirectUrl.includes('?') ? '&' : '?';
    return `${request.redirectUrl}${separator}transactionid=${encodeURIComponent(request.orderId)}`;
  }

  /** Live-style PSP ID: clock milliseconds plus four random digits, always increasing. */
  private nextTransactionId(now: number): string {
    let candidate = BigInt(Math.max(0, Math.floor(now))) * 10_000n + BigInt(randomInt(10_000));
    if (candidate < MIN_TRANSACTION_ID) candidate += MIN_TRANSACTION_ID;
    this.lastTransactionId = candidate > this.lastTransactionId ? candidate : this.lastTransactionId + 1n;
    return this.lastTransactionId.toString();
  }
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
