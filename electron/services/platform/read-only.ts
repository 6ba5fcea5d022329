/** A history opened read-only (it failed its start-up check) answers reads and refuses every write with words. */
import type { ChannelName } from '@shared/contract';
import { ServiceError } from './errors';
import type { ServiceTable } from './gate';

/** Channels that only read: all that is left when the history is open read-only. */
const READ_ONLY_CHANNELS = new Set<ChannelName>([
  'app.info',
  'app.openExternal',
  'orders.get',
  'history.search',
  'history.facets',
  'history.exportStart',
  'history.exportStatus',
  'history.exportCancel',
  'methods.list',
  'drafts.get',
  'profiles.list',
  'settings.get',
  'audit.list',
  'audit.verify',
  'backups.list',
  'backups.create',
  // What a restore would undo: the way out of a read-only history starts here.
  'backups.restorePreview',
  'backups.restore',
  'refunds.list',
  'sync.status',
]);

export function refuseWrites(services: ServiceTable): ServiceTable {
  const table = { ...services } as Record<ChannelName, unknown>;
  for (const name of Object.keys(table) as ChannelName[]) {
    if (READ_ONLY_CHANNELS.has(name)) continue;
    table[name] = () => {
      throw new ServiceError('STORAGE', 'The order history is open read-only; restore a backup to make changes again.', {
        _: { key: 'validation.history.readOnly' },
      });
    };
  }
  return table as ServiceTable;
}
