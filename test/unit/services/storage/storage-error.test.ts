// Storage failures say what to do: real SQLite errors (full disk, read-only, a lock held
// elsewhere, a damaged file, no way to open) come back through the gate as STORAGE with
// words and an i18n key, never as INTERNAL; the audit table takes only rows extending its chain.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '@shared/contract';
import { createAuditLog } from '../../../../electron/services/accounts/audit-log';
import { manualClock } from '../../../../electron/services/platform/clock';
import { createHandlers } from '../../../../electron/services/platform/gate';
import type { ServiceTable } from '../../../../electron/services/platform/gate';
import { memoryLogger } from '../../../../electron/services/platform/log';
import { openDatabase, openHistory } from '../../../../electron/services/storage/db';
import { startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

let dir: string;
let rig: Rig | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'msp-storage-error-'));
});
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Run `fn` and return what it threw. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

/** Real errors from SQLite, one per kind of trouble. */
const failures: Array<[string, () => unknown, RegExp, string]> = [
  [
    'a full disk',
    () => {
      const db = new Database(':memory:');
      db.exec('CREATE TABLE t (x TEXT)');
      db.pragma('max_page_count = 3');
      return thrown(() => db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000)));
    },
    /disk .* is full/,
    'validation.storage.full',
  ],
  [
    'a lock held by another process',
    () => {
      const file = join(dir, 'locked.sqlite3');
      const holder = new Database(file);
      holder.exec('CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1)');
      const other = new Database(file, { timeout: 0 });
      return thrown(() => other.prepare('INSERT INTO t VALUES (2)').run());
    },
    /in use by another process/,
    'validation.storage.busy',
  ],
  [
    'a damaged file',
    () => {
      const file = join(dir, 'damaged.sqlite3');
      writeFileSync(file, Buffer.alloc(8192, 0x41));
      return thrown(() => new Database(file).pragma('user_version'));
    },
    /damaged\. Restore a backup/,
    'validation.storage.damaged',
  ],
  [
    'a read-only database',
    () => {
      const file = join(dir, 'ro.sqlite3');
      new Database(file).exec('CREATE TABLE t (x)');
      return thrown(() => new Database(file, { readonly: true }).exec('INSERT INTO t VALUES (1)'));
    },
    /read-only/,
    'validation.storage.readOnly',
  ],
  ['a file that cannot be opened', () => thrown(() => new Database(dir).pragma('user_version')), /cannot be opened/, 'validation.storage.cantOpen'],
];

describe('SQLite errors through the gate', () => {
  it.each(failures)('%s → STORAGE with what to do', async (_name, make, message, key) => {
    const error = make();
    const services = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(async () => ({}))])) as unknown as ServiceTable;
    services['settings.get'] = () => {
      throw error;
    };
    const handlers = createHandlers(services, { trustedOrigin: 'app://console', log: memoryLogger() });
    const result = await handlers['settings.get']({}, { url: 'app://console/index.html', isMainFrame: true });
    expect(result).toEqual({ ok: false, error: { code: 'STORAGE', message: expect.stringMatching(message), fields: { _: { key } } } });
  });

  it('a write while another process holds the lock: settings.setOperator says so', { timeout: 20_000 }, async () => {
    rig = await startRig({ services: { backupCheckEveryMs: 0 } });
    const holder = new Database(join(rig.dataDir, 'console.sqlite3'));
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const result = await rig.call('settings.setOperator', { name: 'Anna' });
      expect(result.ok ? 'ok' : result.error).toMatchObject({ code: 'STORAGE', fields: { _: { key: 'validation.storage.busy' } } });
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('a history that cannot be opened for a reason other than damage is not told to restore a backup', () => {
    const file = join(dir, 'console.sqlite3');
    openDatabase(file).close();
    mkdirSync(`${file}-wal`); // the WAL cannot be created: like a read-only or locked-down folder
    const error = thrown(() => openHistory(file)) as Error;
    expect(error.message).not.toMatch(/restore/i);
    expect(error.message).toMatch(/cannot be opened|read-only|disk/);
  });
});

describe('the audit table takes only rows that extend its chain', () => {
  it('refuses INSERT OR REPLACE over a row and an insert that starts another chain', () => {
    const db = openDatabase(join(dir, 'audit.sqlite3'));
    const audit = createAuditLog({ db, clock: manualClock(), operator: () => 'op', profile: () => ({ id: 'demo', environment: 'demo' }), log: memoryLogger() });
    audit.append({ action: 'one' });
    audit.append({ action: 'two' });
    const row = db.prepare('SELECT * FROM audit WHERE id = 1').get() as Record<string, unknown>;
    const columns = Object.keys(row);
    const replace = db.prepare(`INSERT OR REPLACE INTO audit (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    expect(() => replace.run({ ...row, action: 'rewritten' })).toThrow(/extends its chain/);
    const insert = db.prepare(`INSERT INTO audit (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    expect(() => insert.run({ ...row, id: 3, hash: 'f'.repeat(64) })).toThrow(/extends its chain/); // prev_hash is not the head
    expect(audit.verify()).toMatchObject({ ok: true, count: 2 });
    audit.append({ action: 'three' });
    expect(audit.verify()).toMatchObject({ ok: true, count: 3 });
    db.close();
  });
});
