import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Currency } from '../../../shared/money';
import type { OrderDetail, OrderView, PaymentLinkInput } from '../../../shared/orders';
import type { AppError, Result } from '../../../shared/result';
import { callApi } from '../lib/call';
import { useHistoryStore } from './history';

export type CreateStatus = 'idle' | 'sending' | 'done';

/** What the operator has typed so far; kept here so it survives switching views. */
export interface Draft {
  amountText: string;
  currency: Currency;
  description: string;
}

export interface DetailEntry {
  loading: boolean;
  value: OrderDetail | null;
  error: AppError | null;
  /** A re-read at MultiSafepay (orders.refresh) is under way / failed. */
  refreshing: boolean;
  refreshError: AppError | null;
}

const emptyEntry = (): DetailEntry => ({
  loading: false,
  value: null,
  error: null,
  refreshing: false,
  refreshError: null,
});

const emptyDraft = (): Draft => ({ amountText: '', currency: 'EUR', description: '' });

export const useOrdersStore = defineStore('orders', () => {
  const status = ref<CreateStatus>('idle');
  const result = ref<OrderView | null>(null);
  const error = ref<AppError | null>(null);
  const draft = ref<Draft>(emptyDraft());
  const details = ref<Record<string, DetailEntry>>({});

  /**
   * Create a payment link. A second call while one is under way does nothing
   * (returns null): one phone call, one order.
   */
  async function create(input: PaymentLinkInput): Promise<Result<OrderView> | null> {
    if (status.value === 'sending') return null;
    status.value = 'sending';
    error.value = null;
    const answer = await callApi((api) => api.orders.create(input));
    if (answer.ok) {
      result.value = answer.value;
      status.value = 'done';
    } else {
      error.value = answer.error;
      status.value = 'idle';
    }
    return answer;
  }

  /** Start over: forget the last result and error and clear the form. */
  function reset(): void {
    if (status.value === 'sending') return;
    status.value = 'idle';
    result.value = null;
    error.value = null;
    draft.value = emptyDraft();
  }

  /** Back to the form with what was typed (after a rejected or not-sent order). */
  function reopen(): void {
    if (status.value !== 'done') return;
    status.value = 'idle';
    result.value = null;
    error.value = null;
  }

  /** Fetch an order with its stored request/response exchanges. */
  async function loadDetail(orderId: string): Promise<void> {
    const entry = details.value[orderId] ?? emptyEntry();
    if (entry.loading) return;
    details.value[orderId] = { ...entry, loading: true, error: null };
    const answer = await callApi((api) => api.orders.get({ orderId }));
    const now = details.value[orderId] ?? entry;
    details.value[orderId] = answer.ok
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
  async function refresh(orderId: string): Promise<void> {
    const entry = details.value[orderId] ?? emptyEntry();
    if (entry.refreshing) return;
    details.value[orderId] = { ...entry, refreshing: true, refreshError: null };
    const answer = await callApi((api) => api.orders.refresh({ orderId }));
    const now = details.value[orderId] ?? entry;
    if (answer.ok) {
      details.value[orderId] = {
        ...now,
        refreshing: false,
        value: { ...answer.value, exchanges: now.value?.exchanges ?? [] },
      };
      adopt(answer.value);
    } else {
      details.value[orderId] = { ...now, refreshing: false, refreshError: answer.error };
    }
    // The re-read is stored as an exchange too; show it (also after a failed re-read).
    await loadDetail(orderId);
  }

  /** A fresher view of an order: update the last result and the history list. */
  function adopt(view: OrderView): void {
    if (result.value?.orderId === view.orderId) result.value = view;
    useHistoryStore().replace(view);
  }

  return { status, result, error, draft, details, create, reset, reopen, loadDetail, refresh };
});
