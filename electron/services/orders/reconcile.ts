/**
 * Settling unclear orders without anyone asking: every order left `unknown` (a
 * timeout, a reset, an unreadable answer) or `sending` (the console stopped while
 * posting) is re-read with GET /orders/{order_id}, with this backoff, until
 * MultiSafepay says whether it exists. It never posts: a `not_sent` order is sent
 * again only when staff choose to. The loop that does it is the tracker's
 * (tracker.ts), which also follows every order MultiSafepay has.
 */
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

export const nodeTimers: Timers = {
  setInterval: (run, ms) => {
    const handle = setInterval(run, ms);
    handle.unref(); // never keeps the process alive on its own
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};
