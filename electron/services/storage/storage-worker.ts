/**
 * The integrity check after an unclean shutdown, PRAGMA quick_check (9–19 s at a million
 * orders), in a worker thread so main keeps answering: on its own read-only connection (WAL:
 * one consistent snapshot while main writes), so it never takes the write lock.
 *
 * Self-contained on purpose (node: and better-sqlite3 only, erasable TypeScript only): under
 * tests and scripts Node runs this very file with its type stripping; the built app runs it as
 * out/main/storage-worker.js (its own build entry), like the export worker.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export type StorageJob = { kind: 'integrity-check'; file: string };

export type StorageWorkerMessage = { type: 'checked'; result: string } | { type: 'failed'; message: string; code: string | null };

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

const job = workerData as { storageJob?: StorageJob } | null;
if (!isMainThread && parentPort && job?.storageJob) {
  const port = parentPort;
  const task = job.storageJob;
  try {
    port.postMessage({ type: 'checked', result: quickCheck(task.file) } satisfies StorageWorkerMessage);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : null;
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error), code } satisfies StorageWorkerMessage);
  }
}
