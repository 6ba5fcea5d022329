/** Tracking's slice of the handler table: the change feed the renderer polls, and the payment-link board. */
import type { OrderKey } from '@shared/order-key';
import type { ProfileTracking } from '@shared/tracking';
import { UNPAID_DAYS_DEFAULT } from '@shared/tracking';
import type { ActiveProfile } from '../accounts/active-profile';
import type { Clock } from '../platform/clock';
import type { ServiceTable } from '../platform/gate';
import type { Breakers } from './breaker';
import { iso } from './order-row';
import type { TrackingStore } from './tracking-store';

type Slice = Pick<ServiceTable, 'tracking.changes' | 'links.board'>;

export function trackingChannels(deps: {
  tracking: TrackingStore;
  breakers: Breakers;
  active: ActiveProfile;
  clock: Clock;
  /** The order a clicked notification asked to show, taken once. */
  takeOpen: () => OrderKey | null;
}): Slice {
  const { tracking, breakers, active, clock } = deps;
  const nameOf = (environment: ProfileTracking['environment'], profileId: string) => {
    try {
      return active.owner({ environment, profileId }).name;
    } catch {
      return profileId;
    }
  };
  return {
    // `since` 0 means "from now": a renderer starting up does not replay the whole history.
    'tracking.changes': ({ since }) => {
      const feed = since === 0 ? { cursor: tracking.latest(), changes: [] } : tracking.changesSince(since);
      const now = clock.now();
      const profiles = breakers
        .views(now)
        .filter((view) => view.state !== 'ok')
        .map((view): ProfileTracking => {
          const [environment, profileId] = view.profile.split('|') as [ProfileTracking['environment'], string];
          return {
            environment,
            profileId,
            profileName: nameOf(environment, profileId),
            state: view.state,
            failures: view.failures,
            retryAt: view.retryAt === null ? null : iso(view.retryAt),
          };
        });
      return { ...feed, profiles, open: deps.takeOpen() };
    },
    'links.board': ({ view, unpaidDays }) => {
      const now = clock.now();
      return { now: iso(now), ...tracking.board(active.get().environment, view, now, unpaidDays ?? UNPAID_DAYS_DEFAULT) };
    },
  };
}

/** The order a clicked notification asked to show: main sets it, the renderer's next poll takes it once. */
export function createOpenRequest() {
  let pending: OrderKey | null = null;
  return {
    ask(key: OrderKey) {
      pending = key;
    },
    take(): OrderKey | null {
      const key = pending;
      pending = null;
      return key;
    },
  };
}
