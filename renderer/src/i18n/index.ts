import { createI18n } from 'vue-i18n';
import en from './en';
import fr from './fr';
import nl from './nl';
import accounts from './accounts';
import entry from './entry';
import history from './history';
import refunds from './refunds';

export const UI_LOCALES = ['en', 'nl', 'fr'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

/**
 * Each feature keeps its own messages in a file of its own (`{ en, nl, fr }`, same keys),
 * deep-merged over the core files here, so features can grow side by side.
 */
type Tree = { [key: string]: string | Tree };
export interface FeatureMessages<T extends Tree = Tree> {
  en: T;
  nl: T;
  fr: T;
}
const FEATURES: FeatureMessages[] = [accounts, entry, history, refunds];

function merge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = typeof value === 'object' && typeof current === 'object' ? merge(current, value) : value;
  }
  return out;
}
const withFeatures = (core: Tree, locale: UiLocale) => FEATURES.reduce((acc, f) => merge(acc, f[locale]), core);

export const messages = {
  en: withFeatures(en, 'en') as typeof en,
  nl: withFeatures(nl, 'nl') as typeof en,
  fr: withFeatures(fr, 'fr') as typeof en,
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
