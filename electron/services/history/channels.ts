/** History's slice of the handler table: search, facets, clone, CSV export, backups. */
import type { AuditEntry } from '../accounts/audit';
import { ServiceError } from '../platform/errors';
import type { ServiceTable } from '../platform/gate';
import { forward } from '../platform/forward';
import type { BackupSchedule } from '../storage/backup-schedule';
import type { Exports } from './export';
import type { HistoryService } from './history-service';

type Slice = Pick<
  ServiceTable,
  | `history.${'search' | 'facets' | 'clone' | 'exportStart' | 'exportStatus' | 'exportCancel'}`
  | `backups.${'list' | 'create' | 'restorePreview' | 'restore'}`
>;

export function historyChannels(deps: {
  history: HistoryService;
  exports: Exports;
  backups: BackupSchedule;
  readOnly: boolean;
  /** Records the action in the audit log (or the log, when the history is read-only). */
  note: (entry: AuditEntry) => void;
  /** Writes the row or throws: for an export with full IBANs. */
  append: (entry: AuditEntry) => unknown;
}): Slice {
  const { exports } = deps;
  return {
    ...forward('history', deps.history, ['search', 'facets', 'clone']),
    'history.exportStart': ({ query, includeIbans, delimiter }) => {
      // Full IBANs leave the console only when asked, and only with an audit entry written first.
      if (includeIbans && deps.readOnly) {
        throw new ServiceError('STORAGE', 'Full IBANs cannot be exported while the history is read-only (the export could not be audited).');
      }
      exports.assertIdle();
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
      return exports.start(deps.history.exportPlan(query), { includeIbans, delimiter });
    },
    'history.exportStatus': ({ jobId }) => exports.status(jobId),
    'history.exportCancel': ({ jobId }) => exports.cancel(jobId),
    ...forward('backups', deps.backups, ['list', 'create', 'restorePreview', 'restore']),
  };
}
