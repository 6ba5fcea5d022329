/**
 * Version 10: history speed at a million orders (issue 13).
 */
import type { Migration } from './migration';

export const migration: Migration = {
  version: 9,
  up(db) {
    db.exec(`
  -- 10: financial status had no index. The facets' distinct walk (one seek per value) and
  --     every financial-status filter scanned the whole table (2.4 s to open History at 1M;
  --     165 ms for financial status + amount range). By time, like the other filter indexes,
  --     so a filtered page is read newest first and stops after one page.
  CREATE INDEX IF NOT EXISTS orders_by_financial_status ON orders (financial_status, created_at);
`);
  },
};
