import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AppInfo } from '@shared/contract';
import { formatLocaleOf } from '@shared/format-locale';
import type { AppError, Result } from '@shared/result';
import { isUiLocale, loadLocale, navigatorLocale } from '../i18n';
import type { UiLocale } from '../i18n';
import { callApi } from '../lib/call';

/** App-wide state: who/where we are (AppInfo) and the UI locale. The screen shown is the router's. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const error = ref<AppError | null>(null);
  const loadingInfo = ref(false);
  const locale = ref<UiLocale>(navigatorLocale());

  const environment = computed(() => info.value?.environment ?? null);
  /** Dates, times, numbers and amounts: the UI language with the region main reports ("en-GB"). */
  const formatLocale = computed(() => formatLocaleOf(locale.value, info.value?.formatRegion ?? null));

  async function loadInfo(): Promise<void> {
    if (loadingInfo.value) return;
    loadingInfo.value = true;
    const result = await callApi((api) => api.app.info({}));
    loadingInfo.value = false;
    if (result.ok) {
      info.value = result.value;
      error.value = null;
    } else {
      error.value = result.error;
    }
  }

  /** The locale last asked for: a slower load of an earlier choice does not overrule it. */
  let wanted: UiLocale | null = null;

  /**
   * Switch language once its messages are loaded (nl and fr are fetched the first time), so the
   * language buttons and the texts change together. A locale that cannot be loaded changes nothing.
   */
  async function setLocale(next: string): Promise<void> {
    if (!isUiLocale(next)) return;
    wanted = next;
    try {
      await loadLocale(next);
    } catch {
      return;
    }
    if (wanted === next) locale.value = next;
  }

  /** Ask main to open a URL in the system browser; main decides whether it may. */
  function openExternal(url: string): Promise<Result<{ opened: boolean }>> {
    return callApi((api) => api.app.openExternal({ url }));
  }

  return { info, error, loadingInfo, locale, environment, formatLocale, loadInfo, setLocale, openExternal };
});
