/**
 * A failed integrity check, remembered: `console.sqlite3.damaged` beside the database, with the
 * time and the check's first lines. While it is there every start opens the history read-only
 * before anything can write, and still runs the check; a passing check, or a restore whose file
 * was verified, removes it. Without it a start after a failed check would open read-write again
 * until the check failed a second time, writing orders into a file known to be damaged.
 *
 * A file of its own rather than a row in the database: the database is the one thing that cannot
 * be trusted (or even opened) here, and a marker must be readable before it is opened.
 * Written to a temporary name, synced and renamed: a crash leaves no marker or a whole one.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncPath } from './backup';

export interface DamageRecord {
  /** When the check failed, ISO 8601. */
  at: string;
  /** What the check said: its first problems (the worker asks quick_check for 20 at most). */
  detail: string;
}

export const damageMarker = (databaseFile: string): string => `${databaseFile}.damaged`;
const partial = (databaseFile: string) => `${damageMarker(databaseFile)}.tmp`;

/** Remember a failed check, durably, before the session goes on. */
export function recordDamage(databaseFile: string, detail: string, now: number): void {
  const record: DamageRecord = { at: new Date(now).toISOString(), detail };
  const temp = partial(databaseFile);
  writeFileSync(temp, `${JSON.stringify(record, null, 2)}\n`);
  fsyncPath(temp);
  renameSync(temp, damageMarker(databaseFile));
  fsyncPath(dirname(databaseFile));
}

/**
 * The remembered failure, or null when there is none. A marker that is there but cannot be
 * read (edited, or a disk error) still counts: the safe side is read-only.
 */
export function readDamage(databaseFile: string): DamageRecord | null {
  // Left by a crash before its rename: the record was never made.
  rmSync(partial(databaseFile), { force: true });
  const marker = damageMarker(databaseFile);
  if (!existsSync(marker)) return null;
  try {
    const raw = JSON.parse(readFileSync(marker, 'utf8')) as Partial<DamageRecord>;
    return { at: String(raw.at ?? ''), detail: String(raw.detail ?? '') };
  } catch {
    return { at: '', detail: 'The order history failed an earlier integrity check.' };
  }
}

/** The file passed a check (or was replaced by a verified restore): forget the failure. */
export function clearDamage(databaseFile: string): void {
  rmSync(partial(databaseFile), { force: true });
  if (!existsSync(damageMarker(databaseFile))) return;
  rmSync(damageMarker(databaseFile), { force: true });
  fsyncPath(dirname(databaseFile));
}
