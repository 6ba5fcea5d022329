// The migration list itself: one file per version, versions strictly increasing, and every
// upgrade path (from each earlier version to the latest) ends in the same schema as a fresh database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NewerDatabaseError, openDatabase } from '../../../../electron/services/storage/db';
import type { DB } from '../../../../electron/services/storage/db';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'msp-migrations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Tables, indexes, triggers and views with their SQL, in a stable order. */
const schemaOf = (db: DB) =>
  db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();

const LATEST = MIGRATIONS.at(-1)!.version;

describe('migrations', () => {
  it('are numbered from 1, strictly increasing (branches reserve their numbers, so one may be missing for now)', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    for (let i = 1; i < versions.length; i++) expect(versions[i]!).toBeGreaterThan(versions[i - 1]!);
  });

  it.each(MIGRATIONS.map((_, from) => from))('upgrade from version %i to the latest gives the fresh schema', (from) => {
    const fresh = openDatabase(join(dir, 'fresh.sqlite3'));
    const expected = schemaOf(fresh);
    fresh.close();

    const file = join(dir, `from-${from}.sqlite3`);
    openDatabase(file, MIGRATIONS.slice(0, from)).close();
    const upgraded = openDatabase(file);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(schemaOf(upgraded)).toEqual(expected);
    upgraded.close();
  });

  it('refuse a database from a newer version with a typed error', () => {
    const file = join(dir, 'newer.sqlite3');
    openDatabase(file).close();
    const newer = [...MIGRATIONS, { version: LATEST + 1, up: (db: DB) => db.exec('CREATE TABLE later (x INTEGER) STRICT') }];
    openDatabase(file, newer).close();
    let error: unknown;
    try {
      openDatabase(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NewerDatabaseError);
    expect(error).toMatchObject({ code: 'STORAGE', found: LATEST + 1, known: LATEST });
  });
});
