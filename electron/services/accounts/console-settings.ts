/**
 * The settings staff change (operator name, retention period, per-order cap):
 * each change that changes something is written to the audit log.
 */
import { ORDER_CAP_MAX } from '@shared/accounts';
import type { ConsoleSettings, WelcomeStep } from '@shared/accounts';
import { FORMAT_REGIONS, effectiveRegion } from '@shared/format-locale';
import type { FormatRegion } from '@shared/format-locale';
import { checkMinorUnits } from '@shared/money';
import { ServiceError } from '../platform/errors';
import type { AuditLog } from './audit';
import type { SettingsStore } from './settings';
import { SETTING } from './settings';
import type { Welcome } from './welcome';

/** Who is at the keyboard: the name set in Settings, else `fallback` (the audit log reads this too). */
export const operatorName = (settings: SettingsStore, fallback: string) => (): string => settings.get<string>(SETTING.operator) ?? fallback;

export function createConsoleSettings(deps: {
  settings: SettingsStore;
  audit: AuditLog;
  operator: () => string;
  /** The per-order cap (minor units) unless the setting says otherwise. */
  defaultOrderCap: number;
  /** Masks what the retention period now makes due. */
  applyRetention: () => void;
  /** The operating system's region (shared/format-locale.ts regionOf), null when it names none. */
  systemRegion: string | null;
  welcome: Welcome;
}) {
  const { settings, audit } = deps;
  const { operator } = deps;
  // Never above what an order's amount may be anyway: a larger stored or configured cap would only mislead.
  const orderCap = () => Math.min(settings.get<number>(SETTING.orderCap) ?? deps.defaultOrderCap, ORDER_CAP_MAX);
  // A stored value this version does not offer (hand-edited, or from a newer one) counts as automatic.
  const chosenRegion = (): FormatRegion | null => {
    const value = settings.get<string>(SETTING.formatRegion);
    return (FORMAT_REGIONS as readonly (string | null)[]).includes(value) ? (value as FormatRegion) : null;
  };
  const get = (): ConsoleSettings => ({
    operator: operator(),
    retentionMonths: settings.get<number>(SETTING.retentionMonths),
    lastRetention: settings.get<ConsoleSettings['lastRetention']>(SETTING.lastRetention),
    orderCapMinor: orderCap(),
    orderCapIsDefault: settings.get<number>(SETTING.orderCap) === null,
    formatRegion: chosenRegion(),
    systemRegion: deps.systemRegion,
    welcome: deps.welcome.progress(),
  });

  return {
    operator,
    orderCap,
    /** The region dates and numbers are shown in (AppInfo.formatRegion). */
    formatRegion: () => effectiveRegion(chosenRegion(), deps.systemRegion),
    get,
    setOperator({ name }: { name: string }): ConsoleSettings {
      const from = operator();
      // Kept even when it equals the default (the OS user name): saving it is the welcome's "done".
      settings.set(SETTING.operator, name);
      if (from !== name) audit.record({ action: 'operator.change', details: { from, to: name } });
      return get();
    },
    /** Saving a retention period applies it at once (and again at every start). */
    setRetention({ months }: { months: number | null }): ConsoleSettings {
      const from = settings.get<number>(SETTING.retentionMonths);
      if (months === null) settings.remove(SETTING.retentionMonths);
      else settings.set(SETTING.retentionMonths, months);
      if (from !== months) audit.record({ action: 'retention.setting', details: { from, to: months } });
      deps.applyRetention();
      return get();
    },
    setOrderCap({ minor }: { minor: number | null }): ConsoleSettings {
      // The contract refuses it already; main keeps its own rule should the schema ever loosen.
      const issue = minor === null ? null : checkMinorUnits(minor, ORDER_CAP_MAX);
      if (issue) throw new ServiceError('VALIDATION', 'This limit is not possible.', { minor: issue });
      const from = orderCap();
      if (minor === null) settings.remove(SETTING.orderCap);
      else settings.set(SETTING.orderCap, minor);
      if (from !== orderCap()) audit.record({ action: 'settings.orderCap', details: { from, to: orderCap() } });
      return get();
    },
    setFormatRegion({ region }: { region: FormatRegion | null }): ConsoleSettings {
      const from = chosenRegion();
      if (region === null) settings.remove(SETTING.formatRegion);
      else settings.set(SETTING.formatRegion, region);
      if (from !== region) audit.record({ action: 'settings.formatRegion', details: { from, to: region } });
      return get();
    },
    skipWelcome({ step }: { step: WelcomeStep | 'all' }): ConsoleSettings {
      deps.welcome.skip(step);
      return get();
    },
  };
}
export type ConsoleSettingsService = ReturnType<typeof createConsoleSettings>;
