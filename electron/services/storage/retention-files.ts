/**
 * Retention over the copies of the history. Each backup gets the same masking as the live
 * database (then VACUUM, then a new seal: the file changed on purpose); exported CSV files
 * and database files set aside by a restore are deleted once older than the period. Without
 * this, every erased IBAN, name and e-mail address would live on in the copies.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Backups } from './backup';
import { hasTable } from './db';
import { eraseFreedSpace, prepareMasking } from './personal-data';

const SET_ASIDE = /^console\.sqlite3\.(?:replaced-.*|restoring.*)$/;

export function createFileRetention(deps: { backups: Backups; exportsDir: string; dataDir: string; now: () => number }) {
  const olderThan = (file: string, cutoff: number) => {
    try {
      return statSync(file).mtimeMs < cutoff;
    } catch {
      return false;
    }
  };
  return (cutoff: number): { backupsMasked: number; filesDeleted: number } => {
    let backupsMasked = 0;
    for (const info of deps.backups.list()) {
      const db = new Database(info.file, { fileMustExist: true });
      let changed = false;
      let schemaVersion = 0;
      try {
        schemaVersion = db.pragma('user_version', { simple: true }) as number;
        if (hasTable(db, 'orders') && hasTable(db, 'retention_masked')) {
          db.pragma('secure_delete = ON');
          const { masked, draftsDropped } = prepareMasking(db).run(cutoff, deps.now());
          changed = masked + draftsDropped > 0;
          if (changed) eraseFreedSpace(db);
        }
      } finally {
        db.close();
      }
      if (changed) {
        deps.backups.reseal(info, schemaVersion);
        backupsMasked++;
      }
    }
    let filesDeleted = 0;
    const sweep = (dir: string, match: (name: string) => boolean) => {
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) {
        const file = join(dir, name);
        if (match(name) && olderThan(file, cutoff)) {
          rmSync(file, { force: true });
          filesDeleted++;
        }
      }
    };
    sweep(deps.exportsDir, (name) => /\.csv(?:\.partial)?$/.test(name));
    sweep(deps.dataDir, (name) => SET_ASIDE.test(name));
    return { backupsMasked, filesDeleted };
  };
}
