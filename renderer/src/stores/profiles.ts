import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { InputOf } from '@shared/contract';
import type { KeyCheck, ProfileSaved, ProfilesState } from '@shared/accounts';
import type { AppError, Result } from '@shared/result';
import { callApi } from '../lib/call';
import { useAppStore } from './app';

/**
 * Site profiles as main describes them: names, environments, masked key hints and
 * check results. A key goes to main once, in `save`, and never comes back.
 */
export const useProfilesStore = defineStore('profiles', () => {
  const state = ref<ProfilesState | null>(null);
  const loading = ref(false);
  const error = ref<AppError | null>(null);
  /** Profile id → check under way (recheck button). */
  const checking = ref<Record<string, boolean>>({});

  const profiles = computed(() => state.value?.profiles ?? []);
  const active = computed(() => profiles.value.find((p) => p.active) ?? null);
  const storageProtected = computed(() => state.value?.storageProtected ?? true);

  async function load(): Promise<void> {
    if (loading.value) return;
    loading.value = true;
    const answer = await callApi((api) => api.profiles.list({}));
    loading.value = false;
    if (answer.ok) {
      state.value = answer.value;
      error.value = null;
    } else {
      error.value = answer.error;
    }
  }

  /** After anything that can change the active profile, the header and badge read it again. */
  async function adopt(next: ProfilesState): Promise<void> {
    state.value = next;
    await useAppStore().loadInfo();
  }

  async function save(input: InputOf<'profiles.save'>): Promise<Result<ProfileSaved>> {
    const answer = await callApi((api) => api.profiles.save(input));
    if (answer.ok) await adopt(answer.value.state);
    return answer;
  }

  async function remove(id: string): Promise<Result<ProfilesState>> {
    const answer = await callApi((api) => api.profiles.delete({ id, confirm: true }));
    if (answer.ok) await adopt(answer.value);
    return answer;
  }

  async function switchTo(id: string): Promise<Result<ProfilesState>> {
    const answer = await callApi((api) => api.profiles.switch({ id }));
    if (answer.ok) await adopt(answer.value);
    return answer;
  }

  async function recheck(id: string): Promise<Result<KeyCheck>> {
    checking.value = { ...checking.value, [id]: true };
    const answer = await callApi((api) => api.profiles.checkKey({ id }));
    checking.value = { ...checking.value, [id]: false };
    if (answer.ok) await load();
    return answer;
  }

  /** A profile's name for history rows, deleted profiles included; null when unknown. */
  function nameOf(id: string): { name: string; deleted: boolean } | null {
    const found = profiles.value.find((p) => p.id === id);
    if (found) return { name: found.name, deleted: false };
    const gone = state.value?.deletedNames[id];
    return gone ? { name: gone, deleted: true } : null;
  }

  return { state, loading, error, checking, profiles, active, storageProtected, load, save, remove, switchTo, recheck, nameOf };
});
