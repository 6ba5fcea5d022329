/**
 * What a restore would undo: the live history compared with a backup, by order key,
 * profile and setting. Names of profiles and settings only, never keys or values.
 */
import Database from 'better-sqlite3';
import type { RestorePreview } from '@shared/history';
import { hasTable } from './db';
import type { DB } from './db';

const has = hasTable;

function orders(db: Database.Database): Map<string, string> {
  if (!has(db, 'orders')) return new Map();
  const rows = db.prepare("SELECT environment || '/' || profile_id || '/' || order_id AS k, state || '/' || coalesce(status, '') || '/' || updated_at AS v FROM orders").raw().all() as [string, string][];
  return new Map(rows);
}

function keyed(db: Database.Database, sql: string, table: string): Map<string, string> {
  if (!has(db, table)) return new Map();
  return new Map((db.prepare(sql).raw().all() as [string, string][]).map(([k, v]) => [k, v]));
}

const PROFILES = "SELECT name, json_array(environment, key_cipher, key_storage, redirect_url, cancel_url, locale, link_expiry_days, description_template, deleted_at) FROM profiles";
const SETTINGS = 'SELECT key, value FROM settings';
const changed = (now: Map<string, string>, then: Map<string, string>) =>
  [...new Set([...now.keys(), ...then.keys()])].filter((k) => now.get(k) !== then.get(k)).sort();

export function previewRestore(live: DB, backupFile: string, info: { name: string; createdAt: number }): RestorePreview {
  const backup = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    const nowOrders = orders(live);
    const thenOrders = orders(backup);
    let added = 0;
    let changedOrders = 0;
    for (const [k, v] of nowOrders) {
      const before = thenOrders.get(k);
      if (before === undefined) added++;
      else if (before !== v) changedOrders++;
    }
    const auditHead = (db: Database.Database) =>
      has(db, 'audit') ? ((db.prepare('SELECT coalesce(max(id), 0) AS n FROM audit').get() as { n: number }).n) : 0;
    return {
      name: info.name,
      createdAt: new Date(info.createdAt).toISOString(),
      ordersAdded: added,
      ordersChanged: changedOrders,
      ordersInBackup: thenOrders.size,
      ordersNow: nowOrders.size,
      profilesChanged: changed(keyed(live, PROFILES, 'profiles'), keyed(backup, PROFILES, 'profiles')),
      settingsChanged: changed(keyed(live, SETTINGS, 'settings'), keyed(backup, SETTINGS, 'settings')).filter((k) => k !== 'accounts.lastRetention'),
      auditRowsCarried: Math.max(0, auditHead(live) - auditHead(backup)),
    };
  } finally {
    backup.close();
  }
}
