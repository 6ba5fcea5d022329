/**
 * Version 6: the audit table takes only a row that extends its chain.
 *
 * Version 3's triggers refuse UPDATE and DELETE, but `INSERT OR REPLACE` deletes the
 * conflicting row without firing DELETE triggers (recursive_triggers is off), and any
 * insert could start a new chain. So an insert must carry the next id and, as its
 * prev_hash, the hash of the current head (64 zeros for the first row).
 */
import type { Migration } from './migration';

export const migration: Migration = {
  version: 6,
  up(db) {
    db.exec(`
  CREATE TRIGGER audit_extends_chain BEFORE INSERT ON audit
  WHEN NEW.id IS NOT (SELECT coalesce(max(id), 0) + 1 FROM audit)
    OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), '${'0'.repeat(64)}')
  BEGIN SELECT RAISE(ABORT, 'the audit log only takes a row that extends its chain'); END;
  `);
  },
};
