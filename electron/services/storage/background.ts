/**
 * Main's side of the integrity check after an unclean shutdown (storage-worker.ts runs it): it
 * starts once the services are up, so the window is usable before it ends.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
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
