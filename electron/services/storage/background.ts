/**
 * Main's side of the history's long jobs (storage-worker.ts runs them): the integrity check
 * after an unclean shutdown, and the full-text index build of a database upgraded from before
 * version 4. Both start after the window is usable and never block main.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../platform/log';
import type { DB } from './db';
import { hasTable } from './db';
import { storageProblemOf } from './storage-error';
import type { StorageProblem } from './storage-error';
import type { StorageJob, StorageWorkerMessage } from './storage-worker';

/** Beside the built main bundle (out/main/storage-worker.js) in the app, the TypeScript source under tests and scripts. */
export function storageWorkerUrl(): URL {
  for (const name of ['storage-worker.js', 'storage-worker.ts']) {
    const url = new URL(`./${name}`, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error('The storage worker is missing from this build.');
}

export type CheckOutcome = { ok: true } | { ok: false; detail: string; cause: StorageProblem };

export interface BackgroundCheck {
  /** Resolves with the check's answer; never rejects. */
  outcome: Promise<CheckOutcome>;
  /** The console is closing: stop the check (it stays due for the next start). */
  stop(): Promise<void>;
}

/** quick_check on a read-only connection of the worker's own. */
export function checkInBackground(file: string, workerUrl: URL = storageWorkerUrl()): BackgroundCheck {
  let outcome: CheckOutcome | null = null;
  const worker = new Worker(workerUrl, { workerData: { storageJob: { kind: 'integrity-check', file } satisfies StorageJob } });
  const exited = new Promise<CheckOutcome>((resolve) => {
    worker.on('message', (message: StorageWorkerMessage) => {
      if (message.type === 'checked') {
        outcome = message.result === 'ok' ? { ok: true } : { ok: false, detail: `The order history failed its integrity check (${message.result}).`, cause: 'damaged' };
      } else if (message.type === 'failed') {
        // A check that could not read the file is no pass: a damaged page, or the disk or folder itself.
        outcome = { ok: false, detail: `The order history could not be checked (${message.message}).`, cause: storageProblemOf({ code: message.code }) ?? 'damaged' };
      }
    });
    worker.on('error', (error) => {
      outcome ??= { ok: false, detail: `The order history could not be checked (${error.message}).`, cause: 'damaged' };
    });
    worker.on('exit', () => resolve(outcome ?? { ok: false, detail: 'The order history check stopped.', cause: 'damaged' }));
  });
  return {
    outcome: exited,
    async stop() {
      await worker.terminate();
    },
  };
}

export interface IndexProgress {
  /** Share of the orders indexed so far, 0–99 while building. */
  percent: number;
}

/** How far the full-text build is, read from its cursor; null when the index is complete. */
export function indexProgress(db: DB): IndexProgress | null {
  if (!hasTable(db, 'fts_backfill')) return null;
  const row = db.prepare('SELECT next_rowid AS next, total FROM fts_backfill WHERE one = 1').get() as { next: number; total: number } | undefined;
  return row ? { percent: percentOf(row) } : null;
}
const percentOf = (state: { next: number; total: number }) =>
  Math.min(99, Math.max(0, Math.floor(((state.total - state.next) / Math.max(1, state.total)) * 100)));

export interface IndexBuild {
  /** Resolves when the build ended: complete, stopped or failed (logged). */
  done: Promise<void>;
  /** Stop after the current chunk (the console is closing); the next start resumes. */
  stop(): Promise<void>;
}

/** Build the rest of the full-text index in the worker, reporting progress as it goes. */
export function buildIndexInBackground(deps: {
  file: string;
  log: Logger;
  onProgress: (progress: IndexProgress | null) => void;
  chunkRows?: number;
  workerUrl?: URL;
}): IndexBuild {
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(deps.workerUrl ?? storageWorkerUrl(), {
    workerData: { storageJob: { kind: 'fts-backfill', file: deps.file, chunkRows: deps.chunkRows, stop: stopFlag.buffer } satisfies StorageJob },
  });
  const done = new Promise<void>((resolve) => {
    worker.on('message', (message: StorageWorkerMessage) => {
      if (message.type === 'progress') deps.onProgress({ percent: percentOf(message) });
      else if (message.type === 'indexed') deps.onProgress(null);
      else if (message.type === 'failed') deps.log.error('history.index_build_failed', { error: message.message });
    });
    worker.on('error', (error) => deps.log.error('history.index_build_failed', { error }));
    worker.on('exit', () => resolve());
  });
  return {
    done,
    async stop() {
      Atomics.store(stopFlag, 0, 1);
      await done;
    },
  };
}
