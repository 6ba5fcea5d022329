// The full-text index of a history upgraded from before version 4 is built after start, in
// chunks on main's connection: search is complete and correct at every point of the build, a kill mid-chunk loses
// nothing (the chunk is redone), and the finished index equals the old one-shot build.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistorySearchInput } from '@shared/history';
import type { HistorySearchInput as SearchInput } from '@shared/history';
import { createHistoryService } from '../../../../electron/services/history/history-service';
import type { HistoryService } from '../../../../electron/services/history/history-service';
import { indexTokens, searchTerms, termsMatch } from '../../../../electron/services/history/search-terms';
import { closeDatabase, openDatabase } from '../../../../electron/services/storage/db';
import type { DB } from '../../../../electron/services/storage/db';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations';
import { backfillChunk } from '../../../../electron/services/storage/fts-backfill';
import { createServices } from '../../../../electron/services/index';
import { memorySecretStore } from '../../../../electron/services/accounts/secrets';
import { memoryLogger } from '../../../../electron/services/platform/log';
import { startDemoServer } from '../../../../electron/demo/server';
import { random } from '../../../support/history-seed';

const ROWS = 700;
const CHUNK = 150;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'msp-fts-build-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const NAMES = ['Jansen', 'de Vries', 'Müller', 'Janssen', 'Dubois', 'Smit', 'José Álvarez', 'Bakker'];
const WORDS = ['invoice', 'repair', 'tickets', 'spare parts', 'workshop', 'deposit', 'Café crème'];

/** A database at version 3 (before the full-text index) holding `ROWS` varied orders, some stamped out of time order. */
function v3Fixture(file: string): void {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  const rnd = random(7);
  raw.transaction(() => {
    for (const migration of MIGRATIONS.slice(0, 3)) migration.up(raw);
    raw.pragma('user_version = 3');
    const insert = raw.prepare(
      `INSERT INTO orders (environment, profile_id, operator, order_id, type, gateway, currency, amount, description, state, status,
         transaction_id, customer_name, customer_email, iban, iban_last4, flow, request_body, created_at, updated_at)
       VALUES (@environment, 'shop', 'anna', @orderId, 'paymentlink', @gateway, 'EUR', @amount, @description, 'created', @status,
         @tx, @name, @email, @iban, @last4, @flow, '{}', @at, @at)`,
    );
    for (let i = 1; i <= ROWS; i++) {
      const name = NAMES[Math.floor(rnd() * NAMES.length)]!;
      const debit = rnd() < 0.2;
      const iban = debit ? `NL91ABNA04171${String(64300 + (i % 7)).padStart(5, '0')}` : null;
      insert.run({
        environment: rnd() < 0.5 ? 'test' : 'live',
        orderId: `CON-2025${String(100 + (i % 900)).padStart(4, '0')}-${String(i).padStart(6, '0')}`,
        gateway: debit ? 'DIRDEB' : 'IDEAL',
        amount: 100 + Math.floor(rnd() * 50_000),
        description: `${WORDS[Math.floor(rnd() * WORDS.length)]} ${i}`,
        status: rnd() < 0.3 ? 'completed' : 'initialized',
        // 16–17 digit ids, as text.
        tx: rnd() < 0.6 ? `1${String(Math.floor(rnd() * 1e15)).padStart(16, '0')}` : null,
        name,
        email: `${name.split(' ')[0]!.toLowerCase()}@example.nl`,
        iban,
        last4: iban ? iban.slice(-4) : null,
        flow: debit ? 'directdebit' : 'paymentlink',
        // Every 50th order stamped before the one recorded before it (a clock set back).
        at: 1_700_000_000_000 + i * 60_000 - (i % 50 === 0 ? 120_000 : 0),
      });
    }
  })();
  raw.close();
}

const audit = { record: () => {}, append: () => {} };
const QUERIES: SearchInput[] = [
  { text: 'jansen' },
  { text: 'Jans' },
  { text: 'muller' },
  { text: 'jose alvarez' },
  { text: 'cafe' },
  { text: 'de vries', filters: { status: 'completed' } },
  { text: 'invoice', sort: 'amountDesc' },
  { text: 'repair', sort: 'oldest', limit: 7 },
  { text: 'CON-202501' },
  { text: 'CON-20250123-000023' },
  { text: 'NL91 ABNA 0417 1643 02' },
  { text: 'example', filters: { environment: 'live', gateway: 'DIRDEB' }, limit: 10 },
  { text: 'spare parts 12' },
  { text: '%' },
];

/** Every page of a search (ids in order) with the first page's total. */
function everything(history: HistoryService, input: SearchInput) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page = history.search(HistorySearchInput.parse({ limit: 25, ...input, cursor }));
    if (cursor === null) total = page.total;
    ids.push(...page.items.map((o) => o.orderId));
    if (page.next === null) return { ids, total };
    cursor = page.next;
  }
  throw new Error('no end of pages');
}

/** The index's content, word by word and position by position (fts5vocab over the contentless table). */
function indexContent(db: DB) {
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.orders_fts_instances USING fts5vocab(main, orders_fts, instance)');
  return db.prepare('SELECT term, doc, col, offset FROM temp.orders_fts_instances ORDER BY term, doc, col, offset').all();
}

describe('building the full-text index after an upgrade from version 3', () => {
  it('answers every search like the finished index at every point of the build, survives a kill, and ends equal to a one-shot build', () => {
    const file = join(dir, 'building.sqlite3');
    const oneShotFile = join(dir, 'one-shot.sqlite3');
    v3Fixture(file);
    copyFileSync(file, oneShotFile);
    copyFileSync(file, join(dir, 'final.sqlite3'));

    // The reference: the same upgrade, its index built in one transaction (what version 4 used to do).
    const oneShot = openDatabase(oneShotFile);
    expect(backfillChunk(oneShot, ROWS * 10)).toBeNull();
    const reference = createHistoryService({ db: oneShot, audit });
    const expected = QUERIES.map((q) => everything(reference, q));
    // The queries do find things (the comparison below is not between two empty lists).
    expect(expected.filter((e) => e.ids.length > 0)).toHaveLength(QUERIES.length - 1);

    const db = openDatabase(file);
    expect(db.prepare('SELECT next_rowid, total FROM fts_backfill').get()).toEqual({ next_rowid: ROWS, total: ROWS });
    const history = createHistoryService({ db, audit });
    const answers = () => QUERIES.map((q) => everything(history, q));

    expect(answers()).toEqual(expected); // nothing indexed yet
    expect(backfillChunk(db, CHUNK)).toEqual({ next: ROWS - CHUNK, total: ROWS });
    expect(answers()).toEqual(expected); // part indexed
    // An order changed mid-build below the cursor (its trigger indexes it already) and a new one.
    const change = (target: DB) => {
      target.prepare("UPDATE orders SET description = 'Velgen Jansen' WHERE id = 10").run();
      target
        .prepare(
          `INSERT INTO orders (environment, profile_id, operator, order_id, type, currency, amount, description, state, request_body, created_at, updated_at)
           VALUES ('test', 'shop', 'anna', 'CON-NEW-1', 'paymentlink', 'EUR', 100, 'Velgen', 'created', '{}', 1800000000000, 1800000000000)`,
        )
        .run();
    };
    change(db);
    change(oneShot);
    const expectedNow = QUERIES.map((q) => everything(reference, q));
    expect(everything(history, { text: 'velgen' })).toEqual(everything(reference, { text: 'velgen' }));
    expect(everything(history, { text: 'velgen' }).ids).toHaveLength(2);
    expect(answers()).toEqual(expectedNow);

    // Killed mid-chunk: the chunk's rows were written but never committed, the cursor did not move
    // (a connection closed without COMMIT is what a killed process leaves behind).
    const builder = new Database(file);
    builder.exec('BEGIN IMMEDIATE');
    builder.exec(`INSERT OR REPLACE INTO orders_fts (rowid, order_key, order_id, transaction_ids, customer, email, description, iban_last4)
                  SELECT id, 'x', 'x', '', '', '', 'x', NULL FROM orders WHERE id BETWEEN ${ROWS - 2 * CHUNK} AND ${ROWS - CHUNK}`);
    builder.close();
    expect(db.prepare('SELECT next_rowid FROM fts_backfill').get()).toEqual({ next_rowid: ROWS - CHUNK });
    expect(answers()).toEqual(expectedNow);

    // Resumed (after a restart) from the cursor to the end.
    closeDatabase(db);
    const reopened = openDatabase(file);
    let chunks = 0;
    while (backfillChunk(reopened, CHUNK) !== null) {
      chunks++;
      expect(QUERIES.map((q) => everything(createHistoryService({ db: reopened, audit }), q))).toEqual(expectedNow);
    }
    expect(chunks).toBe(Math.ceil((ROWS - CHUNK) / CHUNK) - 1);
    expect(reopened.prepare('SELECT count(*) AS n FROM fts_backfill').get()).toEqual({ n: 0 });
    expect(QUERIES.map((q) => everything(createHistoryService({ db: reopened, audit }), q))).toEqual(expectedNow);
    // Word for word, position for position, the index a one-shot build of the same rows makes.
    const final = openDatabase(join(dir, 'final.sqlite3'));
    change(final);
    expect(backfillChunk(final, ROWS * 10)).toBeNull();
    expect(indexContent(reopened)).toEqual(indexContent(final));
    final.close();
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
    oneShot.close();
  });

  it('runs after start, between the calls main answers, says how far it is, and the history is usable meanwhile', async () => {
    const dataDir = join(dir, 'data');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dataDir);
    v3Fixture(join(dataDir, 'console.sqlite3'));
    const demo = await startDemoServer();
    const services = await createServices({
      dataDir,
      secrets: memorySecretStore(),
      baseUrls: { demo: demo.apiBase },
      log: memoryLogger(),
      reconcileEveryMs: 0,
      backupCheckEveryMs: 0,
    });
    const sender = { url: 'app://console/index.html', isMainFrame: true };
    try {
      const info = await services.handlers['app.info']({}, sender);
      // Started before the build ends: the window learns how far it is from app.info.
      expect(info.ok && info.value.storage.indexing).toEqual({ percent: 0 });
      const found = await services.handlers['history.search']({ text: 'jansen', limit: 5 }, sender);
      expect(found.ok && found.value.items.length).toBe(5);
      const exported = await services.handlers['history.exportStart']({ query: { text: 'jansen' } }, sender);
      expect(exported.ok ? 'ok' : exported.error).toMatchObject({ code: 'CONFLICT', fields: { _: { key: 'validation.history.indexBuilding' } } });
      await services.indexBuilt();
      const after = await services.handlers['app.info']({}, sender);
      expect(after.ok && after.value.storage.indexing).toBeNull();
      const raw = new Database(join(dataDir, 'console.sqlite3'), { readonly: true });
      expect(raw.prepare('SELECT count(*) AS n FROM fts_backfill').get()).toEqual({ n: 0 });
      expect((raw.prepare("SELECT count(*) AS n FROM orders_fts WHERE orders_fts MATCH 'invoice'").get() as { n: number }).n).toBeGreaterThan(50);
      raw.close();
    } finally {
      await services.dispose();
      await demo.close();
    }
  });
});

describe('matching an order not indexed yet', () => {
  it('tokenizes like the index: case and diacritics folded, punctuation splits', () => {
    expect(indexTokens('José Álvarez-Müller, café')).toEqual(['jose', 'alvarez', 'muller', 'cafe']);
    const row = {
      orderKey: 'con2025010110',
      orderId: 'CON-20250101-10',
      transactionIds: '12345678901234567',
      customer: 'José Álvarez',
      email: 'jose@example.nl',
      description: 'Café crème',
      ibanLast4: '4300',
    };
    const matches = (text: string) => termsMatch(searchTerms(text)!, row);
    expect(matches('alv')).toBe(true);
    expect(matches('jose cafe')).toBe(true);
    expect(matches('jose tea')).toBe(false);
    expect(matches('con-2025-0101')).toBe(true);
    expect(matches('1234567890')).toBe(true);
    expect(matches('NL91ABNA0417164300')).toBe(true);
    expect(matches('NL91ABNA0417164301')).toBe(false);
    expect(matches('j')).toBe(false); // one character is looked up whole
  });
});
