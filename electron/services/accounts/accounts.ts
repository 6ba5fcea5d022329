/**
 * The accounts domain assembled: settings, the active profile, the audit log
 * (which names the active profile), site profiles, the live guard and personal
 * data. Audit and profiles both depend on the active profile, never on each other.
 */
import type { Environment } from '@shared/orders';
import type { KeyCheck } from '@shared/accounts';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/log';
import type { DB } from '../storage/db';
import { createPersonalData } from '../storage/personal-data';
import { createActiveProfile, demoProfile } from './active-profile';
import { createAuditLog } from './audit-log';
import { createConsoleSettings, operatorName } from './console-settings';
import type { KeyVault } from './key-vault';
import type { LiveOrderQuestion } from '../options';
import { createLiveGuard } from './live-guard';
import { createProfileStore } from './profile-store';
import { createProfileService } from './profiles';
import type { SecretStore } from './secrets';
import { createSettingsStore } from './settings';
import { createWelcome } from './welcome';
import { createWelcomeStore } from './welcome-store';

export function createAccounts(deps: {
  db: DB;
  vault: KeyVault;
  secrets: SecretStore;
  clock: Clock;
  log: Logger;
  demoApiKey: string;
  /** Who is at the keyboard until an operator name is set in Settings. */
  defaultOperator: string;
  defaultOrderCap: number;
  checkKey: (environment: Environment, apiKey: string) => Promise<KeyCheck>;
  /** Main's native question before a session's first live order (see live-guard.ts). */
  confirmLiveOrder?: (question: LiveOrderQuestion) => Promise<boolean>;
  /** The operating system's region for dates and numbers, null when it names none. */
  systemRegion: string | null;
  /** The history is open read-only (no welcome, nothing written). */
  readOnly: boolean;
}) {
  const { db, vault, clock, log } = deps;
  const settingsStore = createSettingsStore(db);
  const profileStore = createProfileStore(db);
  const active = createActiveProfile({ store: profileStore, vault, settings: settingsStore, log, demo: demoProfile(deps.demoApiKey) });
  const operator = operatorName(settingsStore, deps.defaultOperator);
  const audit = createAuditLog({ db, clock, operator, profile: active.get, log, secrets: vault.knownKeys });
  const personal = createPersonalData({ db, clock, settings: settingsStore, audit, log });
  const welcome = createWelcome({
    settings: settingsStore,
    store: createWelcomeStore(db),
    environment: () => active.get().environment,
    hasRealProfile: () => profileStore.all().some((p) => p.environment !== 'demo'),
    readOnly: deps.readOnly,
  });
  const settings = createConsoleSettings({
    settings: settingsStore,
    audit,
    operator,
    defaultOrderCap: deps.defaultOrderCap,
    applyRetention: () => void personal.applyRetention(),
    systemRegion: deps.systemRegion,
    welcome,
  });
  const profiles = createProfileService({ store: profileStore, vault, active, secrets: deps.secrets, clock, log, audit, checkKey: deps.checkKey });
  const liveGuard = createLiveGuard({ profile: active.get, audit, log, confirm: deps.confirmLiveOrder });
  return { active, audit, personal, settings, profiles, liveGuard, welcome };
}
export type Accounts = ReturnType<typeof createAccounts>;
