import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BackupsView, RestorePreview } from '@shared/history';
import type { AppError } from '@shared/result';
import { callApi } from '../lib/call';

/** Backups of the history: the list, one made now, and which one to restore at the next start. */
export const useBackupsStore = defineStore('backups', () => {
  const view = ref<BackupsView | null>(null);
  const busy = ref<'create' | 'restore' | 'preview' | null>(null);
  /** What restoring the chosen backup would undo, shown before main asks for the confirmation. */
  const preview = ref<RestorePreview | null>(null);
  const error = ref<AppError | null>(null);
  /** What just happened, for the status line. */
  const done = ref<'created' | 'restoreChosen' | 'restoreWithdrawn' | null>(null);

  async function load(): Promise<void> {
    const answer = await callApi((api) => api.backups.list({}));
    if (answer.ok) view.value = answer.value;
    else error.value = answer.error;
  }

  async function create(): Promise<void> {
    if (busy.value) return;
    busy.value = 'create';
    error.value = null;
    done.value = null;
    const answer = await callApi((api) => api.backups.create({}));
    busy.value = null;
    if (answer.ok) {
      view.value = answer.value;
      done.value = 'created';
    } else error.value = answer.error;
  }

  /** Ask main what restoring `name` would undo; the panel shows it before anything is chosen. */
  async function previewRestore(name: string): Promise<void> {
    if (busy.value) return;
    busy.value = 'preview';
    error.value = null;
    done.value = null;
    const answer = await callApi((api) => api.backups.restorePreview({ name }));
    busy.value = null;
    if (answer.ok) preview.value = answer.value;
    else error.value = answer.error;
  }

  function cancelPreview(): void {
    preview.value = null;
  }

  /** Restore `name` at the next start (main asks the operator to confirm); null takes the choice back. */
  async function restore(name: string | null): Promise<void> {
    if (busy.value) return;
    busy.value = 'restore';
    error.value = null;
    done.value = null;
    const answer = await callApi((api) => api.backups.restore({ name }));
    busy.value = null;
    preview.value = null;
    if (answer.ok) {
      view.value = answer.value;
      done.value = name ? 'restoreChosen' : 'restoreWithdrawn';
    } else error.value = answer.error;
  }

  return { view, busy, error, done, preview, load, create, previewRestore, cancelPreview, restore };
});
