/**
 * Schema migrations, one SQL script per version: MIGRATIONS[0] brings an empty
 * database to version 1, and so on. Never edit a released entry; append.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: orders with their environment, site profile and operator from the start;
  //    every request/response pair beside them; money in integer minor units;
  //    ids from MultiSafepay as TEXT (17-digit PSP ids do not fit a JS number).
  `
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
  `,
  // 2: reserved for order entry (all flows, customer and debit details, drafts, payment-method cache)
  `
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
  `,
  // 3: reserved for accounts (site profiles, settings, audit log)
  `
  -- 3: accounts. Site profiles (keys only as tagged ciphertext, never plain), the
  --    append-only hash-chained audit log, and which orders retention has masked.
  CREATE TABLE profiles (
    id                   TEXT    PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 40),
    name                 TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    environment          TEXT    NOT NULL CHECK (environment IN ('demo', 'test', 'live')),
    -- 'v1:' + base64 of the OS-encrypted key; NULL for demo, session-only or deleted profiles
    key_cipher           TEXT    CHECK (key_cipher IS NULL OR key_cipher GLOB 'v[0-9]*:*'),
    key_hint             TEXT    CHECK (key_hint IS NULL OR length(key_hint) <= 5),
    key_storage          TEXT    NOT NULL CHECK (key_storage IN ('builtin', 'stored', 'session', 'none')),
    key_check            TEXT,
    redirect_url         TEXT,
    cancel_url           TEXT,
    locale               TEXT,
    link_expiry_days     INTEGER CHECK (link_expiry_days IS NULL OR link_expiry_days BETWEEN 1 AND 365),
    description_template TEXT,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    deleted_at           INTEGER
  ) STRICT;
  CREATE UNIQUE INDEX profiles_live_name ON profiles (lower(name)) WHERE deleted_at IS NULL;

  CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    operator    TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    profile_id  TEXT,
    environment TEXT,
    order_id    TEXT,
    details     TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL CHECK (length(prev_hash) = 64),
    hash        TEXT    NOT NULL UNIQUE CHECK (length(hash) = 64)
  ) STRICT;
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

  CREATE TABLE retention_masked (
    order_row INTEGER PRIMARY KEY REFERENCES orders (id),
    masked_at INTEGER NOT NULL
  ) STRICT;
  `,
];
