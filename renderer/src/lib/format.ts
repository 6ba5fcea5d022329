/** Display helpers that take the UI locale explicitly (money lives in shared/money). */

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "21 nov 2025 14:03" style date and time in the UI locale; the raw text if it is not a date. */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

/** Just the date ("21 nov 2025") or just the time ("14:03") of an ISO timestamp, in the UI locale. */
export function formatDatePart(iso: string, locale: string, part: 'date' | 'time'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return part === 'date' ? iso : '';
  const cacheKey = `${locale}|${part}`;
  let format = partFormats.get(cacheKey);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, part === 'date' ? { dateStyle: 'medium' } : { timeStyle: 'short' });
    partFormats.set(cacheKey, format);
  }
  return format.format(date);
}

/** "EUR — Euro" style currency name in the UI locale (falls back to the code). */
export function currencyName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames(locale, { type: 'currency' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "1,234.56" / "1.234,56" / "1 234,56": an example amount in the UI locale. */
export function exampleAmount(locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    1234.56,
  );
}
