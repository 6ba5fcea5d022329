/**
 * The local rules of a refund, read from the stored refunds before anything is sent: never
 * above what remains, not the same amount within five minutes, KBC/CBC only from the business
 * day after completion, only a paid order. Plain functions: no store, no API (refunds.ts calls them).
 */
import { createHash } from 'node:crypto';
import { nextBusinessDayStart } from '@shared/msp-time';
import type { OrderView } from '@shared/orders';
import { REFUNDABLE_STATUSES, SAME_AMOUNT_WINDOW_MS, isVoidRefund } from '@shared/refunds';
import type { Issue } from '@shared/result';
import { ServiceError } from '../platform/errors';
import { iso } from './order-row';
import type { StoredRefund } from './refund-store';

/** Refunds that give (or may give) money back: asked for and not refused, not void. */
const counts = (r: StoredRefund) => (r.state === 'created' || r.state === 'sending' || r.state === 'unknown') && !isVoidRefund(r.status);

/** What the order's refunds give (or may give) back so far. */
export const refundedOf = (list: StoredRefund[]) => list.filter(counts).reduce((sum, r) => sum + r.amount, 0);

/** Our name for the n-th refund of an order at MultiSafepay (≤ 50 characters, like every order_id). */
export function refundOrderId(orderId: string, n: number): string {
  const plain = `${orderId}-R${n}`;
  if (plain.length <= 50) return plain;
  const hash = createHash('sha256').update(orderId).digest('hex').slice(0, 8);
  return `${orderId.slice(0, 50 - hash.length - String(n).length - 3)}-${hash}-R${n}`;
}

/** Why this order cannot be refunded now (order-level), or null. */
export function refusal(view: OrderView, list: StoredRefund[], now: number): { issue: Issue; message: string } | null {
  const no = (key: string, message: string, params?: Issue['params']) => ({ issue: params ? { key, params } : { key }, message });
  if (view.state === 'needs_review') return no('refund.needsReview', 'This order is marked for review: check it in MultiSafepay’s dashboard first.');
  if (view.status === 'refunded') return no('refund.fullyRefunded', 'This order is already fully refunded.');
  const paid = view.state === 'created' && (REFUNDABLE_STATUSES as readonly string[]).includes(view.status ?? '') && (view.financialStatus ?? 'completed') === 'completed';
  if (!paid) return no('refund.notPaid', 'Only a completed (paid) order can be refunded.');
  if (list.some((r) => r.state === 'sending' || r.state === 'unknown')) {
    return no('refund.unsettled', 'A refund of this order has no clear outcome yet; read the order back before asking for another.');
  }
  if (view.amount - refundedOf(list) <= 0) return no('refund.fullyRefunded', 'This order is already fully refunded.');
  if (view.gateway === 'KBC' || view.gateway === 'CBC') {
    if (!view.completedAt) return no('refund.completionUnknown', 'When this KBC/CBC payment completed is not known yet; refresh the order first.');
    const from = nextBusinessDayStart(Date.parse(view.completedAt));
    if (now < from) return no('refund.kbcNotYet', `KBC/CBC payments can be refunded from ${iso(from)}.`, { date: iso(from) });
  }
  return null;
}

/**
 * Throws unless a refund of `amount` may be asked for now: the order may be refunded, the amount
 * is at most the remainder (exactly it when `full`), and no refund of the same amount is younger
 * than MultiSafepay's five-minute guard.
 */
export function checkRefund(view: OrderView, list: StoredRefund[], input: { amount: number; full: boolean }, now: number): void {
  const { amount } = input;
  const refused = refusal(view, list, now);
  if (refused) throw new ServiceError('CONFLICT', refused.message, { _: refused.issue });
  const remainder = view.amount - refundedOf(list);
  const money = { remainder, currency: view.currency };
  if (amount > remainder) {
    throw new ServiceError('VALIDATION', 'The refund is more than what remains refundable.', { amount: { key: 'refund.overRemainder', params: money } });
  }
  if (input.full && amount !== remainder) {
    throw new ServiceError('VALIDATION', 'A full refund is exactly what remains refundable.', { amount: { key: 'refund.fullMismatch', params: money } });
  }
  const same = list.find((r) => counts(r) && r.amount === amount && now - r.createdMs < SAME_AMOUNT_WINDOW_MS);
  if (same) {
    const after = iso(same.createdMs + SAME_AMOUNT_WINDOW_MS);
    throw new ServiceError('VALIDATION', `A refund of the same amount was asked for less than 5 minutes ago; MultiSafepay refuses a second one before ${after}.`, {
      amount: { key: 'refund.sameAmountRecently', params: { after } },
    });
  }
}
