// The format locale: the interface language with the region chosen in Settings, else the OS's.
import { describe, expect, it } from 'vitest';
import { FORMAT_REGIONS, effectiveRegion, formatLocaleOf, regionOf } from '@shared/format-locale';
import { formatMoney } from '@shared/money';

/** What the renderer does with main's answer: the region in effect, then the locale. */
const resolve = (ui: string, system: readonly string[], chosen: string | null = null) => formatLocaleOf(ui, effectiveRegion(chosen, regionOf(system)));
const when = new Date(2026, 10, 30, 21, 12); // local time: the formats show local time
const dateTime = (locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(when);

describe('format locale', () => {
  it('puts the OS region on the interface language', () => {
    expect(resolve('en', ['en-GB'])).toBe('en-GB');
    expect(resolve('fr', ['nl-BE'])).toBe('fr-BE');
    expect(resolve('nl', ['en-US'])).toBe('nl-US');
    expect(dateTime(resolve('en', ['en-GB']))).toBe('30 Nov 2026, 21:12');
    expect(dateTime(resolve('en', ['en-US']))).toBe('Nov 30, 2026, 9:12 PM');
  });

  it('an OS locale without a region leaves the language’s own style; the first tag with one counts', () => {
    expect(resolve('en', ['en'])).toBe('en');
    expect(resolve('nl', [])).toBe('nl');
    expect(resolve('en', ['en', 'nl-BE', 'en-GB'])).toBe('en-BE');
  });

  it('a region chosen in Settings wins over the OS', () => {
    expect(resolve('en', ['en-US'], 'GB')).toBe('en-GB');
    expect(resolve('fr', ['fr-FR'], 'BE')).toBe('fr-BE');
    expect(resolve('en', [], 'IE')).toBe('en-IE');
  });

  it('reads POSIX spellings and passes over invalid or unknown tags safely', () => {
    expect(regionOf(['nl_BE.UTF-8@euro'])).toBe('BE');
    expect(regionOf(['C', 'C.UTF-8', 'POSIX', '', '   ', 'x', 'en-', '¿?', 'und'])).toBeNull();
    expect(regionOf([42, null, 'a'.repeat(200), 'de-AT'] as unknown[])).toBe('AT');
    expect(regionOf(['es-419'])).toBe('419');
    // A region that makes no valid tag, or one Intl has no data for, still formats.
    expect(formatLocaleOf('en', 'gb')).toBe('en');
    expect(formatLocaleOf('en', 'G-B')).toBe('en');
    for (const locale of [resolve('fr', ['en-ZZ']), resolve('nl', ['en-AQ']), resolve('en', ['x-private'])]) {
      expect(() => dateTime(locale)).not.toThrow();
      expect(() => formatMoney(4250, 'EUR', locale)).not.toThrow();
    }
  });

  it('every region Settings offers makes a valid locale in every interface language', () => {
    for (const region of FORMAT_REGIONS) {
      for (const ui of ['en', 'nl', 'fr']) {
        const locale = formatLocaleOf(ui, region);
        expect(locale).toBe(`${ui}-${region}`);
        expect(Intl.DateTimeFormat.supportedLocalesOf(locale)).toHaveLength(1);
      }
    }
  });
});
