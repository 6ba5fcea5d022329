/**
 * Reading an order back (GET /orders/{order_id}): the one reading every read-back uses — the
 * refresh, the reconciler and the check after a resend's 1006. An answer is taken only when it
 * is about this order: its order_id, and the amount and currency we sent (and the other fields we
 * sent, where the answer carries them) must be ours. An answer about another order settles
 * nothing: the order is marked `needs_review` and the answer is kept in its timeline.
 */
import type { ApiCall } from '../msp/client';
import { readAnswer } from '../msp/client';
import { idText } from '../msp/json';
import { fromMspTime } from '@shared/msp-time';
import type { Outcome } from './order-row';

/** What we sent, from the stored request body (exactly what was posted). */
export interface SentOrder {
  orderId: string;
  type: string | null;
  amount: number;
  currency: string;
  description: string | null;
  gateway: string | null;
  vars: Record<'var1' | 'var2' | 'var3', string | null>;
  customer: Record<string, string>;
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);

export function sentOrder(requestBody: string): SentOrder {
  const body = JSON.parse(requestBody) as Record<string, unknown>;
  const customer = body.customer && typeof body.customer === 'object' ? (body.customer as Record<string, unknown>) : {};
  return {
    orderId: String(body.order_id),
    type: text(body.type),
    amount: Number(body.amount),
    currency: String(body.currency),
    description: text(body.description),
    gateway: text(body.gateway),
    vars: { var1: text(body.var1), var2: text(body.var2), var3: text(body.var3) },
    customer: Object.fromEntries(
      (['first_name', 'last_name', 'email', 'locale'] as const).flatMap((k) => (typeof customer[k] === 'string' ? [[k, customer[k]]] : [])),
    ),
  };
}

/**
 * The fields of an answer that are not what we sent, as `field: answer ≠ sent`. order_id, amount
 * and currency always count; the other fields we sent only where the answer carries a value
 * (MultiSafepay leaves some out or null). The gateway counts for direct orders only: on a payment
 * page the customer may choose another method.
 */
export function differences(data: Record<string, unknown>, sent: SentOrder): string[] {
  const out: string[] = [];
  const differ = (field: string, answer: unknown, ours: unknown) => {
    if (answer !== ours) out.push(`${field}: ${JSON.stringify(answer ?? null)} ≠ ${JSON.stringify(ours)}`);
  };
  differ('order_id', idText(data.order_id), sent.orderId);
  // A lossless read keeps an unsafe integer as its digits: compare as digits.
  differ('amount', data.amount === undefined || data.amount === null ? null : String(data.amount), String(sent.amount));
  differ('currency', data.currency ?? null, sent.currency);
  const carried = (value: unknown) => value !== undefined && value !== null && value !== '';
  if (sent.description !== null && carried(data.description)) differ('description', data.description, sent.description);
  for (const [key, ours] of Object.entries(sent.vars)) if (ours !== null && carried(data[key])) differ(key, data[key], ours);
  const customer = data.customer && typeof data.customer === 'object' ? (data.customer as Record<string, unknown>) : {};
  for (const [key, ours] of Object.entries(sent.customer)) {
    const answer = customer[key];
    // E-mail domains are case-insensitive; MultiSafepay may store them lower-cased.
    if (carried(answer)) differ(`customer.${key}`, key === 'email' ? String(answer).toLowerCase() : answer, key === 'email' ? ours.toLowerCase() : ours);
  }
  const details = data.payment_details && typeof data.payment_details === 'object' ? (data.payment_details as Record<string, unknown>) : {};
  if (sent.type === 'direct' && sent.gateway !== null && carried(details.type)) differ('gateway', details.type, sent.gateway);
  return out;
}

export type ReadBack =
  /** The answer is about this order: what it says, as the order's outcome. */
  | { kind: 'this_order'; outcome: Outcome }
  /** The answer is about another order: settle nothing, mark for review, keep the answer. */
  | { kind: 'other_order'; outcome: Outcome; differences: string[] }
  /** 1006: MultiSafepay has no order with this order_id. */
  | { kind: 'not_found' }
  /** No answer, an unreadable one, or another refusal: nothing learned. */
  | { kind: 'nothing' };

export function readBack(call: ApiCall, sent: SentOrder): ReadBack {
  if (call.transport !== 'answered') return { kind: 'nothing' };
  const reading = readAnswer(call);
  if (reading.kind === 'api_error') return reading.errorCode === 1006 ? { kind: 'not_found' } : { kind: 'nothing' };
  if (reading.kind !== 'success') return { kind: 'nothing' };
  const data = reading.data;
  const differs = differences(data, sent);
  if (differs.length) {
    return {
      kind: 'other_order',
      differences: differs,
      outcome: {
        state: 'needs_review',
        problem: {
          code: 'foreign_answer',
          message: `MultiSafepay answered about another order (${differs.join('; ')}); nothing was taken from it.`.slice(0, 500),
        },
      },
    };
  }
  // When it completed (KBC/CBC refunds wait a business day after it); only when the answer says.
  const completedAt = fromMspTime(data.completed ?? data.completed_date);
  return {
    kind: 'this_order',
    outcome: {
      state: 'created',
      status: text(data.status),
      financialStatus: text(data.financial_status),
      transactionId: idText(data.transaction_id),
      problem: null,
      ...(completedAt === null ? {} : { completedAt }),
    },
  };
}
