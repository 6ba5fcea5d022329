/**
 * SQL of the history sync. Each page of GET /transactions is stored in one transaction
 * together with the cursor of the next page, so an interruption anywhere (a crash, a
 * cancel, a network fault) resumes exactly after the last stored page: nothing twice,
 * nothing skipped. Transactions are upserted by their transaction_id (exact text).
 */
import { flowOf } from '@shared/orders';
import type { Environment, LocalState } from '@shared/orders';
import type { SyncSchedule } from '@shared/sync';
import type { DB } from '../storage/db';
import { nextTrackAt } from '../orders/track-schedule';

export interface SyncRow {
  environment: Environment;
  profile_id: string;
  run_from: number | null;
  run_until: number | null;
  cursor: string | null;
  running: 0 | 1;
  imported: number;
  elsewhere: number;
  pages: number;
  synced_until: number | null;
  last_synced_at: number | null;
  schedule: SyncSchedule;
}

/** One transaction as read from the API (ids exact text, amounts integer minor units). */
export interface SyncedTransaction {
  transactionId: string;
  orderId: string | null;
  type: string | null;
  amount: number | null;
  currency: string | null;
  status: string | null;
  financialStatus: string | null;
  paymentMethod: string | null;
  createdAt: number | null;
  completedAt: number | null;
  description: string | null;
  customerName: string | null;
  customerEmail: string | null;
}

export interface ProfileRef {
  environment: Environment;
  profileId: string;
}

type TrackedRow = { state: LocalState; status: string | null; gateway: string | null; created_at: number; link_expires_at: number | null; status_changed_at: number | null };

/** The next check of an imported order after the listing changed its status (null: final, stop). */
const trackFrom = (
  row: TrackedRow,
  now: number,
) =>
  nextTrackAt(
    { state: row.state, status: row.status, gateway: row.gateway, createdAt: row.created_at, linkExpiresAt: row.link_expires_at, statusChangedAt: row.status_changed_at },
    now,
  );

/** order_ids every channel can name (OrderKey's rule); others are kept as transactions only. */
const NAMEABLE = /^[A-Za-z0-9_-]{1,50}$/;

export function createSyncStore(db: DB) {
  const get = db.prepare<ProfileRef, SyncRow>('SELECT * FROM sync_state WHERE environment = @environment AND profile_id = @profileId');
  const ensure = db.prepare('INSERT OR IGNORE INTO sync_state (environment, profile_id) VALUES (@environment, @profileId)');
  const begin = db.prepare(`
    UPDATE sync_state SET run_from = @from, run_until = @until, cursor = NULL, running = 1, imported = 0, elsewhere = 0, pages = 0
    WHERE environment = @environment AND profile_id = @profileId`);
  const advance = db.prepare(`
    UPDATE sync_state SET cursor = @cursor, pages = pages + 1, imported = imported + @imported, elsewhere = elsewhere + @elsewhere
    WHERE environment = @environment AND profile_id = @profileId`);
  const finish = db.prepare(`
    UPDATE sync_state SET running = 0, cursor = NULL, synced_until = run_until, last_synced_at = @now
    WHERE environment = @environment AND profile_id = @profileId`);
  const schedule = db.prepare('UPDATE sync_state SET schedule = @schedule WHERE environment = @environment AND profile_id = @profileId');
  const scheduled = db.prepare<[], SyncRow>("SELECT * FROM sync_state WHERE schedule <> 'off'");

  const upsertTransaction = db.prepare(`
    INSERT INTO msp_transactions (environment, profile_id, transaction_id, order_id, type, amount, currency, status,
                                  financial_status, payment_method, created_at, order_row, imported_at, updated_at)
    VALUES (@environment, @profileId, @transactionId, @orderId, @type, @amount, @currency, @status,
            @financialStatus, @paymentMethod, @createdAt, @orderRow, @now, @now)
    ON CONFLICT (environment, profile_id, transaction_id) DO UPDATE SET
      status = excluded.status, financial_status = excluded.financial_status,
      order_row = coalesce(excluded.order_row, order_row), updated_at = excluded.updated_at`);
  const orderOf = db.prepare<ProfileRef & { orderId: string }, { id: number; origin: string; amount: number; currency: string }>(`
    SELECT id, origin, amount, currency FROM orders WHERE environment = @environment AND profile_id = @profileId AND order_id = @orderId`);
  const insertElsewhere = db.prepare(`
    INSERT INTO orders (environment, profile_id, operator, order_id, type, gateway, currency, amount, description, state,
                        status, financial_status, transaction_id, request_body, created_at, updated_at, flow,
                        customer_name, customer_email, origin, completed_at, status_changed_at, next_check_at)
    VALUES (@environment, @profileId, '', @orderId, 'redirect', @gateway, @currency, @amount, @description, 'created',
            @status, @financialStatus, @transactionId, @requestBody, @createdAt, @now, @flow,
            @customerName, @customerEmail, 'elsewhere', @completedAt, @statusChangedAt, @nextCheckAt)`);
  const updateElsewhere = db.prepare<
    { id: number; status: string | null; financialStatus: string | null; transactionId: string; completedAt: number | null; now: number },
    TrackedRow
  >(`
    UPDATE orders SET status = @status, financial_status = @financialStatus, transaction_id = coalesce(transaction_id, @transactionId),
      completed_at = coalesce(completed_at, @completedAt),
      status_changed_at = CASE WHEN status IS NOT @status THEN @now ELSE status_changed_at END, updated_at = @now
    WHERE id = @id AND origin = 'elsewhere' AND (status IS NOT @status OR financial_status IS NOT @financialStatus)
    RETURNING state, status, gateway, created_at, link_expires_at, status_changed_at`);
  const scheduleCheck = db.prepare('UPDATE orders SET next_check_at = @at, check_attempts = 0 WHERE id = @id');
  // An order this console made: the transaction is linked (searchable by its id), its state is left to read-backs.
  const link = db.prepare(`
    INSERT OR IGNORE INTO order_transactions (order_row, transaction_id, first_seen_at) VALUES (@orderRow, @transactionId, @now)`);
  const refundStatus = db.prepare('UPDATE refunds SET status = @status, updated_at = @now WHERE order_row = @orderRow AND refund_id = @refundId');
  const refundFound = db.prepare(`
    INSERT OR IGNORE INTO refunds (order_row, refund_order_id, refund_id, amount, currency, state, status, request_body, operator, created_at, updated_at)
    VALUES (@orderRow, @refundOrderId, @refundId, @amount, @currency, 'created', @status, '', '', @createdAt, @now)`);

  /** One transaction into the history; true when it made a new "created elsewhere" order. */
  function store(ref: ProfileRef, t: SyncedTransaction, now: number): boolean {
    let orderRow: number | null = null;
    let elsewhere = false;
    const order = t.orderId !== null && NAMEABLE.test(t.orderId) ? orderOf.get({ ...ref, orderId: t.orderId }) : undefined;
    const amount = t.amount === null ? null : Math.abs(t.amount);
    if (t.type === 'payment' && t.orderId !== null && NAMEABLE.test(t.orderId)) {
      if (order) {
        orderRow = order.id;
        link.run({ orderRow, transactionId: t.transactionId, now });
        const same = order.amount === amount && order.currency === t.currency;
        const changed = same
          ? updateElsewhere.get({ id: order.id, status: t.status, financialStatus: t.financialStatus, transactionId: t.transactionId, completedAt: t.completedAt, now })
          : undefined;
        // The tracker follows it on from what the listing says now (or stops, when that is final).
        if (changed) scheduleCheck.run({ id: order.id, at: trackFrom(changed, now) });
      } else if (amount !== null && amount > 0 && t.currency !== null && t.currency.length === 3) {
        const createdAt = t.createdAt ?? now;
        orderRow = Number(
          insertElsewhere.run({
            ...ref,
            orderId: t.orderId,
            gateway: t.paymentMethod,
            currency: t.currency,
            amount,
            description: t.description ?? '',
            status: t.status,
            financialStatus: t.financialStatus,
            transactionId: t.transactionId,
            // Nothing was sent: what a read-back compares (order_id, amount, currency), from the transaction.
            requestBody: JSON.stringify({ order_id: t.orderId, amount, currency: t.currency }),
            createdAt,
            now,
            flow: flowOf('redirect', t.paymentMethod),
            customerName: t.customerName,
            customerEmail: t.customerEmail,
            completedAt: t.completedAt,
            statusChangedAt: t.completedAt ?? createdAt,
            // Tracked like the console's own orders (same schedule) until its status is final.
            nextCheckAt: nextTrackAt(
              { state: 'created', status: t.status, gateway: t.paymentMethod, createdAt, linkExpiresAt: null, statusChangedAt: t.completedAt ?? createdAt },
              now,
            ),
          }).lastInsertRowid,
        );
        elsewhere = true;
      }
    } else if (t.type === 'refund' && order && amount !== null && amount > 0 && t.currency !== null) {
      orderRow = order.id;
      const known = refundStatus.run({ orderRow, refundId: t.transactionId, status: t.status, now }).changes > 0;
      if (!known) {
        refundFound.run({ orderRow, refundOrderId: `MSP-${t.transactionId}`.slice(0, 50), refundId: t.transactionId, amount, currency: t.currency, status: t.status, createdAt: t.createdAt ?? now, now });
      }
    }
    upsertTransaction.run({ ...ref, ...t, amount: t.amount, orderRow, now });
    return elsewhere;
  }

  const commitPage = db.transaction((ref: ProfileRef, items: SyncedTransaction[], cursor: string | null, last: boolean, now: number) => {
    let elsewhere = 0;
    for (const t of items) if (store(ref, t, now)) elsewhere++;
    advance.run({ ...ref, cursor, imported: items.length, elsewhere });
    if (last) finish.run({ ...ref, now });
  });

  return {
    /** The profile's sync state; a profile never synced reads as empty (nothing is written: works read-only). */
    get(ref: ProfileRef): SyncRow {
      return (
        get.get(ref) ?? {
          environment: ref.environment,
          profile_id: ref.profileId,
          run_from: null,
          run_until: null,
          cursor: null,
          running: 0,
          imported: 0,
          elsewhere: 0,
          pages: 0,
          synced_until: null,
          last_synced_at: null,
          schedule: 'off',
        }
      );
    },
    begin(ref: ProfileRef, from: number, until: number): void {
      ensure.run(ref);
      begin.run({ ...ref, from, until });
    },
    /** One page and the cursor of the next, atomically; `last` also closes the run in the same transaction. */
    commitPage(ref: ProfileRef, items: SyncedTransaction[], cursor: string | null, last: boolean, now: number): void {
      commitPage(ref, items, cursor, last, now);
    },
    finish(ref: ProfileRef, now: number): void {
      finish.run({ ...ref, now });
    },
    setSchedule(ref: ProfileRef, value: SyncSchedule): void {
      ensure.run(ref);
      schedule.run({ ...ref, schedule: value });
    },
    scheduled: (): SyncRow[] => scheduled.all(),
  };
}
export type SyncStore = ReturnType<typeof createSyncStore>;
