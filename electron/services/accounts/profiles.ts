/**
 * Site profiles: which environment orders go to, with which API key, and the
 * order defaults of that site. The built-in Demo profile is always there and is
 * active until staff switch to another one.
 *
 * Keys live only here, in main:
 * - stored: encrypted by the SecretStore (safeStorage), kept as `v1:<base64>` so the
 *   scheme can change later; decrypted once into memory;
 * - session: memory only, for machines whose OS cannot protect stored keys (Linux
 *   basic_text) or by choice; gone when the console quits.
 * Nothing this module returns to the renderer holds more than the last 4 characters.
 */
import { randomBytes } from 'node:crypto';
import type {
  KeyCheck,
  KeyStorage,
  ProfileDefaults,
  ProfileSaved,
  ProfileSummary,
  ProfilesState,
} from '../../../shared/accounts';
import { BUILTIN_DEMO_ID, EMPTY_DEFAULTS, keyHintOf } from '../../../shared/accounts';
import { LOCALES } from '../../../shared/customer';
import type { ProfileSaveInput as SaveInputSchema } from '../../../shared/accounts';
import type { Environment } from '../../../shared/orders';
import type { z } from '../../../shared/zod';
import { DEMO_API_KEY } from '../../demo/server';
import type { AuditLog } from './audit';
import type { Clock } from '../platform/clock';
import type { DB } from '../storage/db';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import type { SecretStore } from './secrets';
import type { SettingsStore } from './settings';
import { SETTING } from './settings';

export interface Profile {
  id: string;
  name: string;
  environment: Environment;
  apiKey: string;
  /** Order defaults of this site (redirect/cancel URLs, locale, link expiry, description template). */
  defaults: ProfileDefaults;
}

export const DEMO_PROFILE: Profile = {
  id: BUILTIN_DEMO_ID,
  name: 'Demo',
  environment: 'demo',
  apiKey: DEMO_API_KEY,
  defaults: EMPTY_DEFAULTS,
};

export const DEFAULT_BASE_URLS: Record<Exclude<Environment, 'demo'>, string> = {
  test: 'https://testapi.multisafepay.com/v1/json',
  live: 'https://api.multisafepay.com/v1/json',
};

/** The ciphertext tag: bump it (and keep reading the old one) if the scheme ever changes. */
export const KEY_SCHEME = 'v1';

export function encodeCipher(cipher: Uint8Array): string {
  return `${KEY_SCHEME}:${Buffer.from(cipher).toString('base64')}`;
}

/** The raw ciphertext of a stored value, or null when its scheme is not one we know. */
export function decodeCipher(stored: string): Uint8Array | null {
  const colon = stored.indexOf(':');
  if (colon < 0 || stored.slice(0, colon) !== KEY_SCHEME) return null;
  return new Uint8Array(Buffer.from(stored.slice(colon + 1), 'base64'));
}

interface ProfileRow {
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

type SaveInput = z.output<typeof SaveInputSchema>;

const field = (name: string, key: string, params?: Record<string, string | number>) => ({
  [name]: params ? { key, params } : { key },
});

function defaultsOf(row: ProfileRow): ProfileDefaults {
  const locale = (LOCALES as readonly string[]).includes(row.locale ?? '') ? (row.locale as ProfileDefaults['locale']) : null;
  return {
    redirectUrl: row.redirect_url,
    cancelUrl: row.cancel_url,
    locale,
    linkExpiryDays: row.link_expiry_days,
    descriptionTemplate: row.description_template,
  };
}

function parseCheck(text: string | null): KeyCheck | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as KeyCheck;
  } catch {
    return null;
  }
}

export interface ProfileService {
  /** The active profile with its key (main only). Falls back to Demo if the active one lost its key. */
  active(): Profile;
  list(): ProfilesState;
  save(input: SaveInput): Promise<ProfileSaved>;
  remove(id: string): ProfilesState;
  switchTo(id: string): ProfilesState;
  recheck(id: string): Promise<KeyCheck>;
  /** Every API key this process knows right now: the logger scrubs them from every line. */
  knownKeys(): readonly string[];
}

export function createProfileService(deps: {
  db: DB;
  secrets: SecretStore;
  settings: SettingsStore;
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  checkKey: (environment: Environment, apiKey: string) => Promise<KeyCheck>;
}): ProfileService {
  const { db, secrets, settings, clock, log, audit } = deps;

  const byId = db.prepare<{ id: string }, ProfileRow>('SELECT * FROM profiles WHERE id = @id AND deleted_at IS NULL');
  const live = db.prepare<[], ProfileRow>('SELECT * FROM profiles WHERE deleted_at IS NULL ORDER BY lower(name)');
  const gone = db.prepare<[], { id: string; name: string }>('SELECT id, name FROM profiles WHERE deleted_at IS NOT NULL');
  const nameTaken = db.prepare<{ name: string; id: string }, { id: string }>(
    'SELECT id FROM profiles WHERE lower(name) = lower(@name) AND deleted_at IS NULL AND id <> @id',
  );
  const insert = db.prepare(`
    INSERT INTO profiles (id, name, environment, key_cipher, key_hint, key_storage, key_check, redirect_url,
                          cancel_url, locale, link_expiry_days, description_template, created_at, updated_at)
    VALUES (@id, @name, @environment, @key_cipher, @key_hint, @key_storage, @key_check, @redirect_url,
            @cancel_url, @locale, @link_expiry_days, @description_template, @now, @now)`);
  const update = db.prepare(`
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

  /** Decrypted stored keys and session-only keys, by profile id. Never leaves this closure except via active(). */
  const keys = new Map<string, string>();
  /** Keys being checked before they are saved (so a log line during the check is scrubbed too). */
  const pending = new Set<string>();
  /** Keys replaced or deleted in this session: still scrubbed from logs until the console quits. */
  const retired = new Set<string>();
  const forget = (id: string) => {
    const old = keys.get(id);
    if (old !== undefined) retired.add(old);
    keys.delete(id);
  };

  function loadKey(row: ProfileRow): string | null {
    if (row.environment === 'demo') return DEMO_API_KEY;
    const cached = keys.get(row.id);
    if (cached !== undefined) return cached;
    if (row.key_storage !== 'stored' || !row.key_cipher) return null;
    const cipher = decodeCipher(row.key_cipher);
    if (!cipher) {
      log.warn('profiles.key_scheme_unknown', { profileId: row.id });
      return null;
    }
    try {
      const plain = secrets.decrypt(cipher);
      keys.set(row.id, plain);
      return plain;
    } catch (error) {
      log.error('profiles.key_unreadable', { profileId: row.id, error });
      return null;
    }
  }

  // Decrypt stored keys once at start: the logger's scrub list must know them before any call.
  for (const row of live.all()) loadKey(row);

  const usable = (row: ProfileRow) => loadKey(row) !== null;

  let activeId = settings.get<string>(SETTING.activeProfile) ?? BUILTIN_DEMO_ID;
  {
    const row = activeId === BUILTIN_DEMO_ID ? undefined : byId.get({ id: activeId });
    if (activeId !== BUILTIN_DEMO_ID && (!row || !usable(row))) {
      // A session-only key is gone after a restart: start in Demo rather than with a profile that cannot send.
      log.info('profiles.active_unavailable', { profileId: activeId });
      activeId = BUILTIN_DEMO_ID;
    }
  }

  function storageOf(row: ProfileRow): KeyStorage {
    return row.environment === 'demo' ? 'builtin' : row.key_storage;
  }

  function summary(row: ProfileRow): ProfileSummary {
    return {
      id: row.id,
      name: row.name,
      environment: row.environment,
      builtIn: false,
      active: row.id === activeId,
      keyStorage: storageOf(row),
      keyHint: row.environment === 'demo' ? null : row.key_hint,
      keyAvailable: usable(row),
      lastCheck: parseCheck(row.key_check),
      defaults: defaultsOf(row),
    };
  }

  const demoSummary = (): ProfileSummary => ({
    id: BUILTIN_DEMO_ID,
    name: DEMO_PROFILE.name,
    environment: 'demo',
    builtIn: true,
    active: activeId === BUILTIN_DEMO_ID,
    keyStorage: 'builtin',
    keyHint: null,
    keyAvailable: true,
    lastCheck: null,
    defaults: EMPTY_DEFAULTS,
  });

  function state(): ProfilesState {
    return {
      profiles: [demoSummary(), ...live.all().map(summary)],
      activeId,
      storageProtected: secrets.isProtected(),
      deletedNames: Object.fromEntries(gone.all().map((r) => [r.id, r.name])),
    };
  }

  function mustFind(id: string): ProfileRow {
    if (id === BUILTIN_DEMO_ID) {
      throw new ServiceError('VALIDATION', 'The built-in Demo profile cannot be changed.', field('_', 'validation.profile.builtIn'));
    }
    const row = byId.get({ id });
    if (!row) throw new ServiceError('NOT_FOUND', 'No such profile.', field('_', 'validation.profile.notFound'));
    return row;
  }

  function setActive(id: string, reason: string): void {
    const from = activeId;
    if (from === id) return;
    activeId = id;
    settings.set(SETTING.activeProfile, id);
    const to = id === BUILTIN_DEMO_ID ? DEMO_PROFILE : (byId.get({ id }) ?? null);
    audit.record({ action: 'profile.switch', details: { from, to: id, environment: to?.environment ?? null, reason } });
  }

  async function verify(environment: Environment, apiKey: string): Promise<KeyCheck> {
    pending.add(apiKey);
    try {
      return await deps.checkKey(environment, apiKey);
    } finally {
      pending.delete(apiKey);
    }
  }

  /** Encrypt and tag; an OS error is logged while the key is still on the scrub list, then classified. */
  function encrypt(id: string, apiKey: string): string {
    pending.add(apiKey);
    try {
      return encodeCipher(secrets.encrypt(apiKey));
    } catch (error) {
      log.error('profiles.encrypt_failed', { profileId: id, error });
      throw new ServiceError('STORAGE', 'The OS secret storage could not encrypt the key; nothing was saved.');
    } finally {
      pending.delete(apiKey);
    }
  }

  function refuseInvalid(check: KeyCheck): never {
    const params: Record<string, string> = { environment: check.environment };
    if (check.detected) params.detected = check.detected;
    throw new ServiceError(
      'AUTH',
      check.detected
        ? `MultiSafepay refused this key in ${check.environment}; it works in ${check.detected}.`
        : `MultiSafepay refused this key in ${check.environment}: the key is invalid or not allowed.`,
      field('apiKey', check.detected ? 'validation.apiKey.otherEnvironment' : 'validation.apiKey.invalid', params),
    );
  }

  return {
    active() {
      if (activeId === BUILTIN_DEMO_ID) return DEMO_PROFILE;
      const row = byId.get({ id: activeId });
      const apiKey = row ? loadKey(row) : null;
      if (!row || apiKey === null) {
        // Deleted or keyless underneath us: never send with a missing key; Demo is harmless.
        activeId = BUILTIN_DEMO_ID;
        return DEMO_PROFILE;
      }
      return { id: row.id, name: row.name, environment: row.environment, apiKey, defaults: defaultsOf(row) };
    },

    list: state,

    async save(input) {
      const existing = input.id ? mustFind(input.id) : null;
      if (nameTaken.get({ name: input.name, id: existing?.id ?? '' }) || input.name.toLowerCase() === DEMO_PROFILE.name.toLowerCase()) {
        throw new ServiceError('CONFLICT', 'Another profile already has this name.', field('name', 'validation.profile.nameTaken'));
      }
      const now = clock.now();
      const id = existing?.id ?? `p-${randomBytes(5).toString('hex')}`;
      let keyStorage: KeyStorage = existing ? storageOf(existing) : 'none';
      let keyCipher = existing?.key_cipher ?? null;
      let keyHint = existing?.key_hint ?? null;
      let check: KeyCheck | null = existing ? parseCheck(existing.key_check) : null;
      let newKey: string | null = null;
      let checked = false;

      if (input.environment === 'demo') {
        if (input.apiKey !== undefined) {
          throw new ServiceError('VALIDATION', 'Demo profiles use the demo key; no key is needed.', field('apiKey', 'validation.apiKey.notForDemo'));
        }
        keyStorage = 'builtin';
        keyCipher = null;
        keyHint = null;
        check = null;
      } else if (input.apiKey !== undefined) {
        if (!secrets.isProtected() && !input.keepForSession) {
          // Never store silently where the OS would keep it behind a hard-coded password.
          throw new ServiceError(
            'VALIDATION',
            'This computer cannot protect a stored API key. Keep the key for this session only, or set up the OS keyring.',
            field('apiKey', 'validation.apiKey.unprotected'),
          );
        }
        check = await verify(input.environment, input.apiKey);
        checked = true;
        if (check.status === 'invalid') refuseInvalid(check);
        newKey = input.apiKey;
        keyHint = keyHintOf(newKey);
        if (input.keepForSession) {
          keyStorage = 'session';
          keyCipher = null;
        } else {
          keyStorage = 'stored';
          keyCipher = encrypt(id, newKey);
        }
      } else {
        const current = existing ? loadKey(existing) : null;
        if (!existing || keyStorage === 'builtin' || keyStorage === 'none') {
          throw new ServiceError('VALIDATION', 'Enter the API key of this site.', field('apiKey', 'validation.apiKey.required'));
        }
        // The same key in another environment is a different question: ask MultiSafepay again.
        if (current !== null && existing.environment !== input.environment) {
          check = await verify(input.environment, current);
          checked = true;
          if (check.status === 'invalid') refuseInvalid(check);
        }
      }

      const row = {
        id,
        name: input.name,
        environment: input.environment,
        key_cipher: keyCipher,
        key_hint: keyHint,
        key_storage: keyStorage,
        key_check: check ? JSON.stringify(check) : null,
        redirect_url: input.defaults.redirectUrl,
        cancel_url: input.defaults.cancelUrl,
        locale: input.defaults.locale,
        link_expiry_days: input.defaults.linkExpiryDays,
        description_template: input.defaults.descriptionTemplate,
        now,
      };
      try {
        db.transaction(() => (existing ? update.run(row) : insert.run(row)))();
      } catch (error) {
        log.error('profiles.save_failed', { profileId: id, error });
        throw new ServiceError('STORAGE', 'The profile could not be saved.');
      }
      if (newKey !== null) {
        forget(id);
        keys.set(id, newKey);
      } else if (input.environment === 'demo') forget(id);

      const changed = existing
        ? [
            existing.name !== input.name && 'name',
            existing.environment !== input.environment && 'environment',
            JSON.stringify(defaultsOf(existing)) !== JSON.stringify(input.defaults) && 'defaults',
          ].filter(Boolean).join(',')
        : null;
      audit.record({
        action: existing ? 'profile.update' : 'profile.create',
        details: { profileId: id, name: input.name, environment: input.environment, ...(changed !== null ? { changed } : {}) },
      });
      if (newKey !== null) {
        audit.record({
          action: 'key.change',
          details: { profileId: id, hint: keyHint, storage: keyStorage, check: check?.status ?? null },
        });
      }
      // An edit that leaves the active profile without a usable key would send with nothing: back to Demo.
      const saved = byId.get({ id })!;
      if (id === activeId && !usable(saved)) setActive(BUILTIN_DEMO_ID, 'key_unavailable');
      return { profile: summary(saved), check: checked ? check : null, state: state() };
    },

    remove(id) {
      const row = mustFind(id);
      db.transaction(() => softDelete.run({ id, now: clock.now() }))();
      forget(id);
      audit.record({ action: 'profile.delete', details: { profileId: id, name: row.name, environment: row.environment } });
      if (activeId === id) setActive(BUILTIN_DEMO_ID, 'deleted');
      return state();
    },

    switchTo(id) {
      if (id !== BUILTIN_DEMO_ID) {
        const row = mustFind(id);
        if (!usable(row)) {
          throw new ServiceError(
            'CONFLICT',
            'This profile has no API key in this session; enter it first.',
            field('_', 'validation.profile.keyNeeded'),
          );
        }
      }
      setActive(id, 'chosen');
      return state();
    },

    async recheck(id) {
      const row = mustFind(id);
      if (row.environment === 'demo') {
        throw new ServiceError('VALIDATION', 'Demo profiles use the demo key.', field('apiKey', 'validation.apiKey.notForDemo'));
      }
      const apiKey = loadKey(row);
      if (apiKey === null) {
        throw new ServiceError('CONFLICT', 'This profile has no API key in this session.', field('_', 'validation.profile.keyNeeded'));
      }
      const check = await verify(row.environment, apiKey);
      setCheck.run({ id, key_check: JSON.stringify(check) });
      audit.record({ action: 'key.check', details: { profileId: id, status: check.status, detected: check.detected } });
      return check;
    },

    knownKeys() {
      return [...keys.values(), ...pending, ...retired];
    },
  };
}
