import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ConsoleSettings } from '../../../shared/accounts';
import type { AppError, Result } from '../../../shared/result';
import { callApi } from '../lib/call';
import { useAppStore } from './app';

/** The operator at the keyboard and the retention period, as main keeps them. */
export const useConsoleSettingsStore = defineStore('consoleSettings', () => {
  const settings = ref<ConsoleSettings | null>(null);
  const error = ref<AppError | null>(null);

  async function load(): Promise<void> {
    const answer = await callApi((api) => api.settings.get({}));
    if (answer.ok) {
      settings.value = answer.value;
      error.value = null;
    } else {
      error.value = answer.error;
    }
  }

  async function setOperator(name: string): Promise<Result<ConsoleSettings>> {
    const answer = await callApi((api) => api.settings.setOperator({ name }));
    if (answer.ok) {
      settings.value = answer.value;
      await useAppStore().loadInfo();
    }
    return answer;
  }

  async function setRetention(months: number | null): Promise<Result<ConsoleSettings>> {
    const answer = await callApi((api) => api.settings.setRetention({ months }));
    if (answer.ok) settings.value = answer.value;
    return answer;
  }

  return { settings, error, load, setOperator, setRetention };
});
