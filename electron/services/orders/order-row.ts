/** An order row as stored, what a new one is written with, and the view the renderer sees of it. */
import type { OrderKey } from '@shared/order-key';
import type { Flow } from '@shared/orders';
import { maskIban } from '@shared/iban';
import { fieldOfApiError } from '@shared/orders';
import type { Environment, LocalState, OrderType, OrderView } from '@shared/orders';

export interface OrderRow {
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
  flow: Flow;
  customer_name: string | null;
  customer_email: string | null;
  customer_locale: string | null;
  iban: string | null;
  iban_last4: string | null;
  account_holder_name: string | null;
  emandate: string | null;
  link_expires_at: number | null;
  replaces: string | null;
  replaced_by: string | null;
  check_attempts: number;
  next_check_at: number | null;
  /** When the status last changed (null before version 7's first write). */
  status_changed_at: number | null;
  /** 'elsewhere': imported by the history sync, not sent by this console. */
  origin: 'console' | 'elsewhere';
  completed_at: number | null;
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
  flow: Flow;
  customerName: string | null;
  customerEmail: string | null;
  customerLocale: string | null;
  /** The full IBAN of a mandate: the order needs it; views show it masked. */
  iban: string | null;
  accountHolderName: string | null;
  emandate: string | null;
  linkExpiresAt: number | null;
  /** The order_id this order replaces ("cancel and create again"). */
  replaces: string | null;
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
  /** When MultiSafepay says the payment completed (ms epoch), if it says so. */
  completedAt?: number | null;
}


export const iso = (ms: number) => new Date(ms).toISOString();

/** An order that ends `unknown` is first checked again by the reconciler after this long. */
export const FIRST_CHECK_DELAY_MS = 5_000;

/** Masked for views; a value retention already masked is shown as it is. */
const ibanView = (iban: string | null) => (iban === null ? null : iban.includes('*') ? iban : maskIban(iban));

export const keyOf = (row: OrderRow): OrderKey => ({ environment: row.environment, profileId: row.profile_id, orderId: row.order_id });

export function toView(row: OrderRow): OrderView {
  return {
    key: keyOf(row),
    orderId: row.order_id,
    environment: row.environment,
    profileId: row.profile_id,
    operator: row.operator,
    type: row.type,
    flow: row.flow,
    gateway: row.gateway,
    amount: row.amount,
    currency: row.currency,
    description: row.description,
    state: row.state,
    status: row.status,
    financialStatus: row.financial_status,
    transactionId: row.transaction_id,
    paymentUrl: row.payment_url,
    problem: row.problem_code
      ? { code: row.problem_code, message: row.problem_message ?? '', field: fieldOfApiError(row.problem_code, row.flow) }
      : null,
    customerName: row.customer_name,
    customerEmail: row.customer_email,
    locale: row.customer_locale,
    ibanMasked: ibanView(row.iban),
    accountHolderName: row.account_holder_name,
    linkExpiresAt: row.link_expires_at === null ? null : iso(row.link_expires_at),
    replaces: row.replaces,
    replacedBy: row.replaced_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    origin: row.origin,
    completedAt: row.completed_at === null ? null : iso(row.completed_at),
  };
}
