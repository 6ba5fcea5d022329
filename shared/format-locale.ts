/**
 * The format locale: the interface language with a region, so dates, times and numbers look the
 * way staff expect where they are ("30 Nov 2026, 21:12" in en-GB, "Nov 30, 2026, 9:12 PM" in
 * en-US) while the words stay in the chosen language. The region is the one picked in Settings,
 * else the operating system's (main reads it); without either, the language's own style.
 */

/** The regions Settings offers; the operating system may name any other. */
export const FORMAT_REGIONS = ['BE', 'NL', 'LU', 'FR', 'DE', 'AT', 'CH', 'GB', 'IE', 'US'] as const;
export type FormatRegion = (typeof FORMAT_REGIONS)[number];

// ISO 3166 alpha-2 or a UN M.49 area ("419"): what a BCP 47 region subtag may be.
const REGION = /^(?:[A-Z]{2}|\d{3})$/;

/**
 * The region of the first tag that names one: "en-GB" → GB, POSIX "nl_BE.UTF-8@euro" → BE.
 * Tags without a region ("en"), "C", "POSIX" and anything unreadable are passed over; none: null.
 */
export function regionOf(tags: readonly unknown[]): string | null {
  for (const raw of tags) {
    if (typeof raw !== 'string' || raw.length > 100) continue;
    const tag = raw.trim().replace(/[.@].*$/, '').replace(/_/g, '-');
    if (tag === '') continue;
    try {
      const region = new Intl.Locale(tag).region;
      if (region && REGION.test(region)) return region;
    } catch {
      // not a language tag: try the next
    }
  }
  return null;
}

/**
 * "en" + "GB" → "en-GB"; "fr" + "BE" → "fr-BE"; no region, or one that does not make a valid
 * tag → the language alone. Intl falls back by itself where it has no data for the pair
 * ("fr-US" formats as "fr"), so any answer here is safe to format with.
 */
export function formatLocaleOf(language: string, region: string | null): string {
  if (!region || !REGION.test(region)) return language;
  try {
    return Intl.getCanonicalLocales(`${language}-${region}`)[0] ?? language;
  } catch {
    return language;
  }
}

/** The region in effect: the one chosen in Settings wins over the operating system's. */
export function effectiveRegion(chosen: string | null, system: string | null): string | null {
  return chosen ?? system;
}
