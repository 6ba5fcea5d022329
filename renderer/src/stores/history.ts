import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ClonePrefill, HistoryFacets, HistoryFilters, HistorySort, HistoryTotal } from '@shared/history';
import { orderKeyText } from '@shared/order-key';
import type { OrderKey } from '@shared/order-key';
import type { OrderView } from '@shared/orders';
import type { AppError, Result } from '@shared/result';
import { callApi } from '../lib/call';

export const PAGE_SIZE = 50;

/**
 * The local order history: search text, filters and a sort, paged with main's opaque
 * keyset cursors. Everything here reads the local database through main; nothing
 * calls MultiSafepay, so it works the same offline.
 */
export const useHistoryStore = defineStore('history', () => {
  const items = ref<OrderView[]>([]);
  const next = ref<string | null>(null);
  const total = ref<HistoryTotal | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<AppError | null>(null);
  const selected = ref<OrderView | null>(null);

  const text = ref('');
  const filters = ref<HistoryFilters>({});
  const sort = ref<HistorySort>('newest');
  const facets = ref<HistoryFacets | null>(null);
  /** The export or backups panel open above the list. */
  const panel = ref<'export' | 'backups' | 'sync' | null>(null);

  /** Each new query outdates the answers still on their way for the previous one. */
  let generation = 0;

  const query = () => ({ text: text.value, filters: { ...filters.value }, sort: sort.value });
  const filtered = computed(() => text.value.trim() !== '' || Object.keys(filters.value).length > 0);

  /** (Re)load the first page of the current query. */
  async function load(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    const answer = await callApi((api) => api.history.search({ ...query(), limit: PAGE_SIZE }));
    if (mine !== generation) return;
    loading.value = false;
    if (answer.ok) {
      items.value = answer.value.items;
      next.value = answer.value.next;
      total.value = answer.value.total;
      loaded.value = true;
    } else {
      error.value = answer.error;
    }
  }

  /** Append the next page, if there is one (the list asks when it scrolls near its end). */
  async function loadMore(): Promise<void> {
    if (loading.value || next.value === null) return;
    const mine = generation;
    loading.value = true;
    error.value = null;
    const answer = await callApi((api) => api.history.search({ ...query(), limit: PAGE_SIZE, cursor: next.value, count: false }));
    if (mine !== generation) return;
    loading.value = false;
    if (answer.ok) {
      const seen = new Set(items.value.map((o) => orderKeyText(o.key)));
      items.value = [...items.value, ...answer.value.items.filter((o) => !seen.has(orderKeyText(o.key)))];
      next.value = answer.value.next;
    } else {
      error.value = answer.error;
    }
  }

  function setText(value: string): Promise<void> {
    text.value = value;
    return load();
  }

  /** Set one filter (undefined removes it) and search again. */
  function setFilter<K extends keyof HistoryFilters>(key: K, value: HistoryFilters[K] | undefined): Promise<void> {
    const nextFilters = { ...filters.value };
    if (value === undefined || value === '') delete nextFilters[key];
    else nextFilters[key] = value;
    filters.value = nextFilters;
    return load();
  }

  function clearFilters(): Promise<void> {
    filters.value = {};
    text.value = '';
    return load();
  }

  function setSort(value: HistorySort): Promise<void> {
    sort.value = value;
    return load();
  }

  async function loadFacets(): Promise<void> {
    const answer = await callApi((api) => api.history.facets({}));
    if (answer.ok) facets.value = answer.value;
  }

  /** Put a fresher view of an order in place (after a detail fetch or a re-read). */
  function replace(view: OrderView): void {
    const i = items.value.findIndex((o) => orderKeyText(o.key) === orderKeyText(view.key));
    if (i !== -1) items.value[i] = view;
    if (selected.value && orderKeyText(selected.value.key) === orderKeyText(view.key)) selected.value = view;
  }

  /** What main would send again for this order, as a form prefill ("clone as new order"). */
  function clonePrefill(key: OrderKey): Promise<Result<ClonePrefill>> {
    return callApi((api) => api.history.clone(key));
  }

  /** The full IBAN of an order; main writes the reveal to the audit log before it answers. */
  function revealIban(key: OrderKey): Promise<Result<{ iban: string }>> {
    return callApi((api) => api.privacy.revealIban(key));
  }

  function select(order: OrderView): void {
    selected.value = order;
  }

  function clearSelection(): void {
    selected.value = null;
  }

  return {
    items,
    next,
    total,
    loading,
    loaded,
    error,
    selected,
    text,
    filters,
    sort,
    facets,
    panel,
    filtered,
    query,
    load,
    loadMore,
    setText,
    setFilter,
    clearFilters,
    setSort,
    loadFacets,
    clonePrefill,
    revealIban,
    replace,
    select,
    clearSelection,
  };
});
