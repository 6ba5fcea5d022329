/**
 * Restoring a backup, at the next start while the database is still closed.
 *
 * Only a backup this installation made is taken (its sealed record matches its size and
 * SHA-256; no symlink, nothing outside the backups folder), and only if its schema is
 * exactly what our migrations produce for its version (so a crafted file cannot bring
 * triggers, views or a newer version with it). The backup is copied into a temporary
 * file beside the database, checked again there, given the audit rows written since it
 * was taken plus a "restored" row (the chain stays verifiable), synced, and renamed over
 * the database in one atomic step. The replaced database is kept aside as a copy made
 * before that step. The choice (the marker file) is removed only once the restore is
 * complete or refused: a crash at any point leaves either the old history or the
 * restored one, and the next start finishes or refuses the restore. A remembered failed check
 * (damaged.ts) is cleared after the swap, before the choice: a crash between them leaves the
 * restore to be finished, which clears it then.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { GENESIS_HASH, canonicalDetails, chainHash, rowContent } from '../accounts/audit-log';
import type { AuditRow } from '../accounts/audit-log';
import { MIGRATIONS } from './migrations/index';
import { BACKUP_NAME, fileSha256, fsyncPath, readRecord, stamp } from './backup';
import type { BackupRecord } from './backup';
import type { BackupSeal } from './backup-seal';
import { clearDamage } from './damaged';
import { hasTable, migrate } from './db';
import { storageMessage, storageProblemOf } from './storage-error';

const PENDING_FILE = 'restore-pending.json';

/** A backup that may not be restored, with the reason in words. */
export class BackupRefused extends Error {
  constructor(
    message: string,
    /** True when there is no such backup at all (rather than one that may not be used). */
    readonly missing = false,
  ) {
    super(message);
  }
}

interface Marker {
  name: string;
  /** Names this restore in its audit row, so a start after a crash can tell it is done. */
  id: string;
  operator: string;
}

/** The checked backup file and its record, or BackupRefused saying why not. */
export function checkBackup(backupDir: string, name: string, seal: BackupSeal): { file: string; record: BackupRecord } {
  if (!BACKUP_NAME.test(name)) throw new BackupRefused(`${name} is not a backup name.`);
  const file = join(backupDir, name);
  let stat;
  try {
    stat = lstatSync(file);
  } catch {
    throw new BackupRefused(`No backup named ${name}.`, true);
  }
  // A link could point anywhere (another profile's file, a crafted one); only plain files in the folder.
  if (stat.isSymbolicLink() || !stat.isFile() || stat.nlink > 1) throw new BackupRefused(`${name} is not a plain file in the backups folder.`);
  if (dirname(realpathSync(file)) !== realpathSync(backupDir)) throw new BackupRefused(`${name} is outside the backups folder.`);
  const record = readRecord(file, seal);
  if (!record || record.name !== name) {
    throw new BackupRefused(
      seal.persistent
        ? `${name} was not made by this console (it has no valid record), so it is not restored.`
        : `${name} cannot be verified: without a protected key store the console can only vouch for backups made in this session.`,
    );
  }
  if (stat.size !== record.bytes || fileSha256(file) !== record.sha256) throw new BackupRefused(`${name} was changed after it was made.`);
  return { file, record };
}

const schemaOf = (db: Database.Database) =>
  JSON.stringify(db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all());

/** Sound, not newer than we know, and exactly the schema our migrations make for its version. */
export function checkCandidate(file: string): { schemaVersion: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (db.pragma('integrity_check', { simple: true }) !== 'ok') throw new BackupRefused('The backup did not pass its integrity check.');
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = MIGRATIONS.at(-1)!.version;
    if (version > latest) throw new BackupRefused(`The backup was made by a newer console (schema ${version}, this one knows ${latest}).`);
    if (version < 1) throw new BackupRefused('The backup holds no order history.');
    const fresh = new Database(':memory:');
    try {
      migrate(fresh, MIGRATIONS.filter((m) => m.version <= version));
      if (schemaOf(db) !== schemaOf(fresh)) throw new BackupRefused('The backup’s tables, indexes or triggers are not the ones this console makes.');
    } finally {
      fresh.close();
    }
    return { schemaVersion: version };
  } finally {
    db.close();
  }
}

/** Choose a backup (by file name) to restore at the next start; null takes the choice back. */
export function requestRestore(options: { dataDir: string; backupDir: string; seal: BackupSeal; name: string | null; operator: string }): void {
  const marker = join(options.dataDir, PENDING_FILE);
  if (options.name === null) {
    rmSync(marker, { force: true });
    return;
  }
  const { file } = checkBackup(options.backupDir, options.name, options.seal);
  checkCandidate(file);
  const text: Marker = { name: options.name, id: randomUUID(), operator: options.operator };
  writeFileSync(`${marker}.tmp`, JSON.stringify(text));
  fsyncPath(`${marker}.tmp`);
  renameSync(`${marker}.tmp`, marker);
  fsyncPath(options.dataDir);
}

function readMarker(dataDir: string): Marker | null {
  try {
    const m = JSON.parse(readFileSync(join(dataDir, PENDING_FILE), 'utf8')) as Partial<Marker>;
    if (typeof m.name !== 'string' || !BACKUP_NAME.test(m.name)) return null;
    return { name: m.name, id: typeof m.id === 'string' ? m.id : randomUUID(), operator: typeof m.operator === 'string' ? m.operator : 'operator' };
  } catch {
    return null;
  }
}

export const pendingRestore = (dataDir: string): string | null => readMarker(dataDir)?.name ?? null;

/** The live history's audit rows after `afterId` (when its chain contains the backup's head) and its head hash. */
function liveAudit(databaseFile: string, backupHead: { id: number; hash: string } | null) {
  if (!existsSync(databaseFile)) return { rows: [] as AuditRow[], head: null as string | null };
  try {
    const live = new Database(databaseFile, { readonly: true, fileMustExist: true });
    try {
      if (!hasTable(live, 'audit')) return { rows: [], head: null };
      const head = live.prepare<[], { hash: string }>('SELECT hash FROM audit ORDER BY id DESC LIMIT 1').get()?.hash ?? null;
      const joins = backupHead === null || live.prepare('SELECT 1 FROM audit WHERE id = ? AND hash = ?').get(backupHead.id, backupHead.hash) !== undefined;
      const rows = joins ? live.prepare<[number], AuditRow>('SELECT * FROM audit WHERE id > ? ORDER BY id').all(backupHead?.id ?? 0) : [];
      return { rows, head };
    } finally {
      live.close();
    }
  } catch {
    return { rows: [], head: null }; // the live file is damaged: nothing to carry, it is kept aside
  }
}

/** True when the live history already holds this restore's row (a crash came after the swap). */
function alreadyRestored(databaseFile: string, id: string): boolean {
  try {
    const live = new Database(databaseFile, { readonly: true, fileMustExist: true });
    try {
      return (
        hasTable(live, 'audit') &&
        live.prepare("SELECT 1 FROM audit WHERE action = 'backup.restored' AND json_extract(details, '$.restore') = ?").get(id) !== undefined
      );
    } finally {
      live.close();
    }
  } catch {
    return false;
  }
}

/** Close the live database cleanly (its WAL checkpointed and removed), so nothing stale sits beside it. */
function settleLive(databaseFile: string): boolean {
  try {
    const live = new Database(databaseFile, { fileMustExist: true });
    live.pragma('wal_checkpoint(TRUNCATE)');
    live.close();
    return true;
  } catch {
    return false;
  }
}

export interface RestoreOutcome {
  restoredFrom: string | null;
  /** What went wrong, in words the UI shows; the history is as it was. */
  problem: string | null;
}

export function applyPendingRestore(options: {
  dataDir: string;
  databaseFile: string;
  backupDir: string;
  seal: BackupSeal;
  now: number;
  /** Copies the backup (tests inject a failing copy: a full disk). */
  copy?: (from: string, to: string) => void;
}): RestoreOutcome {
  const { dataDir, databaseFile } = options;
  const marker = readMarker(dataDir);
  const markerFile = join(dataDir, PENDING_FILE);
  if (!marker) {
    rmSync(markerFile, { force: true }); // unreadable choice: nothing to do
    return { restoredFrom: null, problem: null };
  }
  const done = (): void => {
    rmSync(markerFile, { force: true });
    fsyncPath(dataDir);
  };
  // After a crash the live file may have a hot WAL, which a read-only connection cannot
  // recover: settle it first, so its audit rows (and a finished restore's row) can be read.
  const clean = existsSync(databaseFile) && settleLive(databaseFile);
  if (alreadyRestored(databaseFile, marker.id)) {
    forgetDamage(databaseFile); // a crash may have come between the swap and this
    done();
    return { restoredFrom: marker.name, problem: null };
  }
  const temp = `${databaseFile}.restoring`;
  const clearTemp = () => {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(temp + suffix, { force: true });
  };
  try {
    clearTemp();
    const { file, record } = checkBackup(options.backupDir, marker.name, options.seal);
    (options.copy ?? copyFileSync)(file, temp);
    // What goes live is checked as the copy, not the original it came from.
    if (fileSha256(temp) !== record.sha256) throw new BackupRefused('The copy of the backup does not match it.');
    checkCandidate(temp);
    carryAudit(temp, databaseFile, marker, options.now);
    fsyncPath(temp);

    if (existsSync(databaseFile)) {
      // The replaced history is kept aside as a copy; the live file stays whole until the rename.
      const aside = `${databaseFile}.replaced-${stamp(options.now)}`;
      (options.copy ?? copyFileSync)(databaseFile, aside);
      fsyncPath(aside);
      if (!clean) for (const suffix of ['-wal', '-shm']) if (existsSync(databaseFile + suffix)) renameSync(databaseFile + suffix, aside + suffix);
      for (const suffix of ['-wal', '-shm']) rmSync(databaseFile + suffix, { force: true });
    }
    renameSync(temp, databaseFile);
    fsyncPath(dataDir);
    // The live file is now the copy checked above: an earlier failed check was about the one set aside.
    forgetDamage(databaseFile);
    done();
    return { restoredFrom: marker.name, problem: null };
  } catch (error) {
    clearTemp();
    done();
    const storage = storageProblemOf(error);
    const reason = storage ? storageMessage(storage) : error instanceof BackupRefused ? error.message : 'It could not be read.';
    return { restoredFrom: null, problem: `The backup ${marker.name} was not restored, and the history is as it was. ${reason}` };
  }
}

/** Best effort: a marker that stays only means one more read-only start, whose check (passing) clears it. */
function forgetDamage(databaseFile: string): void {
  try {
    clearDamage(databaseFile);
  } catch {
    // the restore itself is done; see above
  }
}

/**
 * Bring the live history's audit rows written since the backup into the copy, then a row
 * naming the backup and the chain head it replaced: a restore can undo orders and
 * settings, never the record of what was done.
 */
function carryAudit(temp: string, databaseFile: string, marker: Marker, now: number): void {
  const db = new Database(temp, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    if (!hasTable(db, 'audit')) return;
    const backupHead = db.prepare<[], { id: number; hash: string }>('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1').get() ?? null;
    const live = liveAudit(databaseFile, backupHead);
    const insert = db.prepare(`INSERT INTO audit (id, at, operator, action, profile_id, environment, order_id, details, prev_hash, hash)
      VALUES (@id, @at, @operator, @action, @profile_id, @environment, @order_id, @details, @prev_hash, @hash)`);
    db.transaction(() => {
      for (const row of live.rows) insert.run(row);
      const head = live.rows.at(-1) ?? backupHead;
      const base = {
        id: (head?.id ?? 0) + 1,
        at: now,
        operator: marker.operator,
        action: 'backup.restored',
        profile_id: null,
        environment: null,
        order_id: null,
        details: canonicalDetails({ from: marker.name, replacedHead: live.head, carried: live.rows.length, restore: marker.id }),
      };
      const prev_hash = head?.hash ?? GENESIS_HASH;
      insert.run({ ...base, prev_hash, hash: chainHash(prev_hash, rowContent(base)) });
    })();
  } finally {
    db.close();
  }
}
