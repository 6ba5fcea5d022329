/**
 * Settling unclear orders without anyone asking: every order left `unknown` (a
 * timeout, a reset, an unreadable answer) or `sending` (the console stopped while
 * posting) is re-read with GET /orders/{order_id}, with backoff, until
 * MultiSafepay says whether it exists. It never posts: a `not_sent` order is sent
 * again only when staff choose to.
 *
 * Time comes from the injected clock and the loop only calls `tick()`, so tests
 * drive it by moving a manual clock and calling `tick()` themselves.
 */
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/log';
import type { OrderKey } from '@shared/order-key';
import type { OrderStore } from './order-store';
import { FIRST_CHECK_DELAY_MS } from './order-store';

/** Waits after the 1st, 2nd, … unanswered check; the last one repeats. */
export const CHECK_BACKOFF_MS: readonly number[] = [
  FIRST_CHECK_DELAY_MS,
  15_000,
  30_000,
  60_000,
  2 * 60_000,
  5 * 60_000,
  10 * 60_000,
  15 * 60_000,
];

export const nextCheckDelayMs = (attempts: number) =>
  CHECK_BACKOFF_MS[Math.min(attempts, CHECK_BACKOFF_MS.length - 1)]!;

export interface Timers {
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const nodeTimers: Timers = {
  setInterval: (run, ms) => {
    const handle = setInterval(run, ms);
    handle.unref(); // never keeps the process alive on its own
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export function createReconciler(deps: {
  store: OrderStore;
  /** GET the order and store what it says; true when it is no longer `unknown`. */
  check: (key: OrderKey) => Promise<boolean>;
  clock: Clock;
  log: Logger;
  timers?: Timers;
}) {
  const { store, clock, log } = deps;
  const timers = deps.timers ?? nodeTimers;
  let handle: unknown = null;
  let running: Promise<number> | null = null;

  async function pass(): Promise<number> {
    let settled = 0;
    // Every profile's orders: `check` reads each one with its own profile's key, whichever is active.
    for (const due of store.dueForCheck(clock.now())) {
      let done = false;
      try {
        done = await deps.check(due.key);
      } catch (error) {
        log.warn('reconcile.check_failed', { orderId: due.key.orderId, error });
      }
      if (done) {
        settled++;
        log.info('reconcile.settled', { orderId: due.key.orderId, attempts: due.attempts + 1 });
      } else {
        store.scheduleCheck(due.id, clock.now() + nextCheckDelayMs(due.attempts + 1), due.attempts + 1);
      }
    }
    return settled;
  }

  return {
    /** At start: orders a crash left `sending` become `unknown`, and every `unknown` one is due now. */
    recover(): number {
      const interrupted = store.recoverInterrupted(clock.now());
      if (interrupted) log.warn('reconcile.interrupted', { count: interrupted });
      return interrupted;
    },
    /** Check every order that is due; returns how many settled. One pass at a time. */
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
export type Reconciler = ReturnType<typeof createReconciler>;
