// When main asks MultiSafepay again about an order it tracks: by method, age and status.
import { describe, expect, it } from 'vitest';
import { CHARGEBACK_WATCH_MS, WEEK, nextTrackAt } from '../../../../electron/services/orders/track-schedule';
import type { Tracked } from '../../../../electron/services/orders/track-schedule';

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const link = (over: Partial<Tracked> = {}): Tracked => ({
  state: 'created', status: 'initialized', gateway: null, createdAt: T0, linkExpiresAt: T0 + 3 * DAY, statusChangedAt: T0, ...over,
});
const debit = (over: Partial<Tracked> = {}) => link({ gateway: 'DIRDEB', linkExpiresAt: null, ...over });

describe('nextTrackAt', () => {
  it('a link: 5 s, then 30 s, then hourly, once just after expiry, a day more, then stop', () => {
    expect(nextTrackAt(link(), T0 + MIN)).toBe(T0 + MIN + 5_000);
    expect(nextTrackAt(link(), T0 + 3 * MIN)).toBe(T0 + 3 * MIN + 30_000);
    expect(nextTrackAt(link(), T0 + HOUR)).toBe(T0 + 2 * HOUR);
    expect(nextTrackAt(link(), T0 + 3 * DAY - 10 * MIN)).toBe(T0 + 3 * DAY + MIN);
    expect(nextTrackAt(link(), T0 + 3 * DAY + 2 * MIN)).toBe(T0 + 3 * DAY + 2 * MIN + HOUR);
    expect(nextTrackAt(link(), T0 + 4 * DAY + MIN)).toBeNull();
  });

  it('stops at a final status, and for orders MultiSafepay does not have or that need a person', () => {
    for (const status of ['completed', 'declined', 'expired', 'cancelled', 'void']) expect(nextTrackAt(link({ status }), T0)).toBeNull();
    for (const state of ['rejected', 'not_sent', 'needs_review'] as const) expect(nextTrackAt(link({ state }), T0)).toBeNull();
  });

  it('a direct debit: daily until final; weekly for 8 weeks after completed (chargebacks), then stop', () => {
    expect(nextTrackAt(debit({ status: 'uncleared' }), T0 + 10 * DAY)).toBe(T0 + 11 * DAY);
    expect(nextTrackAt(debit({ status: 'void' }), T0)).toBeNull();
    const paidAt = T0 + 9 * DAY;
    const paid = debit({ status: 'completed', statusChangedAt: paidAt });
    expect(nextTrackAt(paid, paidAt)).toBe(paidAt + WEEK);
    expect(nextTrackAt(paid, paidAt + CHARGEBACK_WATCH_MS - DAY)).toBe(paidAt + CHARGEBACK_WATCH_MS);
    expect(nextTrackAt(paid, paidAt + CHARGEBACK_WATCH_MS)).toBeNull();
  });
});
