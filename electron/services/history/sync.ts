/**
 * History sync: GET /transactions (cursor pagination, newest first) into the local history,
 * per site profile with that profile's key and base URL. Runs in main between IPC calls:
 * one page at a time, each stored in one transaction with the next cursor, yielding to the
 * event loop (setImmediate) between pages, so the UI keeps its answers. The renderer polls
 * `sync.status` and may `sync.cancel`.
 *
 * A run has a fixed window [from, until) in whole seconds: `until` is when it started, `from`
 * the chosen date on the first run and the previous run's `until` after that (incremental,
 * nothing skipped: created_from is inclusive, created_until exclusive). A run that stops
 * (fault, cancel, crash) keeps its window and cursor and resumes there. Stop when a page is
 * empty or has no `after` cursor, never because a page held fewer than `limit` items.
 */
import { fromMspTime } from '@shared/msp-time';
import type { SyncSchedule, SyncStartInput, SyncStatus } from '@shared/sync';
import type { z } from '@shared/zod';
import type { ActiveProfile, Profile } from '../accounts/active-profile';
import type { AuditLog } from '../accounts/audit';
import type { MspClient } from '../msp/client';
import { idText, parseLossless } from '../msp/json';
import type { Clock } from '../platform/clock';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import type { ProfileRef, SyncedTransaction, SyncStore } from './sync-store';

const PERIOD_MS: Record<Exclude<SyncSchedule, 'off'>, number> = { hourly: 60 * 60_000, daily: 24 * 60 * 60_000 };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const sec = (ms: number) => Math.floor(ms / 1000);

interface Job {
  phase: SyncStatus['phase'];
  cancel: boolean;
  problem: string | null;
  done: Promise<void>;
}

type Page = { ok: true; items: SyncedTransaction[]; after: string | null } | { ok: false; problem: string };

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
const int = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);

/** One transaction from the API as stored: ids exact (lossless), amounts integer minor units. */
export function readTransaction(raw: unknown): SyncedTransaction | null {
  if (!raw || typeof raw !== 'object') return null;
  const t = raw as Record<string, unknown>;
  const transactionId = idText(t.transaction_id);
  if (transactionId === null) return null;
  const customer = t.customer && typeof t.customer === 'object' ? (t.customer as Record<string, unknown>) : {};
  const name = [str(customer.first_name), str(customer.last_name)].filter(Boolean).join(' ');
  return {
    transactionId,
    orderId: idText(t.order_id),
    type: str(t.type),
    amount: int(t.amount),
    currency: str(t.currency),
    status: str(t.status),
    financialStatus: str(t.financial_status),
    paymentMethod: str(t.payment_method),
    createdAt: fromMspTime(t.created),
    completedAt: fromMspTime(t.completed),
    description: str(t.description),
    customerName: name || null,
    customerEmail: str(customer.email),
  };
}

/** A page of GET /transactions, or why it could not be read (then nothing of it is stored). */
function readPage(call: Awaited<ReturnType<MspClient['call']>>): Page {
  if (call.transport !== 'answered') return { ok: false, problem: `No answer from MultiSafepay (${call.reason}).` };
  if (call.httpStatus === 429) return { ok: false, problem: 'MultiSafepay asked to slow down (429).' };
  let body: unknown;
  try {
    body = parseLossless(call.responseBody ?? '');
  } catch {
    return { ok: false, problem: `MultiSafepay returned an unreadable answer (HTTP ${call.httpStatus}).` };
  }
  const envelope = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  if (call.httpStatus !== 200 || envelope.success !== true || !Array.isArray(envelope.data)) {
    const message = typeof envelope.message === 'string' ? envelope.message : typeof envelope.error_info === 'string' ? envelope.error_info : '';
    return { ok: false, problem: `MultiSafepay refused the listing (HTTP ${call.httpStatus}${message ? `: ${message.slice(0, 100)}` : ''}).` };
  }
  const items: SyncedTransaction[] = [];
  for (const raw of envelope.data) {
    const t = readTransaction(raw);
    // One unreadable item makes the page unreadable: storing the rest would leave a gap behind the cursor.
    if (!t) return { ok: false, problem: 'A transaction in the listing has no readable transaction_id.' };
    items.push(t);
  }
  const pager = envelope.pager && typeof envelope.pager === 'object' ? (envelope.pager as Record<string, unknown>) : {};
  const cursor = pager.cursor && typeof pager.cursor === 'object' ? (pager.cursor as Record<string, unknown>) : {};
  return { ok: true, items, after: str(cursor.after) };
}

export function createSync(deps: {
  store: SyncStore;
  active: ActiveProfile;
  clientFor: (profile: Profile) => MspClient;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** Items per page (1–1000). */
  pageSize?: number;
  /** How often the schedule is checked; 0: never (tests run syncs by hand). */
  checkEveryMs?: number;
}) {
  const { store, clock, log } = deps;
  const pageSize = deps.pageSize ?? 500;
  const jobs = new Map<string, Job>();
  const refOf = (p: Profile): ProfileRef => ({ environment: p.environment, profileId: p.id });
  const keyOf = (ref: ProfileRef) => `${ref.environment}|${ref.profileId}`;

  function status(ref: ProfileRef): SyncStatus {
    const row = store.get(ref);
    const job = jobs.get(keyOf(ref));
    const running = job?.phase === 'running';
    return {
      profileId: ref.profileId,
      phase: job?.phase ?? 'idle',
      imported: row.imported,
      pages: row.pages,
      elsewhere: row.elsewhere,
      windowFrom: row.running || running ? iso(row.run_from) : null,
      windowUntil: row.running || running ? iso(row.run_until) : null,
      resumable: row.running === 1 && !running,
      syncedUntil: iso(row.synced_until),
      lastSyncedAt: iso(row.last_synced_at),
      schedule: row.schedule,
      problem: job?.problem ?? null,
    };
  }

  async function run(profile: Profile, ref: ProfileRef, job: Job): Promise<void> {
    const client = deps.clientFor(profile);
    for (;;) {
      if (job.cancel) {
        job.phase = 'cancelled';
        break;
      }
      const row = store.get(ref);
      const query = new URLSearchParams({ created_from: String(sec(row.run_from!)), created_until: String(sec(row.run_until!)), limit: String(pageSize) });
      if (row.cursor !== null) query.set('after', row.cursor);
      const call = await client.call('GET', `/transactions?${query}`);
      const page = readPage(call);
      if (!page.ok) {
        // Nothing of this page is stored; the cursor still points at it, so a resume reads it again.
        job.phase = 'failed';
        job.problem = page.problem;
        log.info('sync.page_failed', { profileId: ref.profileId, pages: row.pages, problem: page.problem });
        break;
      }
      const last = page.items.length === 0 || page.after === null;
      store.commitPage(ref, page.items, page.after, last, clock.now());
      if (last) {
        job.phase = 'done';
        break;
      }
      // Let IPC and everything else run between pages.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const after = store.get(ref);
    deps.audit.record({ action: 'history.sync', profile: { id: ref.profileId, environment: ref.environment }, details: { phase: job.phase, imported: after.imported, pages: after.pages, elsewhere: after.elsewhere } });
  }

  function start(profile: Profile, from: string | undefined): SyncStatus {
    const ref = refOf(profile);
    const existing = jobs.get(keyOf(ref));
    if (existing?.phase === 'running') return status(ref);
    const row = store.get(ref);
    if (row.running === 0) {
      const since = row.synced_until ?? (from === undefined ? null : fromMspTime(`${from}T00:00:00`));
      if (since === null) {
        throw new ServiceError('VALIDATION', 'Choose the date the first sync starts from.', { from: { key: 'sync.fromRequired' } });
      }
      const until = sec(clock.now()) * 1000;
      if (since > until) throw new ServiceError('VALIDATION', 'The start date is in the future.', { from: { key: 'sync.fromFuture' } });
      store.begin(ref, since, until);
    }
    const job: Job = { phase: 'running', cancel: false, problem: null, done: Promise.resolve() };
    jobs.set(keyOf(ref), job);
    job.done = run(profile, ref, job).catch((error: unknown) => {
      job.phase = 'failed';
      job.problem = 'The sync stopped on an internal error; it resumes where it stopped.';
      log.error('sync.failed', { error });
    });
    return status(ref);
  }

  // The schedule: each profile with a schedule syncs with its own key when its period has passed.
  const timer =
    (deps.checkEveryMs ?? 60_000) > 0
      ? setInterval(() => {
          for (const row of store.scheduled()) {
            if (row.schedule === 'off' || jobs.get(keyOf({ environment: row.environment, profileId: row.profile_id }))?.phase === 'running') continue;
            if (row.last_synced_at === null && row.synced_until === null && row.running === 0) continue;
            if (row.running === 0 && clock.now() - (row.last_synced_at ?? 0) < PERIOD_MS[row.schedule]) continue;
            try {
              const profile = deps.active.owner({ environment: row.environment, profileId: row.profile_id });
              start(profile, undefined);
            } catch (error) {
              log.info('sync.schedule_skipped', { profileId: row.profile_id, error });
            }
          }
        }, deps.checkEveryMs ?? 60_000)
      : null;
  timer?.unref?.();

  return {
    start: (input: z.output<typeof SyncStartInput>) => start(deps.active.get(), input.from),
    status: () => status(refOf(deps.active.get())),
    cancel(): SyncStatus {
      const ref = refOf(deps.active.get());
      const job = jobs.get(keyOf(ref));
      if (job?.phase === 'running') job.cancel = true;
      return status(ref);
    },
    setSchedule(input: { schedule: SyncSchedule }): SyncStatus {
      const ref = refOf(deps.active.get());
      store.setSchedule(ref, input.schedule);
      deps.audit.record({ action: 'history.syncSchedule', details: { schedule: input.schedule } });
      return status(ref);
    },
    /** Resolves when no sync is running (tests, and dispose). */
    async idle(): Promise<void> {
      await Promise.all([...jobs.values()].map((j) => j.done));
    },
    async dispose(): Promise<void> {
      if (timer) clearInterval(timer);
      for (const job of jobs.values()) job.cancel = true;
      await Promise.all([...jobs.values()].map((j) => j.done));
    },
  };
}
export type Sync = ReturnType<typeof createSync>;
