/**
 * Creating and following orders, so that money requests are never lost and
 * never doubled: validate (the gate, then the checks only main can make) →
 * generate the order_id → write the intent row → POST once → store the exchange
 * and what it means. An unclear outcome stays `unknown` until GET
 * /orders/{order_id} settles it (on demand, or by the reconciler). Nothing is
 * ever posted again except by an explicit operator action: "send again" reuses
 * the order_id; "cancel and create again" cancels first and uses a new one
 * (cancel and recreate live in order-cancel.ts).
 *
 * An order is always followed up with its own profile's key and base URL
 * (`owner(key)`), whichever profile is active; new orders go to the active one.
 */
import { flowOf } from '@shared/orders';
import { readRawBody, toApiBody } from '@shared/orders/body';
import type { ParsedOrderInput } from '@shared/orders/form';
import type { OrderKey } from '@shared/order-key';
import type { OrderDetail, OrderView } from '@shared/orders';
import type { Profile } from '../accounts/active-profile';
import type { AuditLog } from '../accounts/audit';
import type { Clock } from '../platform/clock';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import { parseLossless } from '../msp/json';
import type { ApiCall, MspClient } from '../msp/client';
import type { Prepared } from './account-rules';
import { FORM_PATHS, RAW_PATHS, checkForAccount, checked, invalid, rowFacts } from './account-rules';
import type { DraftStore } from './drafts';
import type { MethodService } from './methods';
import { generateOrderId } from './order-id';
import type { OrderStore } from './order-store';
import { classifyCreate, classifyDuplicate, classifyReread, toExchange } from './outcome';
import { readBack, sentOrder } from './read-back';

/**
 * The live-order confirmation (the accounts' live guard, which may open main's native dialog) for the
 * profile that will send, awaited before anything is written; it throws when the order may not go.
 */
export type SendGuard = (
  facts: { amount: number; currency: string; [more: string]: unknown },
  profile: Profile,
  action: 'create' | 'resend' | 'recreate',
) => Promise<void>;

const keyOfProfile = (profile: Profile, orderId: string): OrderKey => ({ environment: profile.environment, profileId: profile.id, orderId });

export function createOrderService(deps: {
  store: OrderStore;
  /** An API client with this profile's key and its environment's base URL. */
  clientFor: (profile: Profile) => MspClient;
  /** The active profile: new orders go there. */
  profile: () => Profile;
  /** The profile an order belongs to, with its key (refused when it has none in this session). */
  owner: (key: OrderKey) => Profile;
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
  const call = (profile: Profile, method: 'GET' | 'POST' | 'PATCH', path: string, body?: string): Promise<ApiCall> =>
    deps.clientFor(profile).call(method, path, body);
  const orderPath = (key: OrderKey) => `/orders/${encodeURIComponent(key.orderId)}`;
  const auditProfile = (key: OrderKey) => ({ id: key.profileId, environment: key.environment });

  function uniqueOrderId(profile: Profile): string {
    for (let i = 0; i < 5; i++) {
      const id = generateOrderId(clock.now());
      if (!store.exists(keyOfProfile(profile, id))) return id;
    }
    throw new ServiceError('CONFLICT', 'Could not find a free order ID; try again.');
  }

  function mustFind(key: OrderKey): { view: OrderView; row: number } {
    const row = store.rowId(key);
    const view = store.find(key);
    if (row === null || !view) throw new ServiceError('NOT_FOUND', 'No such order in the history.');
    return { view, row };
  }

  const accountOf = (profile: Profile) => ({
    environment: profile.environment,
    orderCap: deps.orderCap(),
    methods: () => deps.methods.forCheck(profile),
  });

  /** Write the intent, POST once, store what happened. */
  async function send(prepared: Prepared, profile: Profile, options: { replaces?: string } = {}): Promise<OrderView> {
    const { type: _type, ...rest } = prepared.body;
    const fingerprint = `${profile.environment}|${profile.id}|${JSON.stringify(prepared.body)}`;
    if (inFlight.has(fingerprint)) {
      throw new ServiceError('CONFLICT', 'This order is being sent right now; it is not sent twice.', {
        _: { key: 'validation.order.inFlight' },
      });
    }
    inFlight.add(fingerprint);
    try {
      const orderId = uniqueOrderId(profile);
      const requestBody = JSON.stringify({ type: prepared.body.type, order_id: orderId, ...rest });
      const now = clock.now();
      const facts = rowFacts(prepared.body, now);
      let row: number;
      try {
        // The intent and clearing what was typed: one commit (the intent durable before the POST, as before).
        row = store.atomically(() => {
          const id = store.insertIntent({
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
          // Submitted: what was typed now lives in the order row, not in a draft.
          deps.drafts.clear();
          return id;
        });
      } catch (error) {
        log.error('orders.intent_failed', { error });
        throw new ServiceError('STORAGE', 'The order could not be saved locally, so it was not sent.');
      }
      const posted = await call(profile, 'POST', '/orders', requestBody);
      const outcome = classifyCreate(posted, orderId);
      const key = keyOfProfile(profile, orderId);
      // The outcome and its audit row: one commit. record() never throws: its row is a savepoint
      // that, failing, is rolled back alone (logged), never taking the outcome with it.
      store.atomically(() => {
        store.settle(row, toExchange(posted), outcome, clock.now());
        deps.audit.record({
          action: options.replaces ? 'order.recreate' : 'order.create',
          orderId,
          profile: auditProfile(key),
          details: {
            state: outcome.state,
            flow: prepared.flow,
            gateway: facts.gateway,
            amount: prepared.body.amount,
            currency: prepared.body.currency,
            ...(options.replaces ? { replaces: options.replaces } : {}),
          },
        });
      });
      log.info('orders.create', { orderId, flow: prepared.flow, state: outcome.state, httpStatus: posted.httpStatus, ms: posted.durationMs });
      return mustFind(key).view;
    } finally {
      inFlight.delete(fingerprint);
    }
  }

  /**
   * GET the order with its owner's key and store what it says, if it is about this order (checked
   * against the body we sent); a re-read that changes nothing is not stored again.
   */
  async function reread(key: OrderKey, row: number, view: OrderView): Promise<ApiCall> {
    const stored = store.stored(key);
    if (!stored) throw new ServiceError('NOT_FOUND', 'No such order in this profile’s history.');
    const got = await call(deps.owner(key), 'GET', orderPath(key));
    const outcome = classifyReread(got, view, sentOrder(stored.requestBody));
    if (outcome) store.settle(row, toExchange(got), outcome, clock.now());
    return got;
  }

  return {
    /** A form order: the gate has parsed it with the flow's schema. */
    async create(input: ParsedOrderInput, guard?: SendGuard): Promise<OrderView> {
      const profile = deps.profile();
      const body = checked(toApiBody(input), FORM_PATHS, log);
      const prepared: Prepared = { body, flow: flowOf(input.type, input.gateway), paths: FORM_PATHS };
      await checkForAccount(prepared, accountOf(profile));
      // After every rule has passed, so an order refused anyway does not use up a live confirmation.
      await guard?.({ amount: body.amount, currency: body.currency, customer: body.customer }, profile, 'create');
      return send(prepared, profile);
    },

    /** A body written by hand in the advanced editor: parsed losslessly (duplicate keys refused), same rules. */
    async createRaw(text: string, guard?: SendGuard): Promise<OrderView> {
      const profile = deps.profile();
      const read = readRawBody(text, parseLossless);
      if (!read.ok) throw invalid(read.fields);
      const prepared: Prepared = { body: read.body, flow: 'advanced', paths: RAW_PATHS };
      await checkForAccount(prepared, accountOf(profile));
      await guard?.({ amount: read.body.amount, currency: read.body.currency, customer: read.body.customer }, profile, 'create');
      return send(prepared, profile);
    },

    /**
     * Send a `not_sent` order again, byte for byte, with the same order_id. If the
     * first attempt did land after all, MultiSafepay answers 1006 (duplicate): the
     * order is then read back instead of being reported as refused.
     */
    async resend(key: OrderKey, guard?: SendGuard): Promise<OrderView> {
      const { view, row } = mustFind(key);
      const owner = deps.owner(key);
      const stored = store.stored(key);
      const notResendable = () =>
        new ServiceError('CONFLICT', 'Only an order that was not sent can be sent again.', { _: { key: 'validation.order.notResendable' } });
      if (view.state !== 'not_sent' || !stored) throw notResendable();
      // Sending again is sending: in live, the session's first one is confirmed like a new order.
      await guard?.({ amount: view.amount, currency: view.currency, customerName: view.customerName }, owner, 'resend');
      // Marked only now, so a declined confirmation leaves the order as it was; false if another resend won meanwhile.
      if (!store.markResending(row, clock.now())) throw notResendable();
      const posted = await call(owner, 'POST', '/orders', stored.requestBody);
      let outcome = classifyCreate(posted, key.orderId);
      store.settle(row, toExchange(posted), outcome, clock.now());
      if (outcome.state === 'rejected' && outcome.problem?.code === '1006') {
        const check = await call(owner, 'GET', orderPath(key));
        outcome = classifyDuplicate(check, sentOrder(stored.requestBody));
        store.settle(row, toExchange(check), outcome, clock.now());
      }
      log.info('orders.resend', { orderId: key.orderId, state: outcome.state });
      deps.audit.record({
        action: 'order.resend',
        orderId: key.orderId,
        profile: auditProfile(key),
        details: { state: outcome.state, amount: view.amount, currency: view.currency },
      });
      return mustFind(key).view;
    },

    /** Re-read the order at MultiSafepay (this is also how an `unknown` create is settled on demand). */
    async refresh(key: OrderKey): Promise<OrderView> {
      const { view, row } = mustFind(key);
      const got = await reread(key, row, view);
      if (got.transport !== 'answered') {
        throw new ServiceError('NETWORK', 'MultiSafepay could not be reached; the order is unchanged.');
      }
      return mustFind(key).view;
    },

    /**
     * For the tracker: one GET of an order it follows, with the order's own profile. What the
     * answer says is stored when it is about this order and changes something (an answer about
     * another order marks it for review); a failed poll of an order MultiSafepay has stores
     * nothing (the breaker counts it). An unclear order is re-read as the reconciler always did.
     * Returns the call, for the breaker and Retry-After; null when there was nothing to ask.
     */
    async track(key: OrderKey): Promise<ApiCall | null> {
      const row = store.rowId(key);
      const view = store.find(key);
      const stored = store.stored(key);
      if (row === null || !view || !stored) return null;
      if (view.state === 'unknown' || view.state === 'sending') return reread(key, row, view);
      const got = await call(deps.owner(key), 'GET', orderPath(key));
      if (readBack(got, sentOrder(stored.requestBody)).kind === 'nothing') return got;
      const outcome = classifyReread(got, view, sentOrder(stored.requestBody));
      if (outcome) store.settle(row, toExchange(got), outcome, clock.now());
      return got;
    },

    /** The steps cancel and "cancel and create again" (order-cancel.ts) share with create and refresh; never a channel. */
    steps: { mustFind, reread, send, accountOf },

    detail(key: OrderKey): OrderDetail {
      const detail = store.detail(key);
      if (!detail) throw new ServiceError('NOT_FOUND', 'No such order in the history.');
      return detail;
    },
  };
}
export type OrderService = ReturnType<typeof createOrderService>;
