/**
 * Version 2: order entry (all flows, customer and debit details, drafts, payment-method cache)
 */
import type { Migration } from './migration';

export const migration: Migration = {
  version: 2,
  up(db) {
    db.exec(`
  -- 2: order entry. What each order was made with (flow) and for whom: customer name,
  --    e-mail and locale, the mandate's full IBAN (the order needs it; lists show it
  --    masked) with its last 4 in a column of their own, the account holder and the
  --    e-mandate reference; when its link expires; which order it replaced after a
  --    "cancel and create again"; and when the reconciler next asks MultiSafepay
  --    about an unclear one. Beside them: drafts (what staff typed, per profile, until
  --    submitted) and the payment-method list per profile, kept as received.
  ALTER TABLE orders ADD COLUMN flow TEXT NOT NULL DEFAULT 'paymentlink'
    CHECK (flow IN ('paymentlink', 'redirect', 'directdebit', 'kbc-cbc', 'inghome', 'advanced'));
  ALTER TABLE orders ADD COLUMN customer_name TEXT;
  ALTER TABLE orders ADD COLUMN customer_email TEXT;
  ALTER TABLE orders ADD COLUMN customer_locale TEXT;
  ALTER TABLE orders ADD COLUMN iban TEXT;
  ALTER TABLE orders ADD COLUMN iban_last4 TEXT CHECK (iban_last4 IS NULL OR length(iban_last4) = 4);
  ALTER TABLE orders ADD COLUMN account_holder_name TEXT;
  ALTER TABLE orders ADD COLUMN emandate TEXT;
  ALTER TABLE orders ADD COLUMN link_expires_at INTEGER;
  ALTER TABLE orders ADD COLUMN replaces TEXT;
  ALTER TABLE orders ADD COLUMN replaced_by TEXT;
  ALTER TABLE orders ADD COLUMN check_attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE orders ADD COLUMN next_check_at INTEGER;
  CREATE INDEX orders_same_amount ON orders (environment, profile_id, amount, created_at);
  CREATE INDEX orders_by_iban ON orders (environment, profile_id, iban, created_at) WHERE iban IS NOT NULL;
  CREATE INDEX orders_unsettled ON orders (next_check_at) WHERE state IN ('sending', 'unknown');

  CREATE TABLE drafts (
    environment TEXT    NOT NULL,
    profile_id  TEXT    NOT NULL,
    fields      TEXT    NOT NULL,
    saved_at    INTEGER NOT NULL,
    PRIMARY KEY (environment, profile_id)
  ) STRICT;

  CREATE TABLE payment_methods (
    environment   TEXT    NOT NULL,
    profile_id    TEXT    NOT NULL,
    response_body TEXT    NOT NULL,
    fetched_at    INTEGER NOT NULL,
    PRIMARY KEY (environment, profile_id)
  ) STRICT;
  `);
  },
};
