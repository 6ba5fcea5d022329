/**
 * The one loop in main that follows orders at MultiSafepay (a desktop app gets no webhooks):
 * it settles unclear orders (the reconciler's job, with its backoff) and tracks every order
 * MultiSafepay has until its status is final, by the schedule in track-schedule.ts, through
 * the `next_check_at` column. Each order is read with its own profile's key and base URL; an
 * answer about another order marks it needs_review and stops its polling (read-back.ts).
 * Orders the history sync imported are followed the same way, paced (IMPORTED_CHECK_SPACING_MS).
 * Per profile: a 429's Retry-After is honoured and a circuit breaker backs off when calls keep
 * failing. Paid, declined and expired changes raise one desktop notification each, remembered
 * in the database so a restart never repeats them.
 *
 * Time comes from the injected clock and the loop only calls `tick()`, so tests move a manual
 * clock and call `tick()` themselves.
 */
import { formatMoney } from '@shared/money';
import type { OrderKey } from '@shared/order-key';
import type { ApiCall } from '../msp/client';
import { readAnswer } from '../msp/client';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/log';
import type { Breakers } from './breaker';
import { RATE_LIMIT_DEFAULT_MS, retryAfterMs } from './breaker';
import type { OrderStore } from './order-store';
import { nextCheckDelayMs, nodeTimers } from './reconcile';
import type { Timers } from './reconcile';
import type { Notice, TrackingStore } from './tracking-store';

/** A desktop notification (Electron's Notification in the app); `key` names the order a click opens. */
export interface Notify {
  (notification: { title: string; body: string; key: OrderKey }): void;
}

/** Whose calls these are, for the breaker. */
export const profileOf = (key: OrderKey) => `${key.environment}|${key.profileId}`;
/** An order whose profile cannot be used now (deleted, no key this session) is asked again later. */
const OWNER_MISSING_RETRY_MS = 60 * 60_000;

/**
 * Orders the history sync imported are paced: one read per second at most, all profiles together
 * (MultiSafepay's advice for batches), up to this many in one pass after a pause. They come after
 * the console's own due orders, so a 10,000-order import is worked through at that pace and never
 * delays an order someone here is waiting on.
 */
export const IMPORTED_CHECK_SPACING_MS = 1_000;
export const IMPORTED_CHECKS_PER_PASS = 5;

/**
 * Main does not know the operator's UI language: a short text with MultiSafepay's own status
 * word, the amount formatted for the system's locale and the order id.
 */
const HEADLINE: Record<string, string> = { completed: 'Paid', declined: 'Declined', expired: 'Expired' };
export function noticeText(notice: Notice): { title: string; body: string } {
  const amount = formatMoney(notice.amount, notice.currency, Intl.NumberFormat().resolvedOptions().locale);
  return {
    title: `${HEADLINE[notice.status] ?? notice.status}: ${amount}`,
    body: `${notice.key.orderId} · ${notice.description}`.slice(0, 200),
  };
}

type Verdict = 'answered' | 'failed' | 'rate_limited';
function judge(call: ApiCall): Verdict {
  if (call.transport !== 'answered') return 'failed';
  if (call.httpStatus === 429) return 'rate_limited';
  if ((call.httpStatus ?? 0) >= 500 || readAnswer(call).kind === 'unreadable') return 'failed';
  return 'answered';
}

export function createTracker(deps: {
  store: OrderStore;
  tracking: TrackingStore;
  /** GET one order with its owner's key and store what it says (order-service `track`). */
  track: (key: OrderKey) => Promise<ApiCall | null>;
  breakers: Breakers;
  clock: Clock;
  log: Logger;
  notify?: Notify;
  timers?: Timers;
}) {
  const { store, tracking, breakers, clock, log } = deps;
  const timers = deps.timers ?? nodeTimers;
  let handle: unknown = null;
  let running: Promise<number> | null = null;
  /** The pacing of imported orders: a bucket that fills one read per spacing, up to a pass's worth. */
  let importedBudget = IMPORTED_CHECKS_PER_PASS;
  let budgetAt = clock.now();
  function importedAllowance(now: number): number {
    const earned = Math.floor(Math.max(0, now - budgetAt) / IMPORTED_CHECK_SPACING_MS);
    if (earned > 0) {
      importedBudget = Math.min(IMPORTED_CHECKS_PER_PASS, importedBudget + earned);
      budgetAt += earned * IMPORTED_CHECK_SPACING_MS;
    }
    if (importedBudget >= IMPORTED_CHECKS_PER_PASS) budgetAt = now; // full: nothing more accrues meanwhile
    return importedBudget;
  }

  async function checkOne(due: ReturnType<OrderStore['dueForCheck']>[number]): Promise<boolean> {
    const profile = profileOf(due.key);
    const unclear = due.state === 'unknown' || due.state === 'sending';
    if (!breakers.allow(profile, clock.now())) {
      store.scheduleCheck(due.id, breakers.resumeAt(profile), due.attempts);
      return false;
    }
    let call: ApiCall | null;
    try {
      call = await deps.track(due.key);
    } catch (error) {
      log.warn('track.check_failed', { orderId: due.key.orderId, error });
      store.scheduleCheck(due.id, clock.now() + OWNER_MISSING_RETRY_MS, due.attempts);
      return false;
    }
    const now = clock.now();
    if (call) {
      const verdict = judge(call);
      if (verdict === 'rate_limited') {
        const wait = retryAfterMs(call.retryAfter, now) ?? RATE_LIMIT_DEFAULT_MS;
        breakers.rateLimited(profile, now + wait);
        log.warn('track.rate_limited', { profile, waitMs: wait });
      } else if (verdict === 'failed') {
        breakers.failed(profile, now);
      } else {
        breakers.succeeded(profile);
      }
    }
    const after = store.find(due.key);
    const stillUnclear = after !== null && (after.state === 'unknown' || after.state === 'sending');
    if (unclear && stillUnclear) {
      store.scheduleCheck(due.id, Math.max(now + nextCheckDelayMs(due.attempts + 1), breakers.resumeAt(profile)), due.attempts + 1);
      return false;
    }
    if (!unclear) store.reschedule(due.id, now, breakers.resumeAt(profile));
    return unclear; // an unclear order that is clear now was settled
  }

  function sendNotices(): void {
    for (const notice of tracking.owedNotices()) {
      // Marked first: a notifier that throws must not make the next pass repeat it.
      tracking.markNotified(notice.changeId, clock.now());
      // An imported order was not made at this desk: a synced webshop would raise one per payment.
      if (notice.origin !== 'console') continue;
      try {
        deps.notify?.({ ...noticeText(notice), key: notice.key });
      } catch (error) {
        log.warn('track.notify_failed', { orderId: notice.key.orderId, error });
      }
    }
  }

  async function pass(): Promise<number> {
    let settled = 0;
    const now = clock.now();
    const own = store.dueForCheck(now, 'console');
    // Imported ones left due (over the budget) wait for the next passes, oldest due first.
    const imported = store.dueForCheck(now, 'elsewhere', importedAllowance(now));
    importedBudget -= imported.length;
    for (const due of [...own, ...imported]) {
      if (await checkOne(due)) {
        settled++;
        log.info('reconcile.settled', { orderId: due.key.orderId, attempts: due.attempts + 1 });
      }
    }
    sendNotices();
    return settled;
  }

  return {
    /** At start: orders a crash left `sending` become `unknown`, and every `unknown` one is due now. */
    recover(): number {
      const interrupted = store.recoverInterrupted(clock.now());
      if (interrupted) log.warn('reconcile.interrupted', { count: interrupted });
      return interrupted;
    },
    /** Check every order that is due; resolves to how many unclear orders settled. One pass at a time. */
    tick(): Promise<number> {
      running ??= pass().finally(() => {
        running = null;
      });
      return running;
    },
    start(intervalMs = 1_000): void {
      if (handle !== null) return;
      handle = timers.setInterval(() => void this.tick(), intervalMs);
    },
    async stop(): Promise<void> {
      if (handle !== null) timers.clearInterval(handle);
      handle = null;
      await running;
    },
  };
}
export type Tracker = ReturnType<typeof createTracker>;
