import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ExportJob } from '@shared/history';
import type { AppError } from '@shared/result';
import { callApi } from '../lib/call';
import { useHistoryStore } from './history';

/** How often the running export is asked for its progress (IPC has no push channel). */
export const EXPORT_POLL_MS = 250;

/** The CSV export of the history as it is filtered now: started, followed, cancelled. */
export const useHistoryExportStore = defineStore('historyExport', () => {
  const job = ref<ExportJob | null>(null);
  const error = ref<AppError | null>(null);
  const starting = ref(false);
  /** 'cancelled': main's save dialog was closed without a file, so nothing was exported. */
  const notice = ref<'cancelled' | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const running = computed(() => starting.value || job.value?.state === 'running');
  /** 0–100 once the rows are counted; null before. */
  const percent = computed(() => {
    const j = job.value;
    if (!j || j.total === null) return null;
    if (j.total === 0) return 100;
    return Math.min(100, Math.floor((j.written / j.total) * 100));
  });

  async function poll(): Promise<void> {
    clearTimeout(timer);
    const current = job.value;
    if (!current || current.state !== 'running') return;
    const answer = await callApi((api) => api.history.exportStatus({ jobId: current.jobId }));
    if (job.value?.jobId !== current.jobId) return;
    if (answer.ok) job.value = answer.value;
    else error.value = answer.error;
    if (answer.ok && answer.value.state === 'running') timer = setTimeout(() => void poll(), EXPORT_POLL_MS);
  }

  async function start(options: { includeIbans: boolean; delimiter: ',' | ';' }): Promise<void> {
    if (running.value) return;
    starting.value = true;
    error.value = null;
    notice.value = null;
    const history = useHistoryStore();
    const answer = await callApi((api) => api.history.exportStart({ query: history.query(), ...options }));
    starting.value = false;
    if (!answer.ok) {
      error.value = answer.error;
      return;
    }
    // Main asked for the file in its own save dialog; the window never names a path.
    if (answer.value.outcome === 'cancelled') {
      notice.value = 'cancelled';
      return;
    }
    job.value = answer.value.job;
    timer = setTimeout(() => void poll(), EXPORT_POLL_MS);
  }

  async function cancel(): Promise<void> {
    const current = job.value;
    if (!current || current.state !== 'running') return;
    const answer = await callApi((api) => api.history.exportCancel({ jobId: current.jobId }));
    if (!answer.ok) error.value = answer.error;
    await poll();
  }

  function stop(): void {
    clearTimeout(timer);
  }

  return { job, error, notice, starting, running, percent, start, cancel, poll, stop };
});
