import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { OrderInput, PrecheckInput } from '@shared/orders/form';
import { orderKeyText } from '../../../shared/order-key';
import type { OrderKey } from '../../../shared/order-key';
import type { OrderDetail, OrderView, PrecheckResult } from '../../../shared/orders';
import type { AppError, Result } from '../../../shared/result';
import { callApi } from '../lib/call';
import { emptyDraft, fromDraftFields, isPristine, toDraftFields } from '../lib/entry-form';
import type { EntryDraft } from '../lib/entry-form';
import { useHistoryStore } from './history';

export type CreateStatus = 'idle' | 'sending' | 'done';
export type { EntryDraft as Draft } from '../lib/entry-form';

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

/** How long typing may pause before the draft is saved in main. */
export const DRAFT_SAVE_DELAY_MS = 400;

export const useOrdersStore = defineStore('orders', () => {
  const status = ref<CreateStatus>('idle');
  const result = ref<OrderView | null>(null);
  const error = ref<AppError | null>(null);
  const draft = ref<EntryDraft>(emptyDraft());
  /** By `orderKeyText(order.key)`: the same order_id may exist in two profiles. */
  const details = ref<Record<string, DetailEntry>>({});
  /** When main last saved the draft (ISO), for "Draft saved" in the form. */
  const draftSavedAt = ref<string | null>(null);
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let restored = false;

  async function submit(run: () => Promise<Result<OrderView>>): Promise<Result<OrderView> | null> {
    if (status.value === 'sending') return null;
    clearTimeout(saveTimer); // main deletes the draft on submit; a late save must not bring it back
    status.value = 'sending';
    error.value = null;
    const answer = await callApi(run);
    if (answer.ok) {
      result.value = answer.value;
      status.value = 'done';
    } else {
      error.value = answer.error;
      status.value = 'idle';
    }
    return answer;
  }

  /**
   * Create an order from a form. A second call while one is under way does nothing
   * (returns null): one phone call, one order. Main refuses an identical second one too.
   */
  function create(input: OrderInput): Promise<Result<OrderView> | null> {
    return submit(() => callApi((api) => api.orders.create(input)));
  }

  /** Create from a request body written in the advanced editor. */
  function createRaw(body: string): Promise<Result<OrderView> | null> {
    return submit(() => callApi((api) => api.orders.createRaw({ body })));
  }

  /** Soft warnings (same IBAN or e-mail and amount lately…); null when main could not say. */
  async function precheck(input: PrecheckInput): Promise<PrecheckResult | null> {
    const answer = await callApi((api) => api.orders.precheck(input));
    return answer.ok ? answer.value : null;
  }

  /** Start over: forget the last result and error and clear the form (and the draft). */
  function reset(): void {
    if (status.value === 'sending') return;
    status.value = 'idle';
    result.value = null;
    error.value = null;
    const flow = draft.value.flow;
    draft.value = { ...emptyDraft(), flow };
  }

  /** Start the form from a filled-in draft ("clone as new order" in history); false while an order is being sent. */
  function prefill(next: EntryDraft): boolean {
    if (status.value === 'sending') return false;
    status.value = 'idle';
    result.value = null;
    error.value = null;
    draft.value = next;
    saveDraftSoon(0);
    return true;
  }

  /** Back to the form with what was typed (after a refused or not-sent order). */
  function reopen(): void {
    if (status.value !== 'done') return;
    status.value = 'idle';
    result.value = null;
    error.value = null;
    saveDraftSoon(0);
  }

  /** Bring back what was typed before a restart, unless staff already started typing. */
  async function restoreDraft(): Promise<void> {
    if (restored) return;
    restored = true;
    const answer = await callApi((api) => api.drafts.get({}));
    if (!answer.ok || !answer.value.draft || !isPristine(draft.value) || status.value !== 'idle') return;
    draft.value = fromDraftFields(answer.value.draft.fields);
    draftSavedAt.value = answer.value.draft.savedAt;
  }

  /** Save the draft in main shortly after typing stops. */
  function saveDraftSoon(delay = DRAFT_SAVE_DELAY_MS): void {
    if (status.value !== 'idle') return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void saveDraftNow(), delay);
  }

  async function saveDraftNow(): Promise<void> {
    clearTimeout(saveTimer);
    if (status.value !== 'idle') return;
    if (isPristine(draft.value)) {
      await callApi((api) => api.drafts.clear({}));
      draftSavedAt.value = null;
      return;
    }
    const answer = await callApi((api) => api.drafts.save({ fields: toDraftFields(draft.value) }));
    if (answer.ok) draftSavedAt.value = answer.value.savedAt;
  }

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
    adopt(answer.value);
    if (action === 'recreate' && result.value && orderKeyText(result.value.key) === id) result.value = answer.value;
    return answer.value;
  }

  /** A fresher view of an order: update the last result and the history list. */
  function adopt(view: OrderView): void {
    if (result.value && orderKeyText(result.value.key) === orderKeyText(view.key)) result.value = view;
    useHistoryStore().replace(view);
  }

  /** The detail entry of one order (undefined until it is loaded). */
  const detailOf = (key: OrderKey): DetailEntry | undefined => details.value[orderKeyText(key)];

  return {
    status,
    result,
    error,
    detailOf,
    draft,
    details,
    draftSavedAt,
    create,
    createRaw,
    precheck,
    reset,
    prefill,
    reopen,
    restoreDraft,
    saveDraftSoon,
    saveDraftNow,
    loadDetail,
    refresh,
    act,
  };
});
