/**
 * Money is integer minor units end to end. Typed amounts are parsed as strings
 * (never float maths), forgiving about separators where the meaning is certain; the currency's own
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

// Spaces of every width (fr groups with U+202F) count as one.
const SPACES = /[ \u00a0\u202f\u2009]/g;
const SEPARATORS = ['.', ',', ' '] as const;

export type AmountParse = { ok: true; minor: number } | { ok: false; issue: Issue };

/** The ways staff may write `currency` next to an amount: its code and its symbols (€, £, $, kr…). */
function currencyTokens(currency: string, locale: string): Set<string> {
  const tokens = new Set([currency.toLowerCase()]);
  for (const loc of [locale, 'en', 'nl', 'fr']) {
    for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
      try {
        const part = new Intl.NumberFormat(loc, { style: 'currency', currency, currencyDisplay })
          .formatToParts(1)
          .find((p) => p.type === 'currency')?.value;
        if (part) tokens.add(part.toLowerCase().replace(/\.$/, ''));
      } catch {
        // an unknown currency has its code only
      }
    }
  }
  return tokens;
}

/** Drop one currency sign or code before or after the number ("€ 42,50", "42,50 EUR"); another currency's is refused. */
function withoutCurrency(text: string, currency: string, locale: string): string | null {
  const m = /^([^\d\s.,+-]*)\s*(.*?)\s*([^\d\s.,]*)$/u.exec(text);
  if (!m) return null;
  const [, before = '', middle = '', after = ''] = m;
  if (before && after) return null;
  const sign = (before || after).toLowerCase().replace(/\.$/, '');
  if (sign && !currencyTokens(currency, locale).has(sign)) return null;
  return middle;
}

/** "1.234.567", "1 234": whole digits grouped by threes with one separator (no leading zero). */
function groupedWith(whole: string): { sep: string; count: number } | null {
  for (const sep of SEPARATORS) {
    const esc = sep === '.' ? '\\.' : sep;
    if (new RegExp(`^[1-9]\\d{0,2}(?:${esc}\\d{3})+$`).test(whole)) return { sep, count: whole.split(sep).length - 1 };
  }
  return null;
}

/**
 * Parse a typed amount into integer minor units of `currency` (string digits, never float maths).
 * Forgiving where the meaning is certain, in every interface language:
 * - a currency sign or code of `currency` before or after, and spaces, are ignored;
 * - the last `.` or `,` followed by one or two digits is the decimal separator
 *   ("42.50" and "42,50" are both 42,50 in nl, fr and en); the other separator may group by threes;
 * - whole amounts grouped by threes are read as grouped ("1,234" in English, "1.234" in Dutch,
 *   "1.234.567" anywhere).
 * Refused, never guessed: one `.` or `,` followed by three digits where that is not the
 * language's grouping ("1.234" in English, "1,234" in Dutch or French), with a suggestion;
 * exponents, signs, stray characters, more decimals than the currency has.
 */
export function parseAmount(text: string, locale: string, currency: string): AmountParse {
  const exponent = currencyExponent(currency);
  const formatIssue = (): AmountParse => ({
    ok: false,
    issue: { key: 'validation.amount.format', params: { example: formatPlain(123456, locale, exponent) } },
  });
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, issue: { key: 'validation.amount.required' } };
  if (trimmed.length > 32) return { ok: false, issue: { key: 'validation.amount.format' } };
  // Swiss styles group with an apostrophe ("1'234.50"): where the locale shows one, it is typed
  // back as grouping only, like a space; elsewhere it stays a stray character.
  const typed = /['’]/.test(separators(locale).group) ? trimmed.replace(/['’]/g, ' ') : trimmed;
  const bare = withoutCurrency(typed.replace(SPACES, ' '), currency, locale);
  if (bare === null) return formatIssue();
  if (bare.startsWith('-')) return { ok: false, issue: { key: 'validation.amount.positive' } };
  if (!/^\d[\d., ]*$/.test(bare)) return formatIssue();
  const { group } = separators(locale);
  const localeGroup = /\s/.test(group) ? ' ' : group;

  let whole: string;
  let fraction = '';
  const decimal = /^(.*?)([.,])(\d+)$/.exec(bare);
  if (/^\d+$/.test(bare)) {
    whole = bare;
  } else if (decimal && decimal[3]!.length <= 2) {
    // The decimal separator: one or two digits after the last "." or ",".
    const [, head = '', sep, digits = ''] = decimal;
    const grouped = groupedWith(head);
    if (!/^\d+$/.test(head) && !(grouped && grouped.sep !== sep)) return formatIssue();
    whole = head;
    fraction = digits;
  } else {
    const grouped = groupedWith(bare);
    if (grouped && (grouped.count > 1 || grouped.sep === ' ' || grouped.sep === localeGroup)) {
      whole = bare;
    } else if (grouped) {
      // "1.234" in English: a thousand or a mistyped decimal? Ask, with the unambiguous spellings.
      return {
        ok: false,
        issue: {
          key: 'validation.amount.ambiguous',
          params: { text: bare, whole: bare.replace(/\D/g, ''), example: formatPlain(123456, locale, exponent) },
        },
      };
    } else if (decimal && /^\d+$/.test(decimal[1]!) && (decimal[2] === separators(locale).decimal || exponent > 2)) {
      return { ok: false, issue: { key: 'validation.amount.decimals', params: { max: exponent } } };
    } else if (decimal && /^\d+$/.test(decimal[1]!) && decimal[3]!.length > 3) {
      return { ok: false, issue: { key: 'validation.amount.decimals', params: { max: exponent } } };
    } else {
      return formatIssue();
    }
  }
  if (fraction.length > exponent) {
    return { ok: false, issue: { key: 'validation.amount.decimals', params: { max: exponent } } };
  }
  const digits = (whole.replace(/\D/g, '') + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
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

/** "€ 1.000,50" style display of integer minor units, in the format locale (language + region). */
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
