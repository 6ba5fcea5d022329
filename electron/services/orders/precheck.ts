/** Duplicate warnings before an order is sent: soft, the operator decides. */
import { checkEmail } from '@shared/customer';
import type { PrecheckInput } from '@shared/orders/form';
import { checkIban } from '@shared/iban';
import type { DuplicateWarning, PrecheckResult } from '@shared/orders';
import type { z } from '@shared/zod';
import type { Profile } from '../accounts/active-profile';
import type { Clock } from '../platform/clock';
import type { OrderStore } from './order-store';

const MINUTE = 60_000;
/** Same IBAN or e-mail with the same amount within this window: ask before sending. */
export const DUPLICATE_WINDOW_MS = 10 * MINUTE;
/** MultiSafepay's default: one direct debit per IBAN per 24 hours. */
export const DEBIT_WINDOW_MS = 24 * 60 * MINUTE;

export function createPrecheck(deps: { store: OrderStore; profile: () => Profile; clock: Clock }) {
  /** Soft warnings before sending; nothing is written or sent. */
  return function precheck(input: z.output<typeof PrecheckInput>): PrecheckResult {
    const profile = deps.profile();
    const now = deps.clock.now();
    const ibanCheck = input.iban ? checkIban(input.iban, { allowTestIbans: true, sepaOnly: false }) : null;
    const emailCheck = input.email ? checkEmail(input.email) : null;
    const iban = ibanCheck?.ok ? ibanCheck.iban : null;
    const email = emailCheck?.ok ? emailCheck.value : null;
    const where = { environment: profile.environment, profileId: profile.id };
    const warnings: DuplicateWarning[] = [
      ...deps.store.sameAmountSince({ ...where, amount: input.amount, currency: input.currency, since: now - DUPLICATE_WINDOW_MS, iban, email }),
      ...(iban && input.gateway?.toUpperCase() === 'DIRDEB' ? deps.store.debitsSince({ ...where, iban, since: now - DEBIT_WINDOW_MS }) : []),
    ];
    const seen = new Set<string>();
    return { warnings: warnings.filter((w) => !seen.has(`${w.kind}|${w.orderId}`) && seen.add(`${w.kind}|${w.orderId}`)) };
  };
}
