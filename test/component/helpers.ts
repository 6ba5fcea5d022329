/**
 * Shared set-up for component tests: a fake `window.api` (vi.fn returning
 * result envelopes), a real Pinia and a real vue-i18n instance.
 */
import { flushPromises, mount } from '@vue/test-utils';
import type { ComponentMountingOptions } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { vi } from 'vitest';
import type { Component } from 'vue';
import type { Api, AppInfo } from '../../shared/contract';
import type { OrderDetail, OrderView } from '../../shared/orders';
import { ok } from '../../shared/result';
import { createAppI18n } from '../../renderer/src/i18n';
import type { UiLocale } from '../../renderer/src/i18n';
import { useAppStore } from '../../renderer/src/stores/app';

export const INFO: AppInfo = {
  environment: 'demo',
  profileName: 'Bakkerij Jansen',
  operator: 'anna',
  version: '0.1.0',
  demoOrigin: 'http://127.0.0.1:4010',
};

export function order(overrides: Partial<OrderView> = {}): OrderView {
  return {
    orderId: 'msp-20251121-0001',
    environment: 'demo',
    profileId: 'default',
    operator: 'anna',
    type: 'paymentlink',
    gateway: null,
    amount: 100050,
    currency: 'EUR',
    description: 'Invoice 2025-117',
    state: 'created',
    status: 'initialized',
    financialStatus: 'initialized',
    transactionId: null,
    paymentUrl: 'https://payv2.multisafepay.com/connect/abc123',
    problem: null,
    createdAt: '2025-11-21T14:03:00.000Z',
    updatedAt: '2025-11-21T14:03:01.000Z',
    ...overrides,
  };
}

export function detail(view: OrderView = order(), exchanges: OrderDetail['exchanges'] = []): OrderDetail {
  return { ...view, exchanges };
}

export function fakeApi() {
  return {
    app: {
      info: vi.fn<Api['app']['info']>(async () => ok(INFO)),
      openExternal: vi.fn<Api['app']['openExternal']>(async () => ok({ opened: true })),
    },
    orders: {
      create: vi.fn<Api['orders']['create']>(async (input) =>
        ok(order({ amount: input.amount, currency: input.currency, description: input.description })),
      ),
      get: vi.fn<Api['orders']['get']>(async ({ orderId }) => ok(detail(order({ orderId })))),
      refresh: vi.fn<Api['orders']['refresh']>(async ({ orderId }) => ok(order({ orderId }))),
    },
    history: {
      list: vi.fn<Api['history']['list']>(async () => ok({ items: [], next: null })),
    },
  } satisfies Api;
}
export type FakeApi = ReturnType<typeof fakeApi>;

/** Fresh api, Pinia and i18n for one test; `mountIt` mounts with both plugins installed. */
export function setup(locale: UiLocale = 'en') {
  const api = fakeApi();
  window.api = api;
  const pinia = createPinia();
  setActivePinia(pinia);
  const i18n = createAppI18n(locale);
  useAppStore(pinia).setLocale(locale);
  function mountIt<C extends Component>(component: C, options: ComponentMountingOptions<C> = {}) {
    return mount(component, {
      attachTo: document.body,
      ...options,
      global: { plugins: [pinia, i18n] },
    } as ComponentMountingOptions<C>);
  }
  return { api, pinia, i18n, mountIt };
}

/** Collapse every kind of space (Intl uses U+00A0 and U+202F) into a plain one. */
export function plain(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function stubClipboard() {
  const writeText = vi.fn(async (_text: string) => {});
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return writeText;
}

export { flushPromises };
