/**
 * Filling the full-text index of a history upgraded from before version 4 (its migration left a
 * cursor in `fts_backfill` instead of indexing every order in the upgrade transaction), after
 * start, newest orders first, `FTS_CHUNK_ROWS` per transaction, yielding to main between chunks.
 *
 * On main's own connection on purpose, not in a worker: a second writer would make main's
 * read-then-write transactions (settle, the tracker's) fail with SQLITE_BUSY_SNAPSHOT whenever
 * a chunk commits between their read and their write, and main's writes would wait on its lock
 * anyway. A chunk is a few milliseconds (measured in docs/benchmarks.md); search stays complete
 * meanwhile (history-service matches the rows below the cursor without the index).
 */
import type { DB } from './db';
import { hasTable } from './db';

/** Rows per transaction: 500 measured 19.5 ms p50 (71 ms p95) on a loaded 2-core VM; half that keeps a block of main near 10 ms. */
export const FTS_CHUNK_ROWS = 250;

export interface BuildState {
  /** The highest row id not indexed yet (rows at or below it are not in the index). */
  next: number;
  /** Where the build started (the highest row id at the upgrade). */
  total: number;
}

/**
 * Index the next chunk of not-yet-indexed orders (highest row ids first) and move the cursor,
 * in one write transaction; the row goes when all are in, so a kill resumes exactly at the
 * cursor. The order's text is read in the same transaction, so one changed meanwhile (its
 * trigger wrote the index already) is indexed with what it holds now. Null: the index is complete.
 */
export function backfillChunk(db: DB, chunkRows: number = FTS_CHUNK_ROWS): BuildState | null {
  return db
    .transaction((): BuildState | null => {
      const state = db.prepare('SELECT next_rowid AS next, total FROM fts_backfill WHERE one = 1').get() as BuildState | undefined;
      if (!state) return null;
      const { low } = db
        .prepare('SELECT min(id) AS low FROM (SELECT id FROM orders WHERE id <= ? ORDER BY id DESC LIMIT ?)')
        .get(state.next, chunkRows) as { low: number | null };
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
      if (!(db.prepare('SELECT EXISTS (SELECT 1 FROM orders WHERE id <= ?) AS any').get(next) as { any: number }).any) {
        db.prepare('DELETE FROM fts_backfill').run();
        return null;
      }
      db.prepare('UPDATE fts_backfill SET next_rowid = ? WHERE one = 1').run(next);
      return { next, total: state.total };
    })
    .immediate();
}

export interface IndexProgress {
  /** Share of the orders indexed so far, 0–99 while building. */
  percent: number;
}

const percentOf = (state: BuildState) => Math.min(99, Math.max(0, Math.floor(((state.total - state.next) / Math.max(1, state.total)) * 100)));

/** How far the build is, read from its cursor; null when the index is complete. */
export function indexProgress(db: DB): IndexProgress | null {
  if (!hasTable(db, 'fts_backfill')) return null;
  const state = db.prepare('SELECT next_rowid AS next, total FROM fts_backfill WHERE one = 1').get() as BuildState | undefined;
  return state ? { percent: percentOf(state) } : null;
}

export interface IndexBuild {
  /** Resolves when the build ended: complete, stopped, or failed (logged; the next start resumes). */
  done: Promise<void>;
  /** Stop after the current chunk (the console is closing). */
  stop(): Promise<void>;
}

/** Build the rest of the index a chunk at a time, letting main answer between chunks. */
export function buildIndexInBackground(deps: {
  db: DB;
  onProgress: (progress: IndexProgress | null) => void;
  onError: (error: unknown) => void;
  chunkRows?: number;
}): IndexBuild {
  let stopped = false;
  const done = new Promise<void>((resolve) => {
    const step = () => {
      if (stopped) return resolve();
      try {
        const state = backfillChunk(deps.db, deps.chunkRows);
        deps.onProgress(state && { percent: percentOf(state) });
        if (state === null) return resolve();
      } catch (error) {
        deps.onError(error);
        return resolve();
      }
      setImmediate(step);
    };
    setImmediate(step);
  });
  return {
    done,
    async stop() {
      stopped = true;
      await done;
    },
  };
}
