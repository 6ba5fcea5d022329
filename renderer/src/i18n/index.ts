import { createI18n, useI18n } from 'vue-i18n';
import en from './en';
import type { Messages } from './en';

export type { Messages };
export const UI_LOCALES = ['en', 'nl', 'fr'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

/**
 * One folder per locale, one file per domain (`en/entry.ts`, `nl/entry.ts`…; nl and fr are typed
 * against en with `satisfies`); each locale's index.ts joins its domains. English is in the start-up
 * chunk; Dutch and French are chunks of their own, fetched the first time the console speaks them.
 */
const loaders: Record<Exclude<UiLocale, 'en'>, () => Promise<{ default: Messages }>> = {
  nl: () => import('./nl'),
  fr: () => import('./fr'),
};
const loading = new Map<UiLocale, Promise<Messages>>([['en', Promise.resolve(en)]]);

/** A locale's messages, loaded once (a failed load is tried again next time). */
export function loadLocale(locale: UiLocale): Promise<Messages> {
  let messages = loading.get(locale);
  if (!messages) {
    messages = loaders[locale as Exclude<UiLocale, 'en'>]().then((module) => module.default);
    messages.catch(() => loading.delete(locale));
    loading.set(locale, messages);
  }
  return messages;
}

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
 * Composition API only (`legacy: false`), speaking `locale`, whose messages must be among `loaded`
 * (English always is). The production build compiles the messages to functions at build time and
 * uses vue-i18n's runtime-only build (scripts/i18n-precompile.ts); dev mode and the tests compile
 * the strings at run time with vue-i18n's JIT compiler (no eval either way: CSP-safe).
 */
export function createAppI18n(locale: UiLocale = 'en', loaded: Partial<Record<UiLocale, Messages>> = {}) {
  const messages: Partial<Record<UiLocale, Messages>> = { en, ...loaded };
  if (!messages[locale]) throw new Error(`the ${locale} messages are not loaded (loadLocale first)`);
  return createI18n({ legacy: false, locale, fallbackLocale: 'en', messages });
}

export type AppI18n = ReturnType<typeof createAppI18n>;

/**
 * `speak(locale, then)` runs `then` once this app's vue-i18n has `locale`'s messages: at once when
 * they are in, else after loading and adding them. Callers switch language in `then`, so the
 * screen never shows keys or a mix of languages while a locale loads.
 */
export function useLocaleLoader() {
  const i18n = useI18n();
  const has = (locale: UiLocale) => i18n.availableLocales.includes(locale);
  return function speak(locale: UiLocale, then: () => void): void {
    if (has(locale)) return then();
    loadLocale(locale).then(
      (messages) => {
        if (!has(locale)) i18n.setLocaleMessage(locale, messages);
        then();
      },
      // A chunk of the app itself that cannot be read: the console goes on in the language it speaks.
      () => undefined,
    );
  };
}
