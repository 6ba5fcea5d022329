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
  // 4: local order history (search, indexed views, every transaction of an order)
  `
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
  INSERT INTO orders_fts (rowid, order_key, order_id, transaction_ids, customer, email, description, iban_last4)
    SELECT o.id, lower(replace(replace(o.order_id, '-', ''), '_', '')), o.order_id,
           trim(coalesce((SELECT group_concat(t.transaction_id, ' ') FROM order_transactions t WHERE t.order_row = o.id), '')),
           trim(coalesce(o.customer_name, '') || ' ' || coalesce(o.account_holder_name, '')),
           o.customer_email, o.description, o.iban_last4
    FROM orders o;
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
  `,
];
