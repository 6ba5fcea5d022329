import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { isSettled, watchDelayMs } from '@shared/orders';
import { orderKeyText } from '@shared/order-key';
import type { OrderKey } from '@shared/order-key';
import type { OrderDetail, OrderView } from '@shared/orders';
import type { AppError } from '@shared/result';
import { callApi } from '../lib/call';
import { useEntryStore } from './entry';
import { useHistoryStore } from './history';

/** Something staff asked main to do to an existing order. */
export type OrderAction = 'cancel' | 'resend' | 'recreate';

export interface DetailEntry {
  loading: boolean;
  value: OrderDetail | null;
  error: AppError | null;
  /** A re-read at MultiSafepay (orders.refresh) is under way / failed. */
  refreshing: boolean;
  refreshError: AppError | null;
  /** A cancel, send-again or cancel-and-create-again under way / failed. */
  busy: OrderAction | null;
  actionError: AppError | null;
}

const emptyEntry = (): DetailEntry => ({
  loading: false,
  value: null,
  error: null,
  refreshing: false,
  refreshError: null,
  busy: null,
  actionError: null,
});

/**
 * Existing orders, one at a time as they are shown: the stored detail with its exchanges,
 * re-reads at MultiSafepay, status watching, and cancel / send again / create again.
 */
export const useOrderDetailsStore = defineStore('order-details', () => {
  /** By `orderKeyText(order.key)`: the same order_id may exist in two profiles. */
  const details = ref<Record<string, DetailEntry>>({});
  /** When a watched order was last re-read by the watch (ISO), by order key text. */
  const lastChecked = ref<Record<string, string>>({});

  /** The detail entry of one order (undefined until it is loaded). */
  const detailOf = (key: OrderKey): DetailEntry | undefined => details.value[orderKeyText(key)];

  /** Fetch an order with its stored request/response exchanges. */
  async function loadDetail(key: OrderKey): Promise<void> {
    const id = orderKeyText(key);
    const entry = details.value[id] ?? emptyEntry();
    if (entry.loading) return;
    details.value[id] = { ...entry, loading: true, error: null };
    const answer = await callApi((api) => api.orders.get(key));
    const now = details.value[id] ?? entry;
    details.value[id] = answer.ok
      ? { ...now, loading: false, value: answer.value, error: null }
      : { ...now, loading: false, error: answer.error };
    if (answer.ok) {
      const { exchanges: _exchanges, ...view } = answer.value;
      adopt(view);
    }
  }

  /**
   * Ask main to re-read the order at MultiSafepay (a GET, never a new POST).
   * This is what settles an order whose creation ended `unknown`.
   */
  async function refresh(key: OrderKey): Promise<void> {
    const id = orderKeyText(key);
    const entry = details.value[id] ?? emptyEntry();
    if (entry.refreshing) return;
    details.value[id] = { ...entry, refreshing: true, refreshError: null };
    const answer = await callApi((api) => api.orders.refresh(key));
    const now = details.value[id] ?? entry;
    if (answer.ok) {
      details.value[id] = {
        ...now,
        refreshing: false,
        value: { ...answer.value, exchanges: now.value?.exchanges ?? [] },
      };
      adopt(answer.value);
    } else {
      details.value[id] = { ...now, refreshing: false, refreshError: answer.error };
    }
    // The re-read is stored as an exchange too when it changed something; show it (also after a failure).
    await loadDetail(key);
  }

  /**
   * Keep an order's status current while it is shown: read it again, less often as time goes
   * by, until it is settled; an action that unsettles it starts the watch again. An order
   * MultiSafepay has is read from main's record (main's tracker asks MultiSafepay, honouring
   * Retry-After and its breaker); only an unclear one is re-read at MultiSafepay, to settle it
   * while staff wait. `shown` is the view on screen until the detail arrives. Returns the stop.
   */
  function watchOrder(key: OrderKey, shown: () => OrderView): () => void {
    const id = orderKeyText(key);
    const since = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settled = () => isSettled(details.value[id]?.value ?? shown());
    const schedule = (): void => {
      clearTimeout(timer);
      if (settled()) return;
      timer = setTimeout(async () => {
        const state = (details.value[id]?.value ?? shown()).state;
        await (state === 'unknown' || state === 'sending' ? refresh(key) : loadDetail(key));
        lastChecked.value[id] = new Date().toISOString();
        schedule();
      }, watchDelayMs(Date.now() - since));
    };
    const stopWatching = watch(settled, (done) => (done ? clearTimeout(timer) : schedule()));
    schedule();
    return () => {
      clearTimeout(timer);
      stopWatching();
    };
  }

  /**
   * Cancel, send again (same order_id) or cancel-and-create-again (new order_id).
   * Returns the order main answers with: the same one, or for `recreate` the new one.
   */
  async function act(action: OrderAction, key: OrderKey): Promise<OrderView | null> {
    const id = orderKeyText(key);
    const entry = details.value[id] ?? emptyEntry();
    if (entry.busy) return null;
    details.value[id] = { ...entry, busy: action, actionError: null };
    const answer = await callApi((api) =>
      action === 'cancel' ? api.orders.cancel(key) : action === 'resend' ? api.orders.resend(key) : api.orders.recreate(key),
    );
    const now = details.value[id] ?? entry;
    details.value[id] = { ...now, busy: null, actionError: answer.ok ? null : answer.error };
    await loadDetail(key);
    if (!answer.ok) return null;
    adopt(answer.value, action === 'recreate' ? key : undefined);
    return answer.value;
  }

  /** A fresher view of an order: update the entry's result and the history list. */
  function adopt(view: OrderView, replacing?: OrderKey): void {
    useEntryStore().adopt(view, replacing);
    useHistoryStore().replace(view);
  }

  return { details, lastChecked, detailOf, loadDetail, refresh, watchOrder, act };
});
