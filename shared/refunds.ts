/**
 * Refunds: the rules staff and main share. Amounts are integer minor units; ids
 * (refund ids, transaction ids) are exact text. MultiSafepay refuses (1034) a refund
 * above what remains, and a second refund of the same amount on the same order within
 * five minutes; KBC/CBC payments can be refunded one business day after they complete.
 */
import { MAX_MINOR_UNITS } from './money';
import { OrderKey } from './order-key';
import type { Issue } from './result';
import { z } from './zod';

export const SAME_AMOUNT_WINDOW_MS = 5 * 60_000;

/** Order statuses that still have money to give back (the financial status must be completed too). */
export const REFUNDABLE_STATUSES = ['completed', 'partial_refunded'] as const;

/** The refund's own status at MultiSafepay: reserved/initialized until it goes to the bank at midnight. */
export const PENDING_REFUND_STATUSES = ['reserved', 'initialized'] as const;
/** Statuses of a refund that gives no money back (and so does not count against the remainder). */
export const VOID_REFUND_STATUSES = ['void', 'cancelled', 'declined', 'expired', 'error'] as const;

/** Local states of a refund we asked for: as for orders, `unknown` until a read-back settles it. */
export const REFUND_STATES = ['sending', 'created', 'rejected', 'not_sent', 'unknown'] as const;
export type RefundState = (typeof REFUND_STATES)[number];

/** `amount` is what to give back; `full` says the operator chose "everything that remains" (checked equal in main). */
export const RefundCreateInput = z.strictObject({
  key: OrderKey,
  amount: z.int().min(1).max(MAX_MINOR_UNITS),
  full: z.boolean(),
  description: z.string().max(200).optional(),
});
export type RefundCreateInput = z.output<typeof RefundCreateInput>;

export const RefundCancelInput = z.strictObject({
  key: OrderKey,
  refundOrderId: z.string().min(1).max(50).regex(/^[A-Za-z0-9_-]+$/),
});
export type RefundCancelInput = z.output<typeof RefundCancelInput>;

export interface RefundView {
  /** Our name for the refund at MultiSafepay (`refund_order_id`, e.g. CON-…-R1). */
  refundOrderId: string;
  /** MultiSafepay's PSP id of the refund, exact (null until known). */
  refundId: string | null;
  amount: number;
  currency: string;
  state: RefundState;
  /** MultiSafepay's status of the refund (reserved, initialized, completed, void…). */
  status: string | null;
  problem: { code: string; message: string } | null;
  operator: string;
  createdAt: string;
  updatedAt: string;
  /** Pending at MultiSafepay: it can still be cancelled. */
  cancellable: boolean;
}

export interface RefundsView {
  key: OrderKey;
  currency: string;
  amount: number;
  /** Given back or possibly given back (unsettled refunds count until settled). */
  refunded: number;
  remainder: number;
  /** Why no refund can be made now (an i18n key and its parameters), or null. */
  refusal: Issue | null;
  /** Direct debit: the customer may still reverse the debit after a refund. */
  chargebackRisk: boolean;
  refunds: RefundView[];
}

export const isPendingRefund = (status: string | null) => status !== null && (PENDING_REFUND_STATUSES as readonly string[]).includes(status);
export const isVoidRefund = (status: string | null) => status !== null && (VOID_REFUND_STATUSES as readonly string[]).includes(status);
