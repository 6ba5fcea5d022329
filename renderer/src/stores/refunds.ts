import { defineStore } from 'pinia';
import { ref } from 'vue';
import { orderKeyText } from '@shared/order-key';
import type { OrderKey } from '@shared/order-key';
import type { RefundsView } from '@shared/refunds';
import type { AppError, Result } from '@shared/result';
import { callApi } from '../lib/call';

/** The refunds of the orders staff look at, keyed by order key; every refunds.* call goes through here. */
export const useRefundsStore = defineStore('refunds', () => {
  const views = ref<Record<string, RefundsView>>({});
  const busy = ref<Record<string, boolean>>({});
  const errors = ref<Record<string, AppError | null>>({});

  async function run(key: OrderKey, call: () => Promise<Result<RefundsView>>): Promise<Result<RefundsView>> {
    const id = orderKeyText(key);
    busy.value[id] = true;
    errors.value[id] = null;
    const answer = await call();
    busy.value[id] = false;
    if (answer.ok) views.value[id] = answer.value;
    else errors.value[id] = answer.error;
    return answer;
  }

  return {
    views,
    busy,
    errors,
    viewOf: (key: OrderKey) => views.value[orderKeyText(key)] ?? null,
    isBusy: (key: OrderKey) => busy.value[orderKeyText(key)] === true,
    errorOf: (key: OrderKey) => errors.value[orderKeyText(key)] ?? null,
    load: (key: OrderKey) => run(key, () => callApi((api) => api.refunds.list(key))),
    create: (key: OrderKey, amount: number, full: boolean) => run(key, () => callApi((api) => api.refunds.create({ key, amount, full }))),
    cancel: (key: OrderKey, refundOrderId: string) => run(key, () => callApi((api) => api.refunds.cancel({ key, refundOrderId }))),
    refresh: (key: OrderKey) => run(key, () => callApi((api) => api.refunds.refresh(key))),
  };
});
