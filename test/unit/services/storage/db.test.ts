import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NewerDatabaseError, closeDatabase, openDatabase, openHistory } from '../../../../electron/services/storage/db';
import type { DB } from '../../../../electron/services/storage/db';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations';
import { createOrderStore } from '../../../../electron/services/orders/order-store';
import { seedHistory } from '../../../support/history-seed';
import { backfillChunk } from '../../../../electron/services/storage/fts-backfill';

/** The newest schema version (versions may skip a number while parallel work lands). */
const LATEST = MIGRATIONS.at(-1)!.version;
import type { Migration } from '../../../../electron/services/storage/migrations';

/** The same migration, failing after its own statements have run. */
const failingAfter = (migration: Migration): Migration => ({
  version: migration.version,
  up(db) {
    migration.up(db);
    db.exec('INSERT INTO nowhere VALUES (1);');
  },
});

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
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    // Every table is STRICT, whichever feature's migration added it (FTS5's virtual table and
    // its shadow tables are SQLite's own and cannot be).
    const tables = db
      .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as Array<{ name: string; strict: number }>;
    expect(db.prepare("SELECT type FROM pragma_table_list WHERE name = 'orders_fts'").get()).toEqual({ type: 'virtual' });
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
    raw.pragma(`user_version = ${LATEST + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(NewerDatabaseError);
  });

  it('leaves the previous version intact when a migration fails midway', () => {
    openDatabase(file, MIGRATIONS).close();
    const broken = [...MIGRATIONS, { version: LATEST + 1, up: (db: DB) => db.exec('CREATE TABLE extra (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);') }];
    expect(() => openDatabase(file, broken)).toThrow();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
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

describe('planner statistics', () => {
  it('are kept for the orders table and never for the full-text index (they slow its inserts as it grows)', () => {
    const first = openDatabase(file);
    // What an earlier PRAGMA optimize would have left behind.
    first.exec('ANALYZE');
    first.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('orders_fts_data', NULL, '2')").run();
    first.close();
    const db = openDatabase(file);
    const tables = (db.prepare('SELECT DISTINCT tbl FROM sqlite_stat1').all() as { tbl: string }[]).map((r) => r.tbl);
    expect(tables).toContain('orders');
    expect(tables.filter((t) => t.startsWith('orders_fts'))).toEqual([]);
    db.close();
  });

  it('are taken again only when the orders table grew by more than a tenth (sampling costs ~200 ms at 1M)', () => {
    const counted = () => {
      const db = openDatabase(file);
      const row = db.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'orders' LIMIT 1").get() as { stat: string } | undefined;
      closeDatabase(db);
      return row ? Number.parseInt(row.stat, 10) : null;
    };
    const grow = (count: number, from: number) => {
      const db = openDatabase(file);
      seedHistory(db, createOrderStore(db), count, { from, seed: from + 1 });
      closeDatabase(db);
    };
    grow(5_000, 0);
    expect(counted()).toBe(5_000);
    grow(500, 5_000);
    expect(counted()).toBe(5_000);
    grow(1_100, 5_500);
    expect(counted()).toBe(6_600);
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

  it('runs the integrity check only after an unclean shutdown (a clean close leaves a marker)', () => {
    const damage = () => {
      const db = new Database(file);
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.close();
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, (pages - 2) * 4096);
      closeSync(fd);
    };
    const db = openDatabase(file);
    const insert = db.prepare(`INSERT INTO orders (environment, profile_id, operator, order_id, type, currency, amount, description,
      state, request_body, created_at, updated_at) VALUES ('demo','demo','op',?, 'paymentlink','EUR',100,?, 'created','{}',0,0)`);
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`CON-${i}`, 'x'.repeat(100));
    })();
    expect(existsSync(`${file}.open`)).toBe(true);
    closeDatabase(db);
    expect(existsSync(`${file}.open`)).toBe(false);
    expect(existsSync(`${file}.clean`)).toBe(true);

    // After a clean close the check is skipped (that is the start-up time it saves).
    damage();
    const trusted = openHistory(file);
    expect(trusted.readOnly).toBe(false);
    // A close without the marker (a crash, a kill) leaves the check due at the next start.
    trusted.db.close();
    const checked = openHistory(file);
    expect(checked.readOnly).toBe(true);
    checked.db.close();
  });

  it('still refuses a database from a newer version', () => {
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST + 1}`);
    raw.close();
    expect(() => openHistory(file)).toThrow(NewerDatabaseError);
  });
});

describe('upgrading to the history schema (v4)', () => {
  /** A database at version `n` built by applying the first n migrations, with orders of that version in it. */
  function fixture(n: number): void {
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.transaction(() => {
      for (const migration of MIGRATIONS.slice(0, n)) migration.up(raw);
      raw.pragma(`user_version = ${n}`);
    })();
    if (n >= 1) {
      const insert = raw.prepare(
        `INSERT INTO orders (environment, profile_id, operator, order_id, type, currency, amount, description, state,
           transaction_id, request_body, created_at, updated_at)
         VALUES ('demo', 'demo', 'anna', @orderId, 'paymentlink', 'EUR', @amount, @description, 'created', @tx, '{}', @at, @at)`,
      );
      // The third order was stamped before the second (a clock set back between them).
      insert.run({ orderId: 'CON-20250101-100000-aaaaaa', amount: 1250, description: 'Spare parts Müller', tx: '12345678901234567', at: 1_000 });
      insert.run({ orderId: 'CON-20250101-110000-bbbbbb', amount: 999, description: 'Tickets', tx: null, at: 3_000 });
      insert.run({ orderId: 'CON-20250101-105000-cccccc', amount: 5, description: 'Repair', tx: null, at: 2_000 });
    }
    if (n >= 2) {
      raw.prepare(`UPDATE orders SET customer_name = 'Jan de Vries', customer_email = 'jan@example.nl', iban = 'NL91ABNA0417164300',
                   iban_last4 = '4300', flow = 'directdebit' WHERE order_id = 'CON-20250101-110000-bbbbbb'`).run();
    }
    if (n >= 3) {
      raw.prepare(`INSERT INTO profiles (id, name, environment, key_storage, created_at, updated_at)
                   VALUES ('shop', 'Shop', 'test', 'none', 0, 0)`).run();
    }
    raw.close();
  }
  const fts = (db: Database.Database, match: string) =>
    (db.prepare('SELECT rowid FROM orders_fts WHERE orders_fts MATCH ? ORDER BY rowid').all(match) as { rowid: number }[]).map((r) => r.rowid);

  for (const from of [0, 1, 2, 3, 4]) {
    it(`upgrades from version ${from} with every order kept and searchable`, () => {
      fixture(from);
      const db = openDatabase(file);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
      const orders = db.prepare('SELECT id, order_id, amount, description FROM orders ORDER BY id').all() as { id: number; order_id: string }[];
      expect(orders).toHaveLength(from === 0 ? 0 : 3);
      // Upgraded from before v4, the index is built after start, in chunks (storage-worker.ts).
      expect(db.prepare('SELECT next_rowid, total FROM fts_backfill').all()).toEqual(from >= 1 && from < 4 ? [{ next_rowid: 3, total: 3 }] : []);
      if (from >= 1 && from < 4) expect(fts(db, '"muller"*')).toEqual([]);
      while (backfillChunk(db, 2) !== null);
      expect(db.prepare('SELECT count(*) AS n FROM fts_backfill').get()).toEqual({ n: 0 });
      if (from >= 1) {
        expect(orders.map((o) => o.order_id)).toEqual(['CON-20250101-100000-aaaaaa', 'CON-20250101-110000-bbbbbb', 'CON-20250101-105000-cccccc']);
        // The index was filled from the existing rows: by word, by whole id prefix, by transaction id, diacritics folded.
        expect(fts(db, '"muller"*')).toEqual([1]);
        expect(fts(db, '{order_key} : "con20250101110"*')).toEqual([2]);
        expect(fts(db, '"1234567890"*')).toEqual([1]);
        expect(db.prepare('SELECT order_row, transaction_id FROM order_transactions').all()).toEqual([
          { order_row: 1, transaction_id: '12345678901234567' },
        ]);
        // The order stamped before one recorded earlier is known to be out of time order.
        expect(db.prepare('SELECT id FROM orders_out_of_order').all()).toEqual([{ id: 3 }]);
      }
      if (from >= 2) {
        expect(fts(db, '"vries"* "jan"*')).toEqual([2]);
        expect(fts(db, 'iban_last4 : "4300"')).toEqual([2]);
        expect(db.prepare("SELECT iban FROM orders WHERE id = 2").get()).toEqual({ iban: 'NL91ABNA0417164300' });
      }
      if (from >= 3) expect(db.prepare("SELECT name FROM profiles WHERE id = 'shop'").get()).toEqual({ name: 'Shop' });
      // New rows keep the index and the time-order list in step.
      db.prepare(
        `INSERT INTO orders (environment, profile_id, operator, order_id, type, currency, amount, description, state, request_body, created_at, updated_at)
         VALUES ('demo', 'demo', 'bert', 'CON-NEW', 'paymentlink', 'EUR', 100, 'Brand new', 'sending', '{}', 500, 500)`,
      ).run();
      expect(fts(db, '"brand"*')).toHaveLength(1);
      expect((db.prepare('SELECT count(*) AS n FROM orders_out_of_order').get() as { n: number }).n).toBe(from === 0 ? 0 : 2);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    });
  }

  it('v5 rebuilds orders for the needs_review state: rows, ids, references, index and triggers as they were', () => {
    fixture(4);
    const raw = new Database(file);
    raw.prepare(`INSERT INTO exchanges (order_row, environment, method, path, http_status, response_body, outcome, started_at, duration_ms)
                 VALUES (1, 'demo', 'GET', '/orders/x', 200, '{}', 'answered', 5, 1)`).run();
    raw.prepare('INSERT INTO retention_masked (order_row, masked_at) VALUES (2, 9)').run();
    const before = raw.prepare('SELECT * FROM orders ORDER BY id').all();
    raw.close();

    const db = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 5));
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare('SELECT * FROM orders ORDER BY id').all()).toEqual(before);
    expect(db.prepare('SELECT order_row FROM exchanges').all()).toEqual([{ order_row: 1 }]);
    expect(db.prepare('SELECT order_row FROM retention_masked').all()).toEqual([{ order_row: 2 }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_temp_master WHERE name = 'orders_kept'").get()).toEqual({ n: 0 });
    // The wider check: needs_review is a state now, anything else still is not.
    db.prepare("UPDATE orders SET state = 'needs_review', transaction_id = '17472052901237122' WHERE id = 3").run();
    expect(() => db.prepare("UPDATE orders SET state = 'settled' WHERE id = 3").run()).toThrow(/CHECK/);
    // The triggers came back: a new transaction id is recorded and searchable.
    expect(db.prepare('SELECT transaction_id FROM order_transactions WHERE order_row = 3').all()).toEqual([{ transaction_id: '17472052901237122' }]);
    expect(fts(db, '"17472052901237122"')).toEqual([3]);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL").get()).toEqual({ n: 12 });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'orders'").get()).toEqual({ n: 5 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('a failure in the history migration leaves version 3 as it was', () => {
    fixture(3);
    const broken = [...MIGRATIONS.slice(0, 3), failingAfter(MIGRATIONS[3]!)];
    expect(() => openDatabase(file, broken)).toThrow(/nowhere/);
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('orders_fts', 'order_transactions', 'orders_by_state')").get()).toEqual({ n: 0 });
    expect((db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n).toBe(3);
    db.close();
    // And the real migration still runs afterwards.
    const fixed = openDatabase(file);
    expect(fixed.pragma('user_version', { simple: true })).toBe(LATEST);
    fixed.close();
  });

  it('a failure two versions up leaves version 2 as it was (all pending migrations are one transaction)', () => {
    fixture(2);
    const broken = [...MIGRATIONS.slice(0, 3), failingAfter(MIGRATIONS[3]!)];
    expect(() => openDatabase(file, broken)).toThrow();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('profiles', 'orders_fts')").get()).toEqual({ n: 0 });
    db.close();
  });
});
