/**
 * The first-run welcome's progress, kept in the settings table. It is due once: the first start
 * that finds no progress stored decides, and only a start in Demo with no test or live profile
 * and no orders yet says yes (an upgraded install with history says "never"). A step is done when
 * main sees it happen (an operator name saved, a Demo order made, a test or live profile added)
 * or when staff skip it; either is stored, so a step never comes back (deleting the profile later
 * does not reopen it).
 */
import { WELCOME_STEPS } from '@shared/accounts';
import type { WelcomeProgress, WelcomeStep } from '@shared/accounts';
import type { Environment } from '@shared/orders';
import type { SettingsStore } from './settings';
import { SETTING } from './settings';
import type { WelcomeStore } from './welcome-store';

type Stored = WelcomeProgress | 'never';

const ALL_OPEN: WelcomeProgress = { operator: 'open', demoOrder: 'open', profile: 'open' };

export function createWelcome(deps: {
  settings: SettingsStore;
  store: WelcomeStore;
  /** The active profile's environment. */
  environment: () => Environment;
  /** Whether a test or live site profile exists (not deleted). */
  hasRealProfile: () => boolean;
  /** A history open read-only shows no welcome (and so writes nothing). */
  readOnly: boolean;
}) {
  const { settings, store } = deps;
  const stored = (): Stored | null => {
    const value = settings.get<Stored>(SETTING.welcome);
    if (value === 'never') return value;
    // A hand-edited or partial value counts as over rather than showing a broken panel.
    if (value && typeof value === 'object' && WELCOME_STEPS.every((s) => ['open', 'done', 'skipped'].includes(value[s]))) return value;
    return value === null ? null : 'never';
  };

  /** What main can see has happened, per step. */
  const happened: Record<WelcomeStep, () => boolean> = {
    operator: () => settings.get<string>(SETTING.operator) !== null,
    demoOrder: () => store.anyDemoOrder(),
    profile: () => deps.hasRealProfile(),
  };

  return {
    /** At start (writable history only): decide once whether the welcome is due. */
    decide(): void {
      if (stored() !== null) return;
      const firstStart = deps.environment() === 'demo' && !deps.hasRealProfile() && !store.anyOrder();
      settings.set(SETTING.welcome, firstStart ? ALL_OPEN : 'never');
    },
    /** The steps while one is open (done ones recorded as main sees them); null when over or never due. */
    progress(): WelcomeProgress | null {
      const now = deps.readOnly ? null : stored();
      if (now === null || now === 'never') return null;
      const next = { ...now };
      for (const step of WELCOME_STEPS) if (next[step] === 'open' && happened[step]()) next[step] = 'done';
      if (WELCOME_STEPS.some((s) => next[s] !== now[s])) settings.set(SETTING.welcome, next);
      return WELCOME_STEPS.some((s) => next[s] === 'open') ? next : null;
    },
    /** Skip one open step, or every open one; a step already done stays done. */
    skip(step: WelcomeStep | 'all'): void {
      const now = stored();
      if (now === null || now === 'never') return;
      const next = { ...now };
      for (const s of WELCOME_STEPS) if ((step === 'all' || s === step) && next[s] === 'open') next[s] = 'skipped';
      settings.set(SETTING.welcome, next);
    },
  };
}
export type Welcome = ReturnType<typeof createWelcome>;
