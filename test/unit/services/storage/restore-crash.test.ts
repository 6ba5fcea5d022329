// Restore under process crashes: a start that is restoring a backup of a 10,000-order history
// is SIGKILLed at random points, again and again, each time followed by another start. Right
// after a kill the history must be the old one intact or the restored one complete (never empty,
// never unreadable), and the next start must finish the restore with the audit chain whole. The
// history being replaced failed a check before (its damage marker): the marker may only be gone
// once the restored history is live, and is gone after the next start.
// RESTORE_CRASH_ORDERS / RESTORE_CRASH_KILLS make a larger manual run.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainHash, createAuditLog, rowContent } from '../../../../electron/services/accounts/audit-log';
import { memorySecretStore } from '../../../../electron/services/accounts/secrets';
import { createOrderStore } from '../../../../electron/services/orders/order-store';
import { manualClock } from '../../../../electron/services/platform/clock';
import { memoryLogger } from '../../../../electron/services/platform/log';
import { createBackups } from '../../../../electron/services/storage/backup';
import { createBackupSeal } from '../../../../electron/services/storage/backup-seal';
import { damageMarker, recordDamage } from '../../../../electron/services/storage/damaged';
import { openDatabase, openHistory } from '../../../../electron/services/storage/db';
import { applyPendingRestore, requestRestore } from '../../../../electron/services/storage/restore';
import { seedHistory } from '../../../support/history-seed';

const ORDERS = Number(process.env.RESTORE_CRASH_ORDERS ?? 10_000);
const LATER = 100; // orders made after the backup: what tells the old history from the restored one
const KILLS = Number(process.env.RESTORE_CRASH_KILLS ?? 50);
const support = resolve(import.meta.dirname, '../../../support');

let root: string;
let seedDir: string;
const dataDirOf = (dir: string) => ({ dataDir: dir, databaseFile: join(dir, 'console.sqlite3'), backupDir: join(dir, 'backups') });

/**
 * Orders and whether the audit chain verifies. Read-write, as any start opens it: a WAL left
 * hot by the kill needs recovering, which a read-only connection cannot do. Nothing is written.
 */
function look(file: string): { orders: number; auditOk: boolean; restoredRows: number; auditRows: number } {
  const db = new Database(file, { fileMustExist: true });
  try {
    const orders = (db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n;
    let prev = GENESIS_HASH;
    let auditOk = true;
    let restoredRows = 0;
    const rows = db.prepare('SELECT * FROM audit ORDER BY id').all() as Array<Parameters<typeof rowContent>[0] & { prev_hash: string; hash: string }>;
    for (const row of rows) {
      if (row.prev_hash !== prev || row.hash !== chainHash(prev, rowContent(row))) auditOk = false;
      if (row.action === 'backup.restored') restoredRows++;
      prev = row.hash;
    }
    return { orders, auditOk, restoredRows, auditRows: rows.length };
  } finally {
    db.close();
  }
}

/** One start in-process, as the factory does it. */
function start(dir: string) {
  const paths = dataDirOf(dir);
  const outcome = applyPendingRestore({ ...paths, seal: createBackupSeal(dir, memorySecretStore()), now: Date.now() });
  const opened = openHistory(paths.databaseFile);
  opened.db.close();
  return { ...outcome, readOnly: opened.readOnly, problem: outcome.problem ?? opened.problem };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'msp-restore-crash-'));
  seedDir = join(root, 'seed');
  const { databaseFile, backupDir } = dataDirOf(seedDir);
  mkdirSync(seedDir, { recursive: true });
  const db = openDatabase(databaseFile);
  const clock = manualClock();
  const audit = createAuditLog({ db, clock, operator: () => 'op', profile: () => ({ id: 'demo', environment: 'demo' }), log: memoryLogger() });
  seedHistory(db, createOrderStore(db), ORDERS, { seed: 1 });
  for (let i = 0; i < 5; i++) audit.append({ action: 'test.before', details: { i } });
  const seal = createBackupSeal(seedDir, memorySecretStore());
  const backup = await createBackups({ db, dir: backupDir, keep: 7, now: clock.now, seal }).backupNow('manual');
  seedHistory(db, createOrderStore(db), LATER, { seed: 2, from: ORDERS });
  for (let i = 0; i < 3; i++) audit.append({ action: 'test.after', details: { i } });
  requestRestore({ dataDir: seedDir, backupDir, seal, name: backup.name, operator: 'op' });
  db.close();
  recordDamage(databaseFile, 'The order history failed its integrity check (crash test).', Date.now());
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function startAndKill(dir: string, killAfterMs: number): Promise<'killed' | 'finished'> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--experimental-transform-types', '--no-warnings', '--import', join(support, 'ts-loader.mjs'), join(support, 'restore-start.ts'), dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const before = out;
      out += chunk.toString();
      if (!before.includes('START\n') && out.includes('START\n')) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') done(out.includes('DONE') ? 'finished' : 'killed');
      else if (code === 0 && out.includes('DONE')) done('finished');
      else fail(new Error(`start failed: ${err}`));
    });
  });
}

describe('restore crash safety', () => {
  it(`a restore of a ${ORDERS.toLocaleString('en')}-order history survives ${KILLS} SIGKILLs at random points`, { timeout: 300_000 }, async () => {
    // How long an uninterrupted restore takes here: the kills land anywhere in it.
    const probe = join(root, 'probe');
    cpSync(seedDir, probe, { recursive: true });
    const began = performance.now();
    const clean = start(probe);
    const restoreMs = performance.now() - began;
    expect(clean).toMatchObject({ restoredFrom: expect.stringMatching(/^console-/), problem: null, readOnly: false });
    const restored = look(join(probe, 'console.sqlite3'));
    expect(restored).toMatchObject({ orders: ORDERS, auditOk: true, restoredRows: 1, auditRows: 5 + 3 + 1 });
    expect(existsSync(damageMarker(join(probe, 'console.sqlite3')))).toBe(false);
    rmSync(probe, { recursive: true, force: true });

    const seen = { old: 0, restored: 0, killedMidway: 0, finishedFirst: 0, resumed: 0 };
    for (let i = 0; i < KILLS; i++) {
      const dir = join(root, `run-${i}`);
      cpSync(seedDir, dir, { recursive: true });
      // The child's own start-up (loading modules) comes before START; the kill is timed from there.
      const result = await startAndKill(dir, Math.random() * restoreMs * 1.2);
      if (result === 'killed') seen.killedMidway++;
      else seen.finishedFirst++;

      const now = look(join(dir, 'console.sqlite3'));
      expect([ORDERS, ORDERS + LATER], `run ${i} right after the kill`).toContain(now.orders);
      expect(now.auditOk, `run ${i}: audit chain right after the kill`).toBe(true);
      if (now.orders === ORDERS) seen.restored++;
      else seen.old++;
      // The old (damaged) history still live: its marker must still be there.
      if (now.orders !== ORDERS) expect(existsSync(damageMarker(join(dir, 'console.sqlite3'))), `run ${i}: marker with the old history`).toBe(true);

      const next = start(dir);
      expect(next.problem, `run ${i}: next start`).toBeNull();
      expect(next.readOnly).toBe(false);
      if (next.restoredFrom) seen.resumed++;
      expect(look(join(dir, 'console.sqlite3')), `run ${i} after the next start`).toEqual({ orders: ORDERS, auditOk: true, restoredRows: 1, auditRows: 9 });
      expect(existsSync(damageMarker(join(dir, 'console.sqlite3'))), `run ${i}: marker after the next start`).toBe(false);
      rmSync(dir, { recursive: true, force: true });
    }
    expect(seen.killedMidway).toBeGreaterThan(KILLS / 4); // the kills really landed inside restores
    console.info(
      `restore crash test: ${ORDERS} orders, restore ${restoreMs.toFixed(0)} ms, ${KILLS} kills: ${seen.killedMidway} mid-restore, ` +
        `${seen.finishedFirst} after it finished; right after the kill ${seen.old} old history intact, ${seen.restored} restored complete, 0 empty or unreadable; ` +
        `the next start finished ${seen.resumed} restores, every history then restored with its audit chain verified`,
    );
  });
});
