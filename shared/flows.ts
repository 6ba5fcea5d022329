/**
 * The order-entry flows and their one set of rules. Each flow is a strict zod
 * schema over what staff fill in (camelCase, amounts in minor units); the form
 * runs it as you type and the gate runs it again in main. `toApiBody` turns a
 * parsed input into MultiSafepay's request body, and `ApiOrderBody` checks any
 * body before it is sent, including one written by hand in the advanced editor.
 */
import { z } from './zod';
import {
  checkCity,
  checkCountry,
  checkEmail,
  checkHolderName,
  checkIp,
  checkLocale,
  checkMandateReference,
  checkPersonName,
  checkReturnUrl,
  checkVar,
} from './customer';
import type { Checked } from './customer';
import { checkBic, checkIban } from './iban';
import { CURRENCIES, MAX_MINOR_UNITS, checkMinorUnits } from './money';
import { fieldIssues } from './field-issues';
import type { Issue } from './result';
import { checkDescription, containsCardNumber } from './text';

/** Gateways that take euros only: MultiSafepay accepts SEPA Direct Debit, KBC/CBC and ING Home'Pay in EUR only. */
export const EUR_ONLY_GATEWAYS: readonly string[] = ['DIRDEB', 'KBC', 'CBC', 'INGHOME'];
/** Gateways a direct order can be made for from a form. */
export const BANK_DIRECT_GATEWAYS = ['KBC', 'CBC', 'INGHOME'] as const;

/** Link lifetime limits: MultiSafepay accepts `days_active` 1–365 or `seconds_active` 1–31,536,000 (one year). */
export const LIFETIME_LIMITS = { days: 365, seconds: 31_536_000 } as const;

// ---------------------------------------------------------------- field schemas

const issueOf = (ctx: z.RefinementCtx, issue: Issue) =>
  ctx.addIssue({ code: 'custom', message: issue.key, params: issue.params ?? {} });

/** A required text field checked (and normalised) by one of the shared rules. */
const ruled = <T>(check: (raw: string) => Checked<T>) =>
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
const optional = <T>(check: (raw: string) => Checked<T>) =>
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

const Description = ruled((raw): Checked<string> => {
  const issue = checkDescription(raw);
  return issue ? { ok: false, issue } : { ok: true, value: raw.normalize('NFC').trim() };
});

const Gateway = z
  .string()
  .max(40)
  .transform((raw, ctx) => {
    const id = raw.trim().toUpperCase();
    if (/^[A-Z0-9_-]{2,30}$/.test(id)) return id;
    issueOf(ctx, { key: 'validation.gateway.format' });
    return z.NEVER;
  });

/** The IBAN as typed; test IBANs pass here and main refuses them in live (it knows the environment). */
const Iban = ruled((raw) => {
  const r = checkIban(raw, { allowTestIbans: true, sepaOnly: true });
  return r.ok ? { ok: true, value: r.iban } : r;
});
const Bic = z
  .string()
  .max(10_000)
  .optional()
  .transform((raw, ctx) => {
    const r = checkBic(raw ?? '');
    if (r.ok) return r.bic ?? undefined;
    issueOf(ctx, r.issue);
    return z.NEVER;
  });

export const CustomerInput = z.strictObject({
  firstName: optional(checkPersonName),
  lastName: optional(checkPersonName),
  email: optional(checkEmail),
  locale: optional(checkLocale),
  country: optional(checkCountry),
  ipAddress: optional(checkIp),
});
export type CustomerInput = z.input<typeof CustomerInput>;

export const MandateInput = z.strictObject({
  iban: Iban,
  holderName: ruled(checkHolderName),
  holderCity: optional(checkCity),
  holderCountry: optional(checkCountry),
  bic: Bic,
  emandate: ruled(checkMandateReference),
});
export type MandateInput = z.input<typeof MandateInput>;

export const Lifetime = z
  .strictObject({ unit: z.enum(['days', 'seconds']), value: z.number().int() })
  .superRefine((lifetime, ctx) => {
    const max = LIFETIME_LIMITS[lifetime.unit];
    if (lifetime.value < 1 || lifetime.value > max) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `validation.lifetime.${lifetime.unit}`, params: { max } });
    }
  });

const common = {
  amount: AmountMinor,
  currency: z.enum(CURRENCIES),
  description: Description,
  customer: CustomerInput.optional(),
  var1: optional(checkVar),
  var2: optional(checkVar),
  var3: optional(checkVar),
};
const returnUrls = {
  redirectUrl: optional(checkReturnUrl),
  cancelUrl: optional(checkReturnUrl),
};

/** DIRDEB, KBC, CBC and INGHOME take euros only. */
function eurOnly(order: { currency: string; gateway?: string | undefined }, ctx: z.RefinementCtx): void {
  if (order.gateway && EUR_ONLY_GATEWAYS.includes(order.gateway) && order.currency !== 'EUR') {
    ctx.addIssue({ code: 'custom', path: ['currency'], message: 'validation.currency.eurOnly', params: { gateway: order.gateway } });
  }
}

/** A payment link: any method on the payment page, or one chosen; a lifetime in days or seconds. */
export const PaymentLinkInput = z
  .strictObject({ type: z.literal('paymentlink'), ...common, gateway: Gateway.optional(), lifetime: Lifetime.optional() })
  .superRefine(eurOnly);
export type PaymentLinkInput = z.input<typeof PaymentLinkInput>;

/** A redirect order: the payment page, or one chosen method's page. */
export const RedirectInput = z
  .strictObject({ type: z.literal('redirect'), ...common, gateway: Gateway.optional(), ...returnUrls })
  .superRefine(eurOnly);
export type RedirectInput = z.input<typeof RedirectInput>;

/** SEPA Direct Debit, direct: the bank collects from the IBAN staff typed. */
export const DirectDebitInput = z
  .strictObject({ type: z.literal('direct'), gateway: z.literal('DIRDEB'), ...common, mandate: MandateInput, ...returnUrls })
  .superRefine(eurOnly);
export type DirectDebitInput = z.input<typeof DirectDebitInput>;

/** KBC, CBC or (legacy) ING Home'Pay, direct: the customer is sent straight to the bank. */
export const BankDirectInput = z
  .strictObject({ type: z.literal('direct'), gateway: z.enum(BANK_DIRECT_GATEWAYS), ...common, ...returnUrls })
  .superRefine(eurOnly);
export type BankDirectInput = z.input<typeof BankDirectInput>;

/** `orders.create`: every form flow, told apart by `type` (and, for direct, by `gateway`). */
export const OrderInput = z.discriminatedUnion('type', [
  PaymentLinkInput,
  RedirectInput,
  z.discriminatedUnion('gateway', [DirectDebitInput, BankDirectInput]),
]);
export type OrderInput = z.input<typeof OrderInput>;
export type ParsedOrderInput = z.output<typeof OrderInput>;

// ---------------------------------------------------------------- the API body

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type ApiBody = { [key: string]: Json };

function compact(object: Record<string, Json | undefined>): { [key: string]: Json } | undefined {
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[key] = value;
  return Object.keys(out).length ? out : undefined;
}

/** MultiSafepay's request body for a parsed form input, without `order_id` (main adds it). */
export function toApiBody(input: ParsedOrderInput): ApiBody {
  const customer = compact({
    locale: input.customer?.locale,
    first_name: input.customer?.firstName,
    last_name: input.customer?.lastName,
    email: input.customer?.email,
    country: input.customer?.country,
    ip_address: input.customer?.ipAddress,
  });
  const paymentOptions =
    input.type === 'paymentlink' ? undefined : compact({ redirect_url: input.redirectUrl, cancel_url: input.cancelUrl });
  const mandate = input.type === 'direct' && input.gateway === 'DIRDEB' ? input.mandate : undefined;
  const lifetime = input.type === 'paymentlink' ? input.lifetime : undefined;
  const body = compact({
    type: input.type,
    gateway: input.gateway,
    currency: input.currency,
    amount: input.amount,
    description: input.description,
    var1: input.var1,
    var2: input.var2,
    var3: input.var3,
    days_active: lifetime?.unit === 'days' ? lifetime.value : undefined,
    seconds_active: lifetime?.unit === 'seconds' ? lifetime.value : undefined,
    payment_options: paymentOptions,
    customer,
    gateway_info: mandate
      ? compact({
          account_id: mandate.iban,
          account_holder_name: mandate.holderName,
          account_holder_iban: mandate.iban,
          account_holder_bic: mandate.bic,
          account_holder_city: mandate.holderCity,
          account_holder_country: mandate.holderCountry,
          emandate: mandate.emandate,
        })
      : undefined,
  });
  return body ?? {};
}

/** Keys that must never come from the renderer, at any depth of a hand-written body. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Set by main only: the idempotency key and the credentials. */
const MAIN_ONLY_KEYS = ['order_id', 'api_key'];
export const RAW_BODY_MAX = 32_000;

/** Every string leaf of a JSON value with its path. */
function* strings(value: unknown, path: (string | number)[] = []): Generator<[(string | number)[], string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* strings(value[i], [...path, i]);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) yield* strings(child, [...path, key]);
  }
}

function* keys(value: unknown, path: (string | number)[] = []): Generator<[(string | number)[], string]> {
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* keys(value[i], [...path, i]);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      yield [[...path, key], key];
      yield* keys(child, [...path, key]);
    }
  }
}

const ApiCustomer = z.looseObject({
  locale: optional(checkLocale),
  first_name: optional(checkPersonName),
  last_name: optional(checkPersonName),
  email: optional(checkEmail),
  country: optional(checkCountry),
  ip_address: optional(checkIp),
  forwarded_ip: optional(checkIp),
});
const ApiGatewayInfo = z.looseObject({
  account_id: optional((raw) => {
    const r = checkIban(raw, { allowTestIbans: true, sepaOnly: true });
    return r.ok ? { ok: true, value: r.iban } : r;
  }),
  account_holder_iban: optional((raw) => {
    const r = checkIban(raw, { allowTestIbans: true, sepaOnly: true });
    return r.ok ? { ok: true, value: r.iban } : r;
  }),
  account_holder_name: optional(checkHolderName),
  account_holder_city: optional(checkCity),
  account_holder_country: optional(checkCountry),
  account_holder_bic: Bic,
  emandate: optional(checkMandateReference),
});
const ApiPaymentOptions = z.looseObject({
  redirect_url: optional(checkReturnUrl),
  cancel_url: optional(checkReturnUrl),
});

/**
 * Any request body before it is sent: the same field rules as the forms, in the
 * API's own field names. Unknown fields are kept (the API grows; the advanced
 * editor may use them), but card numbers are refused in every string anywhere.
 */
export const ApiOrderBody = z
  .looseObject({
    type: z.enum(['paymentlink', 'redirect', 'direct', 'checkout'], { message: 'validation.raw.type' }),
    gateway: Gateway.optional(),
    currency: z.enum(CURRENCIES, { message: 'validation.currency.unknown' }),
    amount: AmountMinor,
    description: Description,
    var1: optional(checkVar),
    var2: optional(checkVar),
    var3: optional(checkVar),
    days_active: z.number().int().min(1).max(LIFETIME_LIMITS.days, { message: 'validation.lifetime.days' }).optional(),
    seconds_active: z.number().int().min(1).max(LIFETIME_LIMITS.seconds, { message: 'validation.lifetime.seconds' }).optional(),
    customer: ApiCustomer.optional(),
    gateway_info: ApiGatewayInfo.optional(),
    payment_options: ApiPaymentOptions.optional(),
  })
  .superRefine((body, ctx) => {
    for (const key of MAIN_ONLY_KEYS) {
      if (Object.hasOwn(body, key)) ctx.addIssue({ code: 'custom', path: [key], message: 'validation.raw.mainOnly', params: { key } });
    }
    for (const [path, text] of strings(body)) {
      if (containsCardNumber(text)) ctx.addIssue({ code: 'custom', path, message: 'validation.text.cardNumber' });
    }
    eurOnly(body, ctx);
    if (body.type === 'direct' && !body.gateway) {
      ctx.addIssue({ code: 'custom', path: ['gateway'], message: 'validation.gateway.requiredForDirect' });
    }
    if (body.type === 'direct' && body.gateway === 'DIRDEB') {
      const info = body.gateway_info;
      for (const field of ['account_holder_iban', 'account_holder_name', 'emandate'] as const) {
        if (!info?.[field]) ctx.addIssue({ code: 'custom', path: ['gateway_info', field], message: 'validation.raw.required' });
      }
      if (info?.account_id && info.account_holder_iban && info.account_id !== info.account_holder_iban) {
        ctx.addIssue({ code: 'custom', path: ['gateway_info', 'account_id'], message: 'validation.raw.accountId' });
      }
    }
  });
export type ParsedApiBody = z.output<typeof ApiOrderBody>;

/**
 * Read a hand-written body: JSON text → the checks above, as field issues keyed by
 * the API path ("customer.email"). `parse` is JSON.parse in the form; main passes a
 * lossless parser that also refuses duplicate keys.
 */
export function readRawBody(
  text: string,
  parse: (text: string) => unknown = JSON.parse,
): { ok: true; body: ParsedApiBody } | { ok: false; fields: Record<string, Issue> } {
  const one = (field: string, issue: Issue) => ({ ok: false as const, fields: { [field]: issue } });
  if (text.length > RAW_BODY_MAX) return one('_', { key: 'validation.raw.tooLong', params: { max: RAW_BODY_MAX } });
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    return one('_', { key: 'validation.raw.json' });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return one('_', { key: 'validation.raw.object' });
  // Checked on the parsed text itself, before any schema copies keys into new objects.
  for (const [path, key] of keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return one(path.join('.'), { key: 'validation.raw.key', params: { key } });
  }
  const parsed = ApiOrderBody.safeParse(value);
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, fields: fieldIssues(parsed.error) };
}

/** `orders.precheck`: the facts a duplicate warning is looked up by (main normalises them). */
export const PrecheckInput = z.strictObject({
  amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  currency: z.enum(CURRENCIES),
  gateway: z.string().max(40).optional(),
  iban: z.string().max(100).optional(),
  email: z.string().max(300).optional(),
});
export type PrecheckInput = z.input<typeof PrecheckInput>;
