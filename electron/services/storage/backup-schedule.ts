/**
 * Backups as staff see them: the daily backup (checked hourly, first a little
 * after start), one made on demand, and a restore chosen for the next start after
 * main showed what it would undo and the operator confirmed it in main's own dialog.
 * One backup runs at a time, so the daily one and one asked for never overlap.
 */
import type { AuditEntry } from '../accounts/audit';
import { basename } from 'node:path';
import type { BackupsView, RestorePreview } from '@shared/history';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import { createBackups } from './backup';
import type { BackupSeal } from './backup-seal';
import type { DB } from './db';
import { BackupRefused, checkBackup, pendingRestore, requestRestore } from './restore';
import { previewRestore } from './restore-preview';
import { toStorageError } from './storage-error';

const FIRST_CHECK_MS = 2 * 60_000;

export function createBackupSchedule(deps: {
  db: DB;
  dataDir: string;
  dir: string;
  keep: number;
  keepManual: number;
  now: () => number;
  seal: BackupSeal;
  /** How often the daily backup is checked; 0 turns the check off. */
  everyMs: number;
  log: Logger;
  /** Records the action in the audit log (or the log, when the history is read-only). */
  note: (entry: AuditEntry) => void;
  operator: () => string;
  /** Main's native confirmation; without it no restore can be chosen. */
  confirmRestore?: (summary: RestorePreview) => Promise<boolean>;
}) {
  const { log } = deps;
  const backups = createBackups({ db: deps.db, dir: deps.dir, keep: deps.keep, keepManual: deps.keepManual, now: deps.now, seal: deps.seal });
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
    items: backups.list().map((b) => ({ name: b.name, kind: b.kind, createdAt: new Date(b.createdAt).toISOString(), bytes: b.bytes })),
    pendingRestore: pendingRestore(deps.dataDir),
    keep: deps.keep,
    keepManual: deps.keepManual,
  });

  const refused = (error: unknown): never => {
    if (error instanceof BackupRefused) {
      throw new ServiceError(error.missing ? 'NOT_FOUND' : 'CONFLICT', error.message, { _: { key: 'validation.backup.unusable' } });
    }
    throw toStorageError(error) ?? error;
  };

  function preview(name: string): RestorePreview {
    try {
      const { file, record } = checkBackup(deps.dir, name, deps.seal);
      return previewRestore(deps.db, file, { name, createdAt: record.createdAt });
    } catch (error) {
      return refused(error);
    }
  }

  return {
    list,
    backups,
    async create(): Promise<BackupsView> {
      try {
        await once(() => backups.backupNow('manual'));
      } catch (error) {
        log.error('backup.failed', { error });
        const storage = toStorageError(error);
        throw new ServiceError('STORAGE', storage ? `The backup could not be made. ${storage.message}` : 'The backup could not be made.', {
          _: { key: 'validation.backup.failed' },
        });
      }
      deps.note({ action: 'backup.create', details: {} });
      return list();
    },
    restorePreview({ name }: { name: string }): RestorePreview {
      return preview(name);
    },
    async restore({ name }: { name: string | null }): Promise<BackupsView> {
      if (name !== null) {
        const summary = preview(name);
        // The operator answers in main's own dialog: a renderer cannot confirm for them.
        const yes = deps.confirmRestore ? await deps.confirmRestore(summary).catch(() => false) : false;
        if (!yes) throw new ServiceError('CONFLICT', 'The restore was not confirmed.', { _: { key: 'validation.backup.notConfirmed' } });
      }
      try {
        requestRestore({ dataDir: deps.dataDir, backupDir: deps.dir, seal: deps.seal, name, operator: deps.operator() });
      } catch (error) {
        refused(error);
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
