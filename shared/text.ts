/**
 * Rules for any free text staff type (description, names, var1–3): no card data
 * (this console never handles it), no control or bidi-override characters, and
 * the description's own limits.
 */
import type { Issue } from './result';

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
