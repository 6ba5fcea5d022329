/**
 * The orders repository: small named methods over statements prepared once,
 * named parameters only. Multi-row writes go in one transaction.
 */
import type { DB } from './db';
import type {
  Environment,
  HistoryPage,
  LocalState,
  OrderDetail,
  OrderExchange,
  OrderType,
  OrderView,
} from '../../shared/orders';

interface OrderRow {
  id: number;
  environment: Environment;
  profile_id: string;
  operator: string;
  order_id: string;
  type: OrderType;
  gateway: string | null;
  currency: string;
  amount: number;
  description: string;
  state: LocalState;
  status: string | null;
  financial_status: string | null;
  transaction_id: string | null;
  payment_url: string | null;
  problem_code: string | null;
  problem_message: string | null;
  request_body: string;
  created_at: number;
  updated_at: number;
}

export interface NewOrder {
  environment: Environment;
  profileId: string;
  operator: string;
  orderId: string;
  type: OrderType;
  gateway: string | null;
  currency: string;
  amount: number;
  description: string;
  /** The request body exactly as it will be sent (no API key is ever part of it). */
  requestBody: string;
  now: number;
}

export interface Exchange {
  method: string;
  path: string;
  requestBody: string | null;
  httpStatus: number | null;
  responseBody: string | null;
  /** How the call ended: response | not_sent | unknown (with a reason) */
  outcome: string;
  startedAt: number;
  durationMs: number;
}

export interface Outcome {
  state: LocalState;
  status?: string | null;
  financialStatus?: string | null;
  transactionId?: string | null;
  paymentUrl?: string | null;
  problem?: { code: string; message: string } | null;
}

export interface OrderKey {
  environment: Environment;
  profileId: string;
  orderId: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function toView(row: OrderRow): OrderView {
  return {
    orderId: row.order_id,
    environment: row.environment,
    profileId: row.profile_id,
    operator: row.operator,
    type: row.type,
    gateway: row.gateway,
    amount: row.amount,
    currency: row.currency,
    description: row.description,
    state: row.state,
    status: row.status,
    financialStatus: row.financial_status,
    transactionId: row.transaction_id,
    paymentUrl: row.payment_url,
    problem: row.problem_code ? { code: row.problem_code, message: row.problem_message ?? '' } : null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function encodeCursor(row: OrderRow): string {
  return `${row.created_at}.${row.id}`;
}
function decodeCursor(cursor: string): { createdAt: number; id: number } | null {
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(cursor);
  return m ? { createdAt: Number(m[1]), id: Number(m[2]) } : null;
}

export function createOrderStore(db: DB) {
  const insert = db.prepare<NewOrder & { state: LocalState }>(`
    INSERT INTO orders (environment, profile_id, operator, order_id, type, gateway, currency, amount,
                        description, state, request_body, created_at, updated_at)
    VALUES (@environment, @profileId, @operator, @orderId, @type, @gateway, @currency, @amount,
            @description, @state, @requestBody, @now, @now)`);
  const byKey = db.prepare<OrderKey, OrderRow>(`
    SELECT * FROM orders
    WHERE environment = @environment AND profile_id = @profileId AND order_id = @orderId`);
  const byOrderId = db.prepare<{ orderId: string }, OrderRow>(
    'SELECT * FROM orders WHERE order_id = @orderId ORDER BY id DESC LIMIT 1',
  );
  const update = db.prepare(`
    UPDATE orders SET
      state = @state,
      status = coalesce(@status, status),
      financial_status = coalesce(@financialStatus, financial_status),
      transaction_id = coalesce(@transactionId, transaction_id),
      payment_url = coalesce(@paymentUrl, payment_url),
      problem_code = @problemCode,
      problem_message = @problemMessage,
      updated_at = @now
    WHERE id = @id`);
  const addExchange = db.prepare(`
    INSERT INTO exchanges (order_row, environment, method, path, request_body, http_status,
                           response_body, outcome, started_at, duration_ms)
    SELECT @orderRow, environment, @method, @path, @requestBody, @httpStatus,
           @responseBody, @outcome, @startedAt, @durationMs
    FROM orders WHERE id = @orderRow`);
  const exchangesOf = db.prepare<{ orderRow: number }, Omit<OrderExchange, 'startedAt'> & { startedAt: number }>(`
    SELECT method, path, request_body AS requestBody, http_status AS httpStatus,
           response_body AS responseBody, outcome, started_at AS startedAt, duration_ms AS durationMs
    FROM exchanges WHERE order_row = @orderRow ORDER BY id`);
  const page = db.prepare<{ createdAt: number; id: number; limit: number; environment: string | null }, OrderRow>(`
    SELECT * FROM orders
    WHERE (created_at, id) < (@createdAt, @id)
      AND (@environment IS NULL OR environment = @environment)
    ORDER BY created_at DESC, id DESC
    LIMIT @limit`);

  const settle = db.transaction((id: number, exchange: Exchange, outcome: Outcome, now: number) => {
    addExchange.run({ orderRow: id, ...exchange });
    update.run({
      id,
      now,
      state: outcome.state,
      status: outcome.status ?? null,
      financialStatus: outcome.financialStatus ?? null,
      transactionId: outcome.transactionId ?? null,
      paymentUrl: outcome.paymentUrl ?? null,
      problemCode: outcome.problem?.code ?? null,
      problemMessage: outcome.problem?.message ?? null,
    });
  });

  return {
    /** Write the intent row before anything is sent. Returns its row id. */
    insertIntent(order: NewOrder): number {
      return Number(insert.run({ ...order, state: 'sending' }).lastInsertRowid);
    },
    exists(key: OrderKey): boolean {
      return byKey.get(key) !== undefined;
    },
    rowId(key: OrderKey): number | null {
      return byKey.get(key)?.id ?? null;
    },
    find(key: OrderKey): OrderView | null {
      const row = byKey.get(key);
      return row ? toView(row) : null;
    },
    requestBody(key: OrderKey): string | null {
      return byKey.get(key)?.request_body ?? null;
    },
    /** Store one request/response pair and what it means for the order, atomically. */
    settle(id: number, exchange: Exchange, outcome: Outcome, now: number): void {
      settle(id, exchange, outcome, now);
    },
    detail(orderId: string): OrderDetail | null {
      const row = byOrderId.get({ orderId });
      if (!row) return null;
      const exchanges = exchangesOf.all({ orderRow: row.id }).map((e) => ({ ...e, startedAt: iso(e.startedAt) }));
      return { ...toView(row), exchanges };
    },
    /** Newest first, keyset-paginated: no OFFSET, so page N costs what page 1 costs. */
    list(query: { limit: number; cursor: string | null; environment?: Environment | undefined }): HistoryPage {
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      const rows = page.all({
        createdAt: after?.createdAt ?? Number.MAX_SAFE_INTEGER,
        id: after?.id ?? Number.MAX_SAFE_INTEGER,
        limit: query.limit + 1,
        environment: query.environment ?? null,
      });
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      return { items: items.map(toView), next: rows.length > query.limit && last ? encodeCursor(last) : null };
    },
  };
}
export type OrderStore = ReturnType<typeof createOrderStore>;
