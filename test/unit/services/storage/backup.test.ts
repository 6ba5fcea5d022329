import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, symlinkSync, writeFileSync, writeSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../../electron/services/accounts/audit-log';
import { memorySecretStore } from '../../../../electron/services/accounts/secrets';
import { memoryLogger } from '../../../../electron/services/platform/log';
import { manualClock } from '../../../../electron/services/platform/clock';
import { DAY_MS, createBackups, readRecord, verifyDatabaseFile, writeRecord } from '../../../../electron/services/storage/backup';
import { createBackupSeal } from '../../../../electron/services/storage/backup-seal';
import { openDatabase } from '../../../../electron/services/storage/db';
import type { DB } from '../../../../electron/services/storage/db';
import { applyPendingRestore, checkCandidate, requestRestore } from '../../../../electron/services/storage/restore';

let dir: string;
let dbFile: string;
let backupDir: string;
let db: DB;
const clock = manualClock();
const secrets = memorySecretStore();

function addOrder(n: number, target: DB = db) {
  target
    .prepare(
      `INSERT INTO orders (environment, profile_id, operator, order_id, type, currency, amount, description,
    state, request_body, created_at, updated_at) VALUES ('demo','demo','op',?, 'paymentlink','EUR',100,'x','created','{}',0,0)`,
    )
    .run(`CON-${n}`);
}
const count = (d: DB) => (d.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n;
const seal = () => createBackupSeal(dir, secrets);
const backups = (keep = 3, keepManual = 2) => createBackups({ db, dir: backupDir, keep, keepManual, now: clock.now, seal: seal() });
const restoreNow = (copy?: (a: string, b: string) => void) =>
  applyPendingRestore({ dataDir: dir, databaseFile: dbFile, backupDir, seal: seal(), now: clock.now(), copy });
const choose = (name: string) => requestRestore({ dataDir: dir, backupDir, seal: seal(), name, operator: 'op' });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'msp-backup-'));
  dbFile = join(dir, 'console.sqlite3');
  backupDir = join(dir, 'backups');
  db = openDatabase(dbFile);
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('backups', () => {
  it('writes one verified, sealed file with the backup API, and nothing beside it', async () => {
    for (let i = 0; i < 500; i++) addOrder(i);
    const info = await backups().backupNow('manual');
    expect(verifyDatabaseFile(info.file)).toBe(true);
    expect(readRecord(info.file, seal())).toMatchObject({ name: info.name, kind: 'manual', bytes: info.bytes });
    const copy = new Database(info.file, { readonly: true });
    expect(count(copy)).toBe(500);
    copy.close();
    // No `.partial`, `.partial-wal` or `.partial-shm` left behind: only the backup and its record.
    expect(readdirSync(backupDir).sort()).toEqual([info.name, `${info.name}.json`]);
  });

  it('keeps the newest N dailies and M manual backups apart: seven quick "Back up now" keep every daily', async () => {
    const b = backups(2, 3);
    expect(await b.backupIfDue()).not.toBeNull();
    clock.advance(60_000);
    expect(await b.backupIfDue()).toBeNull(); // less than a day old
    clock.advance(DAY_MS);
    expect(await b.backupIfDue()).not.toBeNull();
    for (let i = 0; i < 7; i++) await b.backupNow('manual'); // same second: each gets its own name
    const list = b.list();
    expect(list.filter((x) => x.kind === 'daily')).toHaveLength(2);
    expect(list.filter((x) => x.kind === 'manual')).toHaveLength(3);
    expect(await b.backupIfDue()).toBeNull(); // manual ones do not count as the daily
  });
});

describe('restore refuses what this installation did not make', () => {
  it('a file planted in the backups folder (sound SQLite, our schema, no record)', async () => {
    await backups().backupNow();
    const planted = join(dir, 'planted.sqlite3');
    const other = openDatabase(planted);
    addOrder(1, other);
    other.close();
    copyFileSync(planted, join(backupDir, 'console-20300101-000000.sqlite3'));
    expect(() => choose('console-20300101-000000.sqlite3')).toThrow(/not made by this console/);
  });

  it('a symlink named like a backup, and a genuine backup edited afterwards', async () => {
    const info = await backups().backupNow();
    symlinkSync(info.file, join(backupDir, 'console-20300101-000000.sqlite3'));
    expect(() => choose('console-20300101-000000.sqlite3')).toThrow(/not a plain file/);
    const fd = openSync(info.file, 'r+');
    writeSync(fd, Buffer.from('x'), 0, 1, 200);
    closeSync(fd);
    expect(() => choose(info.name)).toThrow(/changed after it was made/);
  });

  it('a sealed file whose schema is not ours (extra trigger) or newer than we know', async () => {
    const info = await backups().backupNow();
    const crafted = new Database(info.file);
    crafted.exec("CREATE TRIGGER rewrite AFTER INSERT ON orders BEGIN UPDATE orders SET amount = 1 WHERE id = NEW.id; END");
    crafted.close();
    expect(() => checkCandidate(info.file)).toThrow(/not the ones this console makes/);
    const newer = new Database(info.file);
    newer.exec('DROP TRIGGER rewrite');
    newer.pragma('user_version = 99');
    newer.close();
    expect(() => checkCandidate(info.file)).toThrow(/newer console/);
  });

  it('backups of an earlier session when the key store is not protected, with words saying why', async () => {
    const b = createBackups({ db, dir: backupDir, keep: 3, now: clock.now, seal: createBackupSeal(dir, memorySecretStore({ protected: false })) });
    const info = await b.backupNow();
    const laterSession = createBackupSeal(dir, memorySecretStore({ protected: false }));
    expect(() => requestRestore({ dataDir: dir, backupDir, seal: laterSession, name: info.name, operator: 'op' })).toThrow(/only vouch for backups made in this session/);
  });

  it('a genuine record cannot be moved onto another file', async () => {
    const info = await backups().backupNow();
    const record = readRecord(info.file, seal())!;
    writeRecord(join(backupDir, 'console-20300101-000000.sqlite3'), { ...record }, seal());
    copyFileSync(info.file, join(backupDir, 'console-20300101-000000.sqlite3'));
    expect(() => choose('console-20300101-000000.sqlite3')).toThrow(/not made by this console/);
  });
});

describe('restore at the next start', () => {
  it('restores over a damaged database and keeps the damaged file aside', async () => {
    for (let i = 0; i < 200; i++) addOrder(i);
    const info = await backups().backupNow();
    choose(info.name);
    db.close();
    const fd = openSync(dbFile, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, 8192);
    closeSync(fd);

    expect(restoreNow()).toEqual({ restoredFrom: info.name, problem: null });
    db = openDatabase(dbFile);
    expect(count(db)).toBe(200);
    expect(readdirSync(dir).some((f) => f.includes('.replaced-'))).toBe(true);
    expect(existsSync(join(dir, 'restore-pending.json'))).toBe(false);
  });

  it('carries the audit rows of a history a crash left with a hot WAL', async () => {
    const audit = createAuditLog({ db, clock, operator: () => 'op', profile: () => ({ id: 'demo', environment: 'demo' }), log: memoryLogger() });
    audit.append({ action: 'before' });
    const info = await backups().backupNow();
    audit.append({ action: 'after' });
    choose(info.name);
    // A crash image: the folder as it is while the console runs (the newest rows only in the WAL).
    const crashed = `${dir}-crashed`;
    cpSync(dir, crashed, { recursive: true });
    expect(existsSync(join(crashed, 'console.sqlite3-wal'))).toBe(true);
    const outcome = applyPendingRestore({
      dataDir: crashed,
      databaseFile: join(crashed, 'console.sqlite3'),
      backupDir: join(crashed, 'backups'),
      seal: createBackupSeal(crashed, secrets),
      now: clock.now(),
    });
    expect(outcome).toEqual({ restoredFrom: info.name, problem: null });
    const restored = openDatabase(join(crashed, 'console.sqlite3'));
    expect(restored.prepare('SELECT action FROM audit ORDER BY id').pluck().all()).toEqual(['before', 'after', 'backup.restored']);
    restored.close();
    rmSync(crashed, { recursive: true, force: true });
  });

  it('on a full disk leaves the history as it was and says so (never an empty history)', async () => {
    for (let i = 0; i < 50; i++) addOrder(i);
    const info = await backups().backupNow();
    addOrder(9999);
    choose(info.name);
    db.close();
    const full = (from: string, to: string) => {
      writeFileSync(to, 'partial');
      throw Object.assign(new Error(`ENOSPC: no space left on device, copyfile '${from}'`), { code: 'ENOSPC' });
    };
    const outcome = restoreNow(full);
    expect(outcome.restoredFrom).toBeNull();
    expect(outcome.problem).toMatch(/was not restored, and the history is as it was\. The disk .* is full/);
    db = openDatabase(dbFile);
    expect(count(db)).toBe(51);
    expect(readdirSync(dir).filter((f) => f.includes('.restoring') || f.includes('.replaced-'))).toEqual([]);
  });
});
