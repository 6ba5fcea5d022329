/**
 * Backups as staff see them: the daily backup (checked hourly, first a little
 * after start), one made on demand, and a restore chosen for the next start. One
 * backup runs at a time, so the daily one and one asked for never overlap.
 */
import type { AuditEntry } from '../accounts/audit';
import { basename } from 'node:path';
import type { BackupsView } from '@shared/history';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import { createBackups, pendingRestore, requestRestore } from './backup';
import type { DB } from './db';

const FIRST_CHECK_MS = 2 * 60_000;

export function createBackupSchedule(deps: {
  db: DB;
  dataDir: string;
  dir: string;
  keep: number;
  now: () => number;
  /** How often the daily backup is checked; 0 turns the check off. */
  everyMs: number;
  log: Logger;
  /** Records the action in the audit log (or the log, when the history is read-only). */
  note: (entry: AuditEntry) => void;
}) {
  const { log } = deps;
  const backups = createBackups({ db: deps.db, dir: deps.dir, keep: deps.keep, now: deps.now });
  let running: Promise<unknown> = Promise.resolve();
  const once = <T>(run: () => Promise<T>): Promise<T> => {
    const next = running.then(run, run);
    running = next.catch(() => undefined);
    return next;
  };
  const timers: ReturnType<typeof setTimeout>[] = [];
  if (deps.everyMs > 0) {
    const check = () =>
      void once(() => backups.backupIfDue()).then(
        (made) => made && log.info('backup.daily', { file: basename(made.file), bytes: made.bytes }),
        (error: unknown) => log.error('backup.failed', { error }),
      );
    const first = setTimeout(check, Math.min(deps.everyMs, FIRST_CHECK_MS));
    const later = setInterval(check, deps.everyMs);
    first.unref();
    later.unref();
    timers.push(first, later);
  }

  const list = (): BackupsView => ({
    dir: deps.dir,
    items: backups.list().map((b) => ({ name: basename(b.file), createdAt: new Date(b.createdAt).toISOString(), bytes: b.bytes })),
    pendingRestore: pendingRestore(deps.dataDir),
    keep: deps.keep,
  });

  return {
    list,
    async create(): Promise<BackupsView> {
      try {
        await once(() => backups.backupNow());
      } catch (error) {
        log.error('backup.failed', { error });
        throw new ServiceError('STORAGE', 'The backup could not be made.', { _: { key: 'validation.backup.failed' } });
      }
      deps.note({ action: 'backup.create', details: {} });
      return list();
    },
    restore({ name }: { name: string | null }): BackupsView {
      try {
        requestRestore(deps.dataDir, deps.dir, name);
      } catch (error) {
        throw new ServiceError('NOT_FOUND', error instanceof Error ? error.message : String(error), {
          _: { key: 'validation.backup.unusable' },
        });
      }
      deps.note({ action: name ? 'backup.restore_requested' : 'backup.restore_withdrawn', details: { name } });
      return list();
    },
    /** Stops the timers and waits for a backup under way. */
    async dispose(): Promise<void> {
      for (const timer of timers) clearTimeout(timer);
      await running;
    },
  };
}
export type BackupSchedule = ReturnType<typeof createBackupSchedule>;
