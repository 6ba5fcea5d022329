import { closeSync, mkdtempSync, openSync, rmSync, writeSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, createBackups, restoreBackup, verifyDatabaseFile } from '../../../../electron/services/storage/backup';
import { manualClock } from '../../../../electron/services/platform/clock';
import { openDatabase } from '../../../../electron/services/storage/db';
import type { DB } from '../../../../electron/services/storage/db';

let dir: string;
let dbFile: string;
let db: DB;
const clock = manualClock();

function addOrder(n: number) {
  db.prepare(`INSERT INTO orders (environment, profile_id, operator, order_id, type, currency, amount, description,
    state, request_body, created_at, updated_at) VALUES ('demo','demo','op',?, 'paymentlink','EUR',100,'x','created','{}',0,0)`).run(`CON-${n}`);
}
const count = (d: DB) => (d.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'msp-backup-'));
  dbFile = join(dir, 'console.sqlite3');
  db = openDatabase(dbFile);
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('backups', () => {
  it('writes a verified copy with the backup API while the database is open', async () => {
    for (let i = 0; i < 500; i++) addOrder(i);
    const backups = createBackups({ db, dir: join(dir, 'backups'), keep: 3, now: clock.now });
    const info = await backups.backupNow();
    expect(verifyDatabaseFile(info.file)).toBe(true);
    const copy = openDatabase(info.file);
    expect(count(copy)).toBe(500);
    copy.close();
    expect(readdirSync(join(dir, 'backups')).some((f) => f.endsWith('.partial'))).toBe(false);
  });

  it('keeps only the newest N and backs up daily', async () => {
    const backups = createBackups({ db, dir: join(dir, 'backups'), keep: 2, now: clock.now });
    expect(await backups.backupIfDue()).not.toBeNull();
    clock.advance(60_000);
    expect(await backups.backupIfDue()).toBeNull(); // less than a day old
    for (let i = 0; i < 3; i++) {
      clock.advance(DAY_MS);
      expect(await backups.backupIfDue()).not.toBeNull();
    }
    const list = backups.list();
    expect(list).toHaveLength(2);
    expect(list[0]!.createdAt).toBe(clock.now());
  });

  it('restores a backup over a corrupted database and keeps the damaged file aside', async () => {
    for (let i = 0; i < 200; i++) addOrder(i);
    const backups = createBackups({ db, dir: join(dir, 'backups'), keep: 3, now: clock.now });
    const info = await backups.backupNow();
    db.close();

    // Garbage over a page in the middle of the file.
    const fd = openSync(dbFile, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, 8192);
    closeSync(fd);
    expect(verifyDatabaseFile(dbFile)).toBe(false);

    restoreBackup(dbFile, info.file, clock.now());
    db = openDatabase(dbFile);
    expect(count(db)).toBe(200);
    expect(readdirSync(dir).some((f) => f.includes('.replaced-'))).toBe(true);
  });

  it('refuses to restore a file that is not a sound database', () => {
    const bogus = join(dir, 'bogus.sqlite3');
    const fd = openSync(bogus, 'w');
    writeSync(fd, 'not a database');
    closeSync(fd);
    db.close();
    expect(() => restoreBackup(dbFile, bogus, clock.now())).toThrow(/not a sound backup/);
    expect(existsSync(dbFile)).toBe(true);
  });
});
