/**
 * The checks only main can make before an order is written or sent: the body
 * against the shared rules again, the environment (test IBANs only outside live),
 * the per-order cap, and the account's payment methods.
 */
import { ApiOrderBody } from '@shared/orders/body';
import type { Flow } from '@shared/orders';
import type { ParsedApiBody } from '@shared/orders/body';
import { isTestIban } from '@shared/iban';
import { methodIssue } from '@shared/methods';
import type { PaymentMethod } from '@shared/methods';
import { checkMinorUnits } from '@shared/money';
import { fieldIssues } from '@shared/orders';
import type { Environment, OrderType } from '@shared/orders';
import type { Issue } from '@shared/result';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';

const MINUTE = 60_000;
/** MultiSafepay's default lifetime of a payment link. */
const DEFAULT_LINK_LIFETIME_MS = 30 * 24 * 60 * MINUTE;

/** The facts of a body main keeps in columns beside it (and checks before sending). */
export interface Prepared {
  body: ParsedApiBody;
  flow: Flow;
  /** Where a field problem goes: the form's field names, or the API's for the advanced editor. */
  paths: { amount: string; currency: string; gateway: string; iban: string };
}

export const FORM_PATHS: Prepared['paths'] = { amount: 'amount', currency: 'currency', gateway: 'gateway', iban: 'mandate.iban' };
export const RAW_PATHS: Prepared['paths'] = {
  amount: 'amount',
  currency: 'currency',
  gateway: 'gateway',
  iban: 'gateway_info.account_holder_iban',
};

export const invalid = (fields: Record<string, Issue>) => new ServiceError('VALIDATION', 'Some fields need attention.', fields);

/** Any body through the same rules as the forms' (a safety net for form input, the gate for raw). */
export function checked(body: unknown, paths: Prepared['paths'], log: Logger): ParsedApiBody {
  const parsed = ApiOrderBody.safeParse(body);
  if (!parsed.success) {
    log.warn('orders.body_refused', { paths: Object.keys(fieldIssues(parsed.error)) });
    throw invalid(paths === RAW_PATHS ? fieldIssues(parsed.error) : { _: { key: 'validation.invalid' } });
  }
  return parsed.data;
}

/** What only main can check: the environment (test IBANs), the cap, the account's methods. */
export async function checkForAccount(
  prepared: Prepared,
  account: { environment: Environment; orderCap: number; methods: () => Promise<PaymentMethod[] | null> },
): Promise<void> {
  const { body, paths } = prepared;
  const fields: Record<string, Issue> = {};
  const cap = checkMinorUnits(body.amount, account.orderCap);
  if (cap) fields[paths.amount] = cap;
  const iban = body.gateway_info?.account_holder_iban;
  if (iban && isTestIban(iban) && account.environment === 'live') fields[paths.iban] = { key: 'validation.iban.testOnly' };
  if (body.gateway) {
    const methods = await account.methods();
    // Offline with no stored list: MultiSafepay stays the judge (1023 maps to the gateway field).
    const method = methods?.find((m) => m.id === body.gateway);
    if (methods && !method) {
      fields[paths.gateway] = { key: body.gateway === 'INGHOME' ? 'validation.gateway.retired' : 'validation.gateway.notOffered', params: { gateway: body.gateway } };
    } else if (method) {
      const issue = methodIssue(method, body.amount, body.currency);
      if (issue) fields[issue.key.startsWith('validation.currency') ? paths.currency : paths.amount] = issue;
    }
  }
  if (Object.keys(fields).length) throw invalid(fields);
}

/** What the row stores beside the body; `now` is the creation time, so the expiry counts from it exactly. */
export function rowFacts(body: ParsedApiBody, now: number) {
  const name = [body.customer?.first_name, body.customer?.last_name].filter(Boolean).join(' ');
  const info = body.gateway_info;
  const lifetimeMs =
    body.seconds_active !== undefined ? body.seconds_active * 1000 : body.days_active !== undefined ? body.days_active * 24 * 60 * MINUTE : DEFAULT_LINK_LIFETIME_MS;
  return {
    type: body.type as OrderType,
    gateway: body.gateway ?? null,
    customerName: name || null,
    customerEmail: body.customer?.email ?? null,
    customerLocale: body.customer?.locale ?? null,
    iban: info?.account_holder_iban ?? info?.account_id ?? null,
    accountHolderName: info?.account_holder_name ?? null,
    emandate: info?.emandate ?? null,
    linkExpiresAt: body.type === 'direct' ? null : now + lifetimeMs,
  };
}
