/**
 * The refunds repository: one row per refund asked for, written before the POST (state
 * `sending`) and settled with the exchange in one transaction, like an order's intent row.
 * Exchanges go to the order's timeline (through the order store, keyed by the order's row).
 */
import type { RefundState, RefundView } from '@shared/refunds';
import { isPendingRefund } from '@shared/refunds';
import type { DB } from '../storage/db';
import type { Exchange } from './order-row';
import { iso } from './order-row';

interface RefundRow {
  id: number;
  order_row: number;
  refund_order_id: string;
  refund_id: string | null;
  transaction_id: string | null;
  amount: number;
  currency: string;
  state: RefundState;
  status: string | null;
  problem_code: string | null;
  problem_message: string | null;
  request_body: string;
  operator: string;
  created_at: number;
  updated_at: number;
}

export interface RefundOutcome {
  state: RefundState;
  status?: string | null;
  refundId?: string | null;
  transactionId?: string | null;
  problem?: { code: string; message: string } | null;
}

export type StoredRefund = RefundView & { row: number; orderRow: number; createdMs: number; requestBody: string };

function toView(row: RefundRow): StoredRefund {
  return {
    row: row.id,
    orderRow: row.order_row,
    createdMs: row.created_at,
    requestBody: row.request_body,
    refundOrderId: row.refund_order_id,
    refundId: row.refund_id,
    amount: row.amount,
    currency: row.currency,
    state: row.state,
    status: row.status,
    problem: row.problem_code ? { code: row.problem_code, message: row.problem_message ?? '' } : null,
    operator: row.operator,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    cancellable: row.state === 'created' && row.refund_id !== null && isPendingRefund(row.status),
  };
}

/** `addExchange`: the order store's, so a refund's exchanges stand in the order's timeline. */
export function createRefundStore(db: DB, addExchange: (orderRow: number, exchange: Exchange) => void) {
  const insert = db.prepare(`
    INSERT INTO refunds (order_row, refund_order_id, amount, currency, state, request_body, operator, created_at, updated_at)
    VALUES (@orderRow, @refundOrderId, @amount, @currency, 'sending', @requestBody, @operator, @now, @now)`);
  const ofOrder = db.prepare<{ orderRow: number }, RefundRow>('SELECT * FROM refunds WHERE order_row = @orderRow ORDER BY id');
  const update = db.prepare(`
    UPDATE refunds SET state = @state,
      status = coalesce(@status, status),
      refund_id = coalesce(@refundId, refund_id),
      transaction_id = coalesce(@transactionId, transaction_id),
      problem_code = @problemCode, problem_message = @problemMessage, updated_at = @now
    WHERE id = @id`);
  const interrupted = db.prepare(`
    UPDATE refunds SET state = 'unknown', problem_code = 'interrupted',
      problem_message = 'The console stopped while asking for this refund; read the order back to settle it.', updated_at = @now
    WHERE state = 'sending'`);
  // A refund found at MultiSafepay that we did not ask for here (the dashboard, a sync): kept as it is there.
  const insertFound = db.prepare(`
    INSERT INTO refunds (order_row, refund_order_id, refund_id, transaction_id, amount, currency, state, status,
                         request_body, operator, created_at, updated_at)
    VALUES (@orderRow, @refundOrderId, @refundId, @transactionId, @amount, @currency, 'created', @status, '', '', @now, @now)
    ON CONFLICT (order_row, refund_order_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`);

  const settle = db.transaction((id: number, orderRow: number, exchange: Exchange | null, outcome: RefundOutcome, now: number) => {
    if (exchange) addExchange(orderRow, exchange);
    update.run({
      id,
      now,
      state: outcome.state,
      status: outcome.status ?? null,
      refundId: outcome.refundId ?? null,
      transactionId: outcome.transactionId ?? null,
      problemCode: outcome.problem?.code ?? null,
      problemMessage: outcome.problem?.message ?? null,
    });
  });

  return {
    insertIntent(refund: { orderRow: number; refundOrderId: string; amount: number; currency: string; requestBody: string; operator: string; now: number }): number {
      return Number(insert.run(refund).lastInsertRowid);
    },
    ofOrder(orderRow: number): StoredRefund[] {
      return ofOrder.all({ orderRow }).map(toView);
    },
    settle(id: number, orderRow: number, exchange: Exchange | null, outcome: RefundOutcome, now: number): void {
      settle(id, orderRow, exchange, outcome, now);
    },
    /** Keep a request/response pair in the order's timeline without changing any refund (a cancel attempt). */
    addExchange(orderRow: number, exchange: Exchange): void {
      addExchange(orderRow, exchange);
    },
    recordFound(found: { orderRow: number; refundOrderId: string; refundId: string; transactionId: string | null; amount: number; currency: string; status: string | null; now: number }): void {
      insertFound.run(found);
    },
    /** After a crash: refunds left `sending` may have landed; they become `unknown` until read back. */
    recoverInterrupted(now: number): number {
      return interrupted.run({ now }).changes;
    },
  };
}
export type RefundStore = ReturnType<typeof createRefundStore>;
