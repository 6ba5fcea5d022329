/**
 * Small console settings kept in the `settings` table (key → JSON text). Keys of
 * the accounts work are namespaced `accounts.*` so other features can share the
 * table without clashes.
 */
import type { DB } from '../storage/db';

export interface SettingsStore {
  get<T>(key: string): T | null;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export function createSettingsStore(db: DB): SettingsStore {
  const read = db.prepare<{ key: string }, { value: string }>('SELECT value FROM settings WHERE key = @key');
  const write = db.prepare(
    'INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const drop = db.prepare('DELETE FROM settings WHERE key = @key');
  return {
    get<T>(key: string): T | null {
      const row = read.get({ key });
      if (!row) return null;
      try {
        return JSON.parse(row.value) as T;
      } catch {
        return null; // a hand-edited value we cannot read counts as unset
      }
    },
    set(key, value) {
      write.run({ key, value: JSON.stringify(value) });
    },
    remove(key) {
      drop.run({ key });
    },
  };
}

export const SETTING = {
  operator: 'accounts.operator',
  activeProfile: 'accounts.activeProfile',
  retentionMonths: 'accounts.retentionMonths',
  lastRetention: 'accounts.lastRetention',
  orderCap: 'entry.orderCapMinor',
  formatRegion: 'display.formatRegion',
  welcome: 'welcome.progress',
} as const;
