import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { MethodsView } from '@shared/methods';
import { MAX_MINOR_UNITS } from '@shared/money';
import type { AppError } from '@shared/result';
import { callApi } from '../lib/call';

/**
 * The account's payment methods. `load` reads main's local copy (never the network);
 * `refresh` asks MultiSafepay. Forms that need a method call `ensure`, which fetches
 * once when there is no copy yet, so a plain payment link never waits for it.
 */
export const useMethodsStore = defineStore('methods', () => {
  const view = ref<MethodsView | null>(null);
  const loading = ref(false);
  const error = ref<AppError | null>(null);

  const methods = computed(() => view.value?.methods ?? []);
  const known = computed(() => (view.value?.fetchedAt ?? null) !== null);
  const orderCap = computed(() => view.value?.orderCap ?? MAX_MINOR_UNITS);
  const has = (id: string) => methods.value.some((m) => m.id === id);

  async function load(): Promise<void> {
    const answer = await callApi((api) => api.methods.list({}));
    if (answer.ok) view.value = answer.value;
    else error.value = answer.error;
  }

  async function refresh(): Promise<void> {
    if (loading.value) return;
    loading.value = true;
    error.value = null;
    const answer = await callApi((api) => api.methods.refresh({}));
    loading.value = false;
    if (answer.ok) view.value = answer.value;
    else error.value = answer.error;
  }

  /** The list, fetched once if main has none stored. */
  async function ensure(): Promise<void> {
    if (view.value === null) await load();
    if (!known.value && !loading.value && error.value === null) await refresh();
  }

  return { view, loading, error, methods, known, orderCap, has, load, refresh, ensure };
});
