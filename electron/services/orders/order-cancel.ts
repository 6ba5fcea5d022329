/**
 * Cancelling an order (PATCH status cancelled) and "cancel and create again", split out of the
 * order service the way refunds were. A cancel is never sent twice: an unclear PATCH is settled by
 * one read-back through the order service's checked `reread`; the new order of a recreate is sent
 * by the order service's own `send`, under a new order_id, in the same profile.
 *
 * While a cancel's outcome is not known, the order row says so (problem `cancel_unknown`, written
 * before the PATCH goes, so a crash mid-PATCH is covered and a restart keeps it). Any read-back that
 * finds the order clears it; until then a second cancel reads the order back instead of sending.
 */
import type { OrderKey } from '@shared/order-key';
import { orderKeyText } from '@shared/order-key';
import { isCancellable } from '@shared/orders';
import type { OrderView } from '@shared/orders';
import type { Profile } from '../accounts/active-profile';
import type { AuditLog } from '../accounts/audit';
import type { ApiCall, MspClient } from '../msp/client';
import { readAnswer } from '../msp/client';
import type { Clock } from '../platform/clock';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import type { Prepared } from './account-rules';
import { FORM_PATHS, RAW_PATHS, checkForAccount, checked } from './account-rules';
import type { OrderService, SendGuard } from './order-service';
import type { OrderStore } from './order-store';
import { FIRST_CHECK_DELAY_MS } from './order-store';
import { problemOf, toExchange } from './outcome';
import { readBack, sentOrder } from './read-back';

/** The order's problem code while a cancel was sent and its outcome is not known yet. */
export const CANCEL_UNKNOWN = 'cancel_unknown';
const cancelUnknown = problemOf(
  CANCEL_UNKNOWN,
  'A cancel was sent and MultiSafepay has not confirmed it yet; the console checks the order with MultiSafepay before anything is sent again.',
);

export function createOrderCancel(deps: {
  store: OrderStore;
  /** An API client with this profile's key and its environment's base URL. */
  clientFor: (profile: Profile) => MspClient;
  /** The profile an order belongs to, with its key (refused when it has none in this session). */
  owner: (key: OrderKey) => Profile;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** The order service's shared steps: find, checked read-back, send, the account's rules. */
  steps: OrderService['steps'];
}) {
  const { store, clock, log } = deps;
  const { mustFind, reread, send, accountOf } = deps.steps;
  const call = (profile: Profile, method: 'PATCH', path: string, body?: string): Promise<ApiCall> =>
    deps.clientFor(profile).call(method, path, body);
  const orderPath = (key: OrderKey) => `/orders/${encodeURIComponent(key.orderId)}`;
  const auditProfile = (key: OrderKey) => ({ id: key.profileId, environment: key.environment });

  /** What MultiSafepay shows once an order is cancelled (`cancelled`; `void` in older answers). */
  const CANCELLED = new Set(['cancelled', 'void']);

  /** Orders whose cancel is being sent right now (this process): a second press waits for nobody. */
  const cancelling = new Set<string>();

  /**
   * Read the order back (checked to be about this order, stored through `reread`) to learn what an
   * earlier or unclear PATCH did: cancelled, not cancelled, or still not known.
   */
  async function readBackCancel(key: OrderKey): Promise<'cancelled' | 'not_cancelled' | 'unknown'> {
    const { view, row } = mustFind(key);
    const stored = store.stored(key);
    const got = await reread(key, row, view);
    const back = stored ? readBack(got, sentOrder(stored.requestBody)) : ({ kind: 'nothing' } as const);
    if (back.kind !== 'this_order') return 'unknown';
    return CANCELLED.has(back.outcome.status ?? '') ? 'cancelled' : 'not_cancelled';
  }

  /** Not known: the tracker reads the order back soon (a GET, never the PATCH) instead of on its own, maybe hourly, schedule. */
  function checkSoon(key: OrderKey): void {
    const current = mustFind(key);
    if (current.view.state === 'created') store.scheduleCheck(current.row, clock.now() + FIRST_CHECK_DELAY_MS, 0);
  }

  /**
   * Cancel an unpaid order (PATCH status cancelled), then read it back. When the PATCH's outcome is
   * unclear (no answer, or one that cannot be read), the PATCH is never sent again: the order is read
   * back at once and that reading settles it — cancelled, not cancelled, or still not known. A cancel
   * asked for while an earlier one is still not known reads the order back first, and sends a PATCH
   * only when MultiSafepay shows the order still open.
   */
  async function cancel(key: OrderKey): Promise<OrderView> {
    const { view } = mustFind(key);
    if (!isCancellable(view)) {
      throw new ServiceError('CONFLICT', 'This order can no longer be cancelled.', { _: { key: 'validation.order.notCancellable' } });
    }
    const id = orderKeyText(key);
    if (cancelling.has(id)) {
      throw new ServiceError('CONFLICT', 'This order is being cancelled right now; the cancel is not sent twice.', {
        _: { key: 'validation.order.cancelInFlight' },
      });
    }
    cancelling.add(id);
    try {
      if (view.problem?.code === CANCEL_UNKNOWN) {
        const earlier = await earlierCancel(key);
        if (earlier) return earlier;
      }
      return await sendCancel(key);
    } finally {
      cancelling.delete(id);
    }
  }

  /**
   * An earlier cancel's outcome is not known: read the order back before anything is sent. Returns
   * the order when that cancel went through; null when the order is still open (the PATCH may go).
   */
  async function earlierCancel(key: OrderKey): Promise<OrderView | null> {
    const found = await readBackCancel(key);
    log.info('orders.cancel_earlier', { orderId: key.orderId, found });
    if (found === 'not_cancelled') {
      const now = mustFind(key).view;
      if (isCancellable(now)) return null;
      throw new ServiceError('CONFLICT', 'This order can no longer be cancelled.', { _: { key: 'validation.order.notCancellable' } });
    }
    const { view } = mustFind(key);
    deps.audit.record({
      action: 'order.cancel',
      orderId: key.orderId,
      profile: auditProfile(key),
      details: { accepted: found === 'cancelled', amount: view.amount, currency: view.currency, sent: false, earlierCancel: found },
    });
    if (found === 'cancelled') return view;
    checkSoon(key);
    throw new ServiceError(
      'NETWORK',
      'The earlier cancel could still not be checked with MultiSafepay, so whether it went through is still not known. Nothing was sent; the console checks the order with MultiSafepay by itself.',
      { _: { key: 'validation.order.cancelStillUnknown' } },
    );
  }

  async function sendCancel(key: OrderKey): Promise<OrderView> {
    const { view, row } = mustFind(key);
    const before = view.problem;
    // Noted before the PATCH goes: if the answer never comes (or the console stops meanwhile), the
    // next cancel knows one may have landed.
    store.settle(row, null, { state: view.state, problem: cancelUnknown }, clock.now());
    const patched = await call(deps.owner(key), 'PATCH', orderPath(key), JSON.stringify({ status: 'cancelled', exclude_order: true }));
    const reading = patched.transport === 'answered' ? readAnswer(patched) : null;
    const unclear = reading === null || reading.kind === 'unreadable';
    // The attempt is kept with the order whatever it says; its state does not change by a PATCH alone.
    store.settle(row, toExchange(patched), { state: view.state, problem: unclear ? cancelUnknown : before }, clock.now());
    // Settle an unclear PATCH by reading the order back (checked to be about this order), once.
    let settled: 'cancelled' | 'not_cancelled' | 'unknown' | null = null;
    if (unclear) {
      settled = await readBackCancel(key);
      log.info('orders.cancel_settled', { orderId: key.orderId, transport: patched.transport, httpStatus: patched.httpStatus, settled });
    }
    deps.audit.record({
      action: 'order.cancel',
      orderId: key.orderId,
      profile: auditProfile(key),
      details: {
        accepted: reading?.kind === 'success' || settled === 'cancelled',
        amount: view.amount,
        currency: view.currency,
        ...(settled ? { unclear: true, settledByReadBack: settled } : {}),
      },
    });
    if (settled === 'cancelled') return mustFind(key).view;
    if (settled === 'not_cancelled') {
      throw new ServiceError(
        'API_ERROR',
        'The cancel did not go through: MultiSafepay still shows the order as not cancelled. Nothing was sent again.',
        { _: { key: 'validation.order.cancelRefused' } },
      );
    }
    if (settled === 'unknown') {
      checkSoon(key);
      throw new ServiceError(
        'NETWORK',
        'MultiSafepay could not be reached to confirm the cancel, so whether it went through is not known yet. Nothing was sent again; the console checks the order with MultiSafepay by itself.',
        { _: { key: 'validation.order.cancelUnknown' } },
      );
    }
    if (reading?.kind !== 'success') {
      const code = reading?.kind === 'api_error' ? reading.errorCode : null;
      throw new ServiceError('API_ERROR', `MultiSafepay did not cancel the order (${code ?? `HTTP ${patched.httpStatus}`}).`, {
        _: { key: 'validation.order.cancelRefused' },
      });
    }
    const fresh = mustFind(key);
    await reread(key, fresh.row, fresh.view);
    return mustFind(key).view;
  }

  /**
   * "Cancel and create again": for an order MultiSafepay has but whose link is lost
   * (or wrong). The old order is cancelled first; only then is the same request sent
   * under a new order_id, in the same profile. Both orders record the link between them.
   */
async function recreate(key: OrderKey, guard?: SendGuard): Promise<OrderView> {
    const { view, row } = mustFind(key);
    const stored = store.stored(key);
    if (!stored || view.replacedBy !== null || !isCancellable(view)) {
      throw new ServiceError('CONFLICT', 'Only an unpaid order that was not replaced yet can be cancelled and created again.', {
        _: { key: 'validation.order.notRecreatable' },
      });
    }
    const owner = deps.owner(key);
    const { order_id: _old, ...rest } = JSON.parse(stored.requestBody) as Record<string, unknown>;
    const paths = stored.flow === 'advanced' ? RAW_PATHS : FORM_PATHS;
    const body = checked(rest, paths, log);
    const prepared: Prepared = { body, flow: stored.flow, paths };
    await checkForAccount(prepared, accountOf(owner));
    await guard?.({ amount: body.amount, currency: body.currency, customer: body.customer }, owner, 'recreate');
    await cancel(key);
    const created = await send(prepared, owner, { replaces: key.orderId });
    store.markReplaced(row, created.orderId, clock.now());
    return created;
  }

  return { cancel, recreate };
}
export type OrderCancel = ReturnType<typeof createOrderCancel>;
