/**
 * Opening the history at start: a restore chosen in the last session is done first, while the
 * database is still closed; a database that fails its check, or failed it before and has not
 * passed since, opens read-only (history stays browsable, nothing is written), and the UI is told why.
 */
import { mkdirSync } from 'node:fs';
import type { StorageState } from '@shared/history';
import { join } from 'node:path';
import type { SecretStore } from '../accounts/secrets';
import type { Logger } from '../platform/log';
import { createBackupSeal } from './backup-seal';
import { openHistory } from './db';
import { applyPendingRestore } from './restore';

export function openStorage(deps: { dataDir: string; backupDir?: string; secrets: SecretStore; now: number; log: Logger }) {
  const { dataDir, log } = deps;
  mkdirSync(dataDir, { recursive: true });
  const databaseFile = join(dataDir, 'console.sqlite3');
  const backupDir = deps.backupDir ?? join(dataDir, 'backups');
  // Backups are sealed with a secret only this installation holds (kept through the secret store).
  const seal = createBackupSeal(dataDir, deps.secrets);
  const restore = applyPendingRestore({ dataDir, databaseFile, backupDir, seal, now: deps.now });
  if (restore.problem) log.error('backup.restore_failed', { problem: restore.problem });
  // The integrity check after a crash runs in a worker once the window is usable (background.ts).
  // A check that failed before (damaged.ts) opens it read-only here, before anything writes.
  const { db, readOnly, problem, cause, checkDue, damaged } = openHistory(databaseFile, { deferCheck: true });
  if (readOnly) log.error('history.read_only', { problem, damagedSince: damaged?.at ?? null });
  // One object for the whole session: app.info hands it out as it stands (a check or an index build may change it).
  const storage: StorageState = {
    readOnly,
    problem: [restore.problem, problem].filter(Boolean).join(' ') || null,
    restoredFrom: restore.restoredFrom,
    cause,
    checking: checkDue,
    indexing: null,
    damagedSince: damaged ? damaged.at || null : null,
    writableAtRestart: false,
  };
  return { db, readOnly, storage, databaseFile, backupDir, seal, checkDue, damaged: damaged !== null };
}
