/**
 * Opening the SQLite database: durable settings, a startup integrity check, and
 * numbered migrations tracked in PRAGMA user_version, all pending ones applied
 * in one transaction.
 */
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import { ServiceError } from './errors';

export type DB = Database.Database;

export function openDatabase(file: string, migrations: readonly string[] = MIGRATIONS): DB {
  const db = new Database(file);
  try {
    // WAL + FULL: an acknowledged order survives a crash or power loss.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      throw new ServiceError('STORAGE', `The order history failed its integrity check (${String(check)}).`);
    }
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function migrate(db: DB, migrations: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new ServiceError(
      'STORAGE',
      `The order history was written by a newer version of the console (schema ${current}, this one knows ${migrations.length}). Update the console.`,
    );
  }
  if (current === migrations.length) return;
  db.transaction(() => {
    for (let v = current; v < migrations.length; v++) db.exec(migrations[v]!);
    db.pragma(`user_version = ${migrations.length}`);
  })();
}
