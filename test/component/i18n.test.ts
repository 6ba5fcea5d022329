import { afterEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES } from '@shared/result';
import { LOCAL_STATES } from '@shared/orders';
import { createAppI18n, UI_LOCALES } from '../../renderer/src/i18n';
import { LOCALE_MESSAGES as messages } from './helpers';

function flatten(tree: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out[path] = value;
    else if (value && typeof value === 'object') Object.assign(out, flatten(value as object, path));
    else throw new Error(`${path} is not a string`);
  }
  return out;
}

const flat = {
  en: flatten(messages.en),
  nl: flatten(messages.nl),
  fr: flatten(messages.fr),
};

const REQUIRED = [
  'validation.amount.required',
  'validation.amount.format',
  'validation.amount.ambiguous',
  'validation.amount.decimals',
  'validation.amount.positive',
  'validation.amount.tooLarge',
  'validation.amount.overCap',
  'validation.description.required',
  'validation.description.tooLong',
  'validation.text.control',
  'validation.text.cardNumber',
  'validation.text.html',
  'validation.text.invisible',
  'validation.text.illFormed',
  'validation.url.characters',
  'validation.raw.duplicateKey',
  'validation.unknownField',
  'validation.tooLong',
  'validation.tooLarge',
  'validation.invalid',
  ...ERROR_CODES.map((code) => `errors.${code}`),
  ...LOCAL_STATES.map((state) => `state.${state}`),
];

afterEach(() => vi.restoreAllMocks());

describe('message files', () => {
  it('have exactly the same keys in en, nl and fr', () => {
    const en = Object.keys(flat.en).sort();
    expect(Object.keys(flat.nl).sort()).toEqual(en);
    expect(Object.keys(flat.fr).sort()).toEqual(en);
  });

  it('have no empty or blank message in any language (except where nothing is to be said, in every language)', () => {
    // The sync line says nothing while idle; deliberate, and the same in every language.
    const SILENT = new Set(['sync.phase.idle']);
    for (const locale of UI_LOCALES) {
      for (const [key, text] of Object.entries(flat[locale])) {
        if (SILENT.has(key)) expect(text, `${locale}: ${key}`).toBe('');
        else expect(text.trim(), `${locale}: ${key}`).not.toBe('');
      }
    }
  });

  it('contain every validation key, error code and local state', () => {
    for (const locale of UI_LOCALES) {
      for (const key of REQUIRED) expect(flat[locale], `${locale}: ${key}`).toHaveProperty([key]);
    }
  });

  it('use the same placeholders in every language', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(flat.en)) {
      expect(placeholders(flat.nl[key]!), `nl: ${key}`).toEqual(placeholders(text));
      expect(placeholders(flat.fr[key]!), `fr: ${key}`).toEqual(placeholders(text));
    }
  });

  it('are real translations, not copies of the English text', () => {
    const same = Object.keys(flat.en).filter(
      (key) => flat.en[key] === flat.nl[key] && flat.en[key] === flat.fr[key] && /[a-z]{4}/.test(flat.en[key]!.replace(/\{\w+\}/g, '')),
    );
    // Names of languages and a few codes are the same everywhere on purpose.
    expect(same.filter((k) => !k.startsWith('lang.'))).toEqual([]);
  });

  it('every message compiles and interpolates without warnings', () => {
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    const params = { example: '1,234.56', max: 2, cap: '€100,000.00', keys: 'x', count: 3, code: 'EUR', name: 'Euro', amount: '€1.00', version: '1', origin: 'http://x', status: 200, ms: 5, orderId: 'o-1', method: 'POST', path: '/orders' };
    for (const locale of UI_LOCALES) {
      const i18n = createAppI18n(locale, messages);
      for (const [key, source] of Object.entries(flat[locale])) {
        const text = i18n.global.t(key, params);
        expect(text, `${locale}: ${key}`).not.toBe(key);
        expect(text, `${locale}: ${key}`).not.toMatch(/[{}]/);
        if (!/\{/.test(source)) expect(text).toBe(source);
      }
    }
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});
