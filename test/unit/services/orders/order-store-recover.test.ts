// After a start, unclear orders are brought forward for a check, but boundedly: rewriting every
// one of 30,000 unclear rows held the start for ~0.8 s at a million orders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../../electron/services/storage/db';
import type { DB } from '../../../../electron/services/storage/db';
import { createOrderStore } from '../../../../electron/services/orders/order-store';
import { seedHistory } from '../../../support/history-seed';

let dir: string;
let db: DB;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'msp-recover-'));
  db = openDatabase(join(dir, 'db.sqlite3'));
});
afterEach(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

it('checks the newest 1,000 unclear orders at once, leaves older ones on their backoff, and turns sending into unknown', () => {
  const store = createOrderStore(db);
  seedHistory(db, store, 1_500, { seed: 3 });
  const now = 10_000_000_000_000;
  const later = now + 15 * 60_000;
  db.prepare("UPDATE orders SET state = 'unknown', next_check_at = @later").run({ later });
  // Three were being sent when the console stopped: they become unclear and are checked now too.
  db.prepare("UPDATE orders SET state = 'sending', next_check_at = NULL WHERE id IN (SELECT id FROM orders ORDER BY id LIMIT 3)").run();

  expect(store.recoverInterrupted(now)).toBe(3);

  const dueNow = db.prepare('SELECT id FROM orders WHERE next_check_at = ? ORDER BY created_at DESC, id DESC').all(now) as { id: number }[];
  const newest = db.prepare("SELECT id FROM orders WHERE problem_code IS NOT 'interrupted' ORDER BY created_at DESC, id DESC LIMIT 1000").all() as { id: number }[];
  const interrupted = db.prepare("SELECT id FROM orders WHERE problem_code = 'interrupted'").all() as { id: number }[];
  expect(interrupted).toHaveLength(3);
  expect(new Set(dueNow.map((r) => r.id))).toEqual(new Set([...newest, ...interrupted].map((r) => r.id)));
  const untouched = db.prepare('SELECT count(*) AS n FROM orders WHERE next_check_at = ?').get(later) as { n: number };
  expect(untouched.n).toBe(1_500 - 1_000 - 3);
  expect((db.prepare("SELECT count(*) AS n FROM orders WHERE state = 'unknown'").get() as { n: number }).n).toBe(1_500);
});
