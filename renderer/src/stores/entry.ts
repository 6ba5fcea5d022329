import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { OrderInput, PrecheckInput } from '@shared/orders/form';
import { orderKeyText } from '@shared/order-key';
import type { OrderKey } from '@shared/order-key';
import type { OrderView, PrecheckResult } from '@shared/orders';
import type { AppError, Result } from '@shared/result';
import { LOCALES } from '@shared/customer';
import { callApi } from '../lib/call';
import { useAppStore } from './app';
import { emptyDraft, fromDraftFields, isPristine, toDraftFields } from '../lib/entry-form';
import type { EntryDraft } from '../lib/entry-form';

export type CreateStatus = 'idle' | 'sending' | 'done';
export type { EntryDraft as Draft } from '../lib/entry-form';

/** Where the operator's last choice of payment-page language is kept (this window only; not personal data). */
export const LOCALE_CHOICE_KEY = 'console.entry.locale';
/** The payment page's language for each interface language, when nothing else says. */
const UI_TO_PAGE_LOCALE: Record<string, string> = { en: 'en_US', nl: 'nl_NL', fr: 'fr_FR' };

function rememberedLocale(): string | null {
  try {
    const value = globalThis.localStorage?.getItem(LOCALE_CHOICE_KEY) ?? null;
    return value !== null && (value === '' || (LOCALES as readonly string[]).includes(value)) ? value : null;
  } catch {
    return null;
  }
}

/** How long typing may pause before the draft is saved in main. */
export const DRAFT_SAVE_DELAY_MS = 400;

/**
 * Order entry: the form's draft (autosaved in main), sending it once, and the order that
 * came back. What happens to an order afterwards is the order-details store's.
 */
export const useEntryStore = defineStore('entry', () => {
  const app = useAppStore();
  const status = ref<CreateStatus>('idle');
  const result = ref<OrderView | null>(null);
  const error = ref<AppError | null>(null);
  const draft = ref<EntryDraft>(emptyDraft());
  /** When main last saved the draft (ISO), for "Draft saved" in the form. */
  const draftSavedAt = ref<string | null>(null);
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let restored = false;

  // The draft is saved wherever it is changed from (the form, a clone from history…).
  watch(draft, () => saveDraftSoon(), { deep: true });

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

  /**
   * The payment page's language a new order starts with: the operator's last choice, else the
   * active profile's default, else the interface language (never "not set", which meant English).
   */
  function defaultLocale(): string {
    return rememberedLocale() ?? app.info?.profileDefaults.locale ?? UI_TO_PAGE_LOCALE[app.locale] ?? 'en_US';
  }

  /** Give an untouched form its starting language (after start-up, a reset, a profile or language change). */
  function applyDefaultLocale(): void {
    if (status.value !== 'idle' || !isPristine(draft.value)) return;
    draft.value.locale = defaultLocale();
  }

  /** The operator picked a language: the next order starts with it. */
  function rememberLocale(value: string): void {
    try {
      globalThis.localStorage?.setItem(LOCALE_CHOICE_KEY, value);
    } catch {
      // storage unavailable: the choice holds for this order only
    }
  }

  /** Start over: forget the last result and error and clear the form (and the draft). */
  function reset(): void {
    if (status.value === 'sending') return;
    status.value = 'idle';
    result.value = null;
    error.value = null;
    const flow = draft.value.flow;
    draft.value = { ...emptyDraft(), flow, locale: defaultLocale() };
  }

  /** Bumped when staff ask for a fresh order from anywhere (Alt+N): the open form clears its own state too. */
  const freshRequests = ref(0);
  /** Alt+N or "New payment link": a shown result makes way for an empty form (a half-typed form is kept). */
  function startFresh(): void {
    if (status.value !== 'done') return;
    reset();
    freshRequests.value += 1;
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

  /**
   * A fresher view of an order (from the details store): the result follows it, and
   * after "cancel and create again" (`replacing` the old order) the result becomes the new order.
   */
  function adopt(view: OrderView, replacing?: OrderKey): void {
    const shown = result.value ? orderKeyText(result.value.key) : null;
    if (shown !== null && (shown === orderKeyText(view.key) || (replacing !== undefined && shown === orderKeyText(replacing)))) {
      result.value = view;
    }
  }

  return {
    status,
    result,
    error,
    draft,
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
    adopt,
    applyDefaultLocale,
    freshRequests,
    startFresh,
    rememberLocale,
  };
});
