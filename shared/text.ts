/**
 * Rules for any free text staff type (description, names, city, var1–3, mandate
 * reference, profile labels), applied the same way in the form and in main:
 * well-formed, nothing invisible or direction-changing, no markup, no card data
 * (this console never handles it). ARCHITECTURE.md "Text rules" lists them per field.
 */
import type { Issue } from './result';

export const DESCRIPTION_MAX = 200;

/** A lone UTF-16 surrogate: `u` mode matches surrogates only when they are not part of a pair. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;
/** C0, DEL and C1 controls, and the line/paragraph separators (U+0085 NEL is C1). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
/**
 * Every bidi control: the marks (ALM U+061C, LRM, RLM), embeddings and overrides
 * (U+202A–202E) and isolates (U+2066–2069). One list for every field; they reorder
 * what is shown without being seen ("evil\u202etxt.exe").
 */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/**
 * Invisible characters: default-ignorable code points (zero-width space and joiners,
 * word joiner, soft hyphen, BOM, variation selectors, Hangul fillers, tag characters…),
 * every other format character (\p{Cf}), the Braille blank, noncharacters and private-use
 * characters (no payment page or bank shows them the same way).
 */
const INVISIBLE_SET = '[\\p{Default_Ignorable_Code_Point}\\p{Cf}\\p{Co}\\u2800\\ufdd0-\\ufdef\\ufffe\\uffff]';
const INVISIBLE = new RegExp(INVISIBLE_SET, 'u');
const INVISIBLE_ALL = new RegExp(INVISIBLE_SET, 'gu');
/** Code points that can be seen; marks alone, spaces and invisibles cannot. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
/** Spaces that look like a space (not U+1680, which is drawn as a dash). */
const SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;

const ZWNJ = '\u200c';
const ZWJ = '\u200d';
/** Scripts where ZWNJ/ZWJ change how letters join: Arabic (Persian, Urdu), Syriac, N'Ko, Mongolian and the Brahmic scripts. */
const JOINING_SCRIPT =
  /[\p{scx=Arab}\p{scx=Syrc}\p{scx=Nkoo}\p{scx=Mong}\p{scx=Deva}\p{scx=Beng}\p{scx=Guru}\p{scx=Gujr}\p{scx=Orya}\p{scx=Taml}\p{scx=Telu}\p{scx=Knda}\p{scx=Mlym}\p{scx=Sinh}\p{scx=Khmr}\p{scx=Mymr}]/u;
const JOINING_LETTER = /[\p{L}\p{M}]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const HAN = /\p{scx=Hani}/u;
/** Emoji skin-tone modifiers and VS16: may stand between a pictograph and a ZWJ. */
const EMOJI_TAIL = /[\u{1f3fb}-\u{1f3ff}\ufe0f]/u;
/** The three RGI subdivision flags (England, Scotland, Wales): black flag + tag letters + cancel tag. */
const TAG_FLAG = /\u{1f3f4}(?:\u{e0067}\u{e0062}(?:\u{e0065}\u{e006e}\u{e0067}|\u{e0073}\u{e0063}\u{e0074}|\u{e0077}\u{e006c}\u{e0073})\u{e007f})/gu;

const isJoiningLetter = (ch: string | undefined) => ch !== undefined && JOINING_LETTER.test(ch) && JOINING_SCRIPT.test(ch);

/**
 * Invisible characters that are part of legitimate text, and so allowed:
 * - ZWNJ and ZWJ between two letters of a script that uses them (Persian "می‌خواهم",
 *   Hindi, Malayalam, Sinhala "ශ්‍රී"): they change the spelling, not only the look;
 * - ZWJ inside an emoji sequence (👩‍💻, 👨‍👩‍👧) and VS15/VS16 right after a pictograph or a
 *   keycap base (❤️, 1️⃣);
 * - the tag characters of the three UK subdivision flags (🏴󠁧󠁢󠁳󠁣󠁴󠁿), and no other tag sequence,
 *   since tags can otherwise carry hidden text.
 * Everything else invisible is refused.
 */
function legitimateInvisible(chars: string[], i: number): boolean {
  const ch = chars[i]!;
  const before = chars[i - 1];
  const after = chars[i + 1];
  if (ch === ZWNJ || ch === ZWJ) {
    if (isJoiningLetter(before) && isJoiningLetter(after)) return true;
    if (ch === ZWJ && after !== undefined && PICTOGRAPH.test(after)) {
      for (let j = i - 1; j >= 0; j--) {
        if (PICTOGRAPH.test(chars[j]!)) return true;
        if (!EMOJI_TAIL.test(chars[j]!)) return false;
      }
    }
    return false;
  }
  // One variation selector, right after its base: a run of them can smuggle bytes behind one emoji.
  if (ch === '\ufe0e' || ch === '\ufe0f') return before !== undefined && (PICTOGRAPH.test(before) || /^[0-9#*]$/.test(before));
  if (/[\u{e0100}-\u{e01ef}]/u.test(ch)) return before !== undefined && HAN.test(before);
  return false;
}

/** True when the text holds an invisible character outside the legitimate uses above. */
export function hasInvisible(text: string): boolean {
  const chars = [...text.replace(TAG_FLAG, '\u{1f3f4}')];
  for (let i = 0; i < chars.length; i++) {
    if (INVISIBLE.test(chars[i]!) && !BIDI_CONTROLS.test(chars[i]!) && !legitimateInvisible(chars, i)) return true;
  }
  return false;
}

/** Not well-formed UTF-16: a lone surrogate (the database would keep U+FFFD, the request the surrogate). */
export const isIllFormed = (text: string): boolean => LONE_SURROGATE.test(text);

/**
 * The form a free text is checked, stored and sent in: NFC, spaces of every width as a
 * plain space, trimmed. Nothing else changes (no NFKC: "ﬁ" or full-width letters stay as typed).
 */
export function normaliseText(raw: string): string {
  if (isIllFormed(raw)) return raw; // refused by the rules; normalize() must not see it
  return raw.normalize('NFC').replace(SPACES, ' ').trim();
}

/** True when nothing visible remains: only spaces, invisible characters or lone marks. A required field treats it as empty. */
export function isBlank(text: string): boolean {
  for (const ch of text.replace(INVISIBLE_ALL, '')) if (ch !== '\u2800' && VISIBLE.test(ch)) return false;
  return true;
}

/** Code points: what a server counts ("𠮷" is one, where `.length` says two). */
export const codePoints = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** User-perceived characters (grapheme clusters): what a person counts ("👩‍💻" and "é" are one each). */
export const graphemes = (text: string): number => {
  let n = 0;
  for (const _ of graphemeSegmenter.segment(text)) n++;
  return n;
};

// ---- card numbers -------------------------------------------------------------------------

/** Digits NFKC leaves alone: the dingbat circled digits (❶ ➀ ➊) and the circled-zero dingbats. */
const DINGBAT_DIGITS: Record<number, number> = { 0x24ff: 0, 0x1f10b: 0, 0x1f10c: 0 };
for (const start of [0x2776, 0x2780, 0x278a]) for (let d = 1; d <= 9; d++) DINGBAT_DIGITS[start + d - 1] = d;

const DECIMAL = /\p{Nd}/u;
const digitCache = new Map<number, number>();
/**
 * The value of any Unicode decimal digit (\p{Nd}). Unicode encodes every decimal digit set
 * as runs of ten starting at zero, so the value is the distance to the start of the run, mod 10.
 */
function digitValue(cp: number): number {
  const known = digitCache.get(cp);
  if (known !== undefined) return known;
  let start = cp;
  while (start > 0 && DECIMAL.test(String.fromCodePoint(start - 1))) start--;
  const value = (cp - start) % 10;
  digitCache.set(cp, value);
  return value;
}

/**
 * The text as a card scanner must read it: NFKC (full-width and other compatibility digits),
 * invisible characters and marks removed, every decimal digit as its ASCII digit, and every
 * character that is neither a letter nor a digit (spaces of any kind, dashes, dots, slashes,
 * controls…) as one separator `_`. Letters and other numbers break a run.
 */
export function cardScanForm(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC').replace(INVISIBLE_ALL, '').replace(/\p{M}/gu, '')) {
    const cp = ch.codePointAt(0)!;
    if (DECIMAL.test(ch)) out += String(digitValue(cp));
    else if (cp in DINGBAT_DIGITS) out += String(DINGBAT_DIGITS[cp]);
    else if (/[\p{L}\p{N}]/u.test(ch)) out += 'a';
    else out += '_';
  }
  return out;
}

/**
 * The first digits of a payment card (PCI DSS scope): 3 (Amex, Diners, JCB), 4 (Visa), 5 and 6
 * (Mastercard, Maestro, Discover, UnionPay) and Mastercard's 2221–2720. Numbers starting 0, 1, 7–9
 * or 20xx are not payment cards; without this, two dates ("2026-11-30 2026-11-30") can pass Luhn.
 */
const ISSUER = /^(?:[3-6]|2(?:2(?:2[1-9]|[3-9]\d)|[3-6]\d\d|7(?:[01]\d|20)))/;

/** How many separator characters may stand between two digit groups of one card number ("4111 - 1111"). */
const MAX_GAP = 3;

/**
 * True when `text` holds a Luhn-valid card number with a card issuer's prefix: 13–19 digits in groups
 * split by up to three separators of any kind, after `cardScanForm`. Any contiguous run of
 * groups is tried, so a card number next to other digit groups is still found.
 */
export function containsCardNumber(text: string): boolean {
  const form = cardScanForm(text);
  for (const run of form.match(new RegExp(`\\d+(?:_{1,${MAX_GAP}}\\d+)*`, 'g')) ?? []) {
    const groups = run.split(/_+/);
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length && digits.length < 19; last++) {
        digits += groups[last];
        if (digits.length >= 13 && digits.length <= 19 && ISSUER.test(digits) && luhn(digits)) return true;
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

// ---- markup -------------------------------------------------------------------------------

/**
 * Markup: any `<` or `>` (after NFKC, so full-width ＜＞ and small ﹤﹥ count) and HTML
 * character references (`&lt;`, `&#60;`, `&#x3c;`). MultiSafepay says HTML is not supported;
 * we read that strictly and refuse bare angle brackets too, because a payment page, a bank
 * statement or an e-mail template that does not escape them turns "a<b" into a tag, and
 * business text rarely needs them ("less than" reads as well). A bare `&` ("Smit & Zn") is fine.
 */
export function hasMarkup(text: string): boolean {
  const folded = text.normalize('NFKC');
  return /[<>]/.test(folded) || /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(folded);
}

// ---- the rules ----------------------------------------------------------------------------

/**
 * What must never be inside any text field, free or structured (e-mail, URL, raw-body keys):
 * ill-formed UTF-16, controls and line separators, bidi controls, invisible characters.
 */
export function checkHidden(text: string): Issue | null {
  if (isIllFormed(text)) return { key: 'validation.text.illFormed' };
  if (CONTROL.test(text) || BIDI_CONTROLS.test(text)) return { key: 'validation.text.control' };
  if (hasInvisible(text)) return { key: 'validation.text.invisible' };
  return null;
}

/** The rules every free-text field shares: `checkHidden`, then no markup, no card number. */
export function checkFreeText(text: string): Issue | null {
  const hidden = checkHidden(text);
  if (hidden) return hidden;
  if (hasMarkup(text)) return { key: 'validation.text.html' };
  if (containsCardNumber(text)) return { key: 'validation.text.cardNumber' };
  return null;
}

/**
 * The description: required (nothing visible counts as empty), at most 200 UTF-16 units
 * (conservative: MultiSafepay may count like JavaScript's `.length`; "🇳🇱" is 4), free-text rules.
 */
export function checkDescription(raw: string): Issue | null {
  if (isIllFormed(raw)) return { key: 'validation.text.illFormed' };
  const text = normaliseText(raw);
  if (isBlank(text)) return { key: 'validation.description.required' };
  const issue = checkFreeText(text);
  if (issue) return issue;
  if (text.length > DESCRIPTION_MAX) {
    return { key: 'validation.description.tooLong', params: { max: DESCRIPTION_MAX } };
  }
  return null;
}
