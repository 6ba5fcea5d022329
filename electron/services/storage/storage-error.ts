/**
 * SQLite failures in words staff can act on. Every SQLite error code a full disk, a
 * read-only folder, another process or a damaged file produces is mapped here, in one
 * place, to a STORAGE ServiceError whose message says what to do and whose i18n key the
 * renderer words in the user's language. The gate uses it for every channel, so no
 * storage failure reaches the window as INTERNAL ("a bug").
 */
import { ServiceError } from '../platform/errors';

export type StorageProblem = 'full' | 'readOnly' | 'busy' | 'damaged' | 'io' | 'cantOpen';

const MESSAGES: Record<StorageProblem, string> = {
  full: 'The disk holding the order history is full. Free some space, then try again; nothing was saved.',
  readOnly: 'The console’s data folder is read-only. Make it writable (or move the console’s data to a writable disk), then start the console again.',
  busy: 'The order history is in use by another process (another console or a backup tool). Close it, then try again.',
  damaged: 'The order history file is damaged. Restore a backup (History → Backups); the damaged file is kept aside.',
  io: 'The disk could not be read or written (disk error or removed drive). Check the disk, then try again.',
  cantOpen: 'The order history file cannot be opened (missing folder or no permission). Check the console’s data folder.',
};

/** Which problem an SQLite error code (extended codes included, e.g. SQLITE_IOERR_WRITE) stands for. */
export function storageProblemOf(error: unknown): StorageProblem | null {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : null;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) {
    // Node's own file errors on the data folder (backups, restore copies).
    if (code === 'ENOSPC' || code === 'EDQUOT') return 'full';
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'readOnly';
    if (code === 'EIO') return 'io';
    return null;
  }
  if (code.startsWith('SQLITE_FULL')) return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'readOnly';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'damaged';
  if (code.startsWith('SQLITE_IOERR')) return 'io';
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) return 'cantOpen';
  return null;
}

export function storageMessage(problem: StorageProblem): string {
  return MESSAGES[problem];
}

/** A STORAGE ServiceError for a storage failure, or null when `error` is not one. */
export function toStorageError(error: unknown): ServiceError | null {
  if (error instanceof ServiceError) return null;
  const problem = storageProblemOf(error);
  if (!problem) return null;
  return new ServiceError('STORAGE', MESSAGES[problem], { _: { key: `validation.storage.${problem}` } });
}
