// Property-based tests of the text rules (issue 10): every hostile input class is refused with
// the same field-level message by the form (renderer/src/lib/entry-form.ts `evaluate`), by main's
// gate (the contract schema of `orders.create`) and by the advanced editor's raw-body check, in
// the form (JSON.parse) and in main (lossless parser); accepted text comes out normalised and stable.
// Size: TEXT_PROPERTY_RUNS (default 300 per property); e.g. TEXT_PROPERTY_RUNS=20000 for a long run.
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { contract } from '@shared/contract';
import { checkPersonName, checkReturnUrl } from '@shared/customer';
import { fieldIssues } from '@shared/field-issues';
import { readRawBody, toApiBody } from '@shared/orders/body';
import { OrderInput } from '@shared/orders/form';
import { containsCardNumber, normaliseText } from '@shared/text';
import { parseLossless } from '../../../electron/services/msp/json';
import { emptyDraft, evaluate } from '../../../renderer/src/lib/entry-form';
import type { EntryDraft, FieldId } from '../../../renderer/src/lib/entry-form';
import { PROPERTY_TIMEOUT_MS, RUNS, benignText, blankText, disguisedCard, hostileText, pan, trickUrl } from '../../support/hostile';
import { getPath, setPath } from '../../support/paths';

let cases = 0;
afterAll(() => console.log(`text properties (shared rules, form and main entry points): ${cases} cases tried, ${RUNS} runs per property`));
const check = <T>(arb: fc.Arbitrary<T>, predicate: (value: T) => void) =>
  fc.assert(
    fc.property(arb, (value) => {
      cases++;
      predicate(value);
    }),
    { numRuns: RUNS },
  );

const CONTEXT = { locale: 'en', environment: 'demo' as const, methods: [], orderCap: 10_000_000 };
const LINK: Partial<EntryDraft> = { flow: 'paymentlink', amountText: '12.50', description: 'Phone order 42' };
const DEBIT: Partial<EntryDraft> = {
  flow: 'directdebit',
  mode: 'direct',
  amountText: '25.00',
  description: 'Membership',
  iban: 'NL91ABNA0417164300',
  holderName: 'Simon Smit',
  emandate: 'MANDATE-7',
};

interface Field {
  id: FieldId;
  base: Partial<EntryDraft>;
  /** Where the field sits in the orders.create input and in the API body. */
  input: string[];
  api: string[];
  required?: string;
  /** What a benign value must also satisfy to be accepted (the field's lengths and charset). */
  fits?: (text: string) => boolean;
}
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const personName = (t: string) => [...segmenter.segment(normaliseText(t))].length >= 2 && [...normaliseText(t)].length <= 25;
const FIELDS: Field[] = [
  { id: 'description', base: LINK, input: ['description'], api: ['description'], required: 'validation.description.required' },
  { id: 'firstName', base: LINK, input: ['customer', 'firstName'], api: ['customer', 'first_name'], fits: personName },
  { id: 'lastName', base: LINK, input: ['customer', 'lastName'], api: ['customer', 'last_name'], fits: personName },
  { id: 'var1', base: LINK, input: ['var1'], api: ['var1'] },
  {
    id: 'holderName',
    base: DEBIT,
    input: ['mandate', 'holderName'],
    api: ['gateway_info', 'account_holder_name'],
    required: 'validation.holderName.required',
    fits: (t) => /[A-Za-z]/.test(t) && [...normaliseText(t)].length <= 70,
  },
  { id: 'holderCity', base: DEBIT, input: ['mandate', 'holderCity'], api: ['gateway_info', 'account_holder_city'], fits: (t) => [...normaliseText(t)].length <= 50 },
];


/** The valid input and API body of a field's flow, as the form makes them. */
function valid(field: Field) {
  const input = evaluate({ ...emptyDraft(), ...field.base }, CONTEXT).input;
  if (!input) throw new Error(`the base ${field.id} form does not pass`);
  return { input, body: toApiBody(OrderInput.parse(input)) };
}

/** What the form, main's gate and the raw check (form and main parsers) say about `text` in `field`. */
function verdicts(field: Field, text: string) {
  const form = evaluate({ ...emptyDraft(), ...field.base, [field.id]: text }, CONTEXT);
  const { input, body } = valid(field);
  const candidate = structuredClone(input) as Record<string, unknown>;
  setPath(candidate, field.input, text);
  const gate = contract['orders.create'].input.safeParse(candidate);
  const rawBody = structuredClone(body) as Record<string, unknown>;
  setPath(rawBody, field.api, text);
  const json = JSON.stringify(rawBody);
  const rawForm = readRawBody(json);
  const rawMain = readRawBody(json, parseLossless);
  return {
    form: form.issues[field.id]?.key ?? getPath(form.input, field.input),
    gate: gate.success ? getPath(gate.data, field.input) : fieldIssues(gate.error)[field.input.join('.')]?.key,
    rawForm: rawForm.ok ? getPath(rawForm.body, field.api) : rawForm.fields[field.api.join('.')]?.key,
    rawMain: rawMain.ok ? getPath(rawMain.body, field.api) : rawMain.fields[field.api.join('.')]?.key,
  };
}

const fieldArb = fc.constantFrom(...FIELDS);

vi.setConfig({ testTimeout: PROPERTY_TIMEOUT_MS });

describe('every hostile class is refused the same way by the form, the gate and the raw editor', () => {
  it('invisible, bidi, control, ill-formed, markup and card-number pieces inside a word', () => {
    check(fc.tuple(fieldArb, hostileText), ([field, { text, key }]) => {
      expect(verdicts(field, text)).toEqual({ form: key, gate: key, rawForm: key, rawMain: key });
    });
  });

  it('text with nothing visible is empty for a required field and refused for an optional one', () => {
    check(fc.tuple(fieldArb, blankText), ([field, text]) => {
      const key = field.required ?? 'validation.text.invisible';
      expect(verdicts(field, text)).toEqual({ form: key, gate: key, rawForm: key, rawMain: key });
    });
  });

  it('a return URL with a character new URL() would drop or encode', () => {
    const field: Field = { id: 'redirectUrl', base: { ...LINK, flow: 'redirect' }, input: ['redirectUrl'], api: ['payment_options', 'redirect_url'] };
    check(trickUrl, (url) => {
      const seen = verdicts(field, url);
      expect(['validation.url.characters', 'validation.url.invalid']).toContain(seen.form);
      expect(seen).toEqual({ form: seen.form, gate: seen.form, rawForm: seen.form, rawMain: seen.form });
    });
  });
});

describe('accepted text is normalised once and stays as it is', () => {
  it('benign mixed-script text: the same normalised value everywhere, a fixpoint of the rule', () => {
    check(
      fc.tuple(fieldArb, benignText(3)).filter(([field, text]) => field.fits?.(text) ?? true),
      ([field, text]) => {
        const expected = normaliseText(text);
        expect(verdicts(field, text)).toEqual({ form: expected, gate: expected, rawForm: expected, rawMain: expected });
        expect(verdicts(field, expected).form).toBe(expected);
      },
    );
  });

  it('a URL that passes is sent as new URL(text).href, with no space, control or invisible character', () => {
    check(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
      const checked = checkReturnUrl(url);
      if (!checked.ok) return;
      expect(checked.value).toBe(new URL(url).href);
      expect(checked.value).not.toMatch(/[\p{Cc}\p{Z}\s\p{Cf}\p{Default_Ignorable_Code_Point}]/u);
      expect(checkReturnUrl(checked.value)).toEqual(checked);
    });
  });
});

describe('card numbers in any digits and spelling', () => {
  it('are found whatever the digits (any \\p{Nd} set, full-width, dingbats) and separators', () => {
    check(disguisedCard, (text) => expect(containsCardNumber(`ref ${text} ok`)).toBe(true));
  });

  it('are found in a return URL query, even percent-encoded', () => {
    check(fc.tuple(pan, fc.constantFrom('.', '-', ' ', '\u00a0', '/')), ([digits, sep]) => {
      const written = digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
      const url = `https://shop.example/back?ref=${encodeURIComponent(written)}`;
      expect(checkReturnUrl(url)).toEqual({ ok: false, issue: { key: 'validation.text.cardNumber' } });
    });
  });
});

describe('the raw editor refuses every duplicate key, identical or not, in the form and in main', () => {
  it('a repeated key anywhere, spelled the same or with a \\u escape', () => {
    const key = fc.stringMatching(/^[a-z_]{1,8}$/);
    const value = fc.oneof(fc.integer(), fc.stringMatching(/^[a-z ]{0,8}$/), fc.boolean());
    check(
      fc.tuple(fc.uniqueArray(fc.tuple(key, value), { minLength: 1, maxLength: 6, selector: ([k]) => k }), fc.nat(), fc.boolean(), fc.boolean()),
      ([entries, at, escaped, nested]) => {
        const [dupKey, dupValue] = entries[at % entries.length]!;
        const spelled = escaped ? `"\\u${dupKey.charCodeAt(0).toString(16).padStart(4, '0')}${dupKey.slice(1)}"` : JSON.stringify(dupKey);
        const members = [...entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`), `${spelled}:${JSON.stringify(dupValue)}`];
        const object = `{${members.join(',')}}`;
        const text = nested
          ? `{"type":"paymentlink","amount":100,"currency":"EUR","description":"x","custom_info":${object}}`
          : `{"type":"paymentlink","currency":"EUR","description":"x","custom_info":{},${members.join(',')},"amount":100}`;
        const path = nested ? `custom_info.${dupKey}` : dupKey;
        const expected = { ok: false, fields: { [path]: { key: 'validation.raw.duplicateKey', params: { key: dupKey } } } };
        expect(readRawBody(text)).toEqual(expected);
        expect(readRawBody(text, parseLossless)).toEqual(expected);
      },
    );
  });
});

describe('names are counted as a person counts them (issue 15, point 4)', () => {
  const GRAPHEMES = ['𠮷', '👩\u200d💻', 'é', 'e\u0301', '🇳🇱', 'ş', 'a', '王'];
  it('too short below 2 graphemes, too long above 25 code points, whatever the UTF-16 length', () => {
    check(fc.array(fc.constantFrom(...GRAPHEMES), { minLength: 1, maxLength: 30 }), (parts) => {
      const name = parts.join('');
      const text = name.normalize('NFC');
      const codePoints = [...text].length;
      const result = checkPersonName(name);
      if (parts.length < 2) expect(result).toEqual({ ok: false, issue: { key: 'validation.name.tooShort', params: { min: 2 } } });
      else if (codePoints > 25) expect(result).toEqual({ ok: false, issue: { key: 'validation.name.tooLong', params: { max: 25 } } });
      else expect(result).toEqual({ ok: true, value: text });
    });
  });
});
