/**
 * The first live order of a session needs an explicit confirmation of its amount
 * and customer. Main enforces it, so no renderer path can skip the question: a live
 * create is refused (before any intent row or request) until `live.confirm` has
 * been called for that very amount and currency on the active profile. After the
 * first confirmed order, that live profile sends without asking for the rest of
 * the session (this services instance).
 */
import type { Issue } from '../../../shared/result';
import type { AuditLog } from './audit';
import { ServiceError } from '../platform/errors';
import type { Profile } from './active-profile';

interface Pending {
  profileId: string;
  amount: number;
  currency: string;
}

/** A short customer description from whatever customer fields a create input has. */
export function customerOf(input: unknown): string {
  if (!input || typeof input !== 'object') return '';
  const record = input as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const customer = record.customer && typeof record.customer === 'object' ? (record.customer as Record<string, unknown>) : {};
  const name = [text(customer.first_name ?? customer.firstName), text(customer.last_name ?? customer.lastName)]
    .filter(Boolean)
    .join(' ');
  const mandate = record.mandate && typeof record.mandate === 'object' ? (record.mandate as Record<string, unknown>) : {};
  const info = record.gateway_info && typeof record.gateway_info === 'object' ? (record.gateway_info as Record<string, unknown>) : {};
  return (
    name ||
    text(mandate.holderName ?? info.account_holder_name ?? record.customerName) ||
    text(customer.email ?? record.email)
  ).slice(0, 80);
}

export function createLiveGuard(deps: { profile: () => Profile; audit: AuditLog }) {
  const confirmedProfiles = new Set<string>();
  let pending: Pending | null = null;

  return {
    /** The operator has seen amount and customer and said yes. */
    confirm(input: { amount: number; currency: string }): { required: boolean } {
      const profile = deps.profile();
      if (profile.environment !== 'live' || confirmedProfiles.has(profile.id)) return { required: false };
      pending = { profileId: profile.id, amount: input.amount, currency: input.currency.toUpperCase() };
      deps.audit.record({ action: 'live.confirm', details: { profileId: profile.id, amount: input.amount, currency: pending.currency } });
      return { required: true };
    },

    /**
     * Call before a create does anything, with the profile that will send (an order's
     * own profile for a resend or recreate). Throws VALIDATION with `_: validation.liveConfirm`
     * (amount, currency, customer as params, for the dialog) while unconfirmed.
     */
    check(input: { amount?: unknown; currency?: unknown; [more: string]: unknown }, profile: Profile = deps.profile()): void {
      if (profile.environment !== 'live' || confirmedProfiles.has(profile.id)) return;
      const amount = typeof input.amount === 'number' ? input.amount : 0;
      const currency = typeof input.currency === 'string' ? input.currency.toUpperCase() : '';
      if (pending && pending.profileId === profile.id && pending.amount === amount && pending.currency === currency) {
        pending = null;
        confirmedProfiles.add(profile.id);
        return;
      }
      const params: Issue['params'] = { amount, currency, customer: customerOf(input), profile: profile.name };
      throw new ServiceError('VALIDATION', 'The first live order of this session needs an explicit confirmation.', {
        _: { key: 'validation.liveConfirm', params },
      });
    },
  };
}
export type LiveGuard = ReturnType<typeof createLiveGuard>;
