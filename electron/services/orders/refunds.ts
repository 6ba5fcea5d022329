/**
 * Refunds of an order, so that money given back is never lost and never doubled.
 * Like create: the rules first (refund-rules.ts, locally from the stored refunds), then
 * the intent row, then POST once. Every refund carries our own `refund_order_id`
 * (<order_id>-R<n>), so a read-back (GET /orders/{order_id}, its related_transactions,
 * read by refund-answer.ts) can tell which refund landed. An unclear answer is settled
 * by that read-back, never by sending again; a refund the read-back does not list stays
 * `unknown` until MultiSafepay's own five-minute guard (1034) has passed, so nothing
 * still in flight can be mistaken for "not sent".
 */
import { endOfMspDay } from '@shared/msp-time';
import type { OrderKey } from '@shared/order-key';
import { orderKeyText } from '@shared/order-key';
import type { OrderView } from '@shared/orders';
import type { RefundCancelInput, RefundCreateInput, RefundsView } from '@shared/refunds';
import { SAME_AMOUNT_WINDOW_MS, isVoidRefund } from '@shared/refunds';
import type { Profile } from '../accounts/active-profile';
import type { AuditLog } from '../accounts/audit';
import type { ApiCall, MspClient } from '../msp/client';
import { readAnswer } from '../msp/client';
import type { Clock } from '../platform/clock';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import type { OrderStore } from './order-store';
import { classifyReread, problemOf, toExchange } from './outcome';
import { readBack, sentOrder } from './read-back';
import { classifyRefund, relatedRefunds } from './refund-answer';
import { checkRefund, refundOrderId, refundedOf, refusal } from './refund-rules';
import type { RefundStore, StoredRefund } from './refund-store';

export function createRefundService(deps: {
  store: OrderStore;
  refunds: RefundStore;
  clientFor: (profile: Profile) => MspClient;
  owner: (key: OrderKey) => Profile;
  operator: () => string;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}) {
  const { store, refunds, clock, log } = deps;
  const inFlight = new Set<string>();
  const orderPath = (key: OrderKey) => `/orders/${encodeURIComponent(key.orderId)}`;
  const auditProfile = (key: OrderKey) => ({ id: key.profileId, environment: key.environment });

  function load(key: OrderKey): { view: OrderView; row: number; list: StoredRefund[] } {
    const row = store.rowId(key);
    const view = store.find(key);
    if (row === null || !view) throw new ServiceError('NOT_FOUND', 'No such order in the history.');
    return { view, row, list: refunds.ofOrder(row) };
  }

  function viewOf(key: OrderKey): RefundsView {
    const { view, list } = load(key);
    const refunded = refundedOf(list);
    const now = clock.now();
    return {
      key,
      currency: view.currency,
      amount: view.amount,
      refunded,
      remainder: Math.max(0, view.amount - refunded),
      refusal: refusal(view, list, now)?.issue ?? null,
      chargebackRisk: view.gateway === 'DIRDEB',
      refunds: list.map(({ row: _r, orderRow: _o, createdMs, requestBody: _b, ...rest }) => ({
        ...rest,
        // After midnight the refund has gone to the bank, whatever we last read.
        cancellable: rest.cancellable && now < endOfMspDay(createdMs),
      })),
    };
  }

  /**
   * GET the order (its owner's key) and take what it says, if it is about this order: the order's
   * own statuses, and each refund it lists. A refund of ours it does not list is `not_sent` only
   * once five minutes have passed since we asked; before that it stays `unknown`.
   */
  async function readBackRefunds(key: OrderKey): Promise<ApiCall> {
    const { view, row } = load(key);
    const stored = store.stored(key);
    if (!stored) throw new ServiceError('NOT_FOUND', 'No such order in this profile’s history.');
    const got = await deps.clientFor(deps.owner(key)).call('GET', orderPath(key));
    const sent = sentOrder(stored.requestBody);
    const outcome = classifyReread(got, view, sent);
    const now = clock.now();
    if (outcome) store.settle(row, toExchange(got), outcome, now);
    const read = readBack(got, sent);
    if (read.kind !== 'this_order') return got;
    const reading = readAnswer(got);
    if (reading.kind !== 'success') return got;
    const listed = relatedRefunds(reading.data);
    const list = refunds.ofOrder(row);
    const matched = new Set<string>();
    for (const refund of list) {
      const found = listed.find((r) => (refund.refundId !== null && r.refundId === refund.refundId) || (r.refundOrderId !== null && r.refundOrderId === refund.refundOrderId));
      if (found) {
        matched.add(found.refundId);
        if (found.amount !== refund.amount || found.currency !== refund.currency) {
          refunds.settle(refund.row, row, null, { state: 'unknown', problem: problemOf('foreign_answer', `MultiSafepay lists ${refund.refundOrderId} with another amount or currency; check it in the dashboard.`) }, now);
          continue;
        }
        if (refund.state !== 'created' || refund.status !== found.status || refund.refundId !== found.refundId) {
          refunds.settle(refund.row, row, null, { state: 'created', status: found.status, refundId: found.refundId, problem: null }, now);
        }
      } else if (refund.state === 'unknown' || refund.state === 'sending') {
        const settled = now - refund.createdMs >= SAME_AMOUNT_WINDOW_MS;
        refunds.settle(refund.row, row, null, settled
          ? { state: 'not_sent', problem: problemOf('not_found', 'MultiSafepay does not list this refund: it was not made.') }
          : { state: 'unknown', problem: problemOf('not_listed_yet', 'MultiSafepay does not list this refund yet; read back again in a few minutes.') }, now);
      }
    }
    // Refunds made elsewhere (the dashboard) count against the remainder too.
    for (const r of listed) {
      if (matched.has(r.refundId) || list.some((l) => l.refundId === r.refundId)) continue;
      refunds.recordFound({ orderRow: row, refundOrderId: r.refundOrderId ?? `MSP-${r.refundId}`.slice(0, 50), refundId: r.refundId, transactionId: null, amount: r.amount, currency: r.currency, status: r.status, now });
    }
    return got;
  }

  return {
    list: (key: OrderKey): RefundsView => viewOf(key),

    async create(input: RefundCreateInput): Promise<RefundsView> {
      const { key, amount } = input;
      const { view, row, list } = load(key);
      const owner = deps.owner(key);
      const now = clock.now();
      checkRefund(view, list, input, now);
      const guard = orderKeyText(key);
      if (inFlight.has(guard)) throw new ServiceError('CONFLICT', 'A refund of this order is being sent right now.', { _: { key: 'refund.inFlight' } });
      inFlight.add(guard);
      try {
        const name = refundOrderId(key.orderId, list.length + 1);
        const description = input.description?.trim() || `Refund of ${key.orderId}`;
        // Always an explicit amount: 0 or none would refund the whole order, whatever was meant.
        const requestBody = JSON.stringify({ currency: view.currency, amount, description, refund_order_id: name });
        let id: number;
        try {
          id = refunds.insertIntent({ orderRow: row, refundOrderId: name, amount, currency: view.currency, requestBody, operator: deps.operator(), now });
        } catch (error) {
          log.error('refunds.intent_failed', { error });
          throw new ServiceError('STORAGE', 'The refund could not be saved locally, so it was not sent.');
        }
        const posted = await deps.clientFor(owner).call('POST', `${orderPath(key)}/refunds`, requestBody);
        const outcome = classifyRefund(posted);
        refunds.settle(id, row, toExchange(posted), outcome, clock.now());
        // Unclear or made: read the order back for the refund's status (never by posting again).
        if (outcome.state === 'unknown' || outcome.state === 'created') await readBackRefunds(key);
        const final = refunds.ofOrder(row).find((r) => r.row === id);
        log.info('refunds.create', { orderId: key.orderId, refundOrderId: name, state: final?.state, httpStatus: posted.httpStatus });
        deps.audit.record({
          action: 'refund.create',
          orderId: key.orderId,
          profile: auditProfile(key),
          details: { refundOrderId: name, state: final?.state ?? outcome.state, amount, currency: view.currency, full: input.full, refundId: final?.refundId ?? null },
        });
        return viewOf(key);
      } finally {
        inFlight.delete(guard);
      }
    },

    /** Cancel a pending refund (PATCH status void); an unclear answer is settled by reading the order back. */
    async cancel(input: RefundCancelInput): Promise<RefundsView> {
      const { key } = input;
      const { row } = load(key);
      const current = viewOf(key).refunds.find((r) => r.refundOrderId === input.refundOrderId);
      if (!current) throw new ServiceError('NOT_FOUND', 'No such refund of this order.');
      if (!current.cancellable || current.refundId === null) {
        throw new ServiceError('CONFLICT', 'Only a pending refund (reserved until midnight) can be cancelled.', { _: { key: 'refund.notCancellable' } });
      }
      const owner = deps.owner(key);
      const patched = await deps.clientFor(owner).call('PATCH', `${orderPath(key)}/refunds/${encodeURIComponent(current.refundId)}`, JSON.stringify({ status: 'void' }));
      refunds.addExchange(row, toExchange(patched));
      const reading = patched.transport === 'answered' ? readAnswer(patched) : null;
      const sent = patched.transport !== 'not_sent' && patched.httpStatus !== 429;
      // Whatever the answer, anything that may have reached MultiSafepay is settled by reading back.
      if (sent) await readBackRefunds(key);
      const after = viewOf(key).refunds.find((r) => r.refundOrderId === input.refundOrderId);
      const cancelled = isVoidRefund(after?.status ?? null);
      deps.audit.record({
        action: 'refund.cancel',
        orderId: key.orderId,
        profile: auditProfile(key),
        details: { refundOrderId: input.refundOrderId, refundId: current.refundId, cancelled, amount: current.amount, currency: current.currency },
      });
      if (cancelled) return viewOf(key);
      if (!sent) throw new ServiceError('NETWORK', 'MultiSafepay could not be reached; nothing was sent and the refund is unchanged.');
      if (reading?.kind === 'api_error') {
        throw new ServiceError('API_ERROR', `MultiSafepay did not cancel the refund (${reading.errorCode ?? `HTTP ${patched.httpStatus}`}).`, { _: { key: 'refund.cancelRefused' } });
      }
      throw new ServiceError('NETWORK', 'The cancel could not be confirmed: MultiSafepay still lists the refund as pending, or could not be read. Check before trying again.', {
        _: { key: 'refund.cancelUnclear' },
      });
    },

    /** Read the order back: settles unclear refunds and updates every refund's status. */
    async refresh(key: OrderKey): Promise<RefundsView> {
      const got = await readBackRefunds(key);
      if (got.transport !== 'answered') throw new ServiceError('NETWORK', 'MultiSafepay could not be reached; the refunds are unchanged.');
      return viewOf(key);
    },

    /** At start: refunds a crash left `sending` become `unknown`. */
    recover: () => refunds.recoverInterrupted(clock.now()),
  };
}
export type RefundService = ReturnType<typeof createRefundService>;
