/**
 * Export jobs: each one runs in a worker thread (export-worker.ts) with its own
 * read-only connection, so main keeps answering every other call while a large
 * history is written. IPC is request/response only, so the renderer polls
 * `history.exportStatus` for progress and may cancel with `history.exportCancel`.
 * One export at a time; finished jobs are remembered for a while for their status.
 * The file is the one the operator chose in main's save dialog; `dir` serves only callers
 * without one (tests, scripts).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CURRENCIES, currencyExponent } from '@shared/money';
import type { ExportJob } from '@shared/history';
import type { Clock } from '../platform/clock';
import { ServiceError } from '../platform/errors';
import type { ExportMessage, ExportTask } from './export-worker';
import { EXPORT_COLUMNS } from './query';
import type { Logger } from '../platform/log';

/** Finished jobs kept for `exportStatus`. */
const KEEP_FINISHED = 20;

/**
 * The worker's module: beside the built main bundle (out/main/export-worker.js) in the
 * app, or the TypeScript source itself under tests and scripts (Node strips its types).
 */
export function exportWorkerUrl(): URL {
  for (const name of ['export-worker.js', 'export-worker.ts']) {
    const url = new URL(`./${name}`, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error('The export worker is missing from this build.');
}

function stamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

interface Job {
  view: ExportJob;
  cancel: Int32Array;
  worker: Worker | null;
  exited: Promise<void>;
}

const refusePath = (reason: string) =>
  new ServiceError('VALIDATION', `The export file cannot be used: ${reason}.`, { _: { key: 'validation.history.exportPath' } });

/**
 * The save dialog's answer, checked before anything is written: an absolute path to a `.csv`
 * file in a folder that exists (the dialog lives in main, but its answer is still input).
 */
export function checkExportPath(path: string): string {
  if (path.length > 4096 || /[\u0000-\u001f\u007f]/.test(path)) throw refusePath('not a usable file name');
  if (!isAbsolute(path)) throw refusePath('not an absolute path');
  const file = normalize(path);
  if (extname(file).toLowerCase() !== '.csv' || basename(file).length <= '.csv'.length) throw refusePath('not a .csv file');
  const folder = statSync(dirname(file), { throwIfNoEntry: false });
  if (!folder?.isDirectory()) throw refusePath('its folder does not exist');
  const existing = statSync(file, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) throw refusePath('it is not a file');
  return file;
}

export function createExports(deps: { dbFile: string; dir: string; clock: Clock; log: Logger; workerUrl?: URL }) {
  const { clock, log } = deps;
  const jobs = new Map<string, Job>();
  const exponents = Object.fromEntries(CURRENCIES.map((c) => [c, currencyExponent(c)]));

  // Files a stopped console left half-written are of no use to anyone.
  if (existsSync(deps.dir)) {
    for (const name of readdirSync(deps.dir)) if (name.endsWith('.csv.partial')) rmSync(join(deps.dir, name), { force: true });
  }

  function freeFile(): string {
    mkdirSync(deps.dir, { recursive: true });
    const base = `history-${stamp(clock.now())}`;
    for (let n = 1; ; n++) {
      const file = join(deps.dir, n === 1 ? `${base}.csv` : `${base}-${n}.csv`);
      if (!existsSync(file) && !existsSync(`${file}.partial`)) return file;
    }
  }

  function finish(job: Job, state: ExportJob['state'], error: string | null = null): void {
    if (job.view.state !== 'running') return;
    job.view = { ...job.view, state, error, finishedAt: new Date(clock.now()).toISOString() };
    log.info('history.export', { state, written: job.view.written, total: job.view.total });
    const finished = [...jobs.values()].filter((j) => j.view.state !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(old.view.jobId);
  }

  function get(jobId: string): Job {
    const job = jobs.get(jobId);
    if (!job) throw new ServiceError('NOT_FOUND', 'No such export.');
    return job;
  }

  return {
    /** Refuses when an export is running (one at a time). */
    assertIdle(): void {
      if ([...jobs.values()].some((j) => j.view.state === 'running')) {
        throw new ServiceError('CONFLICT', 'An export is already running.', { _: { key: 'validation.history.exportRunning' } });
      }
    },

    /** The file name offered in the save dialog. */
    suggestedName(): string {
      return `history-${stamp(clock.now())}.csv`;
    },

    /** `file`: the path the operator chose (checked with `checkExportPath`); default a free name in `dir`. */
    start(
      plan: { sql: string; params: Record<string, string | number> },
      options: { includeIbans: boolean; delimiter: ',' | ';'; file?: string },
    ): ExportJob {
      this.assertIdle();
      const jobId = randomUUID();
      const file = options.file ?? freeFile();
      const cancel = new SharedArrayBuffer(4);
      const task: ExportTask = {
        dbFile: deps.dbFile,
        sql: plan.sql,
        params: plan.params,
        columns: EXPORT_COLUMNS,
        file,
        includeIbans: options.includeIbans,
        delimiter: options.delimiter,
        exponents,
        cancel,
      };
      const view: ExportJob = {
        jobId,
        state: 'running',
        written: 0,
        total: null,
        file,
        includeIbans: options.includeIbans,
        startedAt: new Date(clock.now()).toISOString(),
        finishedAt: null,
        error: null,
      };
      const worker = new Worker(deps.workerUrl ?? exportWorkerUrl(), { workerData: { kind: 'history-export', task } });
      const job: Job = {
        view,
        cancel: new Int32Array(cancel),
        worker,
        exited: new Promise((resolve) => worker.once('exit', () => resolve())),
      };
      jobs.set(jobId, job);
      worker.on('message', (message: ExportMessage) => {
        if (message.type === 'total') job.view = { ...job.view, total: message.total };
        else if (message.type === 'progress') job.view = { ...job.view, written: message.written };
        else if (message.type === 'failed') finish(job, 'failed', message.message);
        else {
          job.view = { ...job.view, written: message.written };
          finish(job, message.type);
        }
      });
      worker.on('error', (error) => {
        log.error('history.export_failed', { error });
        finish(job, 'failed', error.message);
      });
      worker.on('exit', () => {
        job.worker = null;
        // Stopped before it said how it ended (terminated, crashed): whatever it wrote is no file.
        if (job.view.state === 'running') {
          rmSync(`${file}.partial`, { force: true });
          finish(job, 'failed', 'The export stopped.');
        }
      });
      return view;
    },

    status(jobId: string): ExportJob {
      return get(jobId).view;
    },

    /** Ask the worker to stop after its current chunk; it removes the partial file. */
    cancel(jobId: string): ExportJob {
      const job = get(jobId);
      if (job.view.state === 'running') Atomics.store(job.cancel, 0, 1);
      return job.view;
    },

    /** Stop every running export (the console is closing). */
    async dispose(): Promise<void> {
      const running = [...jobs.values()].filter((j) => j.worker);
      for (const job of running) {
        Atomics.store(job.cancel, 0, 1);
        void job.worker?.terminate();
      }
      await Promise.all(running.map((j) => j.exited));
    },
  };
}
export type Exports = ReturnType<typeof createExports>;
