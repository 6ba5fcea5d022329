/**
 * Version 8: refunds, and the history sync (transactions imported from MultiSafepay)
 */
import type { Migration } from './migration';

export const migration: Migration = {
  version: 8,
  up(db) {
    db.exec(`
  -- 8: refunds and sync.
  --    orders.origin: 'console' (we sent it) or 'elsewhere' (found by the sync: made in the
  --    dashboard, a shop, another console); completed_at: when MultiSafepay says it completed
  --    (KBC/CBC refunds wait a business day after it).
  ALTER TABLE orders ADD COLUMN origin TEXT NOT NULL DEFAULT 'console' CHECK (origin IN ('console', 'elsewhere'));
  ALTER TABLE orders ADD COLUMN completed_at INTEGER;
  CREATE INDEX orders_by_origin ON orders (origin, created_at);

  --    refunds: one row per refund asked for, written (state 'sending') before the POST, like
  --    an order's intent row. refund_order_id is our own name for it at MultiSafepay (the
  --    only way to tell two refunds of one order apart in a read-back); ids are exact text.
  CREATE TABLE refunds (
    id              INTEGER PRIMARY KEY,
    order_row       INTEGER NOT NULL REFERENCES orders (id),
    refund_order_id TEXT    NOT NULL CHECK (length(refund_order_id) BETWEEN 1 AND 50),
    refund_id       TEXT    CHECK (refund_id IS NULL OR length(refund_id) BETWEEN 1 AND 64),
    transaction_id  TEXT    CHECK (transaction_id IS NULL OR length(transaction_id) BETWEEN 1 AND 64),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    currency        TEXT    NOT NULL CHECK (length(currency) = 3),
    state           TEXT    NOT NULL CHECK (state IN ('sending', 'created', 'rejected', 'not_sent', 'unknown')),
    status          TEXT,
    problem_code    TEXT,
    problem_message TEXT,
    request_body    TEXT    NOT NULL,
    operator        TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (order_row, refund_order_id)
  ) STRICT;
  CREATE INDEX refunds_by_refund_id ON refunds (refund_id) WHERE refund_id IS NOT NULL;

  --    transactions: every transaction GET /transactions gave, once per profile, upserted by
  --    its transaction_id (exact text); order_row links a payment to its history row.
  CREATE TABLE msp_transactions (
    environment     TEXT    NOT NULL CHECK (environment IN ('demo', 'test', 'live')),
    profile_id      TEXT    NOT NULL,
    transaction_id  TEXT    NOT NULL CHECK (length(transaction_id) BETWEEN 1 AND 64),
    order_id        TEXT,
    type            TEXT,
    amount          INTEGER,
    currency        TEXT,
    status          TEXT,
    financial_status TEXT,
    payment_method  TEXT,
    created_at      INTEGER,
    order_row       INTEGER REFERENCES orders (id),
    imported_at     INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (environment, profile_id, transaction_id)
  ) STRICT, WITHOUT ROWID;

  --    sync_state: per profile, the run under way (window and the cursor of the next page,
  --    written with each page's rows in one transaction, so a crash, a cancel or a fault
  --    resumes exactly there) and what is already in (synced_until).
  CREATE TABLE sync_state (
    environment    TEXT    NOT NULL CHECK (environment IN ('demo', 'test', 'live')),
    profile_id     TEXT    NOT NULL,
    run_from       INTEGER,
    run_until      INTEGER,
    cursor         TEXT,
    running        INTEGER NOT NULL DEFAULT 0 CHECK (running IN (0, 1)),
    imported       INTEGER NOT NULL DEFAULT 0,
    elsewhere      INTEGER NOT NULL DEFAULT 0,
    pages          INTEGER NOT NULL DEFAULT 0,
    synced_until   INTEGER,
    last_synced_at INTEGER,
    schedule       TEXT    NOT NULL DEFAULT 'off' CHECK (schedule IN ('off', 'hourly', 'daily')),
    PRIMARY KEY (environment, profile_id)
  ) STRICT;
  `);
  },
};
