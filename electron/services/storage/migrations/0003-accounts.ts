/**
 * Version 3: accounts (site profiles, settings, audit log)
 */
import type { Migration } from './migration';

export const migration: Migration = {
  version: 3,
  up(db) {
    db.exec(`
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
  `);
  },
};
