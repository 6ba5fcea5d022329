/**
 * Version 1: orders with their environment, site profile and operator from the start;
 * every request/response pair beside them; money in integer minor units;
 * ids from MultiSafepay as TEXT (17-digit PSP ids do not fit a JS number).
 */
import type { Migration } from './migration';

export const migration: Migration = {
  version: 1,
  up(db) {
    db.exec(`
  CREATE TABLE orders (
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
                     CHECK (state IN ('sending', 'created', 'rejected', 'not_sent', 'unknown')),
    status           TEXT,
    financial_status TEXT,
    transaction_id   TEXT,
    payment_url      TEXT,
    problem_code     TEXT,
    problem_message  TEXT,
    request_body     TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (environment, profile_id, order_id)
  ) STRICT;
  CREATE INDEX orders_newest ON orders (created_at DESC, id DESC);
  CREATE INDEX orders_by_order_id ON orders (order_id);

  CREATE TABLE exchanges (
    id            INTEGER PRIMARY KEY,
    order_row     INTEGER NOT NULL REFERENCES orders (id),
    environment   TEXT    NOT NULL,
    method        TEXT    NOT NULL,
    path          TEXT    NOT NULL,
    request_body  TEXT,
    http_status   INTEGER,
    response_body TEXT,
    outcome       TEXT    NOT NULL,
    started_at    INTEGER NOT NULL,
    duration_ms   INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX exchanges_by_order ON exchanges (order_row, id);

  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;
  `);
  },
};
