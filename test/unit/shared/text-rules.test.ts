// The text rules of issue 10 with concrete examples, one input class at a time, plus the rows of
// reliability-security.md §5 they touch (3, 4, 21–26, 33). The same functions run in the form and in main.
import { describe, expect, it } from 'vitest';
import { OperatorInput, ProfileDefaultsInput, ProfileSaveInput } from '@shared/accounts';
import {
  checkCity,
  checkEmail,
  checkHolderName,
  checkMandateReference,
  checkNotificationUrl,
  checkPersonName,
  checkReturnUrl,
  checkVar,
} from '@shared/customer';
import { fieldIssues } from '@shared/field-issues';
import { checkIban } from '@shared/iban';
import { readRawBody } from '@shared/orders/body';
import { duplicateKey } from '@shared/orders/json-scan';
import { OrderInput } from '@shared/orders/form';
import { cardScanForm, checkDescription, containsCardNumber, hasInvisible, isBlank, normaliseText } from '@shared/text';
import { parseLossless } from '../../../electron/services/msp/json';

const value = <T>(r: { ok: true; value: T } | { ok: false; issue: { key: string } }) => (r.ok ? r.value : r.issue.key);
const verdict = (r: { ok: boolean } & ({ ok: true } | { ok: false; issue: { key: string } })) => (r.ok ? 'ok' : r.issue.key);
const description = (raw: string) => checkDescription(raw)?.key ?? 'ok';
/** Every free-text field's rule, as the key it answers `raw` with ('ok' when accepted). */
const FREE_TEXT: Record<string, (raw: string) => string> = {
  description,
  personName: (raw) => verdict(checkPersonName(raw)),
  holderName: (raw) => verdict(checkHolderName(raw)),
  city: (raw) => verdict(checkCity(raw)),
  var: (raw) => verdict(checkVar(raw)),
  profileName: (raw) => {
    const r = ProfileSaveInput.safeParse({ name: raw, environment: 'test' });
    return r.success ? 'ok' : fieldIssues(r.error).name!.key;
  },
  operator: (raw) => {
    const r = OperatorInput.safeParse({ name: raw });
    return r.success ? 'ok' : fieldIssues(r.error).name!.key;
  },
  descriptionTemplate: (raw) => {
    const r = ProfileDefaultsInput.safeParse({ descriptionTemplate: raw });
    return r.success ? 'ok' : fieldIssues(r.error).descriptionTemplate!.key;
  },
};
const everyField = (raw: string) => Object.fromEntries(Object.entries(FREE_TEXT).map(([field, rule]) => [field, rule(raw)]));
const all = (key: string) => Object.fromEntries(Object.keys(FREE_TEXT).map((field) => [field, key]));

describe('1. card numbers (PCI): normalised first, any separator, any decimal digits', () => {
  const CARDS = [
    '4111 1111 1111 1111',
    '4111.1111.1111.1111',
    '4111/1111/1111/1111',
    '4111_1111_1111_1111',
    '4111\u00a01111\u202f1111\u20091111',
    '4111–1111—1111−1111',
    '4111 - 1111 - 1111 - 1111',
    '４１１１－１１１１－１１１１－１１１１',
    '٤١١١ ١١١١ ١١١١ ١١١١',
    '۴۱۱۱۱۱۱۱۱۱۱۱۱۱۱۱',
    '४१११ ११११ ११११ ११११',
    '➍➊➊➊ ➊➊➊➊ ➊➊➊➊ ➊➊➊➊',
    '𝟒𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏',
    '①②③④⑤⑥⑦⑧⑨⓪①②③', // not Luhn-checked here: see below
    '3782 822463 10005',
    '2223 0000 4841 0010',
    '5555 5555 5555 4444',
    '6011\u00b71111\u00b71111\u00b71117',
    'card:4111111111111111;',
  ];
  it('finds them all, wherever the digits and separators come from', () => {
    for (const card of CARDS.filter((c) => !c.startsWith('①'))) expect(containsCardNumber(`Ref ${card} thanks`), card).toBe(true);
    expect(cardScanForm('٤١١١.١١١١')).toBe('4111_1111');
    expect(cardScanForm('Ａ４')).toBe('a4');
  });
  it('also behind invisible separators (which are refused first, as invisible)', () => {
    expect(containsCardNumber('4111\u200b1111\u200b1111\u200b1111')).toBe(true);
    expect(containsCardNumber('4\u03011\u03011\u03011111111111111')).toBe(true);
    expect(description('4111\u200b1111\u200b1111\u200b1111')).toBe('validation.text.invisible');
  });
  it('leaves dates, phone numbers, IBANs and Luhn-invalid numbers alone', () => {
    for (const text of ['Invoice 2026-11-30', '2026-11-30 2026-11-30', '1234 5678 9012 3452', '7111 1111 1111 1114', '+31 20 123 4567', 'NL91 ABNA 0417 1643 00', '4111 1111 1111 1112', 'order 12.50 x 3', '41111111111111111111111'])
      expect(containsCardNumber(text), text).toBe(false);
  });
  it('is refused in every free-text field, the e-mail, a URL and a gateway code', () => {
    expect(everyField('Ref ٤١١١.١١١١.١١١١.١١١١')).toEqual(all('validation.text.cardNumber'));
    expect(value(checkMandateReference('4111 1111 1111 1111'))).toBe('validation.text.cardNumber');
    expect(value(checkEmail('4111.1111.1111.1111@shop.example'))).toBe('validation.text.cardNumber');
    expect(value(checkEmail('jan@4111-1111-1111-1111.example'))).toBe('validation.text.cardNumber');
    expect(readRawBody('{"type":"paymentlink","amount":1,"currency":"EUR","description":"x","custom_info":{"4111 1111 1111 1111":1}}')).toEqual({
      ok: false,
      fields: { 'custom_info.4111 1111 1111 1111': { key: 'validation.text.cardNumber' } },
    });
    expect(value(checkReturnUrl('https://shop.example/back?pan=4111-1111-1111-1111'))).toBe('validation.text.cardNumber');
    expect(value(checkReturnUrl('https://shop.example/4111111111111111/done'))).toBe('validation.text.cardNumber');
    expect(value(checkReturnUrl('http://127.0.0.1:51234/back/2026/11/30/1234567'))).toBe('http://127.0.0.1:51234/back/2026/11/30/1234567');
    const gateway = OrderInput.safeParse({ type: 'redirect', gateway: '4111-1111-1111-1111', amount: 1, currency: 'EUR', description: 'x' });
    expect(gateway.success ? null : fieldIssues(gateway.error).gateway).toEqual({ key: 'validation.text.cardNumber' });
  });
});

describe('2. invisible text', () => {
  it('a required field made only of invisible characters is empty', () => {
    for (const raw of ['\u200b', '\u2060\u00ad', '\u{e0041}\u{e0042}\u{e007f}', '\ufeff \u3164', '\u2800\u2800', '\u0301', '\u034f'])
      expect(description(raw), JSON.stringify(raw)).toBe('validation.description.required');
    expect(value(checkHolderName('\u200b\u200c'))).toBe('validation.holderName.required');
    expect(value(checkMandateReference('\u200b'))).toBe('validation.emandate.required');
    expect(FREE_TEXT.operator!('\u200b\u00ad')).toBe('validation.required');
    expect(isBlank('\u200b a')).toBe(false);
  });
  it('an optional field of nothing visible is refused rather than sent', () => {
    expect(value(checkPersonName('\u200b\u200b'))).toBe('validation.text.invisible');
    expect(value(checkVar('\u2800'))).toBe('validation.text.invisible');
  });
  it('invisible characters inside names and descriptions are refused', () => {
    for (const raw of ['Jan\u200bSmit', 'Jan\u00adSmit', 'Jan\u2060Smit', 'Ja\ufeffn', 'Jan\u{e0020}Smit', 'Jan\u3164Smit', 'Jan\u180eSmit', 'Jan\uf8ffSmit', 'Jan\ufdd0Smit'])
      expect(everyField(raw), JSON.stringify(raw)).toEqual(all('validation.text.invisible'));
  });
  it('allows joiners only where they are part of the text', () => {
    for (const ok of [
      'می\u200cخواهم', // Persian ZWNJ
      'ශ්\u200dරී Lanka', // Sinhala ZWJ
      'क्\u200dष',
      'Team 👨\u200d👩\u200d👧 and 👩🏽\u200d💻',
      'Love ❤\ufe0f 1\ufe0f\u20e3',
      'Go 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}',
      '葛\u{e0100}飾',
    ])
      expect(description(ok), ok).toBe('ok');
    for (const bad of [
      'Ja\u200dn', // ZWJ between Latin letters
      'Ja\u200cn',
      '👍\u200d', // dangling
      '🏴\u{e0068}\u{e0069}\u{e0064}\u{e0065}\u{e007f}', // a tag sequence that is no flag: hidden text
      '👍\ufe0f\ufe0f', // a run of variation selectors can smuggle bytes
      '😀\u{e0100}\u{e0101}',
    ])
      expect(hasInvisible(bad), JSON.stringify(bad)).toBe(true);
  });
});

describe('3. bidi controls and separators: one list, every free-text field', () => {
  it('refuses ALM, LRM, RLM, embeddings, overrides, isolates, LS, PS, NEL in every field', () => {
    for (const ch of ['\u061c', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069', '\u2028', '\u2029', '\u0085'])
      expect(everyField(`abc${ch}def`), JSON.stringify(ch)).toEqual(all('validation.text.control'));
  });
  it('23: newline, tab, NUL and U+202E in a description; NFC makes "é" one character', () => {
    for (const raw of ['line\nbreak', 'tab\there', 'nul\u0000', 'evil\u202etxt.exe']) expect(description(raw)).toBe('validation.text.control');
    expect(OrderInput.parse({ type: 'paymentlink', amount: 1, currency: 'EUR', description: 'Cafe\u0301' }).description).toBe('Café');
  });
});

describe('4. ill-formed text', () => {
  it('a lone surrogate is refused everywhere, never turned into U+FFFD', () => {
    for (const raw of ['a\ud800b', 'a\udc00b', 'ab\ud83d']) {
      expect(everyField(raw)).toEqual(all('validation.text.illFormed'));
      expect(value(checkEmail(`j${raw}@x.nl`))).toBe('validation.text.illFormed');
      expect(value(checkReturnUrl(`https://shop.example/${raw}`))).toBe('validation.text.illFormed');
      expect(value(checkMandateReference(raw))).toBe('validation.text.illFormed');
    }
    expect(readRawBody('{"type":"paymentlink","amount":1,"currency":"EUR","description":"x\\ud800"}')).toEqual({
      ok: false,
      fields: { description: { key: 'validation.text.illFormed' } },
    });
    expect(readRawBody('{"type":"paymentlink","amount":1,"currency":"EUR","description":"x","custom_info":{"k\\udc00":1}}')).toEqual({
      ok: false,
      fields: { 'custom_info.k\udc00': { key: 'validation.text.illFormed' } },
    });
  });
});

describe('5. markup: one rule for every free-text field', () => {
  it('22: tags, bare angle brackets (also full-width) and character references are refused', () => {
    for (const raw of ['<b>Jan</b>', 'a<b', 'a > b', '＜script＞', 'Jan﹤', '&lt;b&gt;', '&#60;b', '&#x3C;b'])
      expect(everyField(raw), raw).toEqual(all('validation.text.html'));
  });
  it('a bare ampersand is text', () => {
    expect(everyField('Smit & Zn')).toEqual(all('ok'));
  });
  it('applies to the raw editor’s fields no form has, and to the customer names there', () => {
    const names = readRawBody('{"type":"paymentlink","amount":1,"currency":"EUR","description":"x","customer":{"first_name":"<b>Jan"}}');
    expect(names).toEqual({ ok: false, fields: { 'customer.first_name': { key: 'validation.text.html' } } });
    const cart = readRawBody('{"type":"paymentlink","amount":1,"currency":"EUR","description":"x","shopping_cart":{"items":[{"name":"<i>"}]}}');
    expect(cart).toEqual({ ok: false, fields: { 'shopping_cart.items.0.name': { key: 'validation.text.html' } } });
  });
});

describe('6. return URLs: refused when new URL() would change them silently; the checked URL is sent', () => {
  it('refuses TAB, CR, LF, spaces, controls, bidi and invisible characters inside', () => {
    for (const ch of ['\t', '\r', '\n', ' ', '\u00a0', '\u3000', '\u0000', '\u200b', '\u200e', '\u202e', '\u2028', '\u061c', '\ufeff', '\u{e0041}'])
      expect(value(checkReturnUrl(`https://shop.example/th${ch}anks`)), JSON.stringify(ch)).toBe('validation.url.characters');
    expect(value(checkReturnUrl('https://shop.example/back?x=1&y=<b>'))).toBe('https://shop.example/back?x=1&y=%3Cb%3E');
    for (const raw of ['https://shop.example/\n', '\thttps://shop.example/', 'https://shop.example/\r\n', '\u00a0https://shop.example/'])
      expect(value(checkReturnUrl(raw)), JSON.stringify(raw)).toBe('validation.url.characters');
  });
  it('returns new URL(text).href: what was checked is what is sent, and stored in profiles', () => {
    expect(value(checkReturnUrl('  https://shop.example  '))).toBe('https://shop.example/');
    expect(value(checkReturnUrl('https://Bücher.example/ä?q=é'))).toBe('https://xn--bcher-kva.example/%C3%A4?q=%C3%A9');
    expect(ProfileDefaultsInput.parse({ redirectUrl: 'https://SHOP.example', cancelUrl: ' ' })).toMatchObject({ redirectUrl: 'https://shop.example/', cancelUrl: null });
    expect(ProfileDefaultsInput.safeParse({ redirectUrl: 'https://shop.example/a\tb' }).error?.issues[0]?.message).toBe('validation.url.characters');
    const input = OrderInput.parse({ type: 'redirect', amount: 1, currency: 'EUR', description: 'x', redirectUrl: 'https://SHOP.example' });
    expect(input.type === 'redirect' && input.redirectUrl).toBe('https://shop.example/');
  });
  it('notification_url in a raw body: the same rule, at most 150 characters', () => {
    expect(value(checkNotificationUrl(`https://shop.example/${'a'.repeat(140)}`))).toBe('validation.url.tooLong');
    const raw = readRawBody('{"type":"redirect","amount":1,"currency":"EUR","description":"x","payment_options":{"notification_url":"https://shop.example/h\\took"}}');
    expect(raw).toEqual({ ok: false, fields: { 'payment_options.notification_url': { key: 'validation.url.characters' } } });
  });
});

describe('8. duplicate keys in the raw editor', () => {
  const body = (members: string) => `{"type":"paymentlink","currency":"EUR","description":"x",${members}}`;
  it('refuses an identical duplicate, a different one and an escaped one, in the form and in main', () => {
    for (const members of ['"amount":500,"amount":500', '"amount":500,"amount":5', '"amount":500,"am\\u006funt":500']) {
      const expected = { ok: false, fields: { amount: { key: 'validation.raw.duplicateKey', params: { key: 'amount' } } } };
      expect(readRawBody(body(members))).toEqual(expected);
      expect(readRawBody(body(members), parseLossless)).toEqual(expected);
    }
  });
  it('names the path of a nested duplicate, and leaves equal keys in different objects alone', () => {
    expect(duplicateKey('{"a":[{"b":1},{"c":{"d":"}\\"","d":2}}]}')).toEqual({ path: ['a', 1, 'c', 'd'], key: 'd' });
    expect(duplicateKey('{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":1}]}')).toBeNull();
  });
  it('finds a card number written as a bare JSON number, which JSON.parse would round', () => {
    for (const n of ['4111111111111111', '4111111111111111110', '-4111111111111111'])
      for (const parse of [JSON.parse, parseLossless])
        expect(readRawBody(body(`"amount":1,"custom_info":{"x":[1,${n}]}`), parse)).toEqual({ ok: false, fields: { 'custom_info.x.1': { key: 'validation.text.cardNumber' } } });
    expect(readRawBody(body('"amount":1,"custom_info":{"x":[1,4111111111111112]}')).ok).toBe(true);
  });
    it('refuses keys with hidden characters', () => {
    expect(readRawBody(body('"amount":1,"var\\u202e1":"x"'))).toEqual({ ok: false, fields: { 'var\u202e1': { key: 'validation.text.control' } } });
  });
});

describe('issue 15.4: lengths counted as a person or a server counts', () => {
  it('names: a minimum in graphemes, a maximum in code points', () => {
    expect(value(checkPersonName('𠮷'))).toBe('validation.name.tooShort');
    expect(value(checkPersonName('👩\u200d💻'))).toBe('validation.name.tooShort');
    expect(value(checkPersonName('e\u0301'))).toBe('validation.name.tooShort');
    expect(value(checkPersonName('𠮷野'))).toBe('𠮷野');
    expect(value(checkPersonName('𠮷'.repeat(25)))).toBe('𠮷'.repeat(25));
    expect(value(checkPersonName('𠮷'.repeat(26)))).toBe('validation.name.tooLong');
    expect(value(checkHolderName('Ä'.repeat(70)))).toBe('Ä'.repeat(70));
    expect(value(checkHolderName('A\u0308'.repeat(71)))).toBe('validation.holderName.tooLong');
    expect(value(checkCity('𠮷'.repeat(50)))).toBe('𠮷'.repeat(50));
    expect(value(checkVar('𠮷'.repeat(101)))).toBe('validation.var.tooLong');
  });
  it('21: the description counts UTF-16 units (🇳🇱 is 4), conservative like the API', () => {
    expect(description('🇳🇱'.repeat(50))).toBe('ok');
    expect(description(`${'🇳🇱'.repeat(50)}x`)).toBe('validation.description.tooLong');
    expect(description('x'.repeat(201))).toBe('validation.description.tooLong');
  });
});

describe('catalogue rows on names and IBANs', () => {
  it('3, 4: invisible characters in an IBAN are removed (it must then pass mod-97), look-alike letters refused', () => {
    for (const raw of ['NL91\u200bABNA0417164300', 'NL91\u200eABNA\u061c0417164300', '\u2066NL91 ABNA 0417 1643 00\u2069', 'NL91\u00adABNA\u{e0020}0417164300'])
      expect(checkIban(raw, { allowTestIbans: false, sepaOnly: true })).toEqual({ ok: true, iban: 'NL91ABNA0417164300' });
    expect(checkIban('NL91\u0410BNA0417164300', { allowTestIbans: false, sepaOnly: true })).toEqual({
      ok: false,
      issue: { key: 'validation.iban.nonAscii', params: { position: 5 } },
    });
  });
  it('24: names in other scripts and with emoji are accepted as typed (normalised)', () => {
    expect(value(checkPersonName('Zoë\u00a0😀'))).toBe('Zoë 😀');
    expect(value(checkPersonName('محمد'))).toBe('محمد');
  });
  it('25: an account holder of only spaces of any width and invisible characters is empty', () => {
    expect(value(checkHolderName('\u3000\u200b\u00a0'))).toBe('validation.holderName.required');
  });
  it('33: CR/LF and invisible characters in an e-mail address', () => {
    expect(value(checkEmail('jan@x.nl\r\nBcc: a@b.nl'))).toBe('validation.email.control');
    expect(value(checkEmail('jan\u200b@x.nl'))).toBe('validation.text.invisible');
    expect(value(checkEmail('jan@x\u202e.nl'))).toBe('validation.text.control');
  });
  it('normalises every width of space to a plain one, and nothing else', () => {
    expect(normaliseText('\u3000Jan\u00a0de\u202fWit\u2009 ')).toBe('Jan de Wit');
    expect(normaliseText('ﬁne ＡＢＣ')).toBe('ﬁne ＡＢＣ');
  });
});
