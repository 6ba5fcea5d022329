import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppError, Issue } from '../../../shared/result';
import { callApi } from '../lib/call';

/** What main asks the operator to confirm before the first live order of a session. */
export interface LiveRequest {
  amount: number;
  currency: string;
  customer: string;
  profile: string;
}

/** True for main's refusal "the first live order of this session needs a confirmation". */
export function liveConfirmIssue(result: unknown): Issue | null {
  if (!result || typeof result !== 'object' || (result as { ok?: unknown }).ok !== false) return null;
  const issue = (result as { error?: AppError }).error?.fields?._;
  return issue?.key === 'validation.liveConfirm' ? issue : null;
}

/**
 * The live guard's question. Main refuses the first live create of a session
 * (nothing is written or sent); this store holds that request, and on "yes" tells
 * main (live.confirm, for this amount only) and runs the same create again.
 */
export const useLiveGuardStore = defineStore('liveGuard', () => {
  const pending = ref<LiveRequest | null>(null);
  const confirming = ref(false);
  const error = ref<AppError | null>(null);
  let retry: (() => Promise<unknown>) | null = null;

  function ask(issue: Issue, again: () => Promise<unknown>): void {
    const p = issue.params ?? {};
    pending.value = {
      amount: Number(p.amount ?? 0),
      currency: String(p.currency ?? ''),
      customer: String(p.customer ?? ''),
      profile: String(p.profile ?? ''),
    };
    retry = again;
    error.value = null;
  }

  async function confirm(): Promise<void> {
    const request = pending.value;
    if (!request || confirming.value) return;
    confirming.value = true;
    const answer = await callApi((api) => api.live.confirm({ amount: request.amount, currency: request.currency }));
    if (!answer.ok) {
      confirming.value = false;
      error.value = answer.error;
      return;
    }
    const again = retry;
    pending.value = null;
    retry = null;
    confirming.value = false;
    await again?.();
  }

  function cancel(): void {
    if (confirming.value) return;
    pending.value = null;
    retry = null;
    error.value = null;
  }

  return { pending, confirming, error, ask, confirm, cancel };
});
