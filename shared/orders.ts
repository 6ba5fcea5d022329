/**
 * Order domain: the words staff and the API share. API field names keep their
 * API spelling at the boundary (order_id, payment_url); inside we use camelCase.
 */
import { z } from './zod';
import { CURRENCIES, MAX_MINOR_UNITS, checkMinorUnits } from './money';
import type { Issue } from './result';

export const ENVIRONMENTS = ['demo', 'test', 'live'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * The closed set of local states of an order we sent (or tried to send).
 * sending: intent written, POST under way · created: MultiSafepay has it ·
 * rejected: MultiSafepay refused it · not_sent: nothing left this machine ·
 * unknown: it may or may not have landed; resolved by GET /orders/{order_id}.
 */
export const LOCAL_STATES = ['sending', 'created', 'rejected', 'not_sent', 'unknown'] as const;
export type LocalState = (typeof LOCAL_STATES)[number];

export const ORDER_TYPES = ['paymentlink', 'redirect', 'direct'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const DESCRIPTION_MAX = 200;

// Control characters (C0, DEL, C1) and the bidi overrides/isolates that can disguise text.
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const HTML_TAG = /<\/?[a-z!][^>]*>/i;

/**
 * True when `text` holds a Luhn-valid card-number-like sequence: 13–19 digits,
 * possibly split into groups by spaces or dashes. Any contiguous run of groups is
 * tried, so a card number next to other digit groups is still found.
 */
export function containsCardNumber(text: string): boolean {
  for (const run of text.match(/\d+(?:[ -]\d+)*/g) ?? []) {
    const groups = run.split(/[ -]/);
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length && digits.length < 19; last++) {
        digits += groups[last];
        if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return true;
      }
    }
  }
  return false;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Rules for any free-text field staff type: no card data, no control/bidi characters. */
export function checkFreeText(text: string): Issue | null {
  if (CONTROL_OR_BIDI.test(text)) return { key: 'validation.text.control' };
  if (containsCardNumber(text)) return { key: 'validation.text.cardNumber' };
  return null;
}

export function checkDescription(raw: string): Issue | null {
  const text = raw.normalize('NFC').trim();
  if (text === '') return { key: 'validation.description.required' };
  // UTF-16 units, like the API's own count: conservative for emoji.
  if (text.length > DESCRIPTION_MAX) {
    return { key: 'validation.description.tooLong', params: { max: DESCRIPTION_MAX } };
  }
  if (HTML_TAG.test(text)) return { key: 'validation.description.html' };
  return checkFreeText(text);
}

/** Turn a zod-checked rule into a zod refinement that reports our i18n key. */
const rule = (check: (v: string) => Issue | null) => (value: string, ctx: z.RefinementCtx) => {
  const issue = check(value);
  if (issue) ctx.addIssue({ code: 'custom', message: issue.key, params: issue.params ?? {} });
};

const trimmedText = z.string().max(10_000).transform((s) => s.normalize('NFC').trim());

/** What staff fill in for a payment link (issue: foundation slice). */
export const PaymentLinkInput = z.strictObject({
  type: z.literal('paymentlink'),
  amount: z
    .number()
    .int()
    .superRefine((v, ctx) => {
      const issue = checkMinorUnits(v, MAX_MINOR_UNITS);
      if (issue) ctx.addIssue({ code: 'custom', message: issue.key, params: issue.params ?? {} });
    }),
  currency: z.enum(CURRENCIES),
  description: z.string().max(10_000).superRefine(rule(checkDescription)).pipe(trimmedText),
});
export type PaymentLinkInput = z.input<typeof PaymentLinkInput>;

/** A validation problem per form field, as i18n keys, from a failed zod parse. */
export function fieldIssues(error: z.ZodError): Record<string, Issue> {
  const fields: Record<string, Issue> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join('.') : '_';
    if (fields[field]) continue;
    if (issue.code === 'custom') {
      const params = (issue as { params?: Record<string, string | number> }).params;
      fields[field] = params && Object.keys(params).length
        ? { key: issue.message, params }
        : { key: issue.message };
    } else if (issue.code === 'unrecognized_keys') {
      fields[field] = { key: 'validation.unknownField', params: { keys: issue.keys.join(', ') } };
    } else if (issue.code === 'too_big' && issue.origin === 'string') {
      fields[field] = { key: 'validation.tooLong', params: { max: Number(issue.maximum) } };
    } else {
      fields[field] = { key: 'validation.invalid' };
    }
  }
  return fields;
}

/** Everything the renderer may see of an order (no secrets; IBANs masked once there are any). */
export interface OrderView {
  orderId: string;
  environment: Environment;
  profileId: string;
  operator: string;
  type: OrderType;
  gateway: string | null;
  amount: number;
  currency: string;
  description: string;
  state: LocalState;
  /** MultiSafepay's order status and financial status, as received (open enums). */
  status: string | null;
  financialStatus: string | null;
  /** Kept as text: 16–17 digit PSP ids do not fit a JS number. */
  transactionId: string | null;
  paymentUrl: string | null;
  problem: { code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** The request/response pair behind an order, as stored (API key never included). */
export interface OrderExchange {
  method: string;
  path: string;
  requestBody: string | null;
  httpStatus: number | null;
  responseBody: string | null;
  outcome: string;
  startedAt: string;
  durationMs: number;
}

export interface OrderDetail extends OrderView {
  exchanges: OrderExchange[];
}

export interface HistoryPage {
  items: OrderView[];
  /** Opaque keyset cursor for the next (older) page, or null at the end. */
  next: string | null;
}
