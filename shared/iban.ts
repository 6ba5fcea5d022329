/**
 * IBAN and BIC rules for SEPA Direct Debit, shared by the form (as you type) and
 * main (the authority). Structure, per-country length and mod-97 come from
 * ibantools; what staff paste (spaces, lower case, invisible characters from web
 * pages, look-alike letters from other scripts) is handled here first.
 */
import { extractBIC, getCountrySpecifications, isSEPACountry, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import type { Issue } from './result';

/** The longest IBAN of any country (Saint Lucia, Russia: 32–33); anything longer is refused unread. */
export const IBAN_MAX = 34;
/** Raw text beyond this is refused before any other work (a 10,000-character paste must not freeze). */
const RAW_MAX = 64;

/**
 * MultiSafepay's documented test IBANs. They fail mod-97 on purpose, so they are
 * accepted only where the caller says test IBANs are allowed (demo and test).
 */
export const TEST_IBANS: readonly string[] = [
  'NL87ABNA0000000001',
  'NL87ABNA0000000002',
  'NL87ABNA0000000003',
  'NL87ABNA0000000004',
];
export const isTestIban = (iban: string) => TEST_IBANS.includes(iban);

// Whitespace of every width and every invisible character web pages and PDFs carry: format
// characters (\p{Cf}: zero-width space, word joiner, BOM, soft hyphen, bidi marks, tags) and the
// other default-ignorables (joiners, variation selectors, Hangul fillers). JS `\s` misses U+200B.
// Removing them is safe here (unlike in free text): what is left must be plain ASCII passing
// mod-97, and it is shown back grouped. Anything else non-ASCII is refused with its position.
const SEPARATORS = /[\s\p{Z}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

export type IbanCheck = { ok: true; iban: string } | { ok: false; issue: Issue };

export interface IbanRules {
  /** Accept the four MultiSafepay test IBANs (demo and test environments only). */
  allowTestIbans: boolean;
  /** Only countries of the SEPA Direct Debit scheme (for DIRDEB). */
  sepaOnly: boolean;
}

/** 1-based position, in what was typed, of the first character that is not plain ASCII. */
function firstNonAscii(raw: string): number | null {
  let position = 0;
  for (const ch of raw) {
    position++;
    if (ch.replace(SEPARATORS, '') === '') continue;
    if (ch.codePointAt(0)! > 0x7e) return position;
  }
  return null;
}

/** Spaces and invisible characters removed, upper case; no other change. */
export function compactIban(raw: string): string {
  return raw.replace(SEPARATORS, '').toUpperCase();
}

/** Normalise and check an IBAN as typed or pasted. */
export function checkIban(raw: string, rules: IbanRules): IbanCheck {
  if (raw.length > RAW_MAX) return { ok: false, issue: { key: 'validation.iban.tooLong', params: { max: IBAN_MAX } } };
  const iban = compactIban(raw);
  if (iban === '') return { ok: false, issue: { key: 'validation.iban.required' } };
  const foreign = firstNonAscii(raw);
  if (foreign !== null) return { ok: false, issue: { key: 'validation.iban.nonAscii', params: { position: foreign } } };
  if (iban.length > IBAN_MAX) return { ok: false, issue: { key: 'validation.iban.tooLong', params: { max: IBAN_MAX } } };
  const stray = /[^A-Z0-9]/.exec(iban);
  if (stray) return { ok: false, issue: { key: 'validation.iban.characters', params: { character: stray[0] } } };

  const country = iban.slice(0, 2);
  const spec = /^[A-Z]{2}$/.test(country) ? getCountrySpecifications()[country] : undefined;
  if (!spec?.chars) return { ok: false, issue: { key: 'validation.iban.country', params: { country } } };
  if (rules.sepaOnly && !isSEPACountry(country)) {
    return { ok: false, issue: { key: 'validation.iban.notSepa', params: { country } } };
  }
  if (iban.length !== spec.chars) {
    return { ok: false, issue: { key: 'validation.iban.length', params: { country, length: spec.chars, count: iban.length } } };
  }
  if (isTestIban(iban)) {
    return rules.allowTestIbans ? { ok: true, iban } : { ok: false, issue: { key: 'validation.iban.testOnly' } };
  }
  const { errorCodes } = validateIBAN(iban);
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat) || errorCodes.includes(ValidationErrorsIBAN.ChecksumNotNumber)) {
    return { ok: false, issue: { key: 'validation.iban.format', params: { country } } };
  }
  if (errorCodes.length > 0) return { ok: false, issue: { key: 'validation.iban.checksum' } };
  return { ok: true, iban };
}

/** How many characters an IBAN of `country` has, or null when the country has no IBAN. */
export function ibanLength(country: string): number | null {
  return (/^[A-Z]{2}$/.test(country) ? getCountrySpecifications()[country]?.chars : undefined) ?? null;
}

/** A compact IBAN that is one: a valid structure and mod-97, or a MultiSafepay test IBAN. */
export const isIban = (compact: string): boolean => isTestIban(compact) || validateIBAN(compact).valid;

/** "NL91 ABNA 0417 1643 00": groups of four, for reading back to the customer. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/** "NL91 **** **** **** 4300": country and check digits, the last four, nothing in between. */
export function maskIban(iban: string): string {
  if (iban.length <= 8) return iban.replace(/./g, '*');
  const hidden = Math.ceil((iban.length - 8) / 4);
  return [iban.slice(0, 4), ...Array<string>(hidden).fill('****'), iban.slice(-4)].join(' ');
}

export type BicCheck = { ok: true; bic: string | null } | { ok: false; issue: Issue };

/** A BIC is optional for SEPA (IBAN-only); when given: 8 or 11 characters, upper case. */
export function checkBic(raw: string): BicCheck {
  const bic = compactIban(raw.slice(0, RAW_MAX));
  if (bic === '') return { ok: true, bic: null };
  if (raw.length > RAW_MAX || (bic.length !== 8 && bic.length !== 11)) {
    return { ok: false, issue: { key: 'validation.bic.length' } };
  }
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) return { ok: false, issue: { key: 'validation.bic.format' } };
  if (!extractBIC(bic).valid) return { ok: false, issue: { key: 'validation.bic.country' } };
  return { ok: true, bic };
}

/** A warning, not an error (staff confirm; the BIC may also be left empty, IBAN-only SEPA): the BIC names another country than the IBAN. */
export function bicCountryMismatch(bic: string | null, iban: string): Issue | null {
  if (!bic || iban.length < 2) return null;
  const bicCountry = bic.slice(4, 6);
  const ibanCountry = iban.slice(0, 2);
  return bicCountry === ibanCountry
    ? null
    : { key: 'validation.bic.countryMismatch', params: { bicCountry, ibanCountry } };
}
