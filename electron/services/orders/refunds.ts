/**
 * Refunds of an order, so that money given back is never lost and never doubled.
 * Like create: the rules first (locally, from the stored refunds: never above what
 * remains, not the same amount within five minutes, KBC/CBC only from the business day
 * after completion, only a paid order), then the intent row, then POST once. Every
 * refund carries our own `refund_order_id` (<order_id>-R<n>), so a read-back
 * (GET /orders/{order_id}, its related_transactions) can tell which refund landed. An
 * unclear answer is settled by that read-back, never by sending again; a refund the
 * read-back does not list stays `unknown` until MultiSafepay's own five-minute guard
 * (1034) has passed, so nothing still in flight can be mistaken for "not sent".
 */
import { createHash } from 'node:crypto';
import { nextBusinessDayStart, endOfMspDay } from '@shared/msp-time';
import type { OrderKey } from '@shared/order-key';
import { orderKeyText } from '@shared/order-key';
import type { OrderView } from '@shared/orders';
import type { RefundCancelInput, RefundCreateInput, RefundsView } from '@shared/refunds';
import { REFUNDABLE_STATUSES, SAME_AMOUNT_WINDOW_MS, isVoidRefund } from '@shared/refunds';
import type { Issue } from '@shared/result';
import type { Profile } from '../accounts/active-profile';
import type { AuditLog } from '../accounts/audit';
import type { ApiCall, MspClient } from '../msp/client';
import { readAnswer } from '../msp/client';
import { idText } from '../msp/json';
import type { Clock } from '../platform/clock';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import type { OrderStore } from './order-store';
import { classifyReread, problemOf, toExchange } from './outcome';
import { readBack, sentOrder } from './read-back';
import type { RefundOutcome, RefundStore, StoredRefund } from './refund-store';

const iso = (ms: number) => new Date(ms).toISOString();

/** Refunds that give (or may give) money back: asked for and not refused, not void. */
const counts = (r: StoredRefund) => (r.state === 'created' || r.state === 'sending' || r.state === 'unknown') && !isVoidRefund(r.status);

/** Our name for the n-th refund of an order at MultiSafepay (≤ 50 characters, like every order_id). */
export function refundOrderId(orderId: string, n: number): string {
  const plain = `${orderId}-R${n}`;
  if (plain.length <= 50) return plain;
  const hash = createHash('sha256').update(orderId).digest('hex').slice(0, 8);
  return `${orderId.slice(0, 50 - hash.length - String(n).length - 3)}-${hash}-R${n}`;
}

interface Related {
  refundId: string;
  refundOrderId: string | null;
  amount: number;
  currency: string;
  status: string | null;
}

/** The refunds a GET /orders/{order_id} answer lists (related_transactions of type refund), ids exact. */
function relatedRefunds(data: Record<string, unknown>): Related[] {
  const list = Array.isArray(data.related_transactions) ? (data.related_transactions as unknown[]) : [];
  const out: Related[] = [];
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

  const refundedOf = (list: StoredRefund[]) => list.filter(counts).reduce((sum, r) => sum + r.amount, 0);

  /** Why this order cannot be refunded now (order-level), or null. */
  function refusal(view: OrderView, list: StoredRefund[], now: number): { issue: Issue; message: string } | null {
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

  /** What a refund POST means. */
  function classifyRefund(call: ApiCall): RefundOutcome {
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

  return {
    list: (key: OrderKey): RefundsView => viewOf(key),

    async create(input: RefundCreateInput): Promise<RefundsView> {
      const { key, amount } = input;
      const { view, row, list } = load(key);
      const owner = deps.owner(key);
      const now = clock.now();
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
