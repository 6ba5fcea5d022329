/** The accounts' slice of the handler table: app info, profiles, settings, audit, IBAN reveal. */
import type { StorageState } from '@shared/history';
import type { ServiceTable } from '../platform/gate';
import { isAllowedExternalUrl } from '../platform/external';
import { forward } from '../platform/forward';
import type { PersonalData } from '../storage/personal-data';
import type { ActiveProfile } from './active-profile';
import type { AuditService } from './audit-log';
import type { ConsoleSettingsService } from './console-settings';
import type { ProfileService } from './profiles';

type Slice = Pick<
  ServiceTable,
  | `app.${'info' | 'openExternal'}`
  | `profiles.${'list' | 'save' | 'delete' | 'switch' | 'checkKey'}`
  | `settings.${'get' | 'setOperator' | 'setRetention' | 'setOrderCap' | 'setFormatRegion' | 'skipWelcome'}`
  | `audit.${'list' | 'verify'}`
  | 'privacy.revealIban'
>;

export function accountChannels(deps: {
  active: ActiveProfile;
  profiles: ProfileService;
  settings: ConsoleSettingsService;
  audit: AuditService;
  personal: PersonalData;
  storage: StorageState;
  version: string;
  /** Origin of the demo server's payment pages. */
  demoOrigin: string;
  openExternal?: (url: string) => Promise<void>;
}): Slice {
  const { active, profiles } = deps;
  const demoOriginNow = () => (active.get().environment === 'demo' ? deps.demoOrigin : null);
  return {
    'app.info': () => {
      const profile = active.get();
      return {
        environment: profile.environment,
        profileName: profile.name,
        operator: deps.settings.operator(),
        formatRegion: deps.settings.formatRegion(),
        version: deps.version,
        demoOrigin: demoOriginNow(),
        profileId: profile.id,
        profileDefaults: profile.defaults,
        storage: deps.storage,
      };
    },
    'app.openExternal': async ({ url }) => {
      if (!deps.openExternal || !isAllowedExternalUrl(url, demoOriginNow())) return { opened: false };
      await deps.openExternal(url);
      return { opened: true };
    },
    ...forward('profiles', profiles, ['list', 'save']),
    'profiles.delete': ({ id }) => profiles.remove(id),
    'profiles.switch': ({ id }) => profiles.switchTo(id),
    'profiles.checkKey': ({ id }) => profiles.recheck(id),
    ...forward('settings', deps.settings, ['get', 'setOperator', 'setRetention', 'setOrderCap', 'setFormatRegion', 'skipWelcome']),
    ...forward('audit', deps.audit, ['list', 'verify']),
    'privacy.revealIban': (key) => deps.personal.revealIban(key),
  };
}
