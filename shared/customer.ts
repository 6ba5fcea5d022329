/**
 * Rules for the customer and mandate fields of an order, within the limits
 * MultiSafepay documents for them (first/last name 2–25 characters, city ≤ 50,
 * e-mail ≤ 64, ISO 3166-1 alpha-2 country, a valid IP, its list of locales):
 * locale, country, e-mail, IP, names, var1–3 and return URLs. Each check returns the normalised value or an
 * i18n issue; the same functions run in the form and in main, and the value returned is the one stored and sent.
 *
 * Lengths: a minimum counts grapheme clusters (what a person calls characters: "𠮷" or "👩‍💻" is
 * one, so a one-character name is refused); a maximum counts code points (what a server counts,
 * never fewer than the graphemes). The description alone counts UTF-16 units (shared/text.ts).
 */
import { checkFreeText, checkHidden, codePoints, containsCardNumber, graphemes, isBlank, isIllFormed, normaliseText } from './text';
import type { Issue } from './result';

export type Checked<T> = { ok: true; value: T } | { ok: false; issue: Issue };
const bad = <T>(key: string, params?: Issue['params']): Checked<T> => ({
  ok: false,
  issue: params ? { key, params } : { key },
});

/** Locales MultiSafepay documents for `customer.locale` (the docs also mention da_DK). */
export const LOCALES = [
  'cs_CZ', 'da_DK', 'de_AT', 'de_DE', 'en_US', 'es_ES', 'fi_FI', 'fr_BE', 'fr_FR',
  'it_IT', 'nl_BE', 'nl_NL', 'pl_PL', 'sv_SE', 'zh_CN',
] as const;
export type Locale = (typeof LOCALES)[number];

/** "nl-NL", "NL_nl", " nl_nl " → "nl_NL"; unknown or malformed locales are refused. */
export function checkLocale(raw: string): Checked<Locale> {
  const m = /^([a-z]{2})[-_]([a-z]{2})$/i.exec(raw.trim());
  if (!m) return bad('validation.locale.format');
  const locale = `${m[1]!.toLowerCase()}_${m[2]!.toUpperCase()}`;
  return (LOCALES as readonly string[]).includes(locale) ? { ok: true, value: locale as Locale } : bad('validation.locale.unknown', { locale });
}

/** ISO 3166-1 alpha-2, officially assigned codes. */
export const COUNTRIES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
  'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE ' +
  'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM ' +
  'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC ' +
  'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
  'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO ' +
  'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

/** "nl" → "NL"; "Netherlands" or "XX" are refused (MultiSafepay answers 1018). */
export function checkCountry(raw: string): Checked<string> {
  const code = raw.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return bad('validation.country.format');
  return COUNTRIES.includes(code) ? { ok: true, value: code } : bad('validation.country.unknown', { country: code });
}

export const EMAIL_MAX = 64;

/**
 * A plain address, checked for the mistakes people make when typing or pasting one,
 * each with its own reason. An international domain is sent as punycode, in the
 * form and in main alike (URL does the conversion in both).
 */
export function checkEmail(raw: string): Checked<string> {
  if (/[\r\n\u0000-\u001f\u007f]/.test(raw)) return bad('validation.email.control');
  const text = raw.trim();
  const hidden = checkHidden(text);
  if (hidden) return { ok: false, issue: hidden };
  if (text.length > 256) return bad('validation.email.tooLong', { max: EMAIL_MAX });
  if (/[<>"]/.test(text) || /\s/.test(text)) return bad('validation.email.plain');
  const at = text.split('@');
  if (at.length === 1) return bad('validation.email.at');
  if (at.length > 2) return bad('validation.email.oneAt');
  const [local, domain] = at as [string, string];
  if (local === '') return bad('validation.email.local');
  if (domain === '') return bad('validation.email.domain');
  if (/[^\x21-\x7e]/.test(local)) return bad('validation.email.localAscii');
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..') || !/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(local)) {
    return bad('validation.email.local');
  }
  if (domain.endsWith('.')) return bad('validation.email.trailingDot');
  if (/[:/?#[\]\\%]/.test(domain)) return bad('validation.email.domain');
  let ascii: string;
  try {
    ascii = new URL(`http://${domain}`).hostname;
  } catch {
    return bad('validation.email.domain');
  }
  const labels = ascii.split('.');
  if (
    labels.length < 2 ||
    labels.some((l) => !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l)) ||
    !/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(labels.at(-1)!)
  ) {
    return bad('validation.email.domain');
  }
  if (containsCardNumber(`${local} ${domain}`)) return bad('validation.text.cardNumber');
  const email = `${local}@${ascii}`;
  if (email.length > EMAIL_MAX) return bad('validation.email.tooLong', { max: EMAIL_MAX });
  return { ok: true, value: email };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** IPv4 dotted quad or IPv6 (checked by URL, so the browser and Node agree). */
export function checkIp(raw: string): Checked<string> {
  const ip = raw.trim();
  if (IPV4.test(ip)) return { ok: true, value: ip };
  if (ip.includes(':') && /^[0-9A-Fa-f:.]{2,45}$/.test(ip)) {
    try {
      return { ok: true, value: new URL(`http://[${ip}]/`).hostname.slice(1, -1) };
    } catch {
      return bad('validation.ip.invalid');
    }
  }
  return bad('validation.ip.invalid');
}

/** IPv4 only: MultiSafepay's Customer schema gives `forwarded_ip` the format IPv4 (`ip_address` takes either). */
export function checkIpv4(raw: string): Checked<string> {
  const ip = raw.trim();
  return IPV4.test(ip) ? { ok: true, value: ip } : bad('validation.ip.v4');
}

interface TextField {
  /** Issue key when nothing visible was typed; absent: the field may be blank. */
  required?: string;
  /** Fewest grapheme clusters, and the issue key. */
  min?: { count: number; key: string };
  /** Most code points, and the issue key. */
  max: { count: number; key: string };
}

/** A free-text field: well-formed, normalised (`normaliseText`), the free-text rules, then its lengths. */
function checkTextField(raw: string, field: TextField): Checked<string> {
  if (isIllFormed(raw)) return bad('validation.text.illFormed');
  const text = normaliseText(raw);
  // Nothing visible: empty for a required field; for an optional one, something invisible was pasted.
  if (isBlank(text)) return bad(field.required ?? 'validation.text.invisible');
  const issue = checkFreeText(text);
  if (issue) return { ok: false, issue };
  if (field.min && graphemes(text) < field.min.count) return bad(field.min.key, { min: field.min.count });
  if (codePoints(text) > field.max.count) return bad(field.max.key, { max: field.max.count });
  return { ok: true, value: text };
}

export const NAME_MIN = 2;
export const NAME_MAX = 25;

/** Customer first/last name: 2–25 characters (MultiSafepay's limit for first_name/last_name), free-text rules. */
export const checkPersonName = (raw: string): Checked<string> =>
  checkTextField(raw, {
    min: { count: NAME_MIN, key: 'validation.name.tooShort' },
    max: { count: NAME_MAX, key: 'validation.name.tooLong' },
  });

export const HOLDER_NAME_MAX = 70;

/** Account holder name for a mandate: 1–70 characters (ISO 20022 Max70Text), free-text rules. */
export function checkHolderName(raw: string): Checked<string> {
  const checked = checkTextField(raw, {
    required: 'validation.holderName.required',
    max: { count: HOLDER_NAME_MAX, key: 'validation.holderName.tooLong' },
  });
  if (checked.ok && toSepaLatin(checked.value) === '') return bad('validation.holderName.noLatin');
  return checked;
}

// EPC217-08 basic Latin set for SEPA names: a-z A-Z 0-9 / - ? : ( ) . , ' + and space.
const SEPA_CHAR = /[A-Za-z0-9/\-?:().,'+ ]/;
const SPECIAL: Record<string, string> = {
  ß: 'ss', Æ: 'AE', æ: 'ae', Ø: 'O', ø: 'o', Œ: 'OE', œ: 'oe', Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Þ: 'TH', þ: 'th',
  '&': '+', '’': "'", '‘': "'", '`': "'", '´': "'", '–': '-', '—': '-',
};

/** The name in the SEPA character set the bank receives: accents dropped, the rest left out. */
export function toSepaLatin(name: string): string {
  let out = '';
  for (const ch of name.normalize('NFD')) {
    if (/\p{M}/u.test(ch)) continue;
    const mapped = SPECIAL[ch] ?? ch;
    for (const c of mapped) if (SEPA_CHAR.test(c)) out += c;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * Warning: the name will reach the bank spelled differently. A direct debit carries the
 * holder's name in the SEPA basic Latin set only, so other scripts and emoji are accepted
 * for display but transliterated (or left out) for the bank.
 */
export function sepaNameWarning(name: string): Issue | null {
  const latin = toSepaLatin(name);
  return latin !== '' && latin !== normaliseText(name)
    ? { key: 'validation.holderName.sepaCharset', params: { name: latin } }
    : null;
}

/** City of the account holder: optional, ≤ 50 characters (customer.city limit). */
export const checkCity = (raw: string): Checked<string> => checkTextField(raw, { max: { count: 50, key: 'validation.city.tooLong' } });

export const VAR_MAX = 100;

/** var1–var3: ≤ 100 characters (MultiSafepay answers 1010 above that), free-text rules. */
export const checkVar = (raw: string): Checked<string> => checkTextField(raw, { max: { count: VAR_MAX, key: 'validation.var.tooLong' } });

/** E-mandate reference: our own record of the mandate, 1–35 characters (SEPA mandate id). */
export function checkMandateReference(raw: string): Checked<string> {
  if (isIllFormed(raw)) return bad('validation.text.illFormed');
  const text = normaliseText(raw);
  if (isBlank(text)) return bad('validation.emandate.required');
  if (text.length > 35) return bad('validation.emandate.tooLong', { max: 35 });
  if (!/^[A-Za-z0-9/\-?:().,'+ ]+$/.test(text)) return bad('validation.emandate.characters');
  const issue = checkFreeText(text);
  return issue ? { ok: false, issue } : { ok: true, value: text };
}

export const URL_MAX = 500;
/** MultiSafepay's limit for payment_options.notification_url. */
export const NOTIFICATION_URL_MAX = 150;

/** Spaces, controls, bidi and invisible characters: `new URL()` drops TAB/CR/LF and encodes the rest, so they are refused instead. */
const URL_HIDDEN = /[\p{Cc}\p{Z}\s\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const URL_HIDDEN_ALL = new RegExp(URL_HIDDEN.source, 'gu');

/** Path segments, query keys and values and the fragment, decoded: a card number in any of them is found, dots and slashes between them are not read as one number. */
function urlParts(url: URL): string[] {
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  return [
    url.hostname,
    ...url.pathname.split('/').map(decode),
    ...[...url.searchParams].flat(),
    decode(url.hash.slice(1)),
  ];
}

function checkWebUrl(raw: string, max: number): Checked<string> {
  // Only plain spaces around a pasted URL are let go; a TAB, CR or LF anywhere is refused.
  const text = raw.replace(/^ +| +$/g, '');
  if (isIllFormed(text)) return bad('validation.text.illFormed');
  if (text.length > max) return bad('validation.url.tooLong', { max });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Say what is wrong: a URL but for a hidden character, or no URL at all ("not a url").
    return bad(URL.canParse(text.replace(URL_HIDDEN_ALL, '')) ? 'validation.url.characters' : 'validation.url.invalid');
  }
  if (URL_HIDDEN.test(text)) return bad('validation.url.characters');
  if (url.username || url.password) return bad('validation.url.credentials');
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return bad('validation.url.https');
  if (urlParts(url).some(containsCardNumber)) return bad('validation.text.cardNumber');
  // The normalised URL is what was checked, so it is what is stored and sent.
  if (url.href.length > max) return bad('validation.url.tooLong', { max });
  return { ok: true, value: url.href };
}

/**
 * A return URL for the customer (redirect/cancel): https, or http on this machine only
 * (the demo and staging proxies), never with credentials, spaces, controls or invisible
 * characters; ≤ 500 characters. The value is `new URL(text).href`, the URL that was checked.
 * The same rule and message keys as the profile defaults in shared/accounts.ts.
 */
export const checkReturnUrl = (raw: string): Checked<string> => checkWebUrl(raw, URL_MAX);

/** payment_options.notification_url: the return-URL rule, at most 150 characters. */
export const checkNotificationUrl = (raw: string): Checked<string> => checkWebUrl(raw, NOTIFICATION_URL_MAX);
