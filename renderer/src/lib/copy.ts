import { onScopeDispose, ref } from 'vue';

export type CopyState = 'idle' | 'copied' | 'failed';

/** Copy text with the async Clipboard API and remember, for a moment, how it went. */
export function useCopy(resetAfterMs = 2500) {
  const state = ref<CopyState>('idle');
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function copy(text: string): Promise<void> {
    clearTimeout(timer);
    try {
      if (!navigator.clipboard) throw new Error('Clipboard API unavailable');
      await navigator.clipboard.writeText(text);
      state.value = 'copied';
      timer = setTimeout(() => (state.value = 'idle'), resetAfterMs);
    } catch {
      state.value = 'failed';
    }
  }

  onScopeDispose(() => clearTimeout(timer));
  return { state, copy };
}
