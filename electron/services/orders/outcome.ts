/**
 * What MultiSafepay's answers mean for an order. An unclear answer never reads as
 * "failed": it is `unknown` until a GET settles it.
 */
import type { OrderView } from '@shared/orders';
import { idText } from '../msp/json';
import type { ApiCall } from '../msp/client';
import { readAnswer } from '../msp/client';
import type { Exchange, Outcome } from './order-store';
import { readBack } from './read-back';
import type { SentOrder } from './read-back';

/**
 * English words for MultiSafepay's error codes that mean one thing (the renderer has its own
 * translations). A code with no entry keeps MultiSafepay's own message: 1000 in particular is a
 * catch-all ("Invalid account ID", "Not found", …), so its text is the only useful part.
 */
const MSP_ERRORS: Record<number, string> = {
  1001: 'The amount is not valid.',
  1002: 'This currency is not enabled for the account or the method.',
  1006: 'This order ID is already used at MultiSafepay.',
  1007: 'The IP address is not valid.',
  1008: 'The description is missing or too long.',
  1010: 'A var1–var3 field is not valid.',
  1016: 'Required data is missing.',
  1018: 'The country code is not valid.',
  1023: 'This payment method is not available on the account.',
  1032: 'The API key is invalid or not allowed here.',
};

export function toExchange(call: ApiCall): Exchange {
  return {
    method: call.method,
    path: call.path,
    requestBody: call.requestBody,
    httpStatus: call.httpStatus,
    responseBody: call.responseBody,
    outcome: call.transport === 'answered' ? 'answered' : `${call.transport}:${call.reason ?? ''}`,
    startedAt: call.startedAt,
    durationMs: call.durationMs,
  };
}

export const problemOf = (code: string | number, message: string) => ({ code: String(code), message });
const str = (value: unknown) => (typeof value === 'string' ? value : null);

/** The order as MultiSafepay holds it, from a successful answer. */
const createdFrom = (data: Record<string, unknown>): Outcome => ({
  state: 'created',
  status: str(data.status),
  financialStatus: str(data.financial_status),
  transactionId: idText(data.transaction_id),
  problem: null,
});

/** What a create POST means for the order. */
export function classifyCreate(call: ApiCall, orderId: string): Outcome {
  if (call.transport === 'not_sent') {
    return { state: 'not_sent', problem: problemOf('not_sent', 'MultiSafepay could not be reached; nothing was sent.') };
  }
  if (call.transport === 'no_answer') {
    return { state: 'unknown', problem: problemOf('no_answer', `No answer from MultiSafepay (${call.reason}).`) };
  }
  // Rate limited: the server turned the request away before processing it.
  if (call.httpStatus === 429) {
    return { state: 'not_sent', problem: problemOf('rate_limited', 'MultiSafepay asked to slow down; nothing was created.') };
  }
  const reading = readAnswer(call);
  // A 5xx or an unreadable body may hide an order that was created: unknown, never "failed".
  if (reading.kind === 'unreadable' || (call.httpStatus ?? 0) >= 500) {
    return { state: 'unknown', problem: problemOf('unreadable', `MultiSafepay returned an unreadable answer (HTTP ${call.httpStatus}).`) };
  }
  if (reading.kind === 'api_error') {
    const code = reading.errorCode ?? 'api';
    return { state: 'rejected', problem: problemOf(code, MSP_ERRORS[Number(code)] ?? (reading.errorInfo || 'MultiSafepay refused the order.')) };
  }
  const data = reading.data;
  if (idText(data.order_id) !== orderId) {
    return { state: 'unknown', problem: problemOf('mismatch', 'The answer names another order; checking with MultiSafepay.') };
  }
  return { ...createdFrom(data), paymentUrl: str(data.payment_url) };
}

/**
 * What a GET /orders/{order_id} means for an order we hold, read by `readBack` (the one reading
 * of every read-back): about this order → created with its statuses; about another order →
 * needs_review, nothing taken (always stored, so the answer stays in the timeline); "not found"
 * (1006) → not_sent (nothing landed), except for an order MultiSafepay already had or one marked
 * for review. null: nothing changed, so the re-read is not stored again.
 */
export function classifyReread(call: ApiCall, view: OrderView, sent: SentOrder): Outcome | null {
  const read = readBack(call, sent);
  if (read.kind === 'this_order') {
    const { outcome } = read;
    // A problem noted on a created order (a cancel not known yet) is settled by any reading of it.
    const same =
      view.state === 'created' &&
      view.problem === null &&
      outcome.status === view.status &&
      outcome.financialStatus === view.financialStatus &&
      outcome.transactionId === view.transactionId;
    return same ? null : outcome;
  }
  if (read.kind === 'other_order') return read.outcome;
  if (read.kind === 'not_found' && view.state !== 'created' && view.state !== 'needs_review') {
    return { state: 'not_sent', problem: problemOf('not_found', 'MultiSafepay has no such order: nothing was created.') };
  }
  return { state: view.state, problem: view.problem };
}

/**
 * After a resend was refused as a duplicate (1006): the first attempt landed after all if the
 * read-back is about this order (same order_id, amount, currency and the rest we sent); an answer
 * about another order marks it for review.
 */
export function classifyDuplicate(check: ApiCall, sent: SentOrder): Outcome {
  const read = readBack(check, sent);
  if (read.kind === 'this_order' || read.kind === 'other_order') return read.outcome;
  return { state: 'unknown', problem: problemOf('duplicate', 'MultiSafepay says this order exists, but it could not be read back yet.') };
}
