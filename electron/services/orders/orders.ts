/**
 * Order entry assembled: the order store, payment methods, drafts, the order
 * service (with cancel and recreate beside it) and the tracker (which also settles unclear orders). New orders go to the active profile; an order is
 * followed up with its own profile's key and base URL.
 */
import type { ActiveProfile, Profile } from '../accounts/active-profile';
import type { AuditLog } from '../accounts/audit';
import type { MspClient } from '../msp/client';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/log';
import type { DB } from '../storage/db';
import { createDraftStore } from './drafts';
import { createMethodService } from './methods';
import { createOrderCancel } from './order-cancel';
import { createOrderService } from './order-service';
import { createOrderStore } from './order-store';
import { createPrecheck } from './precheck';
import { createBreakers } from './breaker';
import { createTracker } from './tracker';
import type { Notify } from './tracker';
import { createTrackingStore } from './tracking-store';
import { createRefundStore } from './refund-store';
import { createRefundService } from './refunds';

export function createOrders(deps: {
  db: DB;
  clientFor: (profile: Profile) => MspClient;
  active: ActiveProfile;
  operator: () => string;
  orderCap: () => number;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  notify?: Notify;
  /** Every API key main knows: never stored, even when an answer echoes one. */
  secrets?: () => readonly string[];
}) {
  const { db, active, clock, log } = deps;
  const store = createOrderStore(db, deps.secrets);
  const methods = createMethodService({ db, client: deps.clientFor, profile: active.get, clock, log, orderCap: deps.orderCap });
  const drafts = createDraftStore({ db, profile: active.get, clock, audit: deps.audit });
  const orders = createOrderService({
    store,
    clientFor: deps.clientFor,
    profile: active.get,
    owner: active.owner,
    operator: deps.operator,
    audit: deps.audit,
    clock,
    log,
    methods,
    drafts,
    orderCap: deps.orderCap,
  });
  const cancels = createOrderCancel({ store, clientFor: deps.clientFor, owner: active.owner, audit: deps.audit, clock, log, steps: orders.steps });
  // One loop settles unclear orders and tracks every order MultiSafepay has until it is final.
  const tracking = createTrackingStore(db);
  const breakers = createBreakers();
  const tracker = createTracker({ store, tracking, track: (key) => orders.track(key), breakers, clock, log, notify: deps.notify });
  const precheck = createPrecheck({ store, profile: active.get, clock });
  const refunds = createRefundService({
    store,
    refunds: createRefundStore(db, store.addExchange),
    clientFor: deps.clientFor,
    owner: active.owner,
    operator: deps.operator,
    audit: deps.audit,
    clock,
    log,
  });
  return { orders, cancels, precheck, methods, drafts, tracker, tracking, breakers, refunds };
}
