/**
 * Which site profile is active, and the profile (with its key) behind any id.
 * Audit, orders, methods and drafts read the active one per request, so switching
 * changes the key and URL of the next call; an order's own profile is found by
 * `owner()`, whichever profile is active.
 */
import { BUILTIN_DEMO_ID, EMPTY_DEFAULTS } from '@shared/accounts';
import type { ProfileDefaults } from '@shared/accounts';
import type { Environment } from '@shared/orders';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import type { KeyVault } from './key-vault';
import type { ProfileRow, ProfileStore } from './profile-store';
import { defaultsOf } from './profile-store';
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

/** The built-in Demo profile, with the key of the demo server the factory talks to. */
export const demoProfile = (apiKey: string): Profile => ({
  id: BUILTIN_DEMO_ID,
  name: 'Demo',
  environment: 'demo',
  apiKey,
  defaults: EMPTY_DEFAULTS,
});

export function createActiveProfile(deps: { store: ProfileStore; vault: KeyVault; settings: SettingsStore; log: Logger; demo: Profile }) {
  const { store, vault, settings, demo } = deps;
  const usable = (row: ProfileRow) => vault.load(row) !== null;
  const toProfile = (row: ProfileRow, apiKey: string): Profile => ({
    id: row.id,
    name: row.name,
    environment: row.environment,
    apiKey,
    defaults: defaultsOf(row),
  });

  // Decrypt stored keys once at start: the logger's scrub list must know them before any call.
  for (const row of store.all()) vault.load(row);

  let activeId = settings.get<string>(SETTING.activeProfile) ?? BUILTIN_DEMO_ID;
  if (activeId !== BUILTIN_DEMO_ID) {
    const row = store.byId(activeId);
    if (!row || !usable(row)) {
      // A session-only key is gone after a restart: start in Demo rather than with a profile that cannot send.
      deps.log.info('profiles.active_unavailable', { profileId: activeId });
      activeId = BUILTIN_DEMO_ID;
    }
  }

  /** The profile with this id and a key usable now, or null. */
  function byId(id: string): Profile | null {
    if (id === BUILTIN_DEMO_ID) return demo;
    const row = store.byId(id);
    const apiKey = row ? vault.load(row) : null;
    return row && apiKey !== null ? toProfile(row, apiKey) : null;
  }

  return {
    demo,
    usable,
    id: () => activeId,
    /** The active profile with its key (main only). Falls back to Demo if the active one lost its key. */
    get(): Profile {
      const profile = byId(activeId);
      if (profile) return profile;
      // Deleted or keyless underneath us: never send with a missing key; Demo is harmless.
      activeId = BUILTIN_DEMO_ID;
      return demo;
    },
    /** Make `id` active (persisted); returns the id it replaced, or null when nothing changed. */
    set(id: string): string | null {
      const from = activeId;
      if (from === id) return null;
      activeId = id;
      settings.set(SETTING.activeProfile, id);
      return from;
    },
    /**
     * The profile an order belongs to, with its key, whichever profile is active.
     * Refused when that profile is gone, has no key in this session, or now points
     * at another environment (its key would be the wrong one for the order).
     */
    owner(key: { environment: Environment; profileId: string }): Profile {
      const profile = byId(key.profileId);
      if (!profile || profile.environment !== key.environment) {
        throw new ServiceError('CONFLICT', 'The site profile of this order has no API key for its environment in this session.', {
          _: { key: 'validation.profile.keyNeeded' },
        });
      }
      return profile;
    },
  };
}
export type ActiveProfile = ReturnType<typeof createActiveProfile>;
