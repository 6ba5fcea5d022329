/**
 * A history file as a crash leaves it, and damaged the way only the integrity check notices:
 * for the tests of the deferred check and of the remembered failure.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/services/storage/db';
import { createOrderStore } from '../../electron/services/orders/order-store';
import { seedHistory } from './history-seed';

/** A history with 2,000 orders left by a crash (no clean-close marker): the check is due. */
export function crashedHistory(file: string): void {
  const db = openDatabase(file);
  seedHistory(db, createOrderStore(db), 2000, { seed: 4 });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close(); // a plain close: what a crash leaves (the open marker stays)
}

/** Damage a page near the end: the file still opens and migrates, only quick_check finds it. */
export function damagePage(file: string): void {
  const raw = new Database(file);
  const pages = raw.pragma('page_count', { simple: true }) as number;
  raw.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, (pages - 2) * 4096);
  closeSync(fd);
}
