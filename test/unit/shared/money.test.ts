import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMinorUnits, currencyExponent, formatMoney, parseAmount } from '@shared/money';

const minor = (text: string, locale: string, currency = 'EUR') => {
  const r = parseAmount(text, locale, currency);
  return r.ok ? r.minor : r.issue.key;
};

/** The interface languages, bare and with the regions a format locale may carry (shared/format-locale.ts). */
const FORMAT_LOCALES = ['en', 'nl', 'fr', 'en-GB', 'en-US', 'en-IE', 'en-BE', 'en-AT', 'en-CH', 'nl-BE', 'nl-NL', 'fr-BE', 'fr-FR', 'fr-LU', 'fr-CH'];
/** One format locale per kind of grouping among them: 1,234.5 · 1.234,5 · 1 234,5 · 1'234.5 (cheap enough for 5,000 runs). */
const SEPARATOR_STYLES = ['en', 'nl', 'fr', 'en-CH'];

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
  it('reads one or two digits after a single "." or "," as the decimals in every language', () => {
    for (const locale of ['en', 'nl', 'fr']) {
      expect(minor('42.50', locale)).toBe(4250);
      expect(minor('42,50', locale)).toBe(4250);
      expect(minor('42,5', locale)).toBe(4250);
      expect(minor('€ 42,50', locale)).toBe(4250);
      expect(minor('€42.50', locale)).toBe(4250);
      expect(minor('42,50 €', locale)).toBe(4250);
      expect(minor('42,50 EUR', locale)).toBe(4250);
      expect(minor('  1 234,50 ', locale)).toBe(123450);
      expect(minor('1.234,50', locale)).toBe(123450);
      expect(minor('1,234.50', locale)).toBe(123450);
      expect(minor('1.234.567', locale)).toBe(123456700);
    }
  });
  it('refuses only the truly ambiguous, with the unambiguous spellings as a suggestion', () => {
    expect(minor('1,234', 'en')).toBe(123400); // English grouping
    expect(minor('1.234', 'nl')).toBe(123400); // Dutch grouping
    expect(minor('1.234', 'en')).toBe('validation.amount.ambiguous');
    expect(minor('1,234', 'nl')).toBe('validation.amount.ambiguous');
    expect(minor('1,234', 'fr')).toBe('validation.amount.ambiguous');
    expect(minor('10.005', 'en')).toBe('validation.amount.ambiguous');
    expect(parseAmount('1.234', 'en', 'EUR')).toEqual({
      ok: false,
      issue: { key: 'validation.amount.ambiguous', params: { text: '1.234', whole: '1234', example: '1,234.56' } },
    });
  });
  it('refuses other currencies, stray characters and broken grouping', () => {
    expect(minor('$5', 'en')).toBe('validation.amount.format'); // the form's currency is EUR
    expect(minor('5 USD', 'en')).toBe('validation.amount.format');
    expect(minor('$5', 'en', 'USD')).toBe(500);
    expect(minor('1.00.0', 'en')).toBe('validation.amount.format');
    expect(minor('1,234,56', 'en')).toBe('validation.amount.format');
    expect(minor('12 34', 'fr')).toBe('validation.amount.format');
    expect(minor('1,0000', 'en')).toBe('validation.amount.decimals');
    expect(minor('€ -5', 'en')).toBe('validation.amount.positive');
    for (const bad of ['1e3', '0x10', 'Infinity', 'NaN', '+5', '.5', '5.', '€€5', '€5€', '5 EUR EUR']) {
      expect(minor(bad, 'en'), bad).toBe('validation.amount.format');
    }
  });
  it('never misreads: any amount written in any language’s style is read exactly or refused', () => {
    const styles = ['en', 'nl', 'fr', 'de', 'en-IE'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9_999_999_999 }),
        fc.constantFrom(...styles),
        fc.constantFrom(...FORMAT_LOCALES),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('', '€', '€ ', ' €', ' EUR'),
        (amount, style, ui, grouping, decimals, sign) => {
          const text = new Intl.NumberFormat(style, {
            useGrouping: grouping,
            minimumFractionDigits: decimals ? 2 : 0,
            maximumFractionDigits: 2,
          }).format(`${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}` as unknown as number);
          const typed = sign.startsWith(' ') ? text + sign : sign + text;
          const read = parseAmount(typed, ui, 'EUR');
          if (read.ok) {
            // Read: exactly the amount written (whole amounts only when written without cents).
            expect(read.minor, typed).toBe(amount);
          } else {
            // Refused only where it could be read two ways, never silently.
            expect(['validation.amount.ambiguous'], typed).toContain(read.issue.key);
          }
          // With two decimals written, it is always read.
          if (decimals) expect(read.ok, typed).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
  it('reads the same in every language whenever it reads at all', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[€ ]{0,2}[0-9]{1,4}([., ][0-9]{1,4}){0,3}( ?€)?$/), (typed) => {
        const reads = SEPARATOR_STYLES.map((ui) => parseAmount(typed, ui, 'EUR')).filter((r) => r.ok);
        const values = new Set(reads.map((r) => (r.ok ? r.minor : null)));
        expect(values.size, typed).toBeLessThanOrEqual(1);
      }),
      { numRuns: 5000 },
    );
  });
  it('reads back exactly what the format locale shows, grouping and cents included (Swiss apostrophes too)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999_999 }), fc.constantFrom(...FORMAT_LOCALES), fc.boolean(), (amount, locale, grouping) => {
        const shown = new Intl.NumberFormat(locale, { useGrouping: grouping, minimumFractionDigits: 2 }).format(
          `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}` as unknown as number,
        );
        const read = parseAmount(shown, locale, 'EUR');
        expect(read, shown).toEqual({ ok: true, minor: amount });
        // And the amount as shown with its currency sign, as the form's read-back and the history show it.
        expect(parseAmount(formatMoney(amount, 'EUR', locale), locale, 'EUR'), formatMoney(amount, 'EUR', locale)).toEqual({ ok: true, minor: amount });
      }),
      { numRuns: 3000 },
    );
    expect(minor("1'234.50", 'en-CH')).toBe(123450);
    expect(minor("1'234.50", 'en-GB')).toBe('validation.amount.format'); // no apostrophe where the locale shows none
  });
  it('refuses empty, zero and negative amounts', () => {
    expect(minor('', 'en')).toBe('validation.amount.required');
    expect(minor('   ', 'en')).toBe('validation.amount.required');
    expect(minor('0', 'en')).toBe('validation.amount.positive');
    expect(minor('0.00', 'en')).toBe('validation.amount.positive');
    expect(minor('-5', 'en')).toBe('validation.amount.positive');
  });
  it('respects the currency exponent', () => {
    expect(minor('10.0055', 'en')).toBe('validation.amount.decimals');
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
