import { describe, expect, it } from 'vitest';
import { checkMinorUnits, currencyExponent, formatMoney, parseAmount } from '@shared/money';

const minor = (text: string, locale: string, currency = 'EUR') => {
  const r = parseAmount(text, locale, currency);
  return r.ok ? r.minor : r.issue.key;
};

describe('parseAmount', () => {
  it('reads Dutch separators', () => {
    expect(minor('12,50', 'nl')).toBe(1250);
    expect(minor('1.000,50', 'nl')).toBe(100050);
    expect(minor('10,00', 'nl')).toBe(1000);
    expect(minor('1000', 'nl')).toBe(100000);
  });
  it('reads English separators', () => {
    expect(minor('12.50', 'en')).toBe(1250);
    expect(minor('1,000.50', 'en')).toBe(100050);
    expect(minor('4.35', 'en')).toBe(435); // 4.35*100 is 434.99999999999994 in floats
  });
  it('reads French spaces of every width as grouping', () => {
    expect(minor('1 000,50', 'fr')).toBe(100050);
    expect(minor('1\u202f000,50', 'fr')).toBe(100050);
    expect(minor('1\u00a0000,5', 'fr')).toBe(100050);
  });
  it('refuses what does not fit the locale pattern', () => {
    expect(minor('12.5', 'nl')).toBe('validation.amount.format'); // a Dutch user means 12,5? we do not guess
    expect(minor('12,50', 'en')).toBe('validation.amount.format');
    expect(minor('1.00.0', 'en')).toBe('validation.amount.format');
    expect(minor('1,0000', 'en')).toBe('validation.amount.format');
    for (const bad of ['1e3', '0x10', 'Infinity', 'NaN', '€5', '5 EUR', '+5', '.5']) {
      expect(minor(bad, 'en')).toBe('validation.amount.format');
    }
  });
  it('refuses empty, zero and negative amounts', () => {
    expect(minor('', 'en')).toBe('validation.amount.required');
    expect(minor('   ', 'en')).toBe('validation.amount.required');
    expect(minor('0', 'en')).toBe('validation.amount.positive');
    expect(minor('0.00', 'en')).toBe('validation.amount.positive');
    expect(minor('-5', 'en')).toBe('validation.amount.positive');
  });
  it('respects the currency exponent', () => {
    expect(minor('10.005', 'en')).toBe('validation.amount.decimals');
    expect(minor('1000', 'en', 'JPY')).toBe(1000);
    expect(minor('10.5', 'en', 'JPY')).toBe('validation.amount.decimals');
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
  });
  it('refuses absurd lengths without work', () => {
    expect(minor('9'.repeat(10_000), 'en')).toBe('validation.amount.format');
    expect(minor('9'.repeat(20), 'en')).toBe('validation.amount.tooLarge');
  });
});

describe('checkMinorUnits', () => {
  it('accepts positive safe integers within the cap', () => {
    expect(checkMinorUnits(1)).toBeNull();
    expect(checkMinorUnits(1000, 1000)).toBeNull();
  });
  it('refuses zero, fractions, unsafe integers and amounts over the cap', () => {
    expect(checkMinorUnits(0)?.key).toBe('validation.amount.positive');
    expect(checkMinorUnits(10.5)?.key).toBe('validation.amount.format');
    expect(checkMinorUnits(2 ** 60)?.key).toBe('validation.amount.format');
    expect(checkMinorUnits(1001, 1000)).toEqual({ key: 'validation.amount.overCap', params: { cap: 1000 } });
  });
});

describe('formatMoney', () => {
  it('formats exact minor units in the UI locale', () => {
    expect(formatMoney(100050, 'EUR', 'nl')).toBe('€\u00a01.000,50');
    expect(formatMoney(100050, 'EUR', 'en')).toBe('€1,000.50');
    expect(formatMoney(5, 'EUR', 'en')).toBe('€0.05');
    expect(formatMoney(1000, 'JPY', 'en')).toBe('¥1,000');
  });
});
