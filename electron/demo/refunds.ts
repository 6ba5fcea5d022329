/**
 * Refunds in the demo API, by MultiSafepay's rules: only a completed payment, never more
 * than what remains (1034), not the same amount twice within five minutes (1034), KBC/CBC
 * only from the business day after completion, and a refund stays reserved (cancellable
 * with PATCH status "void") until midnight, when it goes to the bank and completes. Statuses
 * are derived from the clock when read, like the orders'. The handlers below change only the
 * order they are given; api.ts keeps the orders and routes to them.
 */
import { isLosslessNumber, LosslessNumber, parse } from 'lossless-json';
import { endOfMspDay, nextBusinessDayStart, toMspTime } from '@shared/msp-time';
import type { DemoOrder } from './order-lifecycle';
import { stepAt } from './order-lifecycle';
import { isAbsent, isRecord, MINUTE } from './orders';
import { failure, GONE, success, type ApiReply } from './reply';

export interface DemoRefund {
  refundId: string;
  refundOrderId: string | null;
  amount: number;
  currency: string;
  description: string;
  createdAt: number;
  voidedAt: number | null;
}

/** What an order carries besides its request: its refunds, oldest first. */
export type WithRefunds = DemoOrder & { refunds?: DemoRefund[] };

export function refundStatus(refund: DemoRefund, now: number): string {
  if (refund.voidedAt !== null && refund.voidedAt <= now) return 'void';
  return now >= endOfMspDay(refund.createdAt) ? 'completed' : 'reserved';
}

/** Refunded so far (void refunds give nothing back). */
export function refundedAmount(order: WithRefunds, now: number): number {
  return (order.refunds ?? []).filter((r) => refundStatus(r, now) !== 'void').reduce((sum, r) => sum + r.amount, 0);
}

/** When the payment completed, if it did. */
export function completedAt(order: DemoOrder, now: number): number | null {
  const step = stepAt(order, now);
  return step.status === 'completed' ? step.at : null;
}

export type RefundRequest =
  | { ok: true; amount: number | null; currency: string; description: string; refundOrderId: string | null }
  | { ok: false; code: number; info: string };

/** The body of POST /orders/{id}/refunds: currency required; amount 0 or absent means everything that remains. */
export function readRefund(text: string): RefundRequest {
  let body: unknown;
  try {
    body = parse(text);
  } catch {
    return { ok: false, code: 1016, info: 'Invalid JSON' };
  }
  if (!isRecord(body)) return { ok: false, code: 1016, info: 'Missing data' };
  if (typeof body.currency !== 'string') return { ok: false, code: 1016, info: 'Missing currency' };
  let amount: number | null = null;
  if (!isAbsent(body.amount) && body.amount !== '') {
    const literal = isLosslessNumber(body.amount) ? body.amount.value : null;
    if (literal === null || !/^\d+$/.test(literal) || !Number.isSafeInteger(Number(literal))) return { ok: false, code: 1001, info: 'Invalid amount' };
    amount = Number(literal) === 0 ? null : Number(literal);
  }
  const description = typeof body.description === 'string' ? body.description : '';
  if (description.length > 200) return { ok: false, code: 1008, info: 'Invalid description' };
  const refundOrderId = typeof body.refund_order_id === 'string' ? body.refund_order_id : null;
  if (refundOrderId !== null && (refundOrderId === '' || refundOrderId.length > 50)) return { ok: false, code: 1016, info: 'Invalid refund_order_id' };
  return { ok: true, amount, currency: body.currency, description, refundOrderId };
}

/** Check a refund against the order; null when it may be made. */
export function refusal(order: WithRefunds, request: Extract<RefundRequest, { ok: true }>, now: number): { code: number; info: string } | null {
  const completed = completedAt(order, now);
  if (completed === null) return { code: 1034, info: 'Refund not possible: the order is not completed' };
  if (request.currency !== order.request.currency) return { code: 1034, info: 'Refund not possible: currency differs from the order' };
  const gateway = order.request.method?.id;
  if ((gateway === 'KBC' || gateway === 'CBC') && now < nextBusinessDayStart(completed)) {
    return { code: 1034, info: 'Refund not possible yet: KBC/CBC payments can be refunded one business day after completion' };
  }
  const remainder = order.request.amount - refundedAmount(order, now);
  if (remainder <= 0) return { code: 1034, info: 'Refund not possible: the order is already fully refunded' };
  const amount = request.amount ?? remainder;
  if (amount > remainder) return { code: 1034, info: 'Refund not possible: the amount exceeds what remains refundable' };
  const same = (order.refunds ?? []).some((r) => r.amount === amount && refundStatus(r, now) !== 'void' && now - r.createdAt < 5 * MINUTE);
  if (same) return { code: 1034, info: 'Refund not possible: a refund of the same amount was made less than 5 minutes ago' };
  return null;
}

/** A refund as GET /orders/{id} lists it in related_transactions. */
export function relatedView(order: DemoOrder, refund: DemoRefund, now: number): Record<string, unknown> {
  const status = refundStatus(refund, now);
  const modified = refund.voidedAt !== null && refund.voidedAt <= now ? refund.voidedAt : status === 'completed' ? endOfMspDay(refund.createdAt) : refund.createdAt;
  return {
    transaction_id: new LosslessNumber(refund.refundId),
    order_id: order.request.orderId,
    ...(refund.refundOrderId === null ? {} : { refund_order_id: refund.refundOrderId }),
    reference_transaction_id: new LosslessNumber(order.transactionId),
    type: 'refund',
    amount: refund.amount,
    currency: refund.currency,
    status,
    created: toMspTime(refund.createdAt),
    modified: toMspTime(modified),
    description: refund.description,
    costs: [],
  };
}

/** The refund cancel body: status "void" (required), an optional description. */
export function readRefundCancel(text: string): boolean {
  try {
    const body: unknown = parse(text);
    return isRecord(body) && body.status === 'void';
  } catch {
    return false;
  }
}

/** GET /orders/{id} with its refunds: amount_refunded, related_transactions, and the refunded statuses. */
export function withRefunds(view: Record<string, unknown>, order: WithRefunds, now: number): Record<string, unknown> {
  const refunds = order.refunds ?? [];
  if (!refunds.length) return view;
  const refunded = refundedAmount(order, now);
  const status = refunded <= 0 ? view.status : refunded >= order.request.amount ? 'refunded' : 'partial_refunded';
  return { ...view, status, amount_refunded: refunded, related_transactions: refunds.map((r) => relatedView(order, r, now)) };
}

/** POST /orders/{id}/refunds: checked by MultiSafepay's rules; answers {transaction_id, refund_id}. */
export function postRefund(order: WithRefunds | undefined, body: string, now: number, newId: () => string): ApiReply {
  if (!order) return failure(404, 1006, 'Invalid transaction ID');
  const request = readRefund(body);
  if (!request.ok) return failure(400, request.code, request.info);
  const refused = refusal(order, request, now);
  if (refused) return failure(400, refused.code, refused.info);
  const amount = request.amount ?? order.request.amount - refundedAmount(order, now);
  const refundId = newId();
  (order.refunds ??= []).push({
    refundId,
    refundOrderId: request.refundOrderId,
    amount,
    currency: request.currency,
    description: request.description,
    createdAt: now,
    voidedAt: null,
  });
  return success({ transaction_id: new LosslessNumber(order.transactionId), refund_id: new LosslessNumber(refundId) }, order.transactionId);
}

/** PATCH /orders/{id}/refunds/{refund_id} {status: "void"}: only while the refund is still reserved. */
export function voidRefund(order: WithRefunds | undefined, refundId: string | undefined, body: string, now: number): ApiReply {
  const refund = order?.refunds?.find((r) => r.refundId === refundId);
  if (!order || !refund) return GONE;
  if (!readRefundCancel(body)) return failure(400, 1016, 'Invalid status: only "void" is supported here');
  if (refundStatus(refund, now) !== 'reserved') return failure(400, 1000, 'Refund cannot be cancelled in its current status');
  refund.voidedAt = now;
  return success({});
}
