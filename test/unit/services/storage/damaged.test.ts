// A failed integrity check stays failed until a check passes: it is remembered beside the file
// (console.sqlite3.damaged), every later start opens the history read-only before it writes
// anything and checks again, a passing check or a verified restore forgets it, and a crash while
// the marker is written leaves none or a whole one.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelName, InputOf } from '@shared/contract';
import { startDemoServer } from '../../../../electron/demo/server';
import type { DemoServer } from '../../../../electron/demo/server';
import { createServices } from '../../../../electron/services/index';
import type { Services } from '../../../../electron/services/index';
import { memorySecretStore } from '../../../../electron/services/accounts/secrets';
import { createOrderStore } from '../../../../electron/services/orders/order-store';
import { memoryLogger } from '../../../../electron/services/platform/log';
import { createBackups } from '../../../../electron/services/storage/backup';
import { createBackupSeal } from '../../../../electron/services/storage/backup-seal';
import { damageMarker, readDamage, recordDamage } from '../../../../electron/services/storage/damaged';
import { openDatabase, openHistory } from '../../../../electron/services/storage/db';
import { applyPendingRestore, requestRestore } from '../../../../electron/services/storage/restore';
import { seedHistory } from '../../../support/history-seed';
import { crashedHistory as crashed, damagePage } from '../../../support/crashed-history';

const SENDER = { url: 'app://console/index.html', isMainFrame: true };
const support = resolve(import.meta.dirname, '../../../support');
let dir: string;
let file: string;
let marker: string;
let demo: DemoServer;
let services: Services | null = null;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'msp-damaged-'));
  file = join(dir, 'console.sqlite3');
  marker = damageMarker(file);
  demo = await startDemoServer();
});
afterEach(async () => {
  await services?.dispose();
  services = null;
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
});

const crashedHistory = () => crashed(file);
const damage = () => damagePage(file);

const start = async () =>
  (services = await createServices({
    dataDir: dir,
    secrets: memorySecretStore(),
    baseUrls: { demo: demo.apiBase },
    log: memoryLogger(),
    operator: 'tester',
    // The tracker and retention would write at start: a read-only start must skip them.
    reconcileEveryMs: 1_000,
    backupCheckEveryMs: 0,
    syncCheckEveryMs: 0,
  }));
const stop = async () => {
  await services?.dispose();
  services = null;
};
const call = <C extends ChannelName>(s: Services, channel: C, input: InputOf<C>) =>
  (s.handlers[channel] as (i: unknown, sender: typeof SENDER) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>)(input, SENDER);
const storageOf = async (s: Services) => ((await call(s, 'app.info', {})) as { value: { storage: Record<string, unknown> } }).value.storage;
const link = { type: 'paymentlink', amount: 1250, currency: 'EUR', description: 'Into a damaged file?' } as InputOf<'orders.create'>;

/**
 * The database byte for byte with its time, and what its WAL holds: what "nothing was written"
 * means. An empty WAL is the same as none (a read-only connection may create one, with nothing in it).
 */
function fingerprint(): { db: string; wal: string } {
  const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
  const { size, mtimeMs } = statSync(file);
  const wal = `${file}-wal`;
  return { db: `${size} ${mtimeMs} ${hash(file)}`, wal: existsSync(wal) && statSync(wal).size > 0 ? hash(wal) : 'empty' };
}

describe('a failed integrity check, remembered', () => {
  it('is written beside the file, and the next start is read-only before any write, says so, and checks again', async () => {
    crashedHistory();
    damage();
    let s = await start();
    await s.storageChecked();
    expect(await storageOf(s)).toMatchObject({ readOnly: true, cause: 'damaged' });
    const record = readDamage(file);
    expect(record?.detail).toMatch(/failed its integrity check/);
    expect(Number.isNaN(Date.parse(record!.at))).toBe(false);
    await stop();

    const before = fingerprint();
    s = await start();
    // Read-only at once: createServices resolved while the worker had not answered yet.
    const now = await storageOf(s);
    expect(now).toMatchObject({ readOnly: true, cause: 'damaged', checking: true, damagedSince: record!.at, writableAtRestart: false });
    expect(now.problem).toMatch(/failed its integrity check.*read-only.*backup/is);
    const refused = await call(s, 'orders.create', link);
    expect(refused).toMatchObject({ ok: false, error: { code: 'STORAGE', fields: { _: { key: 'validation.history.readOnly' } } } });
    // Still browsable, and the way out (a restore, after its preview) is open.
    expect(((await call(s, 'history.search', { limit: 3 })) as { value: { items: unknown[] } }).value.items).toHaveLength(3);
    const preview = await call(s, 'backups.restorePreview', { name: 'console-20261130-211200.sqlite3' });
    expect(preview.ok).toBe(false);
    expect(JSON.stringify(preview.error)).toMatch(/No backup named/);

    await s.storageChecked();
    expect(await storageOf(s)).toMatchObject({ readOnly: true, checking: false, cause: 'damaged', writableAtRestart: false });
    await stop();
    // Failed again: the first failure's record stands, and not a byte of the file changed.
    expect(readDamage(file)).toEqual(record);
    expect(fingerprint()).toEqual(before);
    expect(demo.received.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('a start that opens read-only runs no migration: a file one version behind stays behind', () => {
    crashedHistory();
    const db = new Database(file);
    const behind = (db.pragma('user_version', { simple: true }) as number) - 1;
    db.pragma(`user_version = ${behind}`);
    db.close();
    rmSync(`${file}.open`);
    recordDamage(file, 'The order history failed its integrity check (test).', Date.now());
    // The opening itself, as the factory does it: a read-write open would migrate (user_version up).
    const opened = openHistory(file, { deferCheck: true });
    expect(opened).toMatchObject({ readOnly: true, cause: 'damaged', checkDue: true, damaged: { detail: expect.stringMatching(/test/) } });
    expect(opened.db.readonly).toBe(true);
    expect(() => opened.db.prepare('DELETE FROM orders').run()).toThrow(/readonly/i);
    expect(opened.db.pragma('user_version', { simple: true })).toBe(behind);
    opened.db.close();
    // Nor was this session's open marker written.
    expect(existsSync(`${file}.open`)).toBe(false);
  });

  it('a passing check (the file repaired or replaced) clears it: writable again after a restart', async () => {
    crashedHistory();
    recordDamage(file, 'The order history failed its integrity check (page 7).', Date.parse('2026-11-30T21:12:00Z'));
    let s = await start();
    expect(await storageOf(s)).toMatchObject({ readOnly: true, checking: true, damagedSince: '2026-11-30T21:12:00.000Z' });
    await s.storageChecked();
    expect(existsSync(marker)).toBe(false);
    // This session stays read-only (it skipped the start's writes); it says a restart is enough.
    expect(await storageOf(s)).toMatchObject({ readOnly: true, checking: false, writableAtRestart: true, problem: null });
    expect((await call(s, 'orders.create', link)).ok).toBe(false);
    await stop();

    s = await start();
    expect(await storageOf(s)).toMatchObject({ readOnly: false, damagedSince: null, writableAtRestart: false });
    expect((await call(s, 'orders.create', link)).ok).toBe(true);
  });

  it('without the deferred check (scripts, tests) the check runs at open: a pass opens read-write, a failure read-only', () => {
    crashedHistory();
    recordDamage(file, 'The order history failed its integrity check (x).', Date.now());
    const sound = openHistory(file);
    expect(sound).toMatchObject({ readOnly: false, damaged: null });
    sound.db.close();
    expect(existsSync(marker)).toBe(false);

    damage();
    recordDamage(file, 'The order history failed its integrity check (x).', Date.now());
    const damaged = openHistory(file);
    expect(damaged).toMatchObject({ readOnly: true, cause: 'damaged' });
    damaged.db.close();
    expect(existsSync(marker)).toBe(true);
  });

  it('a history file that is gone leaves nothing to distrust: a new one starts writable', () => {
    recordDamage(file, 'The order history failed its integrity check (x).', Date.now());
    const opened = openHistory(file, { deferCheck: true });
    expect(opened).toMatchObject({ readOnly: false, damaged: null });
    opened.db.close();
    expect(existsSync(marker)).toBe(false);
  });
});

describe('a restore clears it once the restored file is verified', () => {
  /** A sound history with a backup of it chosen for restore, then damaged, with the failure remembered. */
  async function damagedWithBackup(seal = createBackupSeal(dir, memorySecretStore())) {
    const db = openDatabase(file);
    seedHistory(db, createOrderStore(db), 300, { seed: 5 });
    const backupDir = join(dir, 'backups');
    const backup = await createBackups({ db, dir: backupDir, keep: 7, now: Date.now, seal }).backupNow('manual');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    requestRestore({ dataDir: dir, backupDir, seal, name: backup.name, operator: 'op' });
    damage();
    recordDamage(file, 'The order history failed its integrity check (x).', Date.now());
    return { seal, backupDir, backup };
  }

  it('after the swap; and a start after a crash between swap and clearing clears it', async () => {
    const { seal, backupDir, backup } = await damagedWithBackup();
    const pending = readFileSync(join(dir, 'restore-pending.json'));
    expect(applyPendingRestore({ dataDir: dir, databaseFile: file, backupDir, seal, now: Date.now() })).toMatchObject({ restoredFrom: backup.name, problem: null });
    expect(existsSync(marker)).toBe(false);
    const opened = openHistory(file, { deferCheck: true });
    expect(opened.readOnly).toBe(false);
    opened.db.close();

    // The crash point: swapped, the marker still there, the choice not yet removed.
    writeFileSync(join(dir, 'restore-pending.json'), pending);
    recordDamage(file, 'The order history failed its integrity check (x).', Date.now());
    expect(applyPendingRestore({ dataDir: dir, databaseFile: file, backupDir, seal, now: Date.now() })).toMatchObject({ restoredFrom: backup.name, problem: null });
    expect(existsSync(marker)).toBe(false);
  });

  it('a refused restore leaves it: the damaged file is still the live one', async () => {
    const { seal, backupDir, backup } = await damagedWithBackup();
    // The backup changed after it was made: refused, the history is as it was.
    const fd = openSync(join(backupDir, backup.name), 'r+');
    writeSync(fd, Buffer.from('x'), 0, 1, 200);
    closeSync(fd);
    expect(applyPendingRestore({ dataDir: dir, databaseFile: file, backupDir, seal, now: Date.now() }).problem).toMatch(/not restored/);
    expect(existsSync(marker)).toBe(true);
  });
});

describe('a crash while the marker is written', () => {
  it('a half-written temporary file is no marker, and is removed', () => {
    writeFileSync(`${marker}.tmp`, '{"at":"2026-');
    expect(readDamage(file)).toBeNull();
    expect(existsSync(`${marker}.tmp`)).toBe(false);
  });

  it('a marker that cannot be read still counts (the safe side)', () => {
    writeFileSync(marker, 'not json');
    expect(readDamage(file)).toMatchObject({ detail: expect.stringMatching(/failed an earlier integrity check/) });
  });

  it('SIGKILLed at random points while writing and clearing it, again and again: no marker or a whole one', { timeout: 120_000 }, async () => {
    const KILLS = 30;
    // Large enough that a kill can land inside the write, not only between writes.
    const detailBytes = 4 << 20;
    const whole = 'x'.repeat(detailBytes);
    const seen = { none: 0, whole: 0, midWrite: 0 };
    for (let i = 0; i < KILLS; i++) {
      await writeAndKill(dir, detailBytes, 5 + Math.random() * 60);
      const leftovers = readdirSync(dir);
      if (leftovers.some((f) => f.endsWith('.tmp'))) seen.midWrite++;
      const record = readDamage(file);
      if (record === null) seen.none++;
      else {
        // Whole: the writer's "<n>:" and every byte of its detail after it.
        const [count, rest] = [record.detail.slice(0, record.detail.indexOf(':')), record.detail.slice(record.detail.indexOf(':') + 1)];
        expect(count, `kill ${i}: a whole record`).toMatch(/^\d+$/);
        expect(rest === whole, `kill ${i}: every byte of its detail`).toBe(true);
        expect(Number.isNaN(Date.parse(record.at))).toBe(false);
        seen.whole++;
      }
      // readDamage removed what the kill left half-written.
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(leftovers.every((f) => f.startsWith('console.sqlite3.damaged'))).toBe(true);
      rmSync(marker, { force: true });
    }
    // Both outcomes were seen. Kills inside a write itself are rarer (most of a round is JSON.stringify
    // of the 4 MB detail), so they are counted, not required: the half-written case is also set up above.
    expect(seen.whole).toBeGreaterThan(0);
    expect(seen.none).toBeGreaterThan(0);
    console.info(
      `damage marker crash test: ${KILLS} kills, ${seen.midWrite} inside a write; ${seen.none} left no marker, ${seen.whole} a whole one, 0 a partial one`,
    );
  });
});

/** A child that writes and clears the marker in a loop (support/damage-writer.ts), killed after `afterMs` of it. */
function writeAndKill(dataDir: string, detailBytes: number, afterMs: number): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--experimental-transform-types',
        '--no-warnings',
        '--import',
        join(support, 'ts-loader.mjs'),
        join(support, 'damage-writer.ts'),
        join(dataDir, 'console.sqlite3'),
        String(detailBytes),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    let out = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const before = out;
      out += chunk.toString();
      if (!before.includes('START\n') && out.includes('START\n')) setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? done() : fail(new Error(`the writer stopped by itself: ${err}`))));
  });
}
