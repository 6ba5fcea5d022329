/**
 * Order domain: the words staff and the API share. API field names keep their
 * API spelling at the boundary (order_id, payment_url); inside we use camelCase.
 */
import type { OrderKey } from './order-key';

export const ENVIRONMENTS = ['demo', 'test', 'live'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * The closed set of local states of an order we sent (or tried to send).
 * sending: intent written, POST under way · created: MultiSafepay has it ·
 * rejected: MultiSafepay refused it · not_sent: nothing left this machine ·
 * unknown: it may or may not have landed; resolved by GET /orders/{order_id} ·
 * needs_review: a read-back answered about another order (another order_id, amount, currency…):
 * nothing is settled from it; staff check the order in MultiSafepay's dashboard.
 */
export const LOCAL_STATES = ['sending', 'created', 'rejected', 'not_sent', 'unknown', 'needs_review'] as const;
export type LocalState = (typeof LOCAL_STATES)[number];

/** `checkout` is not made by any form; the advanced editor may still send it. */
export const ORDER_TYPES = ['paymentlink', 'redirect', 'direct', 'checkout'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/** What an order was made with: one form each, plus the raw-JSON editor. */
export const FLOWS = ['paymentlink', 'redirect', 'directdebit', 'kbc-cbc', 'inghome', 'advanced'] as const;
export type Flow = (typeof FLOWS)[number];

/** Which form a (type, gateway) pair belongs to. */
export function flowOf(type: string, gateway: string | null | undefined): Exclude<Flow, 'advanced'> {
  if (type === 'paymentlink') return 'paymentlink';
  if (gateway === 'DIRDEB') return 'directdebit';
  if (gateway === 'KBC' || gateway === 'CBC') return 'kbc-cbc';
  if (gateway === 'INGHOME') return 'inghome';
  return 'redirect';
}

export { DESCRIPTION_MAX, checkDescription, checkFreeText, containsCardNumber } from './text';
export { fieldIssues } from './field-issues';

/** Everything the renderer may see of an order (no secrets; IBANs masked once there are any). */
export interface OrderView {
  /** Environment + site profile + order_id: how every channel names this order. */
  key: OrderKey;
  orderId: string;
  environment: Environment;
  profileId: string;
  operator: string;
  type: OrderType;
  /** Which form made it (or the advanced editor). */
  flow: Flow;
  gateway: string | null;
  amount: number;
  currency: string;
  description: string;
  state: LocalState;
  /** MultiSafepay's order status and financial status, as received (open enums). */
  status: string | null;
  financialStatus: string | null;
  /** Kept as text: 16–17 digit PSP ids do not fit a JS number. */
  transactionId: string | null;
  paymentUrl: string | null;
  /** What went wrong, and which form field it belongs to when it can be told. */
  problem: { code: string; message: string; field: string | null } | null;
  customerName: string | null;
  customerEmail: string | null;
  /** customer.locale as sent, e.g. nl_NL. */
  locale: string | null;
  /** "NL91 **** **** **** 4300": the full IBAN never leaves main in a view. */
  ibanMasked: string | null;
  accountHolderName: string | null;
  /** When the payment link stops working (paymentlink/redirect), if known. */
  linkExpiresAt: string | null;
  /** "Cancel and create again": the order this one replaced, and the one that replaced it. */
  replaces: string | null;
  replacedBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** 'elsewhere': found by the history sync (made in the dashboard, a shop…), not sent by this console. */
  origin?: 'console' | 'elsewhere';
  /** When MultiSafepay says the payment completed, if known (KBC/CBC refunds wait a business day after it). */
  completedAt?: string | null;
}

/** The request/response pair behind an order, as stored (API key never included). */
export interface OrderExchange {
  method: string;
  path: string;
  requestBody: string | null;
  httpStatus: number | null;
  responseBody: string | null;
  outcome: string;
  startedAt: string;
  durationMs: number;
}

export interface OrderDetail extends OrderView {
  exchanges: OrderExchange[];
  /** Every change of local state, status or financial status, oldest first (the timeline); main always sends it. */
  statusChanges?: { at: string; state: LocalState; status: string | null; financialStatus: string | null }[];
}

/**
 * MultiSafepay error codes that name one input field staff can correct: 1001 invalid amount,
 * 1002 currency not enabled, 1007 invalid IP, 1008 invalid description, 1010 invalid var1–3,
 * 1018 country not ISO 3166-1, 1023 gateway unavailable.
 */
const FIELD_OF_API_ERROR: Record<string, string> = {
  '1001': 'amount',
  '1002': 'currency',
  '1007': 'customer.ipAddress',
  '1008': 'description',
  '1010': 'var1',
  '1018': 'customer.country',
  '1023': 'gateway',
};

/** The form field a MultiSafepay error code points at, if any. */
export function fieldOfApiError(code: string, flow: Flow): string | null {
  if (code === '1018' && flow === 'directdebit') return 'mandate.holderCountry';
  return FIELD_OF_API_ERROR[code] ?? null;
}

/**
 * Statuses after which nothing more happens to the payment: MultiSafepay moves an order out of
 * declined, expired, cancelled or void no more, and refunded/chargeback end what we watch.
 */
const FINAL_STATUSES = new Set(['declined', 'expired', 'cancelled', 'void', 'refunded', 'chargeback']);

/**
 * Nothing more to watch for: refused or never sent, or a final payment status.
 * `completed` is final except for direct debit, where a reversal can follow for weeks.
 */
export function isSettled(order: Pick<OrderView, 'state' | 'status' | 'gateway'>): boolean {
  // needs_review: no automatic re-read can settle it; a person has to look.
  if (order.state === 'rejected' || order.state === 'not_sent' || order.state === 'needs_review') return true;
  if (order.state !== 'created' || order.status === null) return false;
  // A partly refunded order was paid: as settled as a completed one.
  if (order.status === 'completed' || order.status === 'partial_refunded') return order.gateway !== 'DIRDEB';
  return FINAL_STATUSES.has(order.status);
}

/**
 * How long to wait before the next re-read while staff watch an order (MultiSafepay cannot
 * notify this desktop app, so it polls):
 * every 5 s for two minutes, every 30 s up to a quarter of an hour, then every 15 minutes.
 */
export function watchDelayMs(watchedForMs: number): number {
  if (watchedForMs < 2 * 60_000) return 5_000;
  if (watchedForMs < 15 * 60_000) return 30_000;
  return 15 * 60_000;
}

/**
 * Who may still be cancelled: MultiSafepay cancels (PATCH) unpaid orders only, and a direct
 * debit only until its e-mandate has gone to the bank (financial_status `uncleared`). A link just created has no status yet (the create answer carries none).
 */
export function isCancellable(order: Pick<OrderView, 'state' | 'status' | 'financialStatus' | 'gateway'>): boolean {
  if (order.state !== 'created') return false;
  if (order.status === null) return order.gateway !== 'DIRDEB';
  if (order.gateway === 'DIRDEB') {
    return (order.status === 'initialized' || order.status === 'uncleared') && order.financialStatus === 'initialized';
  }
  return order.status === 'initialized';
}

/** A soft warning before submitting: something similar was sent recently. */
export interface DuplicateWarning {
  kind: 'sameIbanAmount' | 'sameEmailAmount' | 'ibanDebitedToday';
  orderId: string;
  amount: number;
  currency: string;
  createdAt: string;
}

export interface PrecheckResult {
  warnings: DuplicateWarning[];
}
