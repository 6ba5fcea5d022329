/**
 * The order form's model: what staff typed (strings, as typed, kept as the draft)
 * and how it becomes an `orders.create` input. Validation is the shared schema's
 * (shared/orders/form.ts) plus the amount parsed in the UI locale, so the form shows
 * exactly what main will say, under the same field.
 */
import type { DraftFields } from '@shared/drafts';
import type { ClonePrefill } from '@shared/history';
import { toApiBody } from '@shared/orders/body';
import { EUR_ONLY_GATEWAYS } from '@shared/orders/fields';
import { OrderInput } from '@shared/orders/form';
import type { OrderInput as OrderInputType } from '@shared/orders/form';
import { bicCountryMismatch, checkBic, checkIban } from '@shared/iban';
import { sepaNameWarning } from '@shared/customer';
import type { Currency } from '@shared/money';
import { CURRENCIES, checkMinorUnits, currencyExponent, parseAmount } from '@shared/money';
import { methodIssue } from '@shared/methods';
import type { PaymentMethod } from '@shared/methods';
import { fieldIssues } from '@shared/orders';
import type { Environment } from '@shared/orders';
import type { Issue } from '@shared/result';

/** The forms staff choose from (the advanced editor is a way of editing any of them). */
export const FORM_FLOWS = ['paymentlink', 'redirect', 'directdebit', 'kbc-cbc', 'inghome'] as const;
export type FormFlow = (typeof FORM_FLOWS)[number];
export type Mode = 'direct' | 'redirect';
export type LifetimeUnit = 'days' | 'hours' | 'minutes';

/** Message-key spelling of each form (no dashes in i18n keys). */
export const FLOW_KEYS = {
  paymentlink: 'paymentlink',
  redirect: 'redirect',
  directdebit: 'directdebit',
  'kbc-cbc': 'kbcCbc',
  inghome: 'inghome',
} as const satisfies Record<FormFlow, string>;

/** Flows that have a direct and a redirect variant. */
export const HAS_MODE: ReadonlySet<FormFlow> = new Set(['directdebit', 'kbc-cbc', 'inghome']);

/** Everything a form can hold, as typed. Same names as the draft fields. */
export interface EntryDraft {
  flow: FormFlow;
  mode: Mode;
  gateway: string;
  amountText: string;
  currency: Currency;
  description: string;
  lifetimeValue: string;
  lifetimeUnit: LifetimeUnit;
  firstName: string;
  lastName: string;
  email: string;
  locale: string;
  country: string;
  ipAddress: string;
  redirectUrl: string;
  cancelUrl: string;
  iban: string;
  holderName: string;
  holderCity: string;
  holderCountry: string;
  bic: string;
  emandate: string;
  var1: string;
  var2: string;
  var3: string;
  /** '1' while the advanced JSON editor is open. */
  advanced: string;
  rawBody: string;
}

export const emptyDraft = (): EntryDraft => ({
  flow: 'paymentlink',
  mode: 'direct',
  gateway: '',
  amountText: '',
  currency: 'EUR',
  description: '',
  lifetimeValue: '',
  lifetimeUnit: 'days',
  firstName: '',
  lastName: '',
  email: '',
  locale: '',
  country: '',
  ipAddress: '',
  redirectUrl: '',
  cancelUrl: '',
  iban: '',
  holderName: '',
  holderCity: '',
  holderCountry: '',
  bic: '',
  emandate: '',
  var1: '',
  var2: '',
  var3: '',
  advanced: '',
  rawBody: '',
});

/** A stored draft back into the form; unknown values fall back to the defaults. */
export function fromDraftFields(fields: DraftFields): EntryDraft {
  const draft = emptyDraft();
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && key in draft) (draft as unknown as Record<string, string>)[key] = value;
  }
  if (!(FORM_FLOWS as readonly string[]).includes(draft.flow)) draft.flow = 'paymentlink';
  if (draft.mode !== 'direct' && draft.mode !== 'redirect') draft.mode = 'direct';
  if (!(CURRENCIES as readonly string[]).includes(draft.currency)) draft.currency = 'EUR';
  if (!['days', 'hours', 'minutes'].includes(draft.lifetimeUnit)) draft.lifetimeUnit = 'days';
  return draft;
}

export const toDraftFields = (draft: EntryDraft): DraftFields => ({ ...draft });

/** True when nothing was typed (defaults only): no draft worth keeping. */
export function isPristine(draft: EntryDraft): boolean {
  const empty = emptyDraft();
  return (Object.keys(empty) as (keyof EntryDraft)[]).every(
    // The payment page's language is a remembered preference, not something typed.
    (key) => key === 'flow' || key === 'mode' || key === 'locale' || draft[key] === empty[key],
  );
}

/** The gateway an order of this form will name (null: the payment page offers every method). */
export function gatewayOf(draft: EntryDraft): string | null {
  switch (draft.flow) {
    case 'directdebit':
      return 'DIRDEB';
    case 'kbc-cbc':
      return draft.gateway === 'CBC' ? 'CBC' : 'KBC';
    case 'inghome':
      return 'INGHOME';
    default:
      return draft.gateway === '' ? null : draft.gateway;
  }
}

export const typeOf = (draft: EntryDraft): 'paymentlink' | 'redirect' | 'direct' =>
  draft.flow === 'paymentlink' ? 'paymentlink' : draft.flow === 'redirect' ? 'redirect' : draft.mode;

export const isEurOnly = (draft: EntryDraft) => EUR_ONLY_GATEWAYS.includes(gatewayOf(draft) ?? '');
export const needsMandate = (draft: EntryDraft) => draft.flow === 'directdebit' && draft.mode === 'direct';
export const hasReturnUrls = (draft: EntryDraft) => draft.flow !== 'paymentlink' && !needsMandate(draft);

const LIFETIME_SECONDS: Record<LifetimeUnit, number> = { days: 86_400, hours: 3_600, minutes: 60 };

/** Form field id → the schema path main reports problems under. */
export const FIELD_PATHS = {
  amount: 'amount',
  currency: 'currency',
  description: 'description',
  gateway: 'gateway',
  lifetime: 'lifetime.value',
  firstName: 'customer.firstName',
  lastName: 'customer.lastName',
  email: 'customer.email',
  locale: 'customer.locale',
  country: 'customer.country',
  ipAddress: 'customer.ipAddress',
  redirectUrl: 'redirectUrl',
  cancelUrl: 'cancelUrl',
  iban: 'mandate.iban',
  holderName: 'mandate.holderName',
  holderCity: 'mandate.holderCity',
  holderCountry: 'mandate.holderCountry',
  bic: 'mandate.bic',
  emandate: 'mandate.emandate',
  var1: 'var1',
  var2: 'var2',
  var3: 'var3',
} as const;
export type FieldId = keyof typeof FIELD_PATHS;
/** Fields in the order the form shows them (for focusing the first problem). */
export const FIELD_ORDER = Object.keys(FIELD_PATHS) as FieldId[];
const FIELD_OF_PATH = new Map<string, FieldId>(Object.entries(FIELD_PATHS).map(([id, path]) => [path, id as FieldId]));

export function fieldOfPath(path: string): FieldId | null {
  return FIELD_OF_PATH.get(path) ?? (path === 'lifetime' ? 'lifetime' : null);
}

export interface Context {
  locale: string;
  environment: Environment | null;
  methods: PaymentMethod[];
  orderCap: number;
}

export interface Evaluation {
  /** The input for `orders.create`, or null while a field has a problem. */
  input: OrderInputType | null;
  /** Minor units, when the amount text parses. */
  amount: number | null;
  /** One problem per field id; '_' for problems that belong to no field. */
  issues: Partial<Record<FieldId | '_', Issue>>;
  /** Things to confirm or know, that do not stop the order. */
  warnings: Partial<Record<FieldId, Issue>>;
}

/** Build the input from what was typed and check it by the shared rules, as main will. */
export function evaluate(draft: EntryDraft, context: Context): Evaluation {
  const issues: Evaluation['issues'] = {};
  const warnings: Evaluation['warnings'] = {};
  const currency = isEurOnly(draft) ? 'EUR' : draft.currency;
  const parsed = parseAmount(draft.amountText, context.locale, currency);
  const amount = parsed.ok ? parsed.minor : null;
  if (!parsed.ok) issues.amount = parsed.issue;

  const text = (value: string) => (value.trim() === '' ? undefined : value);
  const type = typeOf(draft);
  const gateway = gatewayOf(draft);
  const customer = {
    firstName: text(draft.firstName),
    lastName: text(draft.lastName),
    email: text(draft.email),
    locale: text(draft.locale),
    country: text(draft.country),
    ipAddress: text(draft.ipAddress),
  };
  const hasCustomer = Object.values(customer).some((v) => v !== undefined);
  const lifetimeValue = draft.lifetimeValue.trim();
  const candidate: Record<string, unknown> = {
    type,
    ...(gateway ? { gateway } : {}),
    amount: amount ?? 1,
    currency,
    description: draft.description,
    ...(hasCustomer ? { customer: Object.fromEntries(Object.entries(customer).filter(([, v]) => v !== undefined)) } : {}),
  };
  for (const key of ['var1', 'var2', 'var3'] as const) if (text(draft[key])) candidate[key] = draft[key];
  if (draft.flow === 'paymentlink' && lifetimeValue !== '') {
    const n = /^\d{1,9}$/.test(lifetimeValue) ? Number(lifetimeValue) : NaN;
    if (Number.isNaN(n)) issues.lifetime = { key: 'validation.lifetime.number' };
    else if (draft.lifetimeUnit === 'days') candidate.lifetime = { unit: 'days', value: n };
    else candidate.lifetime = { unit: 'seconds', value: n * LIFETIME_SECONDS[draft.lifetimeUnit] };
  }
  if (hasReturnUrls(draft)) {
    if (text(draft.redirectUrl)) candidate.redirectUrl = draft.redirectUrl;
    if (text(draft.cancelUrl)) candidate.cancelUrl = draft.cancelUrl;
  }
  if (needsMandate(draft)) {
    candidate.mandate = {
      iban: draft.iban,
      holderName: draft.holderName,
      emandate: draft.emandate,
      ...(text(draft.holderCity) ? { holderCity: draft.holderCity } : {}),
      ...(text(draft.holderCountry) ? { holderCountry: draft.holderCountry } : {}),
      ...(text(draft.bic) ? { bic: draft.bic } : {}),
    };
  }

  const result = OrderInput.safeParse(candidate);
  if (!result.success) {
    for (const [path, issue] of Object.entries(fieldIssues(result.error))) {
      const field = fieldOfPath(path) ?? '_';
      if (field === 'amount' && issues.amount) continue;
      issues[field] ??= issue;
    }
  }

  if (amount !== null && !issues.amount) {
    const cap = checkMinorUnits(amount, context.orderCap);
    const method = gateway ? context.methods.find((m) => m.id === gateway) : undefined;
    const limit = cap ?? (method ? methodIssue(method, amount, currency) : null);
    if (limit) issues[limit.key.startsWith('validation.currency') ? 'currency' : 'amount'] ??= limit;
  }
  if (needsMandate(draft)) {
    // The schema lets test IBANs through (it does not know the environment); the form does.
    const iban = checkIban(draft.iban, { allowTestIbans: context.environment !== 'live', sepaOnly: true });
    if (!iban.ok) issues.iban ??= iban.issue;
    const bic = checkBic(draft.bic);
    const mismatch = iban.ok && bic.ok ? bicCountryMismatch(bic.bic, iban.iban) : null;
    if (mismatch) warnings.bic = mismatch;
    const name = sepaNameWarning(draft.holderName);
    if (name) warnings.holderName = name;
  }

  const ok = Object.keys(issues).length === 0 && result.success;
  // The normalised values (trimmed, upper-case IBAN, nl_NL…), without the keys left empty.
  const input = ok && result.success ? (JSON.parse(JSON.stringify(result.data)) as OrderInputType) : null;
  return { input, amount, issues, warnings };
}

/** An amount in minor units as staff would type it in the UI locale ("42,50" in nl and fr, "42.50" in en). */
export function amountTextOf(minor: number, currency: string, locale: string): string {
  const exponent = currencyExponent(currency);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const decimal = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: exponent, maximumFractionDigits: exponent, useGrouping: false }).format(
    decimal as unknown as number,
  );
}

/** "Clone as new order": the form filled in as the source order was (main gives it a new order_id on create). */
export function fromClone(prefill: ClonePrefill, locale: string): EntryDraft {
  return fromDraftFields({ ...prefill.fields, amountText: amountTextOf(prefill.amount, prefill.currency, locale) });
}

/** What the advanced editor starts from: the form's current body, as MultiSafepay will get it (main adds order_id). */
export function bodyTextOf(input: OrderInputType | null): string {
  const parsed = input ? OrderInput.safeParse(input) : null;
  return parsed?.success ? JSON.stringify(toApiBody(parsed.data), null, 2) : '';
}
