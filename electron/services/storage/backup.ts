/**
 * Online backups of the order history with SQLite's backup API (never a raw file
 * copy: copying a live WAL database yields corrupt files), each one verified with
 * integrity_check, keeping the newest `keep`. Restore swaps a verified backup in
 * while the database is closed, keeping the replaced file aside.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import type { DB } from './db';

const NAME = /^console-(\d{8}-\d{6})\.sqlite3$/;
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface BackupInfo {
  file: string;
  createdAt: number;
  bytes: number;
}

function stamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

function parseStamp(s: string): number {
  return Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13), +s.slice(13, 15));
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

export function createBackups(options: { db: DB; dir: string; keep: number; now: () => number }) {
  const { db, dir, keep, now } = options;

  function list(): BackupInfo[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .map((name) => ({ name, m: NAME.exec(name) }))
      .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
      .map(({ name, m }) => ({ file: join(dir, name), createdAt: parseStamp(m[1]!), bytes: statSync(join(dir, name)).size }))
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  return {
    list,
    /** Back up now (the backup API copies page by page; other work goes on between steps). */
    async backupNow(): Promise<BackupInfo> {
      mkdirSync(dir, { recursive: true });
      const at = now();
      const file = join(dir, `console-${stamp(at)}.sqlite3`);
      const partial = `${file}.partial`;
      await db.backup(partial);
      if (!verifyDatabaseFile(partial)) {
        rmSync(partial, { force: true });
        throw new Error('The backup did not pass its integrity check.');
      }
      renameSync(partial, file);
      for (const old of list().slice(keep)) rmSync(old.file, { force: true });
      return { file, createdAt: at, bytes: statSync(file).size };
    },
    /** Back up when the newest backup is older than a day (or there is none). */
    async backupIfDue(): Promise<BackupInfo | null> {
      const newest = list()[0];
      return newest && now() - newest.createdAt < DAY_MS ? null : this.backupNow();
    },
  };
}
export type Backups = ReturnType<typeof createBackups>;

/**
 * Put a verified backup in place of the (closed) database. The replaced file and its
 * WAL are kept beside it as `*.replaced-<stamp>`, never deleted.
 */
export function restoreBackup(databaseFile: string, backupFile: string, now: number): void {
  if (!verifyDatabaseFile(backupFile)) throw new Error(`${basename(backupFile)} is not a sound backup.`);
  const aside = `.replaced-${stamp(now)}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(databaseFile + suffix)) renameSync(databaseFile + suffix, databaseFile + aside + suffix);
  }
  const restored = new Database(backupFile, { readonly: true });
  try {
    restored.exec(`VACUUM INTO '${databaseFile.replaceAll("'", "''")}'`);
  } finally {
    restored.close();
  }
}

// ---------------------------------------------------------------- restore at the next start

/** The backup staff chose to restore; done at the next start, before the database is opened. */
const PENDING_FILE = 'restore-pending.json';

/** Choose a backup (by file name) to restore at the next start; null takes the choice back. */
export function requestRestore(dataDir: string, backupDir: string, name: string | null): void {
  const marker = join(dataDir, PENDING_FILE);
  if (name === null) {
    rmSync(marker, { force: true });
    return;
  }
  if (!NAME.test(name) || !existsSync(join(backupDir, name))) throw new Error(`No backup named ${name}.`);
  if (!verifyDatabaseFile(join(backupDir, name))) throw new Error(`${name} is not a sound backup.`);
  writeFileSync(marker, JSON.stringify({ name }));
}

export function pendingRestore(dataDir: string): string | null {
  try {
    const { name } = JSON.parse(readFileSync(join(dataDir, PENDING_FILE), 'utf8')) as { name?: unknown };
    return typeof name === 'string' && NAME.test(name) ? name : null;
  } catch {
    return null;
  }
}

/**
 * At start, with the database still closed: restore the chosen backup, if any. The
 * choice is used once whatever happens; a backup that fails its check is not restored.
 */
export function applyPendingRestore(options: { dataDir: string; databaseFile: string; backupDir: string; now: number }): {
  restoredFrom: string | null;
  problem: string | null;
} {
  const name = pendingRestore(options.dataDir);
  rmSync(join(options.dataDir, PENDING_FILE), { force: true });
  if (name === null) return { restoredFrom: null, problem: null };
  try {
    restoreBackup(options.databaseFile, join(options.backupDir, name), options.now);
    return { restoredFrom: name, problem: null };
  } catch (error) {
    return { restoredFrom: null, problem: `The backup ${name} was not restored: ${error instanceof Error ? error.message : String(error)}` };
  }
}
