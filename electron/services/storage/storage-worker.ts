/**
 * The history's long jobs, in a worker thread so main keeps answering:
 * - `integrity-check`: PRAGMA quick_check after an unclean shutdown (9–19 s at a million
 *   orders), on its own read-only connection (WAL: one consistent snapshot while main writes);
 * - `fts-backfill`: filling the full-text index of a database upgraded from before version 4,
 *   newest orders first, `FTS_CHUNK_ROWS` per transaction (the cursor moves in the same
 *   transaction, so a kill resumes exactly where it stopped), while history stays usable.
 *
 * Self-contained on purpose (node: and better-sqlite3 only, erasable TypeScript only): under
 * tests and scripts Node runs this very file with its type stripping; the built app runs it as
 * out/main/storage-worker.js (its own build entry), like the export worker.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

type DB = Database.Database;

/** Rows per backfill transaction: short enough that main's writes wait at most a few tens of ms for the lock. */
export const FTS_CHUNK_ROWS = 2_000;

export type StorageJob =
  | { kind: 'integrity-check'; file: string }
  /** `stop`: Int32Array over it; main stores 1 to stop after the current chunk (a message would wait for the loop). */
  | { kind: 'fts-backfill'; file: string; chunkRows?: number; stop?: SharedArrayBuffer };

export type StorageWorkerMessage =
  | { type: 'checked'; result: string }
  | { type: 'progress'; next: number; total: number }
  | { type: 'indexed' }
  | { type: 'failed'; message: string; code: string | null };

/** 'ok', or the first problems quick_check found (it reads every page). */
export function quickCheck(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
    return rows.map((r) => r.quick_check).join('; ');
  } catch (error) {
    // A page so damaged that the check itself stops on it is a failed check, not a failed run.
    const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
    if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) return error instanceof Error ? error.message : code;
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Index the next chunk of not-yet-indexed orders (row ids ≤ `fts_backfill.next_rowid`,
 * highest first) and move the cursor, in one write transaction; the row goes when all are
 * in. The row's text is read in the same transaction, so an order changed meanwhile (its
 * trigger wrote the index already) is indexed with what it holds now. Returns the cursor
 * left, or null when the index is complete.
 */
export function backfillChunk(db: DB, chunkRows: number = FTS_CHUNK_ROWS): { next: number; total: number } | null {
  return db.transaction(() => {
    const state = db.prepare('SELECT next_rowid AS next, total FROM fts_backfill WHERE one = 1').get() as { next: number; total: number } | undefined;
    if (!state) return null;
    const low = (
      db.prepare('SELECT min(id) AS low FROM (SELECT id FROM orders WHERE id <= ? ORDER BY id DESC LIMIT ?)').get(state.next, chunkRows) as {
        low: number | null;
      }
    ).low;
    if (low !== null) {
      // The very expression version 4 used for its one-shot build (the triggers keep new rows in step).
      db.prepare(
        `INSERT OR REPLACE INTO orders_fts (rowid, order_key, order_id, transaction_ids, customer, email, description, iban_last4)
         SELECT o.id, lower(replace(replace(o.order_id, '-', ''), '_', '')), o.order_id,
                trim(coalesce((SELECT group_concat(t.transaction_id, ' ') FROM order_transactions t WHERE t.order_row = o.id), '')),
                trim(coalesce(o.customer_name, '') || ' ' || coalesce(o.account_holder_name, '')),
                o.customer_email, o.description, o.iban_last4
         FROM orders o WHERE o.id BETWEEN ? AND ?`,
      ).run(low, state.next);
    }
    const next = low === null ? 0 : low - 1;
    const below = db.prepare('SELECT EXISTS (SELECT 1 FROM orders WHERE id <= ?) AS any').get(next) as { any: number };
    if (!below.any) {
      db.prepare('DELETE FROM fts_backfill').run();
      return null;
    }
    db.prepare('UPDATE fts_backfill SET next_rowid = ? WHERE one = 1').run(next);
    return { next, total: state.total };
  }).immediate();
}

/** Fill the whole index, chunk by chunk, on a connection of its own. */
export function runBackfill(
  file: string,
  chunkRows: number,
  progress: (state: { next: number; total: number }) => void,
  stopped: () => boolean = () => false,
): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // Freed pages are zeroed, as on main's connection: masked personal data leaves no bytes behind.
    db.pragma('secure_delete = ON');
    // A lost chunk (power cut) is redone from the cursor, which moves in the same transaction.
    db.pragma('synchronous = NORMAL');
    while (!stopped()) {
      const state = backfillChunk(db, chunkRows);
      if (!state) return;
      progress(state);
    }
  } finally {
    db.close();
  }
}

const job = workerData as { storageJob?: StorageJob } | null;
if (!isMainThread && parentPort && job?.storageJob) {
  const port = parentPort;
  const task = job.storageJob;
  try {
    if (task.kind === 'integrity-check') {
      port.postMessage({ type: 'checked', result: quickCheck(task.file) } satisfies StorageWorkerMessage);
    } else {
      const stop = task.stop ? new Int32Array(task.stop) : null;
      const stopped = () => stop !== null && Atomics.load(stop, 0) === 1;
      runBackfill(task.file, task.chunkRows ?? FTS_CHUNK_ROWS, (state) => port.postMessage({ type: 'progress', ...state } satisfies StorageWorkerMessage), stopped);
      if (!stopped()) port.postMessage({ type: 'indexed' } satisfies StorageWorkerMessage);
    }
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : null;
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error), code } satisfies StorageWorkerMessage);
  }
}
