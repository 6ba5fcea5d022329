/**
 * Tracking open orders (main polls MultiSafepay; a desktop app gets no webhooks) and the
 * payment-link board: the words main and the renderer share.
 */
import { z } from './zod';
import type { OrderKey } from './order-key';
import type { Environment, LocalState } from './orders';

/** One change of an order's local state, status or financial status, as main stored it. */
export interface StatusChange {
  at: string;
  state: LocalState;
  status: string | null;
  financialStatus: string | null;
}

/** A change in the feed the renderer polls; `id` is the cursor. */
export interface TrackedChange extends StatusChange {
  id: number;
  key: OrderKey;
}

/**
 * How main is getting on with one profile's MultiSafepay: ok; rate_limited (a 429 asked it to
 * wait until retryAt); open (several calls in a row failed: nothing is asked until retryAt, then
 * one probe); half_open (that probe is under way).
 */
export const TRACKING_STATES = ['ok', 'rate_limited', 'open', 'half_open'] as const;
export type TrackingState = (typeof TRACKING_STATES)[number];

export interface ProfileTracking {
  environment: Environment;
  profileId: string;
  profileName: string;
  state: TrackingState;
  failures: number;
  retryAt: string | null;
}

export const TrackingChangesInput = z.strictObject({ since: z.int().min(0).max(Number.MAX_SAFE_INTEGER) });

export interface TrackingFeed {
  /** Pass back as `since` next time. */
  cursor: number;
  /** Oldest first, at most 200 per call. */
  changes: TrackedChange[];
  /** Only profiles that are not `ok`. */
  profiles: ProfileTracking[];
  /** An order the operator asked to see by clicking its desktop notification (given once). */
  open: OrderKey | null;
}

export const LINK_VIEWS = ['open', 'expiring', 'unpaid'] as const;
export type LinkView = (typeof LINK_VIEWS)[number];
export const UNPAID_DAYS_DEFAULT = 3;

export const LinkBoardInput = z.strictObject({
  view: z.enum(LINK_VIEWS),
  /** "Unpaid after N days". */
  unpaidDays: z.int().min(1).max(365).optional(),
});
export type LinkBoardInput = z.input<typeof LinkBoardInput>;

export interface LinkRow {
  key: OrderKey;
  amount: number;
  currency: string;
  description: string;
  customerName: string | null;
  customerEmail: string | null;
  locale: string | null;
  paymentUrl: string | null;
  status: string | null;
  createdAt: string;
  linkExpiresAt: string | null;
}

export interface LinkBoard {
  /** Main's clock: ages and "expires in" are counted from it. */
  now: string;
  rows: LinkRow[];
  counts: Record<LinkView, number>;
}
