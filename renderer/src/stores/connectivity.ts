import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { AppError } from '@shared/result';
import { useMethodsStore } from './methods';
import { useEntryStore } from './entry';
import { useOrderDetailsStore } from './order-details';

export type Reach = 'unknown' | 'reachable' | 'unreachable';

const unreachable = (error: AppError | null | undefined) => error?.code === 'NETWORK';

/**
 * Whether MultiSafepay answered lately, learnt from what the other stores already
 * see (no extra calls): a NETWORK error or an order that was `not_sent` because the
 * connection failed says "out of reach"; any answer from MultiSafepay says it is back.
 * The console only shows a calm banner; history never needs the network.
 */
export const useConnectivityStore = defineStore('connectivity', () => {
  const reach = ref<Reach>('unknown');
  const since = ref<string | null>(null);
  const dismissed = ref(false);

  function markUnreachable(): void {
    if (reach.value !== 'unreachable') since.value = new Date().toISOString();
    reach.value = 'unreachable';
    dismissed.value = false;
  }
  function markReachable(): void {
    reach.value = 'reachable';
    since.value = null;
  }

  const orders = useEntryStore();
  const details = useOrderDetailsStore();
  const methods = useMethodsStore();

  // A create has just ended: refused before anything left (connection refused, DNS…), or answered.
  // (Later re-reads of the stored order are local and say nothing about the network.)
  watch(
    () => orders.status,
    (now, was) => {
      if (was !== 'sending' || now === 'sending') return;
      const result = orders.result;
      if (unreachable(orders.error)) markUnreachable();
      else if (result?.state === 'not_sent' && result.problem?.code === 'not_sent') markUnreachable();
      else if (result?.state === 'created' || result?.state === 'rejected') markReachable();
    },
  );
  // Re-reads and actions on an order (the detail panel checks open orders by itself).
  watch(
    () =>
      Object.values(details.details).map((d) => ({
        done: !d.refreshing && !d.busy,
        failed: unreachable(d.refreshError) || unreachable(d.actionError),
        answered: d.value !== null && !d.refreshError && !d.actionError,
      })),
    (now, before) => {
      now.forEach((entry, i) => {
        const was = before?.[i];
        // Only when a re-read or an action has just ended.
        if (!entry.done || !was || was.done) return;
        if (entry.failed) markUnreachable();
        else if (entry.answered) markReachable();
      });
    },
  );
  // The payment-method list fetched again.
  watch(
    () => methods.loading,
    (loading, was) => {
      if (loading || !was) return;
      if (unreachable(methods.error)) markUnreachable();
      else if (methods.error === null) markReachable();
    },
  );

  const showBanner = computed(() => reach.value === 'unreachable' && !dismissed.value);

  return { reach, since, dismissed, showBanner, markUnreachable, markReachable, dismiss: () => (dismissed.value = true) };
});
