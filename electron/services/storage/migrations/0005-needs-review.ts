/**
 * Version 5: the local state needs_review (an order whose read-back answered about another order)
 */
import type { Migration } from './migration';

export const migration: Migration = {
  version: 5,
  up(db) {
    db.exec(`
  -- 5: needs_review, for an order whose read-back answered about another order (another
  --    order_id, amount or currency): nothing is settled from such an answer. SQLite cannot
  --    widen a CHECK in place, so the orders table is rebuilt: its rows are kept aside, the
  --    table dropped and created again with the wider check, the rows put back, then its
  --    indexes and triggers. Foreign keys are checked at commit (the rows that reference an
  --    order find it again under the same id). Columns, checks, row ids (the full-text
  --    index's rowids) and every value stay as they were. No rename: a rename would rewrite
  --    the references the other tables hold.
  PRAGMA defer_foreign_keys = ON;
  CREATE TEMP TABLE orders_kept AS SELECT * FROM main.orders;
  DROP TABLE main.orders;
  CREATE TABLE main.orders (
    id               INTEGER PRIMARY KEY,
    environment      TEXT    NOT NULL CHECK (environment IN ('demo', 'test', 'live')),
    profile_id       TEXT    NOT NULL,
    operator         TEXT    NOT NULL,
    order_id         TEXT    NOT NULL CHECK (length(order_id) BETWEEN 1 AND 50),
    type             TEXT    NOT NULL,
    gateway          TEXT,
    currency         TEXT    NOT NULL CHECK (length(currency) = 3),
    amount           INTEGER NOT NULL CHECK (amount > 0),
    description      TEXT    NOT NULL,
    state            TEXT    NOT NULL
                     CHECK (state IN ('sending', 'created', 'rejected', 'not_sent', 'unknown', 'needs_review')),
    status           TEXT,
    financial_status TEXT,
    transaction_id   TEXT,
    payment_url      TEXT,
    problem_code     TEXT,
    problem_message  TEXT,
    request_body     TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    flow             TEXT    NOT NULL DEFAULT 'paymentlink'
                     CHECK (flow IN ('paymentlink', 'redirect', 'directdebit', 'kbc-cbc', 'inghome', 'advanced')),
    customer_name    TEXT,
    customer_email   TEXT,
    customer_locale  TEXT,
    iban             TEXT,
    iban_last4       TEXT    CHECK (iban_last4 IS NULL OR length(iban_last4) = 4),
    account_holder_name TEXT,
    emandate         TEXT,
    link_expires_at  INTEGER,
    replaces         TEXT,
    replaced_by      TEXT,
    check_attempts   INTEGER NOT NULL DEFAULT 0,
    next_check_at    INTEGER,
    UNIQUE (environment, profile_id, order_id)
  ) STRICT;
  INSERT INTO main.orders (id, environment, profile_id, operator, order_id, type, gateway, currency, amount,
      description, state, status, financial_status, transaction_id, payment_url, problem_code, problem_message,
      request_body, created_at, updated_at, flow, customer_name, customer_email, customer_locale, iban, iban_last4,
      account_holder_name, emandate, link_expires_at, replaces, replaced_by, check_attempts, next_check_at)
    SELECT id, environment, profile_id, operator, order_id, type, gateway, currency, amount,
      description, state, status, financial_status, transaction_id, payment_url, problem_code, problem_message,
      request_body, created_at, updated_at, flow, customer_name, customer_email, customer_locale, iban, iban_last4,
      account_holder_name, emandate, link_expires_at, replaces, replaced_by, check_attempts, next_check_at
    FROM temp.orders_kept;
  DROP TABLE temp.orders_kept;

  CREATE INDEX orders_newest ON orders (created_at DESC, id DESC);
  CREATE INDEX orders_by_order_id ON orders (order_id);
  CREATE INDEX orders_same_amount ON orders (environment, profile_id, amount, created_at);
  CREATE INDEX orders_by_iban ON orders (environment, profile_id, iban, created_at) WHERE iban IS NOT NULL;
  CREATE INDEX orders_unsettled ON orders (next_check_at) WHERE state IN ('sending', 'unknown');
  CREATE INDEX orders_by_state       ON orders (state, created_at);
  CREATE INDEX orders_by_status      ON orders (status, created_at);
  CREATE INDEX orders_by_gateway     ON orders (gateway, created_at);
  CREATE INDEX orders_by_environment ON orders (environment, created_at);
  CREATE INDEX orders_by_profile     ON orders (environment, profile_id, created_at);
  CREATE INDEX orders_by_operator    ON orders (operator, created_at);
  CREATE INDEX orders_by_amount      ON orders (amount);

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
  CREATE TRIGGER orders_time_order AFTER INSERT ON orders
  BEGIN
    INSERT INTO orders_out_of_order (id) SELECT new.id FROM orders_time_mark WHERE new.created_at < max_created_at;
    UPDATE orders_time_mark SET max_created_at = new.created_at WHERE new.created_at > max_created_at;
  END;
  `);
  },
};
