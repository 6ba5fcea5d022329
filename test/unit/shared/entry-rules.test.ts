// The order-entry rules, one catalogue row at a time (reliability-security.md §5, rows 1–40).
// Each rule reports an i18n key for one field; the same functions run in the form and in main.
import { describe, expect, it } from 'vitest';
import { contract } from '@shared/contract';
import {
  checkCountry,
  checkEmail,
  checkHolderName,
  checkIp,
  checkIpv4,
  checkLocale,
  checkMandateReference,
  checkPersonName,
  checkReturnUrl,
  checkVar,
  sepaNameWarning,
  toSepaLatin,
} from '@shared/customer';
import { ApiOrderBody, readRawBody, toApiBody } from '@shared/orders/body';
import { OrderInput } from '@shared/orders/form';
import { bicCountryMismatch, checkBic, checkIban, formatIban, maskIban } from '@shared/iban';
import { methodIssue } from '@shared/methods';
import { parseAmount } from '@shared/money';
import { fieldIssues, isCancellable, isSettled, watchDelayMs } from '@shared/orders';
import { ORDER_ID_PATTERN, generateOrderId } from '../../../electron/services/orders/order-id';

const STRICT = { allowTestIbans: false, sepaOnly: true };
const TESTING = { allowTestIbans: true, sepaOnly: true };
const iban = (raw: string, rules = STRICT) => {
  const r = checkIban(raw, rules);
  return r.ok ? r.iban : r.issue;
};
const value = <T>(r: { ok: true; value: T } | { ok: false; issue: { key: string } }) => (r.ok ? r.value : r.issue.key);

const GOOD_IBAN = 'NL91ABNA0417164300';
const link = { type: 'paymentlink', amount: 1250, currency: 'EUR', description: 'Phone order 42' };
const debit = {
  type: 'direct',
  gateway: 'DIRDEB',
  amount: 2500,
  currency: 'EUR',
  description: 'Membership 2026',
  mandate: { iban: GOOD_IBAN, holderName: 'Simon Smit', emandate: 'MANDATE-7' },
};
/** Field → key of a failed parse, or 'ok'. */
function issues(input: unknown): Record<string, string> | 'ok' {
  const r = OrderInput.safeParse(input);
  if (r.success) return 'ok';
  return Object.fromEntries(Object.entries(fieldIssues(r.error)).map(([field, issue]) => [field, issue.key]));
}

describe('IBAN (rows 1–8)', () => {
  it('1: wrong check digits are a typo to re-check', () => {
    expect(iban('NL91ABNA0417164301')).toEqual({ key: 'validation.iban.checksum' });
    expect(issues({ ...debit, mandate: { ...debit.mandate, iban: 'NL91ABNA0417164301' } })).toEqual({ 'mandate.iban': 'validation.iban.checksum' });
  });
  it('2: spaces, tabs, NBSP and lower case are normalised, and shown grouped', () => {
    expect(iban('nl91 abna 0417 1643 00')).toBe(GOOD_IBAN);
    expect(iban('\tNL91\u00a0ABNA 0417\u202f1643 00 ')).toBe(GOOD_IBAN);
    expect(formatIban(GOOD_IBAN)).toBe('NL91 ABNA 0417 1643 00');
  });
  it('3: zero-width and other invisible characters from web pages are stripped', () => {
    expect(iban('NL91\u200bABNA\u200c0417\u2060164300\ufeff')).toBe(GOOD_IBAN);
    const parsed = OrderInput.parse({ ...debit, mandate: { ...debit.mandate, iban: 'NL91\u200bABNA0417164300' } });
    expect(parsed.type === 'direct' && parsed.gateway === 'DIRDEB' && parsed.mandate.iban).toBe(GOOD_IBAN);
  });
  it('4: a look-alike letter from another script is refused with its position', () => {
    expect(iban('NL91\u0410BNA0417164300')).toEqual({ key: 'validation.iban.nonAscii', params: { position: 5 } });
    expect(iban('NL91 \u0410BNA 0417 1643 00')).toEqual({ key: 'validation.iban.nonAscii', params: { position: 6 } });
  });
  it('5: the length is checked per country', () => {
    expect(iban('NL91ABNA041716430')).toEqual({ key: 'validation.iban.length', params: { country: 'NL', length: 18, count: 17 } });
    expect(iban('DE89370400440532013000')).toBe('DE89370400440532013000');
    expect(iban('DE8937040044053201300')).toMatchObject({ key: 'validation.iban.length', params: { length: 22 } });
  });
  it('6: countries outside SEPA (or without IBANs) are refused for direct debit', () => {
    expect(iban('US12345678901234')).toEqual({ key: 'validation.iban.country', params: { country: 'US' } });
    expect(iban('XX12ABCD12345678')).toEqual({ key: 'validation.iban.country', params: { country: 'XX' } });
    expect(iban('SA0380000000608010167519')).toEqual({ key: 'validation.iban.notSepa', params: { country: 'SA' } });
    expect(iban('SA0380000000608010167519', { allowTestIbans: false, sepaOnly: false })).toBe('SA0380000000608010167519');
  });
  it('7: the four MultiSafepay test IBANs only where test IBANs are allowed', () => {
    for (const n of [1, 2, 3, 4]) {
      expect(iban(`NL87ABNA000000000${n}`, TESTING)).toBe(`NL87ABNA000000000${n}`);
      expect(iban(`NL87ABNA000000000${n}`)).toEqual({ key: 'validation.iban.testOnly' });
    }
    expect(iban('NL87ABNA0000000005', TESTING)).toEqual({ key: 'validation.iban.checksum' });
  });
  it('8: 10,000 characters are refused on length, at once', () => {
    const started = performance.now();
    expect(iban('NL'.repeat(5_000))).toEqual({ key: 'validation.iban.tooLong', params: { max: 34 } });
    expect(iban('NL91ABNA0417164300NL91ABNA0417164300')).toEqual({ key: 'validation.iban.tooLong', params: { max: 34 } });
    expect(performance.now() - started).toBeLessThan(50);
  });
  it('also names a stray character and an empty field', () => {
    expect(iban('NL91-ABNA-0417-1643-00')).toEqual({ key: 'validation.iban.characters', params: { character: '-' } });
    expect(iban('  ')).toEqual({ key: 'validation.iban.required' });
    expect(iban('NL91ABNA04171643XX')).toEqual({ key: 'validation.iban.format', params: { country: 'NL' } });
  });
  it('masks for lists: country and check digits, the last four', () => {
    expect(maskIban(GOOD_IBAN)).toBe('NL91 **** **** **** 4300');
    expect(maskIban('DE89370400440532013000')).toBe('DE89 **** **** **** **** 3000');
  });
});

describe('BIC (rows 9–11)', () => {
  it('9: must be 8 or 11 characters (the OpenAPI example "NL" is not a BIC)', () => {
    expect(checkBic('NL')).toEqual({ ok: false, issue: { key: 'validation.bic.length' } });
    expect(checkBic('ABNANL2AX')).toEqual({ ok: false, issue: { key: 'validation.bic.length' } });
    expect(checkBic('ABN4NL2A')).toEqual({ ok: false, issue: { key: 'validation.bic.format' } });
    expect(checkBic('ABNAXX2A')).toEqual({ ok: false, issue: { key: 'validation.bic.country' } });
    expect(checkBic('')).toEqual({ ok: true, bic: null });
    expect(issues({ ...debit, mandate: { ...debit.mandate, bic: 'NL' } })).toEqual({ 'mandate.bic': 'validation.bic.length' });
  });
  it('10: lower case is normalised', () => {
    expect(checkBic('abnanl2a')).toEqual({ ok: true, bic: 'ABNANL2A' });
    expect(checkBic(' deut de ff 500 ')).toEqual({ ok: true, bic: 'DEUTDEFF500' });
  });
  it('11: a BIC of another country than the IBAN is a warning, not an error', () => {
    expect(bicCountryMismatch('DEUTDEFF', GOOD_IBAN)).toEqual({
      key: 'validation.bic.countryMismatch',
      params: { bicCountry: 'DE', ibanCountry: 'NL' },
    });
    expect(bicCountryMismatch('ABNANL2A', GOOD_IBAN)).toBeNull();
    expect(bicCountryMismatch(null, GOOD_IBAN)).toBeNull();
    expect(issues({ ...debit, mandate: { ...debit.mandate, bic: 'DEUTDEFF' } })).toBe('ok');
  });
});

describe('amounts (rows 12–20)', () => {
  const minor = (text: string, locale: string) => {
    const r = parseAmount(text, locale, 'EUR');
    return r.ok ? r.minor : r.issue.key;
  };
  it('12–13: zero and negative amounts are refused in the form and in main', () => {
    expect(minor('0', 'nl')).toBe('validation.amount.positive');
    expect(minor('-5', 'en')).toBe('validation.amount.positive');
    expect(issues({ ...link, amount: 0 })).toEqual({ amount: 'validation.amount.positive' });
    expect(issues({ ...debit, amount: -5 })).toEqual({ amount: 'validation.amount.positive' });
  });
  it('14–16: decimal strings become exact minor units', () => {
    expect(minor('10,00', 'nl')).toBe(1000);
    expect(minor('1.000,50', 'nl')).toBe(100050);
    expect(minor('4.35', 'en')).toBe(435);
  });
  it('17: more decimals than the currency has are refused', () => {
    expect(minor('10.0055', 'en')).toBe('validation.amount.decimals');
    // "10.005" in English could be ten thousand and five: refused as ambiguous, never read as 10.00.
    expect(minor('10.005', 'en')).toBe('validation.amount.ambiguous');
  });
  it('18: blanks, exponents, hex, Infinity and NaN are refused', () => {
    expect(minor('', 'en')).toBe('validation.amount.required');
    expect(minor(' ', 'en')).toBe('validation.amount.required');
    for (const text of ['1e3', '0x10', 'Infinity', 'NaN']) expect(minor(text, 'en')).toBe('validation.amount.format');
  });
  it('19: amounts over the cap are refused; main has a configurable cap too', () => {
    expect(issues({ ...link, amount: 9_999_999_999_900 })).toEqual({ amount: 'validation.amount.overCap' });
    expect(issues({ ...link, amount: 10_000_001 })).toEqual({ amount: 'validation.amount.overCap' });
  });
  it("19: and a method's own allowed amount is enforced", () => {
    const dirdeb = { id: 'DIRDEB', name: 'SEPA Direct Debit', allowedAmount: { min: 100, max: 1_000_000 }, currencies: ['EUR'], countries: [] };
    expect(methodIssue(dirdeb, 99, 'EUR')).toEqual({ key: 'validation.amount.belowMethod', params: { min: 100, method: 'SEPA Direct Debit' } });
    expect(methodIssue(dirdeb, 1_000_001, 'EUR')).toEqual({ key: 'validation.amount.aboveMethod', params: { max: 1_000_000, method: 'SEPA Direct Debit' } });
    expect(methodIssue(dirdeb, 2500, 'GBP')?.key).toBe('validation.currency.notForMethod');
    expect(methodIssue(dirdeb, 2500, 'EUR')).toBeNull();
  });
  it('20: only known currency codes, and euros only for DIRDEB, KBC, CBC and INGHOME', () => {
    for (const currency of ['eur', 'EURO', '€', 'XXX', 'XTS']) expect(issues({ ...link, currency })).toEqual({ currency: 'validation.invalid' });
    expect(issues({ ...debit, currency: 'GBP' })).toEqual({ currency: 'validation.currency.eurOnly' });
    expect(issues({ ...link, type: 'redirect', gateway: 'kbc', currency: 'USD' })).toEqual({ currency: 'validation.currency.eurOnly' });
    expect(issues({ ...link, type: 'direct', gateway: 'CBC', currency: 'CHF' })).toEqual({ currency: 'validation.currency.eurOnly' });
  });
});

describe('description and free text (rows 21–26)', () => {
  it('21: at most 200 UTF-16 units', () => {
    expect(issues({ ...link, description: 'x'.repeat(201) })).toEqual({ description: 'validation.description.tooLong' });
    expect(issues({ ...link, description: '🇳🇱'.repeat(50) })).toBe('ok');
  });
  it('22: no HTML', () => {
    expect(issues({ ...link, description: '<b>Invoice</b><script>x</script>' })).toEqual({ description: 'validation.text.html' });
  });
  it('23: no control or bidi-override characters; NFC-normalised', () => {
    for (const bad of ['a\nb', 'a\tb', 'a\u0000b', 'evil\u202etxt']) {
      expect(issues({ ...link, description: bad })).toEqual({ description: 'validation.text.control' });
    }
    const parsed = OrderInput.parse({ ...link, description: 'Cafe\u0301' });
    expect(parsed.description).toBe('Café');
  });
  it('24: a name outside the SEPA character set is accepted but the bank gets a Latin spelling', () => {
    expect(toSepaLatin('François Müller-Øberg')).toBe('Francois Muller-Oberg');
    expect(sepaNameWarning('François Müller')).toEqual({ key: 'validation.holderName.sepaCharset', params: { name: 'Francois Muller' } });
    expect(sepaNameWarning('Jan de Vries')).toBeNull();
    expect(value(checkHolderName('Zoë 😀 Smit'))).toBe('Zoë 😀 Smit');
    expect(value(checkHolderName('王小明'))).toBe('validation.holderName.noLatin');
  });
  it('25: the account holder name is 1–70 characters', () => {
    expect(value(checkHolderName(''))).toBe('validation.holderName.required');
    expect(value(checkHolderName('    '))).toBe('validation.holderName.required');
    expect(value(checkHolderName('x'.repeat(71)))).toBe('validation.holderName.tooLong');
    expect(value(checkHolderName('J'))).toBe('J');
    expect(issues({ ...debit, mandate: { ...debit.mandate, holderName: ' ' } })).toEqual({ 'mandate.holderName': 'validation.holderName.required' });
  });
  it('26: card numbers are refused in every free-text field', () => {
    const card = 'ref 4111 1111 1111 1111';
    expect(issues({ ...link, description: card })).toEqual({ description: 'validation.text.cardNumber' });
    expect(issues({ ...link, var1: card })).toEqual({ var1: 'validation.text.cardNumber' });
    expect(issues({ ...link, var3: '5555-5555-5555-4444' })).toEqual({ var3: 'validation.text.cardNumber' });
    expect(value(checkPersonName('4111111111111111'))).toBe('validation.text.cardNumber');
    expect(issues({ ...debit, mandate: { ...debit.mandate, holderName: `Jan ${card}` } })).toEqual({ 'mandate.holderName': 'validation.text.cardNumber' });
    expect(issues({ ...debit, mandate: { ...debit.mandate, holderCity: card } })).toEqual({ 'mandate.holderCity': 'validation.text.cardNumber' });
    const raw = readRawBody(JSON.stringify({ ...toApiBody(OrderInput.parse(link)), custom_info: { custom_1: card } }));
    expect(raw).toEqual({ ok: false, fields: { 'custom_info.custom_1': { key: 'validation.text.cardNumber' } } });
  });
});

describe('order_id (rows 27–30)', () => {
  it('27–28: the renderer cannot choose an order_id; main generates one of at most 50 characters', () => {
    expect(issues({ ...link, order_id: 'mine' })).toEqual({ _: 'validation.unknownField' });
    const raw = readRawBody(JSON.stringify({ ...link, order_id: 'mine' }));
    expect(raw).toEqual({ ok: false, fields: { order_id: { key: 'validation.raw.mainOnly', params: { key: 'order_id' } } } });
    const id = generateOrderId(Date.UTC(2026, 10, 21, 9, 0, 0));
    expect(id.length).toBeLessThanOrEqual(50);
    expect(contract['orders.resend'].input.safeParse({ orderId: 'x'.repeat(51) }).success).toBe(false);
  });
  it('29: only [A-Za-z0-9_-] in an order_id, on every channel that takes one', () => {
    for (const bad of ['a b', 'a#b', 'a?b', 'a%b', 'a/b', '..', 'café']) {
      expect(ORDER_ID_PATTERN.test(bad)).toBe(false);
      for (const channel of ['orders.resend', 'orders.recreate', 'orders.cancel', 'orders.refresh'] as const) {
        expect(contract[channel].input.safeParse({ orderId: bad }).success, `${channel} ${bad}`).toBe(false);
      }
    }
    expect(ORDER_ID_PATTERN.test(generateOrderId(Date.now()))).toBe(true);
  });
  it('30: generated ids are never digits only', () => {
    for (let i = 0; i < 20; i++) expect(generateOrderId(Date.now())).toMatch(/^CON-\d{8}-\d{6}-[a-z2-9]{6}$/);
  });
});

describe('customer fields (rows 31–34)', () => {
  it('31: locale nl-NL becomes nl_NL; unknown locales are refused', () => {
    expect(value(checkLocale('nl-NL'))).toBe('nl_NL');
    expect(value(checkLocale(' NL_nl '))).toBe('nl_NL');
    expect(value(checkLocale('fr-be'))).toBe('fr_BE');
    expect(value(checkLocale('xx_YY'))).toBe('validation.locale.unknown');
    expect(value(checkLocale('Dutch'))).toBe('validation.locale.format');
    expect(issues({ ...link, customer: { locale: 'nl-NL' } })).toBe('ok');
    expect(OrderInput.parse({ ...link, customer: { locale: 'nl-NL' } }).customer?.locale).toBe('nl_NL');
  });
  it('32: country as ISO 3166-1 alpha-2', () => {
    expect(value(checkCountry('nl'))).toBe('NL');
    expect(value(checkCountry('Netherlands'))).toBe('validation.country.format');
    expect(value(checkCountry('XX'))).toBe('validation.country.unknown');
    expect(issues({ ...debit, mandate: { ...debit.mandate, holderCountry: 'Nederland' } })).toEqual({ 'mandate.holderCountry': 'validation.country.format' });
  });
  it('33: e-mail mistakes each get their own reason', () => {
    expect(value(checkEmail('jan@'))).toBe('validation.email.domain');
    expect(value(checkEmail('jan'))).toBe('validation.email.at');
    expect(value(checkEmail('jan@@x.nl'))).toBe('validation.email.oneAt');
    expect(value(checkEmail('"Jan" <jan@x.nl>'))).toBe('validation.email.plain');
    expect(value(checkEmail('jan@x.nl.'))).toBe('validation.email.trailingDot');
    expect(value(checkEmail(`${'j'.repeat(60)}@x.nl`))).toBe('validation.email.tooLong');
    expect(value(checkEmail('jan@x.nl\r\nBcc: a@b.c'))).toBe('validation.email.control');
    expect(value(checkEmail('@x.nl'))).toBe('validation.email.local');
    expect(value(checkEmail('jan@x.nl:25'))).toBe('validation.email.domain');
    expect(value(checkEmail(' Jan.de-Vries+shop@Example.NL '))).toBe('Jan.de-Vries+shop@example.nl');
  });
  it('34: an international domain is sent as punycode, in the form and in main alike', () => {
    expect(value(checkEmail('jan@bücher.de'))).toBe('jan@xn--bcher-kva.de');
    expect(value(checkEmail('jürgen@x.de'))).toBe('validation.email.localAscii');
    expect(OrderInput.parse({ ...link, customer: { email: 'jan@bücher.de' } }).customer?.email).toBe('jan@xn--bcher-kva.de');
  });
  it('the IP address is optional; when given, IPv4 or IPv6', () => {
    expect(value(checkIp('213.127.71.75'))).toBe('213.127.71.75');
    expect(value(checkIp('2001:db8::1'))).toBe('2001:db8::1');
    expect(value(checkIp('256.1.1.1'))).toBe('validation.ip.invalid');
    expect(value(checkIp('01.2.3.4'))).toBe('validation.ip.invalid');
    // The published Customer schema: forwarded_ip is IPv4, ip_address either.
    expect(value(checkIpv4(' 203.0.113.7 '))).toBe('203.0.113.7');
    expect(value(checkIpv4('2001:db8::1'))).toBe('validation.ip.v4');
    expect(value(checkIpv4('256.1.1.1'))).toBe('validation.ip.v4');
    expect(issues({ ...link, customer: { ipAddress: 'localhost' } })).toEqual({ 'customer.ipAddress': 'validation.ip.invalid' });
  });
  it('names are 2–25 characters (the API wants full names)', () => {
    expect(value(checkPersonName('J'))).toBe('validation.name.tooShort');
    expect(value(checkPersonName('x'.repeat(26)))).toBe('validation.name.tooLong');
    expect(value(checkPersonName('Simon'))).toBe('Simon');
  });
  it('var1–var3 are at most 100 characters', () => {
    expect(value(checkVar('x'.repeat(100)))).toBe('x'.repeat(100));
    expect(value(checkVar('x'.repeat(101)))).toBe('validation.var.tooLong');
    expect(issues({ ...link, var2: 'x'.repeat(101) })).toEqual({ var2: 'validation.var.tooLong' });
  });
  it('return URLs are https (http only on this machine), without credentials', () => {
    expect(value(checkReturnUrl('https://shop.example/thanks?x=1'))).toBe('https://shop.example/thanks?x=1');
    expect(value(checkReturnUrl('http://shop.example/thanks'))).toBe('validation.url.https');
    expect(value(checkReturnUrl('http://127.0.0.1:8080/back'))).toBe('http://127.0.0.1:8080/back');
    expect(value(checkReturnUrl('https://u:p@shop.example/'))).toBe('validation.url.credentials');
    expect(value(checkReturnUrl('javascript:alert(1)'))).toBe('validation.url.https');
    expect(value(checkReturnUrl('not a url'))).toBe('validation.url.invalid');
  });
  it('the e-mandate reference is 1–35 SEPA characters', () => {
    expect(value(checkMandateReference('MANDATE-2026/07'))).toBe('MANDATE-2026/07');
    expect(value(checkMandateReference(''))).toBe('validation.emandate.required');
    expect(value(checkMandateReference('x'.repeat(36)))).toBe('validation.emandate.tooLong');
    expect(value(checkMandateReference('mandat#1'))).toBe('validation.emandate.characters');
  });
  it('link lifetimes stay within 1–365 days or 1–31,536,000 seconds', () => {
    expect(issues({ ...link, lifetime: { unit: 'days', value: 14 } })).toBe('ok');
    expect(issues({ ...link, lifetime: { unit: 'days', value: 366 } })).toEqual({ 'lifetime.value': 'validation.lifetime.days' });
    expect(issues({ ...link, lifetime: { unit: 'seconds', value: 0 } })).toEqual({ 'lifetime.value': 'validation.lifetime.seconds' });
  });
});

describe('what the renderer may send (rows 37–39)', () => {
  it('37: extra fields are refused in every flow', () => {
    for (const input of [link, debit, { ...link, type: 'redirect' }]) {
      for (const extra of [{ status: 'created' }, { api_key: 'x' }, { order_id: 'mine' }]) {
        expect(issues({ ...input, ...extra })).toEqual({ _: 'validation.unknownField' });
      }
    }
    expect(issues({ ...debit, mandate: { ...debit.mandate, account_id: GOOD_IBAN } })).toEqual({ mandate: 'validation.unknownField' });
  });
  it('38: __proto__ and constructor keys are refused, in forms and in hand-written bodies', () => {
    expect(OrderInput.safeParse(JSON.parse('{"type":"paymentlink","amount":1,"currency":"EUR","description":"x","__proto__":{"a":1}}')).success).toBe(false);
    expect(OrderInput.safeParse({ ...link, constructor: 'x' }).success).toBe(false);
    const raw = readRawBody('{"type":"paymentlink","amount":1,"currency":"EUR","description":"x","customer":{"__proto__":{"admin":true}}}');
    expect(raw).toEqual({ ok: false, fields: { 'customer.__proto__': { key: 'validation.raw.key', params: { key: '__proto__' } } } });
  });
  it('39: wrong types are refused', () => {
    for (const amount of ['100', null, [1], 10.5, Number.NaN]) expect(issues({ ...link, amount })).not.toBe('ok');
    expect(issues({ ...debit, mandate: null })).not.toBe('ok');
    expect(issues({ ...link, type: 'voucher' })).toEqual({ type: 'validation.invalid' });
  });
});

describe('the flows', () => {
  it('keeps the original payment-link input working unchanged', () => {
    expect(OrderInput.parse(link)).toEqual({ ...link });
    expect(toApiBody(OrderInput.parse(link))).toEqual({ type: 'paymentlink', currency: 'EUR', amount: 1250, description: 'Phone order 42' });
  });
  it('turns a direct debit into the API body, with the IBAN twice as the API wants it', () => {
    const body = toApiBody(OrderInput.parse({ ...debit, mandate: { ...debit.mandate, iban: 'nl91 abna 0417 1643 00', bic: 'abnanl2a', holderCountry: 'nl' }, customer: { locale: 'nl-NL' } }));
    expect(body).toEqual({
      type: 'direct',
      gateway: 'DIRDEB',
      currency: 'EUR',
      amount: 2500,
      description: 'Membership 2026',
      customer: { locale: 'nl_NL' },
      gateway_info: {
        account_id: GOOD_IBAN,
        account_holder_name: 'Simon Smit',
        account_holder_iban: GOOD_IBAN,
        account_holder_bic: 'ABNANL2A',
        account_holder_country: 'NL',
        emandate: 'MANDATE-7',
      },
    });
    expect(ApiOrderBody.safeParse(body).success).toBe(true);
  });
  it('sends a payment link lifetime as days_active or seconds_active', () => {
    expect(toApiBody(OrderInput.parse({ ...link, lifetime: { unit: 'days', value: 3 } }))).toMatchObject({ days_active: 3 });
    expect(toApiBody(OrderInput.parse({ ...link, lifetime: { unit: 'seconds', value: 7200 } }))).toMatchObject({ seconds_active: 7200 });
  });
  it('sends return URLs for redirect and direct bank orders, never for a payment link', () => {
    const redirect = toApiBody(OrderInput.parse({ ...link, type: 'redirect', gateway: 'KBC', redirectUrl: 'https://shop.example/ok' }));
    expect(redirect).toMatchObject({ type: 'redirect', gateway: 'KBC', payment_options: { redirect_url: 'https://shop.example/ok' } });
    expect(issues({ ...link, redirectUrl: 'https://shop.example/ok' })).toEqual({ _: 'validation.unknownField' });
    expect(issues({ ...link, type: 'direct', gateway: 'INGHOME' })).toBe('ok');
    expect(issues({ ...link, type: 'direct', gateway: 'IDEAL' })).toEqual({ gateway: 'validation.invalid' });
    expect(issues({ ...link, type: 'direct', gateway: 'DIRDEB' })).toEqual({ mandate: 'validation.invalid' });
  });
  it('refuses FastCheckout (type checkout) in a hand-written body: it needs a cart and checkout options we never send', () => {
    const body = { currency: 'EUR', amount: 100, description: 'x' };
    expect(readRawBody(JSON.stringify({ ...body, type: 'checkout' }))).toEqual({ ok: false, fields: { type: { key: 'validation.raw.type' } } });
    expect(readRawBody(JSON.stringify({ ...body, type: 'fastcheckout' }))).toEqual({ ok: false, fields: { type: { key: 'validation.raw.type' } } });
    for (const type of ['paymentlink', 'redirect']) expect(readRawBody(JSON.stringify({ ...body, type })).ok, type).toBe(true);
  });
  it('follows the published Customer schema field by field: ip_address IPv4 or IPv6, forwarded_ip IPv4 only', () => {
    const body = (customer: object) => JSON.stringify({ type: 'redirect', currency: 'EUR', amount: 100, description: 'x', customer });
    expect(readRawBody(body({ ip_address: '2001:db8::1', forwarded_ip: '203.0.113.7' })).ok).toBe(true);
    expect(readRawBody(body({ forwarded_ip: '2001:db8::1' }))).toEqual({ ok: false, fields: { 'customer.forwarded_ip': { key: 'validation.ip.v4' } } });
  });
  it('checks a hand-written body by the same rules, and keeps fields it does not know', () => {
    const ok = readRawBody(JSON.stringify({ type: 'redirect', currency: 'EUR', amount: 100, description: 'x', second_chance: { send_mail: true } }));
    expect(ok).toMatchObject({ ok: true, body: { type: 'redirect', second_chance: { send_mail: true } } });
    expect(readRawBody('{"type":')).toEqual({ ok: false, fields: { _: { key: 'validation.raw.json' } } });
    expect(readRawBody('[1]')).toEqual({ ok: false, fields: { _: { key: 'validation.raw.object' } } });
    const dd = readRawBody(JSON.stringify({ type: 'direct', gateway: 'DIRDEB', currency: 'EUR', amount: 100, description: 'x', gateway_info: { account_holder_iban: 'NL91ABNA0417164301' } }));
    expect(dd).toEqual({
      ok: false,
      fields: { 'gateway_info.account_holder_iban': { key: 'validation.iban.checksum' } },
    });
    const missing = readRawBody(JSON.stringify({ type: 'direct', gateway: 'DIRDEB', currency: 'EUR', amount: 100, description: 'x' }));
    expect(missing.ok === false && Object.keys(missing.fields).sort()).toEqual([
      'gateway_info.account_holder_iban',
      'gateway_info.account_holder_name',
      'gateway_info.emandate',
    ]);
    expect(readRawBody(JSON.stringify({ type: 'direct', currency: 'EUR', amount: 1, description: 'x' }))).toEqual({
      ok: false,
      fields: { gateway: { key: 'validation.gateway.requiredForDirect' } },
    });
    expect(readRawBody(JSON.stringify({ type: 'paymentlink', currency: 'EUR', amount: '100', description: 'x' })).ok).toBe(false);
  });
});

describe('statuses', () => {
  const order = (state: string, status: string | null, gateway: string | null = null, financialStatus: string | null = null) =>
    ({ state, status, gateway, financialStatus }) as Parameters<typeof isCancellable>[0];
  it('knows when there is nothing more to watch', () => {
    expect(isSettled(order('created', 'initialized'))).toBe(false);
    expect(isSettled(order('created', 'completed'))).toBe(true);
    expect(isSettled(order('created', 'completed', 'DIRDEB'))).toBe(false); // reversals can follow
    for (const s of ['declined', 'expired', 'cancelled', 'void']) expect(isSettled(order('created', s))).toBe(true);
    expect(isSettled(order('unknown', null))).toBe(false);
    expect(isSettled(order('rejected', null))).toBe(true);
  });
  it('watches every 5 s, then every 30 s, then every 15 minutes', () => {
    expect(watchDelayMs(0)).toBe(5_000);
    expect(watchDelayMs(3 * 60_000)).toBe(30_000);
    expect(watchDelayMs(20 * 60_000)).toBe(900_000);
  });
  it('lets a direct debit be cancelled only until the bank has it', () => {
    expect(isCancellable(order('created', 'initialized', 'DIRDEB', 'initialized'))).toBe(true);
    expect(isCancellable(order('created', 'uncleared', 'DIRDEB', 'initialized'))).toBe(true);
    expect(isCancellable(order('created', 'uncleared', 'DIRDEB', 'uncleared'))).toBe(false);
    expect(isCancellable(order('created', 'initialized', 'KBC', 'initialized'))).toBe(true);
    expect(isCancellable(order('created', 'completed', 'KBC', 'completed'))).toBe(false);
    expect(isCancellable(order('unknown', null))).toBe(false);
  });
});
