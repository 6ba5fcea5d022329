/**
 * Site profiles: which environment orders go to, with which API key, and the
 * order defaults of that site. The built-in Demo profile is always there and is
 * active until staff switch to another one. Keys stay in the key vault; nothing
 * this module returns to the renderer holds more than the last 4 characters.
 */
import { randomBytes } from 'node:crypto';
import type { KeyCheck, KeyStorage, ProfileSaved, ProfileSummary, ProfilesState } from '@shared/accounts';
import { BUILTIN_DEMO_ID, EMPTY_DEFAULTS, keyHintOf } from '@shared/accounts';
import type { ProfileSaveInput as SaveInputSchema } from '@shared/accounts';
import type { Environment } from '@shared/orders';
import type { z } from '@shared/zod';
import type { Clock } from '../platform/clock';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import type { ActiveProfile } from './active-profile';
import type { AuditLog } from './audit';
import type { KeyVault } from './key-vault';
import type { ProfileRow, ProfileStore } from './profile-store';
import { defaultsOf, parseCheck } from './profile-store';
import type { SecretStore } from './secrets';

export type { Profile } from './active-profile';

type SaveInput = z.output<typeof SaveInputSchema>;

const field = (name: string, key: string, params?: Record<string, string | number>) => ({
  [name]: params ? { key, params } : { key },
});

export interface ProfileService {
  list(): ProfilesState;
  save(input: SaveInput): Promise<ProfileSaved>;
  remove(id: string): ProfilesState;
  switchTo(id: string): ProfilesState;
  recheck(id: string): Promise<KeyCheck>;
}

export function createProfileService(deps: {
  store: ProfileStore;
  vault: KeyVault;
  active: ActiveProfile;
  secrets: SecretStore;
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  checkKey: (environment: Environment, apiKey: string) => Promise<KeyCheck>;
}): ProfileService {
  const { store, vault, active, secrets, clock, log, audit } = deps;

  const storageOf = (row: ProfileRow): KeyStorage => (row.environment === 'demo' ? 'builtin' : row.key_storage);

  function summary(row: ProfileRow): ProfileSummary {
    return {
      id: row.id,
      name: row.name,
      environment: row.environment,
      builtIn: false,
      active: row.id === active.id(),
      keyStorage: storageOf(row),
      keyHint: row.environment === 'demo' ? null : row.key_hint,
      keyAvailable: active.usable(row),
      lastCheck: parseCheck(row.key_check),
      defaults: defaultsOf(row),
    };
  }

  const demoSummary = (): ProfileSummary => ({
    id: BUILTIN_DEMO_ID,
    name: active.demo.name,
    environment: 'demo',
    builtIn: true,
    active: active.id() === BUILTIN_DEMO_ID,
    keyStorage: 'builtin',
    keyHint: null,
    keyAvailable: true,
    lastCheck: null,
    defaults: EMPTY_DEFAULTS,
  });

  function state(): ProfilesState {
    return {
      profiles: [demoSummary(), ...store.all().map(summary)],
      activeId: active.id(),
      storageProtected: secrets.isProtected(),
      deletedNames: store.deletedNames(),
    };
  }

  function mustFind(id: string): ProfileRow {
    if (id === BUILTIN_DEMO_ID) {
      throw new ServiceError('VALIDATION', 'The built-in Demo profile cannot be changed.', field('_', 'validation.profile.builtIn'));
    }
    const row = store.byId(id);
    if (!row) throw new ServiceError('NOT_FOUND', 'No such profile.', field('_', 'validation.profile.notFound'));
    return row;
  }

  function setActive(id: string, reason: string): void {
    const from = active.set(id);
    if (from === null) return;
    const to = id === BUILTIN_DEMO_ID ? active.demo : store.byId(id);
    audit.record({ action: 'profile.switch', details: { from, to: id, environment: to?.environment ?? null, reason } });
  }

  const verify = (environment: Environment, apiKey: string) => vault.whilePending(apiKey, () => deps.checkKey(environment, apiKey));

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
    list: state,

    async save(input) {
      const existing = input.id ? mustFind(input.id) : null;
      if (store.nameTaken(input.name, existing?.id ?? '') || input.name.toLowerCase() === active.demo.name.toLowerCase()) {
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
        keyStorage = input.keepForSession ? 'session' : 'stored';
        keyCipher = input.keepForSession ? null : vault.encrypt(id, newKey);
      } else {
        const current = existing ? vault.load(existing) : null;
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

      try {
        store.write(
          {
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
          },
          existing !== null,
        );
      } catch (error) {
        log.error('profiles.save_failed', { profileId: id, error });
        throw new ServiceError('STORAGE', 'The profile could not be saved.');
      }
      if (newKey !== null) vault.set(id, newKey);
      else if (input.environment === 'demo') vault.forget(id);

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
      const saved = store.byId(id)!;
      if (id === active.id() && !active.usable(saved)) setActive(BUILTIN_DEMO_ID, 'key_unavailable');
      return { profile: summary(saved), check: checked ? check : null, state: state() };
    },

    remove(id) {
      const row = mustFind(id);
      store.remove(id, clock.now());
      vault.forget(id);
      audit.record({ action: 'profile.delete', details: { profileId: id, name: row.name, environment: row.environment } });
      if (active.id() === id) setActive(BUILTIN_DEMO_ID, 'deleted');
      return state();
    },

    switchTo(id) {
      if (id !== BUILTIN_DEMO_ID && !active.usable(mustFind(id))) {
        throw new ServiceError('CONFLICT', 'This profile has no API key in this session; enter it first.', field('_', 'validation.profile.keyNeeded'));
      }
      setActive(id, 'chosen');
      return state();
    },

    async recheck(id) {
      const row = mustFind(id);
      if (row.environment === 'demo') {
        throw new ServiceError('VALIDATION', 'Demo profiles use the demo key.', field('apiKey', 'validation.apiKey.notForDemo'));
      }
      const apiKey = vault.load(row);
      if (apiKey === null) {
        throw new ServiceError('CONFLICT', 'This profile has no API key in this session.', field('_', 'validation.profile.keyNeeded'));
      }
      const check = await verify(row.environment, apiKey);
      store.setCheck(id, check);
      audit.record({ action: 'key.check', details: { profileId: id, status: check.status, detected: check.detected } });
      return check;
    },
  };
}
