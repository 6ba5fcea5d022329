/**
 * When main next asks MultiSafepay about an order it tracks (a desktop app gets no webhooks,
 * so it polls GET /orders/{order_id}). One pure function of the order and the time, so the
 * order store applies it on every write and tests read it directly.
 */
import { isSettled } from '@shared/orders';
import type { LocalState } from '@shared/orders';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

/** How long a completed direct debit is still watched: a chargeback can come weeks later. */
export const CHARGEBACK_WATCH_MS = 8 * WEEK;
/** A link with no known expiry is MultiSafepay's default 30 days. */
const DEFAULT_LIFETIME_MS = 30 * DAY;
/** After the link's expiry, MultiSafepay may take a while to say `expired`: keep asking this long. */
const AFTER_EXPIRY_MS = DAY;

export interface Tracked {
  state: LocalState;
  status: string | null;
  gateway: string | null;
  createdAt: number;
  linkExpiresAt: number | null;
  statusChangedAt: number | null;
}

/**
 * The next check of an order MultiSafepay has, or null: stop. Fast right after creation (every
 * 5 s for 2 minutes, then 30 s up to 15 minutes: someone is probably paying now), then hourly up
 * to the link's expiry (and a day after it); direct debits daily until final, and weekly for 8
 * weeks after `completed` for a chargeback. Unclear orders (`unknown`) have the reconciler's backoff.
 */
export function nextTrackAt(order: Tracked, now: number): number | null {
  if (order.state !== 'created') return null;
  if (order.gateway === 'DIRDEB') {
    if (order.status === 'completed') {
      const until = (order.statusChangedAt ?? now) + CHARGEBACK_WATCH_MS;
      return now < until ? Math.min(now + WEEK, until) : null;
    }
    return isSettled(order) ? null : now + DAY;
  }
  if (isSettled(order)) return null;
  const age = now - order.createdAt;
  if (age < 2 * MINUTE) return now + 5 * SECOND;
  if (age < 15 * MINUTE) return now + 30 * SECOND;
  const expiry = order.linkExpiresAt ?? order.createdAt + DEFAULT_LIFETIME_MS;
  // Ask once just after the link expires, when the answer is most likely to change.
  if (now < expiry) return Math.min(now + HOUR, expiry + MINUTE);
  return now < expiry + AFTER_EXPIRY_MS ? now + HOUR : null;
}
