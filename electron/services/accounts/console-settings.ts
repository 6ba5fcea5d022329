/**
 * The settings staff change (operator name, retention period, per-order cap):
 * each change that changes something is written to the audit log.
 */
import { ORDER_CAP_MAX } from '@shared/accounts';
import type { ConsoleSettings } from '@shared/accounts';
import { checkMinorUnits } from '@shared/money';
import { ServiceError } from '../platform/errors';
import type { AuditLog } from './audit';
import type { SettingsStore } from './settings';
import { SETTING } from './settings';

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
}) {
  const { settings, audit } = deps;
  const { operator } = deps;
  // Never above what an order's amount may be anyway: a larger stored or configured cap would only mislead.
  const orderCap = () => Math.min(settings.get<number>(SETTING.orderCap) ?? deps.defaultOrderCap, ORDER_CAP_MAX);
  const get = (): ConsoleSettings => ({
    operator: operator(),
    retentionMonths: settings.get<number>(SETTING.retentionMonths),
    lastRetention: settings.get<ConsoleSettings['lastRetention']>(SETTING.lastRetention),
    orderCapMinor: orderCap(),
    orderCapIsDefault: settings.get<number>(SETTING.orderCap) === null,
  });

  return {
    operator,
    orderCap,
    get,
    setOperator({ name }: { name: string }): ConsoleSettings {
      const from = operator();
      if (from !== name) {
        settings.set(SETTING.operator, name);
        audit.record({ action: 'operator.change', details: { from, to: name } });
      }
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
  };
}
export type ConsoleSettingsService = ReturnType<typeof createConsoleSettings>;
