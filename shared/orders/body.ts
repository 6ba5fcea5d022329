/**
 * The MultiSafepay request body: `toApiBody` turns a parsed form input into it,
 * and `ApiOrderBody` checks any body before it is sent, including one written by
 * hand in the advanced editor (`readRawBody`), with the same field rules as the
 * forms in the API's own field names.
 */
import { z } from '@shared/zod';
import {
  checkCity,
  checkCountry,
  checkEmail,
  checkHolderName,
  checkIp,
  checkIpv4,
  checkLocale,
  checkMandateReference,
  checkNotificationUrl,
  checkPersonName,
  checkReturnUrl,
  checkVar,
} from '@shared/customer';
import { checkIban } from '@shared/iban';
import { CURRENCIES } from '@shared/money';
import { fieldIssues } from '@shared/field-issues';
import type { Issue } from '@shared/result';
import { checkFreeText, checkHidden, containsCardNumber } from '@shared/text';
import { AmountMinor, Bic, Description, Gateway, LIFETIME_LIMITS, eurOnly, optional } from './fields';
import { RAW_BODY_MAX } from './form';
import type { ParsedOrderInput } from './form';
import { keys, scanJson, strings } from './json-scan';

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

const ApiCustomer = z.looseObject({
  locale: optional(checkLocale),
  first_name: optional(checkPersonName),
  last_name: optional(checkPersonName),
  email: optional(checkEmail),
  country: optional(checkCountry),
  ip_address: optional(checkIp),
  forwarded_ip: optional(checkIpv4),
});
const sepaIban = optional((raw) => {
  const r = checkIban(raw, { allowTestIbans: true, sepaOnly: true });
  return r.ok ? { ok: true, value: r.iban } : r;
});
const ApiGatewayInfo = z.looseObject({
  account_id: sepaIban,
  account_holder_iban: sepaIban,
  account_holder_name: optional(checkHolderName),
  account_holder_city: optional(checkCity),
  account_holder_country: optional(checkCountry),
  account_holder_bic: Bic,
  emandate: optional(checkMandateReference),
});
const ApiPaymentOptions = z.looseObject({
  redirect_url: optional(checkReturnUrl),
  cancel_url: optional(checkReturnUrl),
  notification_url: optional(checkNotificationUrl),
});

/** The fields above with a rule of their own; every other string leaf gets `leafIssue`. */
const RULED = new Set([
  ...['type', 'gateway', 'currency', 'description', 'var1', 'var2', 'var3'],
  ...Object.keys(ApiCustomer.shape).map((k) => `customer.${k}`),
  ...Object.keys(ApiGatewayInfo.shape).map((k) => `gateway_info.${k}`),
  ...Object.keys(ApiPaymentOptions.shape).map((k) => `payment_options.${k}`),
]);

/**
 * A string in a field the console has no rule for (shopping_cart, custom_info, …): an
 * absolute http(s) URL gets the return-URL rule, anything else the free-text rules, since
 * the advanced editor may reach a payment page through any of them.
 */
function leafIssue(text: string): Issue | null {
  if (/^https?:\/\//i.test(text.trim())) {
    const url = checkReturnUrl(text);
    return url.ok ? null : url.issue;
  }
  return checkFreeText(text);
}

/**
 * The order types the console sends. `checkout` (FastCheckout) needs `checkout_options` and a
 * `shopping_cart` that no part of the console makes, so the advanced editor refuses it too.
 */
export const SENDABLE_ORDER_TYPES = ['paymentlink', 'redirect', 'direct'] as const;

/**
 * Any request body before it is sent: the same field rules as the forms, in the
 * API's own field names. Unknown fields are kept (the API grows; the advanced
 * editor may use them), but every string in them passes `leafIssue`.
 */
export const ApiOrderBody = z
  .looseObject({
    // A custom issue, so the message (which names the supported types) reaches the editor.
    type: z.custom<(typeof SENDABLE_ORDER_TYPES)[number]>((v) => (SENDABLE_ORDER_TYPES as readonly unknown[]).includes(v), {
      message: 'validation.raw.type',
    }),
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
      if (RULED.has(path.join('.'))) continue;
      const issue = leafIssue(text);
      if (issue) ctx.addIssue({ code: 'custom', path, message: issue.key, params: issue.params ?? {} });
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
 * lossless parser (exact large numbers). Both refuse every duplicate key the same
 * way, even an identical one (`"amount":500,"amount":500`): JSON.parse keeps the
 * last, lossless-json accepts identical ones, and a reader of the body sees two.
 */
export function readRawBody(
  text: string,
  parse: (text: string) => unknown = JSON.parse,
): { ok: true; body: ParsedApiBody } | { ok: false; fields: Record<string, Issue> } {
  const one = (field: string, issue: Issue) => ({ ok: false as const, fields: { [field]: issue } });
  if (text.length > RAW_BODY_MAX) return one('_', { key: 'validation.raw.tooLong', params: { max: RAW_BODY_MAX } });
  let value: unknown;
  try {
    JSON.parse(text); // the same syntax verdict in the form and in main, before duplicates are looked for
    const scan = scanJson(text);
    if (scan.duplicate) return one(scan.duplicate.path.join('.'), { key: 'validation.raw.duplicateKey', params: { key: scan.duplicate.key } });
    // A card number may be written as a bare JSON number too.
    const card = scan.numbers.find((n) => containsCardNumber(n.literal));
    if (card) return one(card.path.join('.'), { key: 'validation.text.cardNumber' });
    value = parse(text);
  } catch {
    return one('_', { key: 'validation.raw.json' });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return one('_', { key: 'validation.raw.object' });
  // Checked on the parsed text itself, before any schema copies keys into new objects.
  for (const [path, key] of keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return one(path.join('.'), { key: 'validation.raw.key', params: { key } });
    const hidden = checkHidden(key) ?? (containsCardNumber(key) ? { key: 'validation.text.cardNumber' } : null);
    if (hidden) return one(path.join('.'), hidden);
  }
  const parsed = ApiOrderBody.safeParse(value);
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, fields: fieldIssues(parsed.error) };
}
