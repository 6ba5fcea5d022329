import { defineStore } from 'pinia';
import { ref } from 'vue';
import { UNPAID_DAYS_DEFAULT } from '@shared/tracking';
import type { LinkBoard, LinkView } from '@shared/tracking';
import type { AppError } from '@shared/result';
import { callApi } from '../lib/call';

/** The payment-link board: which view, "unpaid after N days", and the rows main filtered (links.board). */
export const useLinksStore = defineStore('links', () => {
  const view = ref<LinkView>('open');
  const unpaidDays = ref(UNPAID_DAYS_DEFAULT);
  const board = ref<LinkBoard | null>(null);
  const loading = ref(false);
  const error = ref<AppError | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    const answer = await callApi((api) => api.links.board({ view: view.value, unpaidDays: unpaidDays.value }));
    loading.value = false;
    error.value = answer.ok ? null : answer.error;
    if (answer.ok) board.value = answer.value;
  }

  function show(next: LinkView): Promise<void> {
    view.value = next;
    return load();
  }

  function setUnpaidDays(days: number): Promise<void> {
    if (!Number.isInteger(days) || days < 1 || days > 365) return Promise.resolve();
    unpaidDays.value = days;
    return load();
  }

  return { view, unpaidDays, board, loading, error, load, show, setUnpaidDays };
});
