/**
 * Version 7: tracking every open order. Each change of an order's local state, status or
 * financial status is kept with its time (the order's timeline, and the feed the UI polls);
 * `notified_at` says a desktop notification went out for it, so a restart never repeats one.
 * `next_check_at` now schedules every tracked order, not only unclear ones.
 */
import type { Migration } from './migration';

export const migration: Migration = {
  version: 7,
  up(db) {
    db.exec(`
  CREATE TABLE order_status_changes (
    id               INTEGER PRIMARY KEY,
    order_row        INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    at               INTEGER NOT NULL,
    state            TEXT    NOT NULL,
    status           TEXT,
    financial_status TEXT,
    notified_at      INTEGER
  ) STRICT;
  CREATE INDEX order_status_changes_by_order ON order_status_changes (order_row, id);
  -- The few changes a notification is still owed for.
  CREATE INDEX order_status_changes_to_notify ON order_status_changes (id)
    WHERE notified_at IS NULL AND status IN ('completed', 'declined', 'expired');

  -- When the status last changed: a completed direct debit is watched for chargebacks for weeks after it.
  ALTER TABLE orders ADD COLUMN status_changed_at INTEGER;

  -- Every tracked order, whatever its state, is found by when it is due.
  DROP INDEX orders_unsettled;
  CREATE INDEX orders_due ON orders (next_check_at) WHERE next_check_at IS NOT NULL;
  -- The payment-link board: open links of an environment by expiry.
  CREATE INDEX orders_open_links ON orders (environment, link_expires_at)
    WHERE type = 'paymentlink' AND state = 'created';

  -- The history so far: one change per order as it stands (already seen, so nothing is notified).
  INSERT INTO order_status_changes (order_row, at, state, status, financial_status, notified_at)
    SELECT id, updated_at, state, status, financial_status, updated_at FROM orders;
  UPDATE orders SET status_changed_at = updated_at;
  -- Orders MultiSafepay has that may still change are checked once at the next start; the
  -- tracker then schedules them by their method and age (or stops).
  UPDATE orders SET next_check_at = updated_at
    WHERE state = 'created' AND coalesce(status, '') NOT IN ('declined', 'expired', 'cancelled', 'void', 'refunded', 'chargeback');
`);
  },
};
