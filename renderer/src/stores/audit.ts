import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AuditItem, AuditVerification } from '@shared/accounts';
import type { AppError } from '@shared/result';
import { callApi } from '../lib/call';

export const AUDIT_PAGE = 100;

/** The audit log, newest first, and the last verification of its hash chain. */
export const useAuditStore = defineStore('audit', () => {
  const items = ref<AuditItem[]>([]);
  const next = ref<number | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<AppError | null>(null);
  const verifying = ref(false);
  const verification = ref<AuditVerification | null>(null);
  const verifyError = ref<AppError | null>(null);

  async function load(): Promise<void> {
    if (loading.value) return;
    loading.value = true;
    const answer = await callApi((api) => api.audit.list({ limit: AUDIT_PAGE }));
    loading.value = false;
    if (answer.ok) {
      items.value = answer.value.items;
      next.value = answer.value.next;
      loaded.value = true;
      error.value = null;
    } else {
      error.value = answer.error;
    }
  }

  async function loadMore(): Promise<void> {
    if (loading.value || next.value === null) return;
    loading.value = true;
    const answer = await callApi((api) => api.audit.list({ limit: AUDIT_PAGE, before: next.value }));
    loading.value = false;
    if (answer.ok) {
      items.value = [...items.value, ...answer.value.items];
      next.value = answer.value.next;
    } else {
      error.value = answer.error;
    }
  }

  async function verify(): Promise<void> {
    if (verifying.value) return;
    verifying.value = true;
    verification.value = null;
    verifyError.value = null;
    const answer = await callApi((api) => api.audit.verify({}));
    verifying.value = false;
    if (answer.ok) verification.value = answer.value;
    else verifyError.value = answer.error;
  }

  return { items, next, loading, loaded, error, verifying, verification, verifyError, load, loadMore, verify };
});
