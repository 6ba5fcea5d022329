/**
 * History assembled: search, CSV export, backups (scheduled, sealed, restorable), the sync from
 * MultiSafepay's transactions and retention of the copies; returns its slice of the handler table.
 */
import { join } from 'node:path';
import type { ActiveProfile, Profile } from '../accounts/active-profile';
import type { AuditLog } from '../accounts/audit';
import { auditOrLog } from '../accounts/audit-log';
import type { MspClient } from '../msp/client';
import type { ServicesOptions } from '../options';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/log';
import { createBackupSchedule } from '../storage/backup-schedule';
import type { BackupSeal } from '../storage/backup-seal';
import type { DB } from '../storage/db';
import { createFileRetention } from '../storage/retention-files';
import { historyChannels } from './channels';
import { createExports } from './export';
import { createHistoryService } from './history-service';
import { createSync } from './sync';
import { createSyncStore } from './sync-store';

export function createHistory(deps: {
  db: DB;
  databaseFile: string;
  backupDir: string;
  seal: BackupSeal;
  readOnly: boolean;
  options: ServicesOptions;
  active: ActiveProfile;
  clientFor: (profile: Profile) => MspClient;
  audit: AuditLog;
  operator: () => string;
  clock: Clock;
  log: Logger;
}) {
  const { db, options, audit, clock, log, readOnly } = deps;
  const note = auditOrLog(audit, readOnly, log);
  const exportsDir = options.exportsDir ?? join(options.dataDir, 'exports');
  const exports = createExports({ dbFile: deps.databaseFile, dir: exportsDir, clock, log });
  const backups = createBackupSchedule({
    db,
    dataDir: options.dataDir,
    dir: deps.backupDir,
    keep: options.backupKeep ?? 7,
    keepManual: options.backupKeepManual ?? 5,
    now: clock.now,
    seal: deps.seal,
    operator: deps.operator,
    confirmRestore: options.dialogs?.confirmRestore,
    everyMs: options.backupCheckEveryMs ?? 60 * 60_000,
    log,
    note,
  });
  // sync: GET /transactions into the history, per profile (its own key), resumable.
  const sync = createSync({
    store: createSyncStore(db),
    active: deps.active,
    clientFor: deps.clientFor,
    audit,
    clock,
    log,
    pageSize: options.syncPageSize,
    checkEveryMs: readOnly ? 0 : options.syncCheckEveryMs,
  });
  // Retention reaches the copies too: backups are masked, old exports and set-aside files deleted.
  const fileRetention = createFileRetention({ backups: backups.backups, exportsDir, dataDir: options.dataDir, now: clock.now });

  const channels = historyChannels({
    history: createHistoryService({ db, audit }),
    exports,
    backups,
    readOnly,
    note,
    append: (entry) => audit.append(entry),
    chooseExportPath: options.dialogs?.chooseExportPath,
    sync,
  });
  return {
    channels,
    fileRetention,
    idle: () => sync.idle(),
    async dispose() {
      await sync.dispose();
      await exports.dispose();
      await backups.dispose();
    },
  };
}
