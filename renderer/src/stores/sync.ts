import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AppError } from '@shared/result';
import type { SyncSchedule, SyncStatus } from '@shared/sync';
import { callApi } from '../lib/call';

/** How often a running sync is asked for its progress (IPC has no push channel), like the export. */
export const SYNC_POLL_MS = 500;

/** "Sync from MultiSafepay" for the active profile: started, followed, cancelled, scheduled. */
export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus | null>(null);
  const error = ref<AppError | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const running = computed(() => status.value?.phase === 'running');

  function take(answer: Awaited<ReturnType<typeof callApi<SyncStatus>>>): void {
    if (answer.ok) {
      status.value = answer.value;
      error.value = null;
    } else error.value = answer.error;
    clearTimeout(timer);
    if (answer.ok && answer.value.phase === 'running') timer = setTimeout(() => void poll(), SYNC_POLL_MS);
  }

  async function poll(): Promise<void> {
    take(await callApi((api) => api.sync.status({})));
  }
  async function start(from?: string): Promise<void> {
    take(await callApi((api) => api.sync.start(from ? { from } : {})));
  }
  async function cancel(): Promise<void> {
    take(await callApi((api) => api.sync.cancel({})));
  }
  async function setSchedule(schedule: SyncSchedule): Promise<void> {
    take(await callApi((api) => api.sync.setSchedule({ schedule })));
  }
  const stop = () => clearTimeout(timer);

  return { status, error, running, poll, start, cancel, setSchedule, stop };
});
