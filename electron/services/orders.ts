/**
 * Creating and following orders, so that money requests are never lost and
 * never doubled: validate (the gate, then the checks only main can make) →
 * generate the order_id → write the intent row → POST once → store the exchange
 * and what it means. An unclear outcome stays `unknown` until GET
 * /orders/{order_id} settles it (on demand, or by the reconciler). Nothing is
 * ever posted again except by an explicit operator action: "send again" reuses
 * the order_id; "cancel and create again" cancels first and uses a new one.
 */
import { ApiOrderBody, readRawBody, toApiBody } from '@shared/orders/body';
import type { ParsedApiBody } from '@shared/orders/body';
import type { ParsedOrderInput, PrecheckInput } from '@shared/orders/form';
import { flowOf } from '@shared/orders';
import type { Flow } from '@shared/orders';
import { checkEmail } from '../../shared/customer';
import { checkIban, isTestIban } from '../../shared/iban';
import { methodIssue } from '../../shared/methods';
import { checkMinorUnits } from '../../shared/money';
import { fieldIssues, isCancellable } from '../../shared/orders';
import type { DuplicateWarning, OrderDetail, OrderType, OrderView, PrecheckResult } from '../../shared/orders';
import type { Issue } from '../../shared/result';
import type { z } from '../../shared/zod';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import type { DraftStore } from './drafts';
import { ServiceError } from './errors';
import { idText, parseLossless } from './json';
import type { Logger } from './log';
import type { MethodService } from './methods';
import type { ApiCall, MspClient } from './msp-client';
import { readAnswer } from './msp-client';
import { generateOrderId } from './order-id';
import type { Exchange, OrderKey, OrderStore, Outcome } from './order-store';
import type { Profile } from './profiles';

/** English words for MultiSafepay's error codes (the renderer has its own translations). */
const MSP_ERRORS: Record<number, string> = {
  1000: 'MultiSafepay reported an unknown error.',
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

const MINUTE = 60_000;
/** Same IBAN or e-mail with the same amount within this window: ask before sending. */
export const DUPLICATE_WINDOW_MS = 10 * MINUTE;
/** MultiSafepay's default: one direct debit per IBAN per 24 hours. */
export const DEBIT_WINDOW_MS = 24 * 60 * MINUTE;
const DEFAULT_LINK_LIFETIME_MS = 30 * 24 * 60 * MINUTE;

function toExchange(call: ApiCall): Exchange {
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

const problemOf = (code: string | number, message: string) => ({ code: String(code), message });
const str = (value: unknown) => (typeof value === 'string' ? value : null);

/** What a create POST means for the order. Exported for the fault tests. */
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
  return {
    state: 'created',
    paymentUrl: str(data.payment_url),
    transactionId: idText(data.transaction_id),
    status: str(data.status),
    financialStatus: str(data.financial_status),
    problem: null,
  };
}

/** The facts of a body main keeps in columns beside it (and checks before sending). */
interface Prepared {
  body: ParsedApiBody;
  flow: Flow;
  /** Where a field problem goes: the form's field names, or the API's for the advanced editor. */
  paths: { amount: string; currency: string; gateway: string; iban: string };
}

const FORM_PATHS: Prepared['paths'] = { amount: 'amount', currency: 'currency', gateway: 'gateway', iban: 'mandate.iban' };
const RAW_PATHS: Prepared['paths'] = {
  amount: 'amount',
  currency: 'currency',
  gateway: 'gateway',
  iban: 'gateway_info.account_holder_iban',
};

/** A live-order confirmation check (the accounts' live guard), run before anything is written. */
export type SendGuard = (facts: { amount: number; currency: string; customer?: unknown }) => void;

const invalid = (fields: Record<string, Issue>) => new ServiceError('VALIDATION', 'Some fields need attention.', fields);

export function createOrderService(deps: {
  store: OrderStore;
  client: () => MspClient;
  profile: () => Profile;
  /** Who is at the keyboard now (recorded on the order and in the audit log). */
  operator: () => string;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  methods: MethodService;
  drafts: DraftStore;
  /** The largest amount (minor units) one manual order may carry. */
  orderCap: () => number;
}) {
  const { store, clock, log } = deps;
  /** Bodies being posted right now: an identical second create waits for nobody, it is refused. */
  const inFlight = new Set<string>();

  const keyOf = (orderId: string): OrderKey => {
    const profile = deps.profile();
    return { environment: profile.environment, profileId: profile.id, orderId };
  };

  function uniqueOrderId(): string {
    for (let i = 0; i < 5; i++) {
      const id = generateOrderId(clock.now());
      if (!store.exists(keyOf(id))) return id;
    }
    throw new ServiceError('CONFLICT', 'Could not find a free order ID; try again.');
  }

  function mustFind(orderId: string): { view: OrderView; row: number } {
    const key = keyOf(orderId);
    const row = store.rowId(key);
    const view = store.find(key);
    if (row === null || !view) throw new ServiceError('NOT_FOUND', 'No such order in this profile’s history.');
    return { view, row };
  }

  /** What only main can check: the environment (test IBANs), the cap, the account's methods. */
  async function checkForAccount(prepared: Prepared): Promise<void> {
    const { body, paths } = prepared;
    const fields: Record<string, Issue> = {};
    const cap = checkMinorUnits(body.amount, deps.orderCap());
    if (cap) fields[paths.amount] = cap;
    const iban = body.gateway_info?.account_holder_iban;
    if (iban && isTestIban(iban) && deps.profile().environment === 'live') fields[paths.iban] = { key: 'validation.iban.testOnly' };
    if (body.gateway) {
      const methods = await deps.methods.forCheck();
      // Offline with no stored list: MultiSafepay stays the judge (1023 maps to the gateway field).
      const method = methods?.find((m) => m.id === body.gateway);
      if (methods && !method) {
        fields[paths.gateway] = { key: body.gateway === 'INGHOME' ? 'validation.gateway.retired' : 'validation.gateway.notOffered', params: { gateway: body.gateway } };
      } else if (method) {
        const issue = methodIssue(method, body.amount, body.currency);
        if (issue) fields[issue.key.startsWith('validation.currency') ? paths.currency : paths.amount] = issue;
      }
    }
    if (Object.keys(fields).length) throw invalid(fields);
  }

  /** What the row stores beside the body; `now` is the creation time, so the expiry counts from it exactly. */
  function rowFacts(body: ParsedApiBody, now: number) {
    const name = [body.customer?.first_name, body.customer?.last_name].filter(Boolean).join(' ');
    const info = body.gateway_info;
    const lifetimeMs =
      body.seconds_active !== undefined ? body.seconds_active * 1000 : body.days_active !== undefined ? body.days_active * 24 * 60 * MINUTE : DEFAULT_LINK_LIFETIME_MS;
    return {
      type: body.type as OrderType,
      gateway: body.gateway ?? null,
      customerName: name || null,
      customerEmail: body.customer?.email ?? null,
      customerLocale: body.customer?.locale ?? null,
      iban: info?.account_holder_iban ?? info?.account_id ?? null,
      accountHolderName: info?.account_holder_name ?? null,
      emandate: info?.emandate ?? null,
      linkExpiresAt: body.type === 'direct' ? null : now + lifetimeMs,
    };
  }

  /** Write the intent, POST once, store what happened. */
  async function send(prepared: Prepared, options: { replaces?: string } = {}): Promise<OrderView> {
    const profile = deps.profile();
    const { type: _type, ...rest } = prepared.body;
    const fingerprint = `${profile.environment}|${profile.id}|${JSON.stringify(prepared.body)}`;
    if (inFlight.has(fingerprint)) {
      throw new ServiceError('CONFLICT', 'This order is being sent right now; it is not sent twice.', {
        _: { key: 'validation.order.inFlight' },
      });
    }
    inFlight.add(fingerprint);
    try {
      const orderId = uniqueOrderId();
      const requestBody = JSON.stringify({ type: prepared.body.type, order_id: orderId, ...rest });
      const now = clock.now();
      const facts = rowFacts(prepared.body, now);
      let row: number;
      try {
        row = store.insertIntent({
          environment: profile.environment,
          profileId: profile.id,
          operator: deps.operator(),
          orderId,
          flow: prepared.flow,
          currency: prepared.body.currency,
          amount: prepared.body.amount,
          description: prepared.body.description,
          requestBody,
          now,
          replaces: options.replaces ?? null,
          ...facts,
        });
      } catch (error) {
        log.error('orders.intent_failed', { error });
        throw new ServiceError('STORAGE', 'The order could not be saved locally, so it was not sent.');
      }
      // Submitted: what was typed now lives in the order row, not in a draft.
      deps.drafts.clear();
      const call = await deps.client().call('POST', '/orders', requestBody);
      const outcome = classifyCreate(call, orderId);
      store.settle(row, toExchange(call), outcome, clock.now());
      log.info('orders.create', { orderId, flow: prepared.flow, state: outcome.state, httpStatus: call.httpStatus, ms: call.durationMs });
      deps.audit.record({
        action: options.replaces ? 'order.recreate' : 'order.create',
        orderId,
        details: {
          state: outcome.state,
          flow: prepared.flow,
          gateway: facts.gateway,
          amount: prepared.body.amount,
          currency: prepared.body.currency,
          ...(options.replaces ? { replaces: options.replaces } : {}),
        },
      });
      return mustFind(orderId).view;
    } finally {
      inFlight.delete(fingerprint);
    }
  }

  /** Any body through the same rules as the forms' (a safety net for form input, the gate for raw). */
  function checked(body: unknown, paths: Prepared['paths']): ParsedApiBody {
    const parsed = ApiOrderBody.safeParse(body);
    if (!parsed.success) {
      log.warn('orders.body_refused', { paths: Object.keys(fieldIssues(parsed.error)) });
      throw invalid(paths === RAW_PATHS ? fieldIssues(parsed.error) : { _: { key: 'validation.invalid' } });
    }
    return parsed.data;
  }

  /**
   * GET the order and store what it says. Found → created; "not found" (1006) →
   * not_sent (nothing landed). A re-read that changes nothing is not stored again.
   */
  async function reread(key: OrderKey, row: number, view: OrderView): Promise<ApiCall> {
    const call = await deps.client().call('GET', `/orders/${encodeURIComponent(key.orderId)}`);
    const reading = call.transport === 'answered' ? readAnswer(call) : null;
    let outcome: Outcome = { state: view.state, problem: view.problem };
    if (reading?.kind === 'success') {
      const data = reading.data;
      outcome = {
        state: 'created',
        status: str(data.status),
        financialStatus: str(data.financial_status),
        transactionId: idText(data.transaction_id),
        problem: null,
      };
      const same =
        view.state === 'created' &&
        outcome.status === view.status &&
        outcome.financialStatus === view.financialStatus &&
        outcome.transactionId === view.transactionId;
      if (same) return call;
    } else if (reading?.kind === 'api_error' && reading.errorCode === 1006 && view.state !== 'created') {
      outcome = { state: 'not_sent', problem: problemOf('not_found', 'MultiSafepay has no such order: nothing was created.') };
    }
    store.settle(row, toExchange(call), outcome, clock.now());
    return call;
  }

  /** Cancel an unpaid order (PATCH status cancelled), then read it back. */
  async function cancel(orderId: string): Promise<OrderView> {
    const { view, row } = mustFind(orderId);
    if (!isCancellable(view)) {
      throw new ServiceError('CONFLICT', 'This order can no longer be cancelled.', { _: { key: 'validation.order.notCancellable' } });
    }
    const path = `/orders/${encodeURIComponent(orderId)}`;
    const call = await deps.client().call('PATCH', path, JSON.stringify({ status: 'cancelled', exclude_order: true }));
    // The attempt is kept with the order whatever it says; its state does not change by a PATCH alone.
    store.settle(row, toExchange(call), { state: view.state, problem: view.problem }, clock.now());
    const reading = call.transport === 'answered' ? readAnswer(call) : null;
    deps.audit.record({
      action: 'order.cancel',
      orderId,
      details: { accepted: reading?.kind === 'success', amount: view.amount, currency: view.currency },
    });
    if (call.transport !== 'answered') {
      throw new ServiceError('NETWORK', 'MultiSafepay could not be reached; check the order before trying again.');
    }
    if (reading?.kind !== 'success') {
      const code = reading?.kind === 'api_error' ? reading.errorCode : null;
      throw new ServiceError('API_ERROR', `MultiSafepay did not cancel the order (${code ?? `HTTP ${call.httpStatus}`}).`, {
        _: { key: 'validation.order.cancelRefused' },
      });
    }
    const fresh = mustFind(orderId);
    await reread(keyOf(orderId), fresh.row, fresh.view);
    return mustFind(orderId).view;
  }

  return {
    /** A form order: the gate has parsed it with the flow's schema. */
    async create(input: ParsedOrderInput, guard?: SendGuard): Promise<OrderView> {
      const body = checked(toApiBody(input), FORM_PATHS);
      const prepared: Prepared = { body, flow: flowOf(input.type, input.gateway), paths: FORM_PATHS };
      await checkForAccount(prepared);
      // After every rule has passed, so an order refused anyway does not use up a live confirmation.
      guard?.({ amount: body.amount, currency: body.currency, customer: body.customer });
      return send(prepared);
    },

    /** A body written by hand in the advanced editor: parsed losslessly (duplicate keys refused), same rules. */
    async createRaw(text: string, guard?: SendGuard): Promise<OrderView> {
      const read = readRawBody(text, parseLossless);
      if (!read.ok) throw invalid(read.fields);
      const prepared: Prepared = { body: read.body, flow: 'advanced', paths: RAW_PATHS };
      await checkForAccount(prepared);
      guard?.({ amount: read.body.amount, currency: read.body.currency, customer: read.body.customer });
      return send(prepared);
    },

    /** Soft warnings before sending; nothing is written or sent. */
    precheck(input: z.output<typeof PrecheckInput>): PrecheckResult {
      const profile = deps.profile();
      const now = clock.now();
      const ibanCheck = input.iban ? checkIban(input.iban, { allowTestIbans: true, sepaOnly: false }) : null;
      const emailCheck = input.email ? checkEmail(input.email) : null;
      const iban = ibanCheck?.ok ? ibanCheck.iban : null;
      const email = emailCheck?.ok ? emailCheck.value : null;
      const where = { environment: profile.environment, profileId: profile.id };
      const warnings: DuplicateWarning[] = [
        ...store.sameAmountSince({ ...where, amount: input.amount, currency: input.currency, since: now - DUPLICATE_WINDOW_MS, iban, email }),
        ...(iban && input.gateway?.toUpperCase() === 'DIRDEB' ? store.debitsSince({ ...where, iban, since: now - DEBIT_WINDOW_MS }) : []),
      ];
      const seen = new Set<string>();
      return { warnings: warnings.filter((w) => !seen.has(`${w.kind}|${w.orderId}`) && seen.add(`${w.kind}|${w.orderId}`)) };
    },

    /**
     * Send a `not_sent` order again, byte for byte, with the same order_id. If the
     * first attempt did land after all, MultiSafepay answers 1006 (duplicate): the
     * order is then read back instead of being reported as refused.
     */
    async resend(orderId: string): Promise<OrderView> {
      const { view, row } = mustFind(orderId);
      const key = keyOf(orderId);
      const stored = store.stored(key);
      if (view.state !== 'not_sent' || !stored || !store.markResending(row, clock.now())) {
        throw new ServiceError('CONFLICT', 'Only an order that was not sent can be sent again.', { _: { key: 'validation.order.notResendable' } });
      }
      const call = await deps.client().call('POST', '/orders', stored.requestBody);
      let outcome = classifyCreate(call, orderId);
      store.settle(row, toExchange(call), outcome, clock.now());
      if (outcome.state === 'rejected' && outcome.problem?.code === '1006') {
        const sent = JSON.parse(stored.requestBody) as { amount?: unknown; currency?: unknown };
        const check = await deps.client().call('GET', `/orders/${encodeURIComponent(orderId)}`);
        const reading = check.transport === 'answered' ? readAnswer(check) : null;
        if (reading?.kind === 'success') {
          const data = reading.data;
          outcome =
            data.amount === sent.amount && data.currency === sent.currency
              ? {
                  state: 'created',
                  status: str(data.status),
                  financialStatus: str(data.financial_status),
                  transactionId: idText(data.transaction_id),
                  problem: null,
                }
              : { state: 'rejected', problem: problemOf('conflict', 'MultiSafepay has another order with this ID (a different amount). Check it in the dashboard.') };
        } else {
          outcome = { state: 'unknown', problem: problemOf('duplicate', 'MultiSafepay says this order exists, but it could not be read back yet.') };
        }
        store.settle(row, toExchange(check), outcome, clock.now());
      }
      log.info('orders.resend', { orderId, state: outcome.state });
      deps.audit.record({ action: 'order.resend', orderId, details: { state: outcome.state, amount: view.amount, currency: view.currency } });
      return mustFind(orderId).view;
    },

    /**
     * "Cancel and create again": for an order MultiSafepay has but whose link is lost
     * (or wrong). The old order is cancelled first; only then is the same request sent
     * under a new order_id. Both orders record the link between them.
     */
    async recreate(orderId: string, guard?: SendGuard): Promise<OrderView> {
      const { view, row } = mustFind(orderId);
      const stored = store.stored(keyOf(orderId));
      if (!stored || view.replacedBy !== null || !isCancellable(view)) {
        throw new ServiceError('CONFLICT', 'Only an unpaid order that was not replaced yet can be cancelled and created again.', {
          _: { key: 'validation.order.notRecreatable' },
        });
      }
      const { order_id: _old, ...rest } = JSON.parse(stored.requestBody) as Record<string, unknown>;
      const isRaw = stored.flow === 'advanced';
      const body = checked(rest, isRaw ? RAW_PATHS : FORM_PATHS);
      const prepared: Prepared = { body, flow: stored.flow, paths: isRaw ? RAW_PATHS : FORM_PATHS };
      await checkForAccount(prepared);
      guard?.({ amount: body.amount, currency: body.currency, customer: body.customer });
      await cancel(orderId);
      const created = await send(prepared, { replaces: orderId });
      store.markReplaced(row, created.orderId, clock.now());
      return created;
    },

    cancel,

    /** Re-read the order at MultiSafepay (this is also how an `unknown` create is settled on demand). */
    async refresh(orderId: string): Promise<OrderView> {
      const { view, row } = mustFind(orderId);
      const call = await reread(keyOf(orderId), row, view);
      if (call.transport !== 'answered') {
        throw new ServiceError('NETWORK', 'MultiSafepay could not be reached; the order is unchanged.');
      }
      return mustFind(orderId).view;
    },

    /** For the reconciler: one GET for one unsettled order; true when it is settled. */
    async settleUnknown(key: OrderKey): Promise<boolean> {
      const row = store.rowId(key);
      const view = store.find(key);
      if (row === null || !view) return true;
      if (view.state !== 'unknown' && view.state !== 'sending') return true;
      await reread(key, row, view);
      const after = store.find(key);
      return after !== null && after.state !== 'unknown' && after.state !== 'sending';
    },

    detail(orderId: string): OrderDetail {
      const detail = store.detail(orderId);
      if (!detail) throw new ServiceError('NOT_FOUND', 'No such order in the history.');
      return detail;
    },
  };
}
export type OrderService = ReturnType<typeof createOrderService>;
