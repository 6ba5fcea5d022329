import { createI18n } from 'vue-i18n';
import enAccounts from './en/accounts';
import enCommon from './en/common';
import enEntry from './en/entry';
import enHistory from './en/history';
import enTracking from './en/tracking';
import enRefunds from './en/refunds';
import frAccounts from './fr/accounts';
import frCommon from './fr/common';
import frEntry from './fr/entry';
import frHistory from './fr/history';
import frTracking from './fr/tracking';
import frRefunds from './fr/refunds';
import nlAccounts from './nl/accounts';
import nlCommon from './nl/common';
import nlEntry from './nl/entry';
import nlHistory from './nl/history';
import nlTracking from './nl/tracking';
import nlRefunds from './nl/refunds';

export const UI_LOCALES = ['en', 'nl', 'fr'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

/**
 * One folder per locale, one file per domain (`en/entry.ts`, `nl/entry.ts`…); nl and fr are
 * typed against en with `satisfies`. Domains may add keys under a shared top-level group
 * (`validation`, `history`…), so each locale's files are deep-merged, common first.
 */
type Tree = { [key: string]: string | Tree };
export type Messages = typeof enCommon & typeof enEntry & typeof enAccounts & typeof enHistory & typeof enTracking & typeof enRefunds;

function merge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = typeof value === 'object' && typeof current === 'object' ? merge(current, value) : value;
  }
  return out;
}
const join = (...domains: Tree[]) => domains.reduce(merge, {}) as Messages;

export const messages: Record<UiLocale, Messages> = {
  en: join(enCommon, enEntry, enAccounts, enHistory, enTracking, enRefunds),
  nl: join(nlCommon, nlEntry, nlAccounts, nlHistory, nlTracking, nlRefunds),
  fr: join(frCommon, frEntry, frAccounts, frHistory, frTracking, frRefunds),
};

export function isUiLocale(value: unknown): value is UiLocale {
  return typeof value === 'string' && (UI_LOCALES as readonly string[]).includes(value);
}

/** The first of `languages` (e.g. navigator.languages) we speak: "nl-BE" → nl, "fr-CA" → fr; else en. */
export function pickLocale(languages: readonly (string | undefined)[]): UiLocale {
  for (const tag of languages) {
    const base = tag?.toLowerCase().split(/[-_]/)[0];
    if (isUiLocale(base)) return base;
  }
  return 'en';
}

/** The UI locale the browser suggests, from navigator.language. */
export function navigatorLocale(): UiLocale {
  if (typeof navigator === 'undefined') return 'en';
  return pickLocale([navigator.language, ...(navigator.languages ?? [])]);
}

/**
 * Composition API only (`legacy: false`); messages are plain strings that
 * vue-i18n 11 compiles at runtime with its JIT compiler (no eval, CSP-safe).
 */
export function createAppI18n(locale: UiLocale = 'en') {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages,
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;
