import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ConsoleSettings, WelcomeStep } from '@shared/accounts';
import type { FormatRegion } from '@shared/format-locale';
import type { AppError, Result } from '@shared/result';
import { callApi } from '../lib/call';
import { useAppStore } from './app';
import { useMethodsStore } from './methods';

/**
 * The operator at the keyboard, the retention period, the per-order cap, the region for dates and
 * numbers and the first-run welcome's progress, as main keeps them.
 */
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

  /** The per-order cap main enforces; the entry form's methods view carries it, so reload that too. */
  async function setOrderCap(minor: number | null): Promise<Result<ConsoleSettings>> {
    const answer = await callApi((api) => api.settings.setOrderCap({ minor }));
    if (answer.ok) {
      settings.value = answer.value;
      await useMethodsStore().load();
    }
    return answer;
  }

  /** The region for dates and numbers; app info carries the one in effect, so reload that too. */
  async function setFormatRegion(region: FormatRegion | null): Promise<Result<ConsoleSettings>> {
    const answer = await callApi((api) => api.settings.setFormatRegion({ region }));
    if (answer.ok) {
      settings.value = answer.value;
      await useAppStore().loadInfo();
    }
    return answer;
  }

  /** Skip one step of the first-run welcome, or all of it (main keeps it skipped). */
  async function skipWelcome(step: WelcomeStep | 'all'): Promise<Result<ConsoleSettings>> {
    const answer = await callApi((api) => api.settings.skipWelcome({ step }));
    if (answer.ok) settings.value = answer.value;
    return answer;
  }

  return { settings, error, load, setOperator, setRetention, setOrderCap, setFormatRegion, skipWelcome };
});
