/**
 * The field schemas every order is checked with: each wraps one of the shared
 * rules (customer.ts, iban.ts, money.ts, text.ts) in zod, turning its issue into
 * an i18n field issue. The form inputs (form.ts) and the API body (body.ts) are
 * both built from these, so a field is checked the same way in either shape.
 */
import { z } from '@shared/zod';
import type { Checked } from '@shared/customer';
import { checkBic, checkIban } from '@shared/iban';
import { MAX_MINOR_UNITS, checkMinorUnits } from '@shared/money';
import type { Issue } from '@shared/result';
import { checkDescription, containsCardNumber, normaliseText } from '@shared/text';

/** Gateways that take euros only: MultiSafepay accepts SEPA Direct Debit, KBC/CBC and ING Home'Pay in EUR only. */
export const EUR_ONLY_GATEWAYS: readonly string[] = ['DIRDEB', 'KBC', 'CBC', 'INGHOME'];

/** Link lifetime limits: MultiSafepay accepts `days_active` 1–365 or `seconds_active` 1–31,536,000 (one year). */
export const LIFETIME_LIMITS = { days: 365, seconds: 31_536_000 } as const;

const issueOf = (ctx: z.RefinementCtx, issue: Issue) =>
  ctx.addIssue({ code: 'custom', message: issue.key, params: issue.params ?? {} });

/** A required text field checked (and normalised) by one of the shared rules. */
export const ruled = <T>(check: (raw: string) => Checked<T>) =>
  z
    .string()
    .max(10_000)
    .transform((raw, ctx) => {
      const r = check(raw);
      if (r.ok) return r.value;
      issueOf(ctx, r.issue);
      return z.NEVER;
    });

/** An optional text field: absent or blank means "not given"; anything else must pass the rule. */
export const optional = <T>(check: (raw: string) => Checked<T>) =>
  z
    .string()
    .max(10_000)
    .optional()
    .transform((raw, ctx): T | undefined => {
      if (raw === undefined || raw.trim() === '') return undefined;
      const r = check(raw);
      if (r.ok) return r.value;
      issueOf(ctx, r.issue);
      return z.NEVER;
    });

export const AmountMinor = z
  .number()
  .int()
  .superRefine((v, ctx) => {
    const issue = checkMinorUnits(v, MAX_MINOR_UNITS);
    if (issue) issueOf(ctx, issue);
  });

export const Description = ruled((raw): Checked<string> => {
  const issue = checkDescription(raw);
  return issue ? { ok: false, issue } : { ok: true, value: normaliseText(raw) };
});

export const Gateway = z
  .string()
  .max(40)
  .transform((raw, ctx) => {
    const id = raw.trim().toUpperCase();
    // A gateway code may be all digits and dashes, so it is the one place a card number could hide in a form body.
    if (/^[A-Z0-9_-]{2,30}$/.test(id) && !containsCardNumber(id)) return id;
    issueOf(ctx, { key: containsCardNumber(id) ? 'validation.text.cardNumber' : 'validation.gateway.format' });
    return z.NEVER;
  });

/** The IBAN as typed; test IBANs pass here and main refuses them in live (it knows the environment). */
export const Iban = ruled((raw) => {
  const r = checkIban(raw, { allowTestIbans: true, sepaOnly: true });
  return r.ok ? { ok: true, value: r.iban } : r;
});
export const Bic = z
  .string()
  .max(10_000)
  .optional()
  .transform((raw, ctx) => {
    const r = checkBic(raw ?? '');
    if (r.ok) return r.bic ?? undefined;
    issueOf(ctx, r.issue);
    return z.NEVER;
  });

/** DIRDEB, KBC, CBC and INGHOME take euros only. */
export function eurOnly(order: { currency: string; gateway?: string | undefined }, ctx: z.RefinementCtx): void {
  if (order.gateway && EUR_ONLY_GATEWAYS.includes(order.gateway) && order.currency !== 'EUR') {
    ctx.addIssue({ code: 'custom', path: ['currency'], message: 'validation.currency.eurOnly', params: { gateway: order.gateway } });
  }
}
