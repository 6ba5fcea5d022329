/**
 * Version 10: the full-text build's cursor table (issue 13) for databases that were at version
 * 4 or later before version 4 started creating it; empty for them (their index is complete).
 */
import type { Migration } from './migration';

export const migration: Migration = {
  version: 10,
  up(db) {
    db.exec(`
  CREATE TABLE IF NOT EXISTS fts_backfill (
    one        INTEGER PRIMARY KEY CHECK (one = 1),
    next_rowid INTEGER NOT NULL,
    total      INTEGER NOT NULL
  ) STRICT;
`);
  },
};
