/** The choices of the entry form's selects, in the UI language. */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { COUNTRIES, LOCALES } from '@shared/customer';
import { CURRENCIES } from '@shared/money';
import { isEurOnly } from '../../lib/entry-form';
import { currencyName, formatDatePart, useFormatLocale } from '../../lib/format';
import { useEntryStore } from '../../stores/entry';
import { useMethodsStore } from '../../stores/methods';

export function useEntryOptions() {
  const { t, locale } = useI18n();
  const formatLocale = useFormatLocale();
  const entry = useEntryStore();
  const methods = useMethodsStore();

  const displayName = (type: 'region' | 'language' | 'currency', code: string) => {
    try {
      return new Intl.DisplayNames(locale.value, { type }).of(code) ?? code;
    } catch {
      return code;
    }
  };
  const currencyOptions = computed(() =>
    (isEurOnly(entry.draft) ? (['EUR'] as const) : CURRENCIES).map((code) => ({
      value: code,
      label: t('form.currencyOption', { code, name: currencyName(code, locale.value) }),
    })),
  );
  const gatewayOptions = computed(() => {
    const list = methods.methods.map((m) => ({ value: m.id, label: `${m.name} (${m.id})` }));
    if (entry.draft.gateway && !list.some((o) => o.value === entry.draft.gateway)) {
      list.push({ value: entry.draft.gateway, label: entry.draft.gateway });
    }
    return [{ value: '', label: t('entry.gatewayAny') }, ...list];
  });
  const localeOptions = computed(() => [
    { value: '', label: t('entry.customer.localeNone') },
    ...LOCALES.map((code) => ({ value: code, label: `${displayName('language', code.replace('_', '-'))} (${code})` })),
  ]);
  const countryOptions = computed(() => [
    { value: '', label: t('entry.countryNone') },
    ...COUNTRIES.map((code) => ({ value: code, label: `${displayName('region', code)} (${code})` })).sort((a, b) =>
      a.label.localeCompare(b.label, locale.value),
    ),
  ]);
  const unitOptions = computed(() =>
    (['days', 'hours', 'minutes'] as const).map((unit) => ({ value: unit, label: t(`entry.lifetime.${unit}`) })),
  );
  const methodsFetched = computed(() =>
    methods.view?.fetchedAt ? formatDatePart(methods.view.fetchedAt, formatLocale.value, 'time') : null,
  );

  return { currencyOptions, gatewayOptions, localeOptions, countryOptions, unitOptions, methodsFetched };
}
