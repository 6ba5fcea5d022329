/**
 * Display helpers. They take the locale explicitly: the format locale (the UI language with the
 * region, shared/format-locale.ts), which screens get from `useFormatLocale()` so every date,
 * time, number and amount follows one setting. Money lives in shared/money.
 */
import { computed } from 'vue';
import type { ComputedRef } from 'vue';
import { useAppStore } from '../stores/app';

/** The locale every date, time, number and amount is shown (and typed) in: the app store's `formatLocale`. */
export function useFormatLocale(): ComputedRef<string> {
  const app = useAppStore();
  return computed(() => app.formatLocale);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "30 Nov 2026, 21:12" (en-GB) style date and time in the format locale; the raw text if it is not a date. */
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

/** Just the date ("21 nov 2025") or just the time ("14:03") of an ISO timestamp, in the format locale. */
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

/** "1,234.56" / "1.234,56" / "1 234,56": an example amount in the format locale. */
export function exampleAmount(locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    1234.56,
  );
}

/** "." or ",": the format locale's decimal separator. */
export function decimalSeparator(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(0.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A count ("12,345" / "12.345") in the format locale. */
export function formatNumber(value: number, locale: string): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}
