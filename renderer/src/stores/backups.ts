import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BackupsView } from '@shared/history';
import type { AppError } from '@shared/result';
import { callApi } from '../lib/call';

/** Backups of the history: the list, one made now, and which one to restore at the next start. */
export const useBackupsStore = defineStore('backups', () => {
  const view = ref<BackupsView | null>(null);
  const busy = ref<'create' | 'restore' | null>(null);
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

  /** Restore `name` at the next start; null takes the choice back. */
  async function restore(name: string | null): Promise<void> {
    if (busy.value) return;
    busy.value = 'restore';
    error.value = null;
    done.value = null;
    const answer = await callApi((api) => api.backups.restore({ name }));
    busy.value = null;
    if (answer.ok) {
      view.value = answer.value;
      done.value = name ? 'restoreChosen' : 'restoreWithdrawn';
    } else error.value = answer.error;
  }

  return { view, busy, error, done, load, create, restore };
});
