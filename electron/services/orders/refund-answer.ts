/**
 * What MultiSafepay's answers say about refunds: the outcome of a refund POST, and the refunds
 * a GET /orders/{order_id} lists. Reading only; refunds.ts decides what to store.
 */
import type { ApiCall } from '../msp/client';
import { readAnswer } from '../msp/client';
import { idText } from '../msp/json';
import { problemOf } from './outcome';
import type { RefundOutcome } from './refund-store';

export interface RelatedRefund {
  refundId: string;
  refundOrderId: string | null;
  amount: number;
  currency: string;
  status: string | null;
}

/** The refunds a GET /orders/{order_id} answer lists (related_transactions of type refund), ids exact. */
export function relatedRefunds(data: Record<string, unknown>): RelatedRefund[] {
  const list = Array.isArray(data.related_transactions) ? (data.related_transactions as unknown[]) : [];
  const out: RelatedRefund[] = [];
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const r = item as Record<string, unknown>;
    const refundId = idText(r.transaction_id);
    if (r.type !== 'refund' || refundId === null) continue;
    out.push({
      refundId,
      refundOrderId: typeof r.refund_order_id === 'string' && r.refund_order_id !== '' ? r.refund_order_id : null,
      // A refund may be listed as a negative amount; what it gives back is its size.
      amount: Math.abs(Number(r.amount)),
      currency: String(r.currency ?? ''),
      status: typeof r.status === 'string' ? r.status : null,
    });
  }
  return out;
}

/** What a refund POST means. */
export function classifyRefund(call: ApiCall): RefundOutcome {
  if (call.transport === 'not_sent') return { state: 'not_sent', problem: problemOf('not_sent', 'MultiSafepay could not be reached; nothing was sent.') };
  if (call.transport === 'no_answer') return { state: 'unknown', problem: problemOf('no_answer', `No answer from MultiSafepay (${call.reason}).`) };
  if (call.httpStatus === 429) return { state: 'not_sent', problem: problemOf('rate_limited', 'MultiSafepay asked to slow down; no refund was made.') };
  const reading = readAnswer(call);
  if (reading.kind === 'unreadable' || (call.httpStatus ?? 0) >= 500) {
    return { state: 'unknown', problem: problemOf('unreadable', `MultiSafepay returned an unreadable answer (HTTP ${call.httpStatus}).`) };
  }
  if (reading.kind === 'api_error') {
    const code = reading.errorCode ?? 'api';
    const words = code === 1034 ? 'MultiSafepay refused the refund (1034: above what remains, the same amount within 5 minutes, not yet possible, or no balance).' : reading.errorInfo || 'MultiSafepay refused the refund.';
    return { state: 'rejected', problem: problemOf(code, words) };
  }
  return { state: 'created', refundId: idText(reading.data.refund_id), transactionId: idText(reading.data.transaction_id), problem: null };
}
