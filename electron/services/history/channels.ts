/** History's slice of the handler table: search, facets, clone, CSV export, backups. */
import type { AuditEntry } from '../accounts/audit';
import { ServiceError } from '../platform/errors';
import type { ServiceTable } from '../platform/gate';
import { forward } from '../platform/forward';
import type { BackupSchedule } from '../storage/backup-schedule';
import { checkExportPath } from './export';
import type { Exports } from './export';
import type { HistoryService } from './history-service';
import type { Sync } from './sync';

type Slice = Pick<
  ServiceTable,
  | `history.${'search' | 'facets' | 'clone' | 'exportStart' | 'exportStatus' | 'exportCancel'}`
  | `backups.${'list' | 'create' | 'restorePreview' | 'restore'}`
  | `sync.${'start' | 'status' | 'cancel' | 'setSchedule'}`
>;

export function historyChannels(deps: {
  history: HistoryService;
  exports: Exports;
  backups: BackupSchedule;
  readOnly: boolean;
  /** Records the action in the audit log (or the log, when the history is read-only). */
  note: (entry: AuditEntry) => void;
  sync: Sync;
  /** Writes the row or throws: for an export with full IBANs. */
  append: (entry: AuditEntry) => unknown;
  /** Main's save dialog: the file to write, or null when the operator cancelled. Absent: `exports`' own folder. */
  chooseExportPath?: (suggestedName: string) => Promise<string | null>;
}): Slice {
  const { exports } = deps;
  let choosing = false;
  return {
    ...forward('history', deps.history, ['search', 'facets', 'clone']),
    'history.exportStart': async ({ query, includeIbans, delimiter }) => {
      // Full IBANs leave the console only when asked, and only with an audit entry written first.
      if (includeIbans && deps.readOnly) {
        throw new ServiceError('STORAGE', 'Full IBANs cannot be exported while the history is read-only (the export could not be audited).');
      }
      exports.assertIdle();
      // One save dialog at a time; the window cannot stack them.
      if (choosing) throw new ServiceError('CONFLICT', 'An export is already being set up.', { _: { key: 'validation.history.exportRunning' } });
      let file: string | undefined;
      if (deps.chooseExportPath) {
        choosing = true;
        let chosen: string | null;
        try {
          chosen = await deps.chooseExportPath(exports.suggestedName());
        } finally {
          choosing = false;
        }
        // Closed without a file: nothing written, nothing to audit.
        if (chosen === null) return { outcome: 'cancelled' as const };
        file = checkExportPath(chosen);
      }
      // With full IBANs the row must be written first: no row, no file (fails closed).
      (includeIbans ? deps.append : deps.note)({
        action: 'history.export',
        details: {
          ibans: includeIbans ? 'full' : 'masked',
          search: query.text.trim() !== '',
          filters: Object.keys(query.filters).join(',') || null,
          sort: query.sort,
        },
      });
      return { outcome: 'started' as const, job: exports.start(deps.history.exportPlan(query), { includeIbans, delimiter, file }) };
    },
    'history.exportStatus': ({ jobId }) => exports.status(jobId),
    'history.exportCancel': ({ jobId }) => exports.cancel(jobId),
    ...forward('backups', deps.backups, ['list', 'create', 'restorePreview', 'restore']),
    ...forward('sync', deps.sync, ['start', 'status', 'cancel', 'setSchedule']),
  };
}
