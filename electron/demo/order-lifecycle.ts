/**
 * Orders of the demo API over time: the statuses an order goes through (decided at
 * creation, derived when read), cancel and customer actions, and the JSON views
 * of it. Pure functions; the state lives in api.ts.
 */
import { isLosslessNumber, LosslessNumber, parse } from 'lossless-json';
import { toMspTime } from '@shared/msp-time';
import { BANK_PAGE_EXPIRY_MS, DAY, TEST_IBAN_SCRIPTS, isAbsent, isRecord, maskIban } from './orders';
import type { Change, OrderRequest } from './orders';

/** The order's status from `at` on, until the next step. */
export interface Step {
  at: number;
  status: string;
  financial: string;
}


/** Any other mandate: checked and e-mandate generated after a day, collected after nine. */
const DIRECT_DEBIT_SCRIPT: readonly Change[] = [
  [DAY, 'uncleared', 'initialized'],
  [9 * DAY, 'completed', 'completed'],
];

/** Everything that will happen to an order if nobody acts, decided at creation. */
export function scheduleSteps(request: OrderRequest, createdAt: number, environment: 'test' | 'live'): Step[] {
  const changes: readonly Change[] = (() => {
    if (request.type !== 'direct') return [[request.lifetimeMs, 'expired', 'expired']];
    if (request.mandate) {
      const script = environment === 'test' ? TEST_IBAN_SCRIPTS.get(request.mandate.iban) : undefined;
      return script ?? DIRECT_DEBIT_SCRIPT;
    }
    return [[BANK_PAGE_EXPIRY_MS, 'expired', 'expired']];
  })();
  return [
    { at: createdAt, status: 'initialized', financial: 'initialized' },
    ...changes.map(([after, status, financial]) => ({ at: createdAt + after, status, financial })),
  ];
}

export interface DemoOrder {
  request: OrderRequest;
  transactionId: string;
  sessionId: string;
  paymentUrl: string;
  createdAt: number;
  steps: Step[];
}

/** The step in force at `now`: statuses are derived when read, never by timers. */
export function stepAt(order: DemoOrder, now: number): Step {
  let current = order.steps[0]!;
  for (const step of order.steps) if (step.at <= now) current = step;
  return current;
}

export const CUSTOMER_ACTIONS = {
  pay: { status: 'completed', financial: 'completed' },
  cancel: { status: 'void', financial: 'cancelled' },
  expire: { status: 'expired', financial: 'expired' },
} as const;
export type CustomerAction = keyof typeof CUSTOMER_ACTIONS;

/** A direct debit is collected by the bank; there is nothing for the customer to click. */
export const awaitsCustomer = (order: DemoOrder, now: number) =>
  order.request.mandate === null && stepAt(order, now).status === 'initialized';

/** The body of a cancel PATCH: status "cancelled" (required); exclude_order true or 1 (older docs). */
export function readCancel(text: string): { ok: true } | { ok: false; info: string } {
  let body: unknown;
  try {
    body = parse(text);
  } catch {
    return { ok: false, info: 'Invalid JSON' };
  }
  if (!isRecord(body) || body.status !== 'cancelled') return { ok: false, info: 'Invalid status: only "cancelled" is supported here' };
  const exclude = body.exclude_order;
  const flag = isLosslessNumber(exclude) ? exclude.value : exclude;
  if (!isAbsent(exclude) && flag !== true && flag !== '1' && flag !== false && flag !== '0') {
    return { ok: false, info: 'Invalid exclude_order' };
  }
  return { ok: true };
}

/**
 * Merchant cancel: possible while nobody has paid. For a direct debit, only until
 * the e-mandate went to the bank (financial status still initialized). The order
 * becomes `cancelled`; its financial status stays what it was (the API keeps the two apart).
 */
export function cancelOrder(order: DemoOrder, now: number): boolean {
  const step = stepAt(order, now);
  const open = order.request.mandate
    ? (step.status === 'initialized' || step.status === 'uncleared') && step.financial === 'initialized'
    : step.status === 'initialized';
  if (!open) return false;
  order.steps = [...order.steps.filter((s) => s.at <= now), { at: now, status: 'cancelled', financial: step.financial }];
  return true;
}

/** The customer's choice replaces whatever was still scheduled. False when it is too late. */
export function applyAction(order: DemoOrder, action: CustomerAction, now: number): boolean {
  if (!awaitsCustomer(order, now)) return false;
  order.steps = [...order.steps.filter((s) => s.at <= now), { at: now, ...CUSTOMER_ACTIONS[action] }];
  return true;
}

// ---------------------------------------------------------------- views

/** API timestamps are Amsterdam local time without an offset, e.g. "2019-03-11T14:35:13" (shared with main, which reads them). */
export const amsterdamTime = toMspTime;

/** Only the fields that were sent, with the input name `phone` shown as `phone1`. */
function customerView(customer: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(customer).map(([k, v]) => [k === 'phone' ? 'phone1' : k, v]));
}

/**
 * The order as GET /orders/{id} shows it (the fields the API returns). `transaction_id` is a
 * LosslessNumber so it serialises as a bare number literal.
 */
export function orderDetails(order: DemoOrder, now: number): Record<string, unknown> {
  const { request } = order;
  const step = stepAt(order, now);
  const iban = request.mandate ? maskIban(request.mandate.iban) : null;
  const holderName = request.mandate?.holderName ?? null;
  const gateway = request.method?.id ?? null;
  return {
    transaction_id: new LosslessNumber(order.transactionId),
    order_id: request.orderId,
    created: amsterdamTime(order.createdAt),
    modified: amsterdamTime(step.at),
    ...(step.status === 'completed' ? { completed: amsterdamTime(step.at) } : {}),
    currency: request.currency,
    amount: request.amount,
    amount_refunded: 0,
    description: request.description,
    items: request.items,
    status: step.status,
    financial_status: step.financial,
    reason: '',
    reason_code: '',
    fastcheckout: 'NO',
    customer: customerView(request.customer),
    payment_details: {
      type: gateway,
      account_id: iban,
      account_iban: iban,
      account_bic: request.mandate?.bic ?? null,
      account_holder_name: holderName,
      external_transaction_id: null,
      recurring_id: null,
      recurring_model: null,
      recurring_flow: null,
      issuer_id: null,
      response_code: null,
    },
    payment_methods: request.method
      ? [
          {
            type: request.method.id,
            payment_description: request.method.name,
            amount: request.amount,
            currency: request.currency,
            description: request.description,
            status: step.financial,
            external_transaction_id: null,
            ...(iban ? { account_iban: iban, account_holder_name: holderName } : {}),
          },
        ]
      : [],
    costs: [],
    related_transactions: null,
    var1: request.var1,
    var2: request.var2,
    var3: request.var3,
    custom_info: {
      custom_1: request.customInfo.custom_1 ?? null,
      custom_2: request.customInfo.custom_2 ?? null,
      custom_3: request.customInfo.custom_3 ?? null,
    },
  };
}

/** What POST /orders answers: the short link shape, or the whole order for direct. */
export function createdView(order: DemoOrder, now: number): Record<string, unknown> {
  if (order.request.type === 'direct') return { ...orderDetails(order, now), payment_url: order.paymentUrl };
  return { order_id: order.request.orderId, payment_url: order.paymentUrl, session_id: order.sessionId };
}
