/** The profiles table: statements prepared once, named parameters only. */
import type { KeyCheck, KeyStorage, ProfileDefaults } from '@shared/accounts';
import { LOCALES } from '@shared/customer';
import type { Environment } from '@shared/orders';
import type { DB } from '../storage/db';

export interface ProfileRow {
  id: string;
  name: string;
  environment: Environment;
  key_cipher: string | null;
  key_hint: string | null;
  key_storage: KeyStorage;
  key_check: string | null;
  redirect_url: string | null;
  cancel_url: string | null;
  locale: string | null;
  link_expiry_days: number | null;
  description_template: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export type ProfileWrite = Omit<ProfileRow, 'created_at' | 'updated_at' | 'deleted_at'> & { now: number };

export function defaultsOf(row: ProfileRow): ProfileDefaults {
  const locale = (LOCALES as readonly string[]).includes(row.locale ?? '') ? (row.locale as ProfileDefaults['locale']) : null;
  return {
    redirectUrl: row.redirect_url,
    cancelUrl: row.cancel_url,
    locale,
    linkExpiryDays: row.link_expiry_days,
    descriptionTemplate: row.description_template,
  };
}

export function parseCheck(text: string | null): KeyCheck | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as KeyCheck;
  } catch {
    return null;
  }
}

export function createProfileStore(db: DB) {
  const byId = db.prepare<{ id: string }, ProfileRow>('SELECT * FROM profiles WHERE id = @id AND deleted_at IS NULL');
  const live = db.prepare<[], ProfileRow>('SELECT * FROM profiles WHERE deleted_at IS NULL ORDER BY lower(name)');
  const gone = db.prepare<[], { id: string; name: string }>('SELECT id, name FROM profiles WHERE deleted_at IS NOT NULL');
  const nameTaken = db.prepare<{ name: string; id: string }, { id: string }>(
    'SELECT id FROM profiles WHERE lower(name) = lower(@name) AND deleted_at IS NULL AND id <> @id',
  );
  const insert = db.prepare<ProfileWrite>(`
    INSERT INTO profiles (id, name, environment, key_cipher, key_hint, key_storage, key_check, redirect_url,
                          cancel_url, locale, link_expiry_days, description_template, created_at, updated_at)
    VALUES (@id, @name, @environment, @key_cipher, @key_hint, @key_storage, @key_check, @redirect_url,
            @cancel_url, @locale, @link_expiry_days, @description_template, @now, @now)`);
  const update = db.prepare<ProfileWrite>(`
    UPDATE profiles SET name = @name, environment = @environment, key_cipher = @key_cipher, key_hint = @key_hint,
      key_storage = @key_storage, key_check = @key_check, redirect_url = @redirect_url, cancel_url = @cancel_url,
      locale = @locale, link_expiry_days = @link_expiry_days, description_template = @description_template,
      updated_at = @now
    WHERE id = @id AND deleted_at IS NULL`);
  const setCheck = db.prepare('UPDATE profiles SET key_check = @key_check WHERE id = @id');
  // Deleting erases the key material; the name stays so history can still say whose orders they were.
  const softDelete = db.prepare(`
    UPDATE profiles SET deleted_at = @now, updated_at = @now, key_cipher = NULL, key_hint = NULL, key_storage = 'none',
      key_check = NULL
    WHERE id = @id AND deleted_at IS NULL`);

  return {
    byId: (id: string): ProfileRow | null => byId.get({ id }) ?? null,
    /** Profiles not deleted, by name. */
    all: (): ProfileRow[] => live.all(),
    /** Names of deleted profiles by id, so history can still say whose orders they were. */
    deletedNames: (): Record<string, string> => Object.fromEntries(gone.all().map((r) => [r.id, r.name])),
    nameTaken: (name: string, exceptId: string): boolean => nameTaken.get({ name, id: exceptId }) !== undefined,
    /** Insert or update in one transaction. */
    write: db.transaction((row: ProfileWrite, exists: boolean) => (exists ? update.run(row) : insert.run(row))),
    setCheck(id: string, check: KeyCheck): void {
      setCheck.run({ id, key_check: JSON.stringify(check) });
    },
    remove: db.transaction((id: string, now: number) => softDelete.run({ id, now })),
  };
}
export type ProfileStore = ReturnType<typeof createProfileStore>;
