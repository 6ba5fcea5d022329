import { defineStore } from 'pinia';
import { ref } from 'vue';
import { orderKeyText } from '@shared/order-key';
import type { OrderKey } from '@shared/order-key';
import type { ProfileTracking } from '@shared/tracking';
import { callApi } from '../lib/call';
import { useOrderDetailsStore } from './order-details';

/** How often the window asks main what changed (a local read: main does the polling of MultiSafepay). */
export const TRACKING_POLL_MS = 3_000;
/** At most this many changed orders are re-read locally per poll; the rest follow on the next. */
const RELOADS_PER_POLL = 20;

/**
 * What main's tracker learned, brought into the window: every few seconds `tracking.changes`
 * gives the status changes since the last cursor, and each changed order is re-read from the
 * local history (`orders.get`, no API call), which updates the result panel, the history list
 * and the order's detail; `changed` ticks so other screens (the link board) can reload. It also
 * carries the profiles MultiSafepay is not answering for, and an order a clicked desktop
 * notification asked to open.
 */
export const useTrackingStore = defineStore('tracking', () => {
  const cursor = ref(0);
  const profiles = ref<ProfileTracking[]>([]);
  /** Counts polls that brought changes. */
  const changed = ref(0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let openOrder: (key: OrderKey) => void = () => {};

  async function poll(): Promise<void> {
    const answer = await callApi((api) => api.tracking.changes({ since: cursor.value }));
    if (!answer.ok) return;
    const feed = answer.value;
    cursor.value = feed.cursor;
    profiles.value = feed.profiles;
    if (feed.changes.length) {
      const keys = new Map(feed.changes.map((c) => [orderKeyText(c.key), c.key]));
      const details = useOrderDetailsStore();
      await Promise.all([...keys.values()].slice(0, RELOADS_PER_POLL).map((key) => details.loadDetail(key)));
      changed.value++;
    }
    if (feed.open) openOrder(feed.open);
  }

  /** Start polling; `open` shows an order (the router, in the app). */
  function start(open: (key: OrderKey) => void, everyMs = TRACKING_POLL_MS): void {
    openOrder = open;
    if (running) return;
    running = true;
    const loop = async () => {
      await poll();
      if (running) timer = setTimeout(loop, everyMs);
    };
    void loop();
  }

  function stop(): void {
    running = false;
    clearTimeout(timer);
  }

  return { cursor, profiles, changed, poll, start, stop };
});
