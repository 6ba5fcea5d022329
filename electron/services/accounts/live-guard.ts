/**
 * The first live order of a session is confirmed by the operator in a native dialog that main
 * opens (`dialogs.confirmLiveOrder`, Electron's `dialog.showMessageBox` in the app). Nothing the
 * renderer sends can answer it: a compromised window can ask for a live order, but only the
 * person at the keyboard can let the first one of the session through. Asked when a live
 * create, resend or recreate has passed every other rule and before anything is written or
 * sent. After a "yes", that live profile sends without asking for the rest of the session
 * (this services instance); a "no" sends nothing and confirms nothing.
 */
import type { LiveOrderQuestion } from '../options';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import type { Profile } from './active-profile';
import type { AuditLog } from './audit';

export type LiveAction = LiveOrderQuestion['action'];

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

export function createLiveGuard(deps: {
  profile: () => Profile;
  audit: AuditLog;
  log: Logger;
  /** The native question; absent (scripts, some tests): live orders cannot be confirmed, so none is sent. */
  confirm?: (question: LiveOrderQuestion) => Promise<boolean>;
}) {
  const confirmedProfiles = new Set<string>();
  /** Profiles with a dialog open now: a second live order waits for nobody, it is refused. */
  const asking = new Set<string>();

  return {
    /**
     * Call before a create does anything, with the profile that will send (an order's own profile
     * for a resend or recreate). Resolves when the order may go; throws ServiceError otherwise.
     */
    async check(
      facts: { amount: number; currency: string; [more: string]: unknown },
      profile: Profile = deps.profile(),
      action: LiveAction = 'create',
    ): Promise<void> {
      if (profile.environment !== 'live' || confirmedProfiles.has(profile.id)) return;
      if (!deps.confirm) {
        throw new ServiceError('FORBIDDEN', 'Live orders need the confirmation dialog, which this console has not got.', {
          _: { key: 'validation.liveUnavailable' },
        });
      }
      if (asking.has(profile.id)) {
        throw new ServiceError('CONFLICT', 'Another live order is waiting for its confirmation.', { _: { key: 'validation.liveBusy' } });
      }
      const question: LiveOrderQuestion = {
        amount: facts.amount,
        currency: facts.currency.toUpperCase(),
        profileName: profile.name,
        customer: customerOf(facts),
        action,
      };
      asking.add(profile.id);
      let yes = false;
      try {
        // Only a literal true sends: a dialog that fails or answers oddly is a "no".
        yes = (await deps.confirm(question)) === true;
      } catch (error) {
        deps.log.error('live.dialog_failed', { error });
      } finally {
        asking.delete(profile.id);
      }
      deps.audit.record({
        action: yes ? 'live.confirm' : 'live.declined',
        details: { profileId: profile.id, amount: question.amount, currency: question.currency, action },
      });
      if (!yes) {
        throw new ServiceError('VALIDATION', 'The live order was not confirmed; nothing was sent.', {
          _: { key: 'validation.liveDeclined', params: { amount: question.amount, currency: question.currency } },
        });
      }
      confirmedProfiles.add(profile.id);
    },
  };
}
export type LiveGuard = ReturnType<typeof createLiveGuard>;
