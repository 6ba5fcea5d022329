// Durability under process crashes: a child writing orders through the real services is
// SIGKILLed again and again. No acknowledged order may be lost, the database must pass
// integrity_check, and MultiSafepay must hold no order the local history does not know.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../../../electron/demo/server';
import type { DemoServer } from '../../../../electron/demo/server';
import { openDatabase } from '../../../../electron/services/storage/db';

const KILLS = 50;
const support = resolve(import.meta.dirname, '../../../support');

let demo: DemoServer;
let dataDir: string;
beforeAll(async () => {
  demo = await startDemoServer();
  dataDir = mkdtempSync(join(tmpdir(), 'msp-crash-'));
});
afterAll(async () => {
  await demo.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Start a writer, wait until it has acknowledged its first order (so every run really writes,
 * however busy the machine), let it run a random while longer, SIGKILL it.
 */
function runAndKill(acked: Set<string>): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--experimental-transform-types', '--no-warnings', '--import', join(support, 'ts-loader.mjs'), join(support, 'crash-writer.ts'), dataDir, demo.apiBase],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let buffer = '';
    let stderr = '';
    let armed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('ACK ')) continue;
        acked.add(line.slice(4));
        if (!armed) {
          armed = true;
          setTimeout(() => child.kill('SIGKILL'), Math.random() * 150);
        }
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? done() : fail(new Error(`writer ended without a kill: ${stderr}`))));
  });
}

describe('crash durability', () => {
  it(`loses no acknowledged order across ${KILLS} SIGKILLs`, { timeout: 180_000 }, async () => {
    const acked = new Set<string>();
    for (let i = 0; i < KILLS; i++) await runAndKill(acked);

    const db = openDatabase(join(dataDir, 'console.sqlite3')); // runs quick_check and migrations
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT order_id AS orderId, state FROM orders').all() as Array<{ orderId: string; state: string }>;
    db.close();
    const local = new Map(rows.map((r) => [r.orderId, r.state]));

    expect(acked.size).toBeGreaterThanOrEqual(KILLS); // every writer acknowledged at least one order before its kill
    for (const orderId of acked) expect(local.get(orderId), orderId).toBe('created');
    // Intent first: every order MultiSafepay holds has a local row (at worst still `sending`).
    const remote = demo.received.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body).order_id as string);
    for (const orderId of remote) {
      if (demo.getOrder(orderId)) expect(local.has(orderId), orderId).toBe(true);
    }
    expect(new Set(remote).size).toBe(remote.length); // no order_id was ever posted twice
    console.info(`crash test: ${KILLS} kills, ${acked.size} acknowledged, ${rows.length} local rows, ${remote.length} posts`);
  });

  it('a raw better-sqlite3 read agrees (the file is a valid SQLite database)', () => {
    const raw = new Database(join(dataDir, 'console.sqlite3'), { readonly: true });
    expect(raw.pragma('quick_check', { simple: true })).toBe('ok');
    raw.close();
  });
});
