import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { OrderView } from '../../../shared/orders';
import type { AppError } from '../../../shared/result';
import { callApi } from '../lib/call';

export const PAGE_SIZE = 50;

/** The local order history, newest first, paged with main's opaque cursor. */
export const useHistoryStore = defineStore('history', () => {
  const items = ref<OrderView[]>([]);
  const next = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<AppError | null>(null);
  const selected = ref<OrderView | null>(null);

  /** (Re)load the first page. */
  async function load(): Promise<void> {
    if (loading.value) return;
    loading.value = true;
    error.value = null;
    const answer = await callApi((api) => api.history.list({ limit: PAGE_SIZE }));
    loading.value = false;
    if (answer.ok) {
      items.value = answer.value.items;
      next.value = answer.value.next;
      loaded.value = true;
    } else {
      error.value = answer.error;
    }
  }

  /** Append the next (older) page, if there is one. */
  async function loadMore(): Promise<void> {
    if (loading.value || next.value === null) return;
    loading.value = true;
    error.value = null;
    const answer = await callApi((api) => api.history.list({ limit: PAGE_SIZE, cursor: next.value }));
    loading.value = false;
    if (answer.ok) {
      const seen = new Set(items.value.map((o) => o.orderId));
      items.value = [...items.value, ...answer.value.items.filter((o) => !seen.has(o.orderId))];
      next.value = answer.value.next;
    } else {
      error.value = answer.error;
    }
  }

  /** Put a fresher view of an order in place (after a detail fetch or a re-read). */
  function replace(view: OrderView): void {
    const i = items.value.findIndex((o) => o.orderId === view.orderId);
    if (i !== -1) items.value[i] = view;
    if (selected.value?.orderId === view.orderId) selected.value = view;
  }

  function select(order: OrderView): void {
    selected.value = order;
  }

  function clearSelection(): void {
    selected.value = null;
  }

  return { items, next, loading, loaded, error, selected, load, loadMore, replace, select, clearSelection };
});
