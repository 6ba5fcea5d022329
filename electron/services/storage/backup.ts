/**
 * Online backups of the order history with SQLite's backup API (never a raw file
 * copy: copying a live WAL database yields corrupt files). Each backup is turned into
 * one self-contained file (rollback journal, so no `-wal`/`-shm` beside it), verified
 * with integrity_check, and recorded in a sealed record beside it (`<name>.json`: size,
 * SHA-256, schema version, HMAC with this installation's secret) so restore can tell
 * our backups from anything else in the folder. Daily and manual backups are kept
 * separately: clicking "Back up now" never rotates a daily one away.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DB } from './db';
import type { BackupSeal } from './backup-seal';

/** console-20261130-230000.sqlite3 (daily) or console-20261130-230000-manual[-2].sqlite3. */
export const BACKUP_NAME = /^console-(\d{8}-\d{6})(-manual)?(?:-(\d{1,3}))?\.sqlite3$/;
export const DAY_MS = 24 * 60 * 60 * 1000;

export type BackupKind = 'daily' | 'manual';

export interface BackupInfo {
  file: string;
  name: string;
  kind: BackupKind;
  createdAt: number;
  bytes: number;
}

/** What is recorded, and sealed, when a backup is taken. */
export interface BackupRecord {
  name: string;
  bytes: number;
  sha256: string;
  schemaVersion: number;
  kind: BackupKind;
  createdAt: number;
}

export function stamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

function parseStamp(s: string): number {
  return Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13), +s.slice(13, 15));
}

/** SHA-256 of a file, read in chunks (backups of a large history are hundreds of MB). */
export function fileSha256(file: string): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Flush a file (or a folder's entries: a rename is durable only once its folder is synced). */
export function fsyncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return; // folders cannot be opened on Windows; NTFS journals the rename itself
  }
  try {
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on a folder; the file data itself was synced
  } finally {
    closeSync(fd);
  }
}

/** True when `file` opens as SQLite and passes a full integrity check. */
export function verifyDatabaseFile(file: string): boolean {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.pragma('integrity_check', { simple: true }) === 'ok';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

export const recordFile = (backupFile: string) => `${backupFile}.json`;
const recordText = (r: BackupRecord) =>
  JSON.stringify([r.name, r.bytes, r.sha256, r.schemaVersion, r.kind, r.createdAt]);

export function writeRecord(backupFile: string, record: BackupRecord, seal: BackupSeal): void {
  const file = recordFile(backupFile);
  writeFileSync(`${file}.tmp`, JSON.stringify({ ...record, mac: seal.sign(recordText(record)) }));
  fsyncPath(`${file}.tmp`);
  renameSync(`${file}.tmp`, file);
}

/** The backup's record when its seal is ours, else null (planted, edited, or from another session's secret). */
export function readRecord(backupFile: string, seal: BackupSeal): BackupRecord | null {
  try {
    const raw = JSON.parse(readFileSync(recordFile(backupFile), 'utf8')) as BackupRecord & { mac?: unknown };
    const record: BackupRecord = {
      name: String(raw.name),
      bytes: Number(raw.bytes),
      sha256: String(raw.sha256),
      schemaVersion: Number(raw.schemaVersion),
      kind: raw.kind === 'manual' ? 'manual' : 'daily',
      createdAt: Number(raw.createdAt),
    };
    return typeof raw.mac === 'string' && seal.verify(recordText(record), raw.mac) ? record : null;
  } catch {
    return null;
  }
}

/**
 * Make `file` a single self-contained, verified database: rollback journal instead of WAL
 * (nothing left beside it), integrity_check, and its schema version.
 */
export function settleDatabaseFile(file: string): { schemaVersion: number } {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    if (db.pragma('integrity_check', { simple: true }) !== 'ok') throw new Error('The backup did not pass its integrity check.');
    return { schemaVersion: db.pragma('user_version', { simple: true }) as number };
  } finally {
    db.close();
  }
}

export function createBackups(options: { db: DB; dir: string; keep: number; keepManual?: number; now: () => number; seal: BackupSeal }) {
  const { db, dir, keep, now, seal } = options;
  const keepManual = options.keepManual ?? 5;

  function list(): BackupInfo[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .map((name) => ({ name, m: BACKUP_NAME.exec(name) }))
      .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
      .map(({ name, m }): BackupInfo & { seq: number } => {
        const file = join(dir, name);
        return { file, name, kind: m[2] ? 'manual' : 'daily', createdAt: parseStamp(m[1]!), bytes: statSync(file).size, seq: Number(m[3] ?? 1) };
      })
      // Newest first; within one second, the later of several made then (-2, -3 …) first.
      .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq)
      .map(({ seq: _seq, ...info }) => info);
  }

  function remove(file: string): void {
    rmSync(file, { force: true });
    rmSync(recordFile(file), { force: true });
  }

  /** A name after every one already made in the same second (rotation may have freed a lower one). */
  function freeName(at: number, kind: BackupKind): string {
    const base = `console-${stamp(at)}${kind === 'manual' ? '-manual' : ''}`;
    const taken = existsSync(dir) ? readdirSync(dir).filter((n) => n === `${base}.sqlite3` || n.startsWith(`${base}-`)) : [];
    const seqs = taken.map((n) => BACKUP_NAME.exec(n)).filter((m) => m !== null && Boolean(m[2]) === (kind === 'manual')).map((m) => Number(m![3] ?? 1));
    const n = seqs.length ? Math.max(...seqs) + 1 : 1;
    return n === 1 ? `${base}.sqlite3` : `${base}-${n}.sqlite3`;
  }

  return {
    list,
    /** Back up now (the backup API copies page by page; other work goes on between steps). */
    async backupNow(kind: BackupKind = 'daily'): Promise<BackupInfo> {
      mkdirSync(dir, { recursive: true });
      const at = now();
      const name = freeName(at, kind);
      const file = join(dir, name);
      const partial = `${file}.partial`;
      try {
        await db.backup(partial);
        const { schemaVersion } = settleDatabaseFile(partial);
        fsyncPath(partial);
        const bytes = statSync(partial).size;
        writeRecord(file, { name, bytes, sha256: fileSha256(partial), schemaVersion, kind, createdAt: at }, seal);
        renameSync(partial, file);
        fsyncPath(dir);
      } catch (error) {
        remove(file);
        throw error;
      } finally {
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(partial + suffix, { force: true });
      }
      // Each kind keeps its own newest N: manual backups never push out the dailies.
      const all = list();
      for (const old of all.filter((b) => b.kind === 'daily').slice(keep)) remove(old.file);
      for (const old of all.filter((b) => b.kind === 'manual').slice(keepManual)) remove(old.file);
      return { file, name, kind, createdAt: at, bytes: statSync(file).size };
    },
    /** Back up when the newest daily backup is older than a day (or there is none). */
    async backupIfDue(): Promise<BackupInfo | null> {
      const newest = list().find((b) => b.kind === 'daily');
      return newest && now() - newest.createdAt < DAY_MS ? null : this.backupNow('daily');
    },
    /** Rewrite a backup's record after its file was changed on purpose (retention masked it). */
    reseal(info: BackupInfo, schemaVersion: number): void {
      writeRecord(info.file, { name: info.name, bytes: statSync(info.file).size, sha256: fileSha256(info.file), schemaVersion, kind: info.kind, createdAt: info.createdAt }, seal);
    },
  };
}
export type Backups = ReturnType<typeof createBackups>;
