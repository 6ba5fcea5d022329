import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, openHistory } from '../../../electron/services/db';
import { MIGRATIONS } from '../../../electron/services/migrations';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'msp-db-'));
  file = join(dir, 'db.sqlite3');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('applies every migration and the durability settings', () => {
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    // Every table is STRICT, whichever feature's migration added it.
    const tables = db
      .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'")
      .all() as Array<{ name: string; strict: number }>;
    expect(tables.filter((t) => t.strict !== 1)).toEqual([]);
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['exchanges', 'orders', 'settings']));
    db.close();
  });

  it('carries environment, profile and operator on every order', () => {
    const db = openDatabase(file);
    const columns = db.prepare('SELECT name, "notnull" AS required FROM pragma_table_info(\'orders\')').all() as Array<{ name: string; required: number }>;
    for (const name of ['environment', 'profile_id', 'operator']) {
      expect(columns.find((c) => c.name === name)?.required, name).toBe(1);
    }
    db.close();
  });

  it('refuses a database from a newer version of the console', () => {
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer version/);
  });

  it('leaves the previous version intact when a migration fails midway', () => {
    openDatabase(file, MIGRATIONS).close();
    const broken = [...MIGRATIONS, 'CREATE TABLE extra (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);'];
    expect(() => openDatabase(file, broken)).toThrow();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'extra'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses amounts that are not positive integers and unknown states', () => {
    const db = openDatabase(file);
    const insert = (amount: unknown, state: string) =>
      db.prepare(`INSERT INTO orders (environment, profile_id, operator, order_id, type, currency, amount, description,
                  state, request_body, created_at, updated_at) VALUES ('demo','demo','op','CON-1','paymentlink','EUR',?, 'x', ?, '{}', 0, 0)`).run(amount, state);
    expect(() => insert(0, 'sending')).toThrow();
    expect(() => insert(12.5, 'sending')).toThrow();
    expect(() => insert(100, 'failed')).toThrow();
    expect(() => insert(100, 'sending')).not.toThrow();
    db.close();
  });
});

describe('openHistory', () => {
  it('opens a sound database for writing', () => {
    const opened = openHistory(file);
    expect(opened.readOnly).toBe(false);
    expect(opened.problem).toBeNull();
    opened.db.close();
  });

  it('opens a damaged database read-only and says how to recover', () => {
    const db = openDatabase(file);
    const insert = db.prepare(`INSERT INTO orders (environment, profile_id, operator, order_id, type, currency, amount, description,
      state, request_body, created_at, updated_at) VALUES ('demo','demo','op',?, 'paymentlink','EUR',100,?, 'created','{}',0,0)`);
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`CON-${i}`, 'x'.repeat(100));
    })();
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.close();
    // Damage an index page near the end: the file still opens, but quick_check fails.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, (pages - 2) * 4096);
    closeSync(fd);

    const opened = openHistory(file);
    expect(opened.readOnly).toBe(true);
    expect(opened.problem).toMatch(/read-only.*backup/i);
    expect(() => opened.db.prepare("DELETE FROM settings").run()).toThrow(/readonly/i);
    opened.db.close();
  });

  it('still refuses a database from a newer version', () => {
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openHistory(file)).toThrow(/newer version/);
  });
});
