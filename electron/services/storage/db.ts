/**
 * Opening the SQLite database: durable settings, an integrity check after an unclean
 * shutdown, and numbered migrations tracked in PRAGMA user_version, all pending ones
 * applied in one transaction.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index';
import type { Migration } from './migrations/index';
import { ServiceError } from '../platform/errors';
import { clearDamage, readDamage, recordDamage } from './damaged';
import type { DamageRecord } from './damaged';
import { storageMessage, storageProblemOf } from './storage-error';
import type { StorageProblem } from './storage-error';

export type DB = Database.Database;

/** True when the database has this table (a read-only, older or backed-up file may lack some). */
export const hasTable = (db: DB, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;

/** A database from a newer version of the console: refused, never opened read-only or rewritten. */
export class NewerDatabaseError extends ServiceError {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super('STORAGE', `The order history was written by a newer version of the console (schema ${found}, this one knows ${known}). Update the console.`);
    this.name = 'NewerDatabaseError';
  }
}

/**
 * True when the last session did not close cleanly (its open marker is still there) or there is
 * no clean marker (a file from before this rule): the integrity check is due.
 */
export function integrityCheckDue(file: string): boolean {
  // A file that does not exist yet is made now: nothing in it to check.
  return existsSync(file) && (existsSync(openMarker(file)) || !existsSync(cleanMarker(file)));
}

/** Databases whose due integrity check has not passed yet: their close writes no clean marker. */
const unverified = new WeakSet<DB>();

/** The deferred check passed: a clean close may now let the next start skip it. */
export function markVerified(db: DB): void {
  unverified.delete(db);
}

/**
 * `deferCheck`: open without the integrity check even when it is due; the caller runs it
 * off the critical path (storage/background.ts) and calls markVerified when it passes.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS, options: { deferCheck?: boolean } = {}): DB {
  const due = integrityCheckDue(file);
  const db = new Database(file);
  try {
    // WAL + FULL: an acknowledged order survives a crash or power loss.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Freed pages are zeroed from the first write on: masked or deleted personal data leaves no bytes behind.
    db.pragma('secure_delete = ON');
    // quick_check reads every page: 9–19 s at a million orders. It runs only when the last
    // session did not close cleanly (integrityCheckDue); a clean close (closeDatabase) writes
    // the marker that skips it. Deferred, it runs in a worker after start instead.
    const marker = openMarker(file);
    if (due && options.deferCheck) unverified.add(db);
    else if (due) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') {
        const detail = `The order history failed its integrity check (${String(check)}).`;
        // Remembered, so the next start opens read-only before it writes (damaged.ts).
        tryFs(() => recordDamage(file, detail, Date.now()));
        throw new ServiceError('STORAGE', detail);
      }
    }
    migrate(db, migrations);
    analyzeOrders(db);
    // Best effort: a marker that cannot be written (full disk) only means the next start checks.
    // The clean marker goes first: a session that crashes must never leave one behind.
    tryFs(() => {
      rmSync(cleanMarker(file), { force: true });
      writeFileSync(marker, `${process.pid}\n`);
    });
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Present while the database is open; left behind by a crash, a kill or a power loss. */
const openMarker = (file: string) => `${file}.open`;
/** Written by a clean close: the next start may skip the integrity check. */
const cleanMarker = (file: string) => `${file}.clean`;

/**
 * Close a database opened with openDatabase and record the clean shutdown, so the next
 * start skips its integrity check. A plain db.close() (or a crash) leaves the check due.
 */
export function closeDatabase(db: DB): void {
  const file = db.name;
  db.close();
  // A check still due (deferred and unfinished, or failed) stays due for the next start.
  if (db.readonly || unverified.has(db) || !existsSync(openMarker(file))) return;
  tryFs(() => {
    writeFileSync(cleanMarker(file), `${Date.now()}\n`);
    rmSync(openMarker(file), { force: true });
  });
}

function tryFs(write: () => void): void {
  try {
    write();
  } catch {
    // Without the markers the next start runs the integrity check: the safe side.
  }
}

/**
 * Fresh statistics for the query planner, which must pick the right one of the history's
 * indexes for each view: the orders table only, each index sampled (cheap at a million
 * rows). Never FTS5's shadow tables: with statistics on them, inserts into the full-text
 * index slow down as it grows (measured: 40× after 40,000 orders), so any left by an
 * earlier `PRAGMA optimize` are dropped first.
 */
function analyzeOrders(db: DB): void {
  const has = (name: string) => hasTable(db, name);
  if (!has('orders')) return;
  for (const stat of ['sqlite_stat1', 'sqlite_stat4']) {
    if (has(stat)) db.prepare(`DELETE FROM ${stat} WHERE tbl GLOB 'orders_fts*'`).run();
  }
  if (!statsStale(db)) return;
  db.pragma('analysis_limit = 400');
  db.exec('ANALYZE orders');
}

/**
 * Whether the planner's statistics no longer describe the orders table: none yet, or its size
 * moved by more than a tenth since they were taken. Sampling still costs ~200 ms at a million
 * rows, too much for every start; statistics 10 % off pick the same indexes.
 */
function statsStale(db: DB): boolean {
  if (!hasTable(db, 'sqlite_stat1')) return true;
  const stat = db.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'orders' LIMIT 1").get() as { stat: string } | undefined;
  if (!stat) return true;
  const counted = Number.parseInt(stat.stat, 10);
  // Row ids only grow (nothing deletes orders), so the largest is the table's size.
  const rows = (db.prepare('SELECT max(id) AS n FROM orders').get() as { n: number | null }).n ?? 0;
  return !Number.isFinite(counted) || Math.abs(rows - counted) > Math.max(1_000, counted / 10);
}

/** Apply every migration newer than the database's user_version, all in one transaction. */
export function migrate(db: DB, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) throw new NewerDatabaseError(current, latest);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const migration of pending) migration.up(db);
    db.pragma(`user_version = ${latest}`);
  })();
}

export interface OpenedHistory {
  db: DB;
  /** True when the database failed its check: it is open read-only so history stays browsable. */
  readOnly: boolean;
  /** What went wrong and how to recover, for the UI; null when all is well. */
  problem: string | null;
  /** The kind of trouble when read-only (null: all is well; 'damaged' also for a failed check). */
  cause: StorageProblem | null;
  /** The integrity check is due and was deferred (`deferCheck`): the caller runs it. */
  checkDue: boolean;
  /**
   * An earlier check failed and has not passed since (damaged.ts): the history is open read-only
   * and nothing was written. The caller clears it when its check passes.
   */
  damaged: DamageRecord | null;
}

export const RESTORE_HINT =
  'History is open read-only. Restore the latest backup (History → Backups) to create orders again; the damaged file is kept aside.';

/**
 * Open the history for the app: a database that fails its startup check is opened
 * read-only instead of refusing to start, so staff can still look things up.
 */
export function openHistory(file: string, options: { deferCheck?: boolean } = {}): OpenedHistory {
  const damaged = rememberedDamage(file, options);
  if (damaged) {
    // Read-only before anything else: no migration, no ANALYZE, no open marker, no checkpoint on close.
    const db = openReadOnly(file, null);
    return { db, readOnly: true, problem: `${damaged.detail} ${RESTORE_HINT}`, cause: 'damaged', checkDue: Boolean(options.deferCheck), damaged };
  }
  try {
    const checkDue = Boolean(options.deferCheck) && integrityCheckDue(file);
    return { db: openDatabase(file, MIGRATIONS, options), readOnly: false, problem: null, cause: null, checkDue, damaged: null };
  } catch (error) {
    if (error instanceof NewerDatabaseError) throw error;
    // Only a damaged file calls for a backup; a full disk, a read-only folder or a lock held by
    // another process is said as such (restoring would not help and could lose the newest orders).
    const problem = storageProblemOf(error);
    const hint = problem && problem !== 'damaged' ? `History is open read-only. ${storageMessage(problem)}` : RESTORE_HINT;
    const db = openReadOnly(file, problem);
    return { db, readOnly: true, problem: `${error instanceof Error ? error.message : String(error)} ${hint}`, cause: problem ?? 'damaged', checkDue: false, damaged: null };
  }
}

/**
 * The failure an earlier check left (damaged.ts), if it still stands. Deferred, the caller's
 * worker checks again; otherwise the check runs here, and a pass forgets it before the open.
 */
function rememberedDamage(file: string, options: { deferCheck?: boolean }): DamageRecord | null {
  if (!existsSync(file)) {
    // The damaged file was removed: a new history starts, with nothing to distrust.
    tryFs(() => clearDamage(file));
    return null;
  }
  const damaged = readDamage(file);
  if (!damaged || options.deferCheck) return damaged;
  try {
    // On a read-only connection of its own: nothing may be written before it passes.
    const probe = new Database(file, { readonly: true, fileMustExist: true });
    try {
      if (probe.pragma('quick_check', { simple: true }) !== 'ok') return damaged;
    } finally {
      probe.close();
    }
  } catch {
    return damaged; // a check that cannot run is no pass
  }
  tryFs(() => clearDamage(file));
  return null;
}

/** The history for browsing only; throws in words when even that is not possible. */
function openReadOnly(file: string, problem: StorageProblem | null): DB {
  let db: DB | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('user_version', { simple: true }); // fails here if it is not a database at all
    return db;
  } catch (second) {
    db?.close();
    const again = storageProblemOf(second) ?? problem;
    if (again && again !== 'damaged') throw new ServiceError('STORAGE', `The order history cannot be opened (${file}). ${storageMessage(again)}`);
    throw new ServiceError('STORAGE', `The order history cannot be opened (${file}). Restore a backup from the backups folder beside it.`);
  }
}
