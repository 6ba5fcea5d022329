/**
 * Money is integer minor units end to end. Typed amounts are parsed as strings
 * (never float maths) in the separators of the UI locale; the currency's own
 * exponent (EUR 2, JPY 0, KWD 3) comes from Intl.
 */
import type { Issue } from './result';

export const CURRENCIES = ['EUR', 'GBP', 'USD', 'CHF', 'DKK', 'NOK', 'SEK', 'PLN', 'CZK'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Largest amount a manual order may carry unless configured lower: € 100,000.00. */
export const MAX_MINOR_UNITS = 10_000_000;

/**
 * Building an Intl formatter costs far more than using one (formatMoney built two per call:
 * about 30 % of the history list's script time while scrolling), so each is built once per
 * locale and currency and kept. The keys are few: three UI locales, nine currencies.
 */
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let format = formatters.get(key);
  if (!format) {
    format = make();
    formatters.set(key, format);
  }
  return format;
}
const exponents = new Map<string, number>();

export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(currency, exponent);
  }
  return exponent;
}

interface Separators {
  group: string;
  decimal: string;
}

function separators(locale: string): Separators {
  const parts = formatter(`${locale}|plain`, () => new Intl.NumberFormat(locale)).formatToParts(1000000.5);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  return { group, decimal };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Spaces of every width count as one group separator where the locale groups with a space (fr).
const SPACES = '[ \\u00a0\\u202f]';

export type AmountParse = { ok: true; minor: number } | { ok: false; issue: Issue };

/**
 * Parse an amount typed in `locale` into integer minor units of `currency`.
 * Accepts plain digits or correctly grouped digits, with at most the currency's
 * exponent of decimals. Anything else (other separators, exponents, signs) is a
 * field error, so "1.000" typed by an English user never silently becomes 1.
 */
export function parseAmount(text: string, locale: string, currency: string): AmountParse {
  const input = text.trim();
  if (input === '') return { ok: false, issue: { key: 'validation.amount.required' } };
  if (input.length > 32) return { ok: false, issue: { key: 'validation.amount.format' } };
  if (input.startsWith('-')) return { ok: false, issue: { key: 'validation.amount.positive' } };
  const { group, decimal } = separators(locale);
  const exponent = currencyExponent(currency);
  const g = /\s/.test(group) ? SPACES : escape(group);
  const pattern = new RegExp(
    `^(\\d+|\\d{1,3}(?:${g}\\d{3})+)(?:${escape(decimal)}(\\d+))?$`,
  );
  const m = pattern.exec(input);
  if (!m) {
    return {
      ok: false,
      issue: { key: 'validation.amount.format', params: { example: formatPlain(123456, locale, exponent) } },
    };
  }
  const whole = m[1]!.replace(/\D/g, '');
  const fraction = m[2] ?? '';
  if (fraction.length > exponent) {
    return { ok: false, issue: { key: 'validation.amount.decimals', params: { max: exponent } } };
  }
  const digits = (whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > 15) return { ok: false, issue: { key: 'validation.amount.tooLarge' } };
  const minor = Number(digits);
  if (minor <= 0) return { ok: false, issue: { key: 'validation.amount.positive' } };
  return { ok: true, minor };
}

/** Check an integer amount in minor units: the authority in main, and the second step in the form. */
export function checkMinorUnits(minor: number, cap: number = MAX_MINOR_UNITS): Issue | null {
  if (!Number.isSafeInteger(minor)) return { key: 'validation.amount.format' };
  if (minor < 1) return { key: 'validation.amount.positive' };
  if (minor > cap) return { key: 'validation.amount.overCap', params: { cap } };
  return null;
}

/** "€ 1.000,50" style display of integer minor units, in the UI locale. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const exponent = currencyExponent(currency);
  return formatter(`${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency })).format(
    toDecimalString(minor, exponent) as unknown as number,
  );
}

function formatPlain(minor: number, locale: string, exponent: number): string {
  return formatter(`${locale}|fixed${exponent}`, () => new Intl.NumberFormat(locale, { minimumFractionDigits: exponent, maximumFractionDigits: exponent })).format(
    toDecimalString(minor, exponent) as unknown as number,
  );
}

/** Exact decimal string for Intl (which formats numeric strings without float rounding). */
function toDecimalString(minor: number, exponent: number): string {
  const s = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const sign = minor < 0 ? '-' : '';
  return exponent === 0 ? sign + s : `${sign}${s.slice(0, -exponent)}.${s.slice(-exponent)}`;
}
