/**
 * Version 4 (edited after release, issue 13: only databases upgrading from version ≤ 3 run it again;
 * ones already at 4+ are untouched): its one-shot full-text build of every existing order is now a
 * cursor in `fts_backfill`, filled in chunks after start (storage/storage-worker.ts).
 *
 * Local order history (search, indexed views, every transaction of an order)
 */
import type { Migration } from './migration';

export const migration: Migration = {
  version: 4,
  up(db) {
    db.exec(`
  -- 4: history. Every transaction id MultiSafepay ever gave an order (a link opened
  --    twice, a refund), kept by triggers whatever code writes the order. A full-text
  --    index (FTS5, contentless: it keeps tokens, not a second copy of the text) over
  --    the order id (split into words, and whole as "order_key" for prefix look-ups),
  --    the transaction ids, customer and account holder names, e-mail, description and
  --    IBAN last four, kept in step by triggers, so retention's masking reaches it too.
  --    The index's rowid is the order's row id, and row ids grow with time; the few
  --    orders stamped earlier than one recorded before them (a clock set back) are
  --    listed in orders_out_of_order, so a search can read the index newest first and
  --    still sort exactly by time. Indexes for each view of the list, each by time.
  CREATE TABLE order_transactions (
    order_row      INTEGER NOT NULL REFERENCES orders (id),
    transaction_id TEXT    NOT NULL CHECK (length(transaction_id) BETWEEN 1 AND 64),
    first_seen_at  INTEGER NOT NULL,
    PRIMARY KEY (order_row, transaction_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX order_transactions_by_id ON order_transactions (transaction_id);
  INSERT INTO order_transactions (order_row, transaction_id, first_seen_at)
    SELECT id, transaction_id, updated_at FROM orders WHERE coalesce(transaction_id, '') <> '';
  CREATE TRIGGER order_transactions_on_insert AFTER INSERT ON orders
  WHEN coalesce(new.transaction_id, '') <> ''
  BEGIN
    INSERT OR IGNORE INTO order_transactions (order_row, transaction_id, first_seen_at)
    VALUES (new.id, new.transaction_id, new.updated_at);
  END;
  CREATE TRIGGER order_transactions_on_update AFTER UPDATE OF transaction_id ON orders
  WHEN coalesce(new.transaction_id, '') <> ''
  BEGIN
    INSERT OR IGNORE INTO order_transactions (order_row, transaction_id, first_seen_at)
    VALUES (new.id, new.transaction_id, new.updated_at);
  END;

  CREATE VIRTUAL TABLE orders_fts USING fts5 (
    order_key, order_id, transaction_ids, customer, email, description, iban_last4,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
  );
  -- The orders already there are indexed after start, newest first, in chunks (one big
  -- transaction here kept a million-order upgrade from starting for minutes): next_rowid is the
  -- highest row id not indexed yet, total where it started; the row goes when all are in.
  -- Until then search reads the rows at or below the cursor without the index (history-service).
  CREATE TABLE fts_backfill (
    one        INTEGER PRIMARY KEY CHECK (one = 1),
    next_rowid INTEGER NOT NULL,
    total      INTEGER NOT NULL
  ) STRICT;
  INSERT INTO fts_backfill (one, next_rowid, total) SELECT 1, max(id), max(id) FROM orders HAVING count(*) > 0;
  CREATE TRIGGER orders_fts_on_insert AFTER INSERT ON orders
  BEGIN
    INSERT INTO orders_fts (rowid, order_key, order_id, transaction_ids, customer, email, description, iban_last4)
    VALUES (new.id, lower(replace(replace(new.order_id, '-', ''), '_', '')), new.order_id,
            coalesce(new.transaction_id, ''),
            trim(coalesce(new.customer_name, '') || ' ' || coalesce(new.account_holder_name, '')),
            new.customer_email, new.description, new.iban_last4);
  END;
  CREATE TRIGGER orders_fts_on_update
  AFTER UPDATE OF order_id, transaction_id, customer_name, account_holder_name, customer_email, description, iban_last4 ON orders
  BEGIN
    INSERT OR REPLACE INTO orders_fts (rowid, order_key, order_id, transaction_ids, customer, email, description, iban_last4)
    VALUES (new.id, lower(replace(replace(new.order_id, '-', ''), '_', '')), new.order_id,
            trim(coalesce((SELECT group_concat(t.transaction_id, ' ') FROM order_transactions t WHERE t.order_row = new.id), '')
                 || ' ' || coalesce(new.transaction_id, '')),
            trim(coalesce(new.customer_name, '') || ' ' || coalesce(new.account_holder_name, '')),
            new.customer_email, new.description, new.iban_last4);
  END;

  CREATE TABLE orders_out_of_order (
    id INTEGER PRIMARY KEY REFERENCES orders (id)
  ) STRICT;
  CREATE TABLE orders_time_mark (
    one            INTEGER PRIMARY KEY CHECK (one = 1),
    max_created_at INTEGER NOT NULL
  ) STRICT;
  INSERT INTO orders_out_of_order (id)
    SELECT id FROM (
      SELECT id, created_at,
             max(created_at) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
      FROM orders)
    WHERE created_at < before;
  INSERT INTO orders_time_mark (one, max_created_at) VALUES (1, coalesce((SELECT max(created_at) FROM orders), 0));
  CREATE TRIGGER orders_time_order AFTER INSERT ON orders
  BEGIN
    INSERT INTO orders_out_of_order (id) SELECT new.id FROM orders_time_mark WHERE new.created_at < max_created_at;
    UPDATE orders_time_mark SET max_created_at = new.created_at WHERE new.created_at > max_created_at;
  END;

  CREATE INDEX orders_by_state       ON orders (state, created_at);
  CREATE INDEX orders_by_status      ON orders (status, created_at);
  CREATE INDEX orders_by_gateway     ON orders (gateway, created_at);
  CREATE INDEX orders_by_environment ON orders (environment, created_at);
  CREATE INDEX orders_by_profile     ON orders (environment, profile_id, created_at);
  CREATE INDEX orders_by_operator    ON orders (operator, created_at);
  CREATE INDEX orders_by_amount      ON orders (amount);
  `);
  },
};
