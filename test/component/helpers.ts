/**
 * Shared set-up for component tests: a fake `window.api` (vi.fn returning
 * result envelopes), a real Pinia and a real vue-i18n instance.
 */
import { flushPromises, mount } from '@vue/test-utils';
import type { ComponentMountingOptions } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { vi } from 'vitest';
import type { Component } from 'vue';
import type { Api, AppInfo } from '@shared/contract';
import { EMPTY_DEFAULTS } from '@shared/accounts';
import type { ConsoleSettings, ProfileSummary, ProfilesState } from '@shared/accounts';
import type { OrderDetail, OrderView } from '@shared/orders';
import type { RefundView, RefundsView } from '@shared/refunds';
import type { SyncStatus } from '@shared/sync';
import { flowOf } from '@shared/orders';
import type { MethodsView } from '@shared/methods';
import type { BackupsView, ExportJob, RestorePreview } from '@shared/history';
import { ok } from '@shared/result';
import { createAppI18n } from '../../renderer/src/i18n';
import type { Messages, UiLocale } from '../../renderer/src/i18n';
import en from '../../renderer/src/i18n/en';
import fr from '../../renderer/src/i18n/fr';
import nl from '../../renderer/src/i18n/nl';
import { useAppStore } from '../../renderer/src/stores/app';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../../renderer/src/router';

export const INFO: AppInfo = {
  environment: 'demo',
  profileName: 'Bakkerij Jansen',
  operator: 'anna',
  formatRegion: null,
  version: '0.1.0',
  demoOrigin: 'http://127.0.0.1:4010',
  profileId: 'demo',
  profileDefaults: EMPTY_DEFAULTS,
  storage: { readOnly: false, problem: null, restoredFrom: null },
};

/** Console settings as main reports them; the cap defaults to € 100,000.00. */
export function consoleSettings(overrides: Partial<ConsoleSettings> = {}): ConsoleSettings {
  return {
    operator: 'anna',
    retentionMonths: null,
    lastRetention: null,
    orderCapMinor: 10_000_000,
    orderCapIsDefault: true,
    formatRegion: null,
    systemRegion: null,
    welcome: null,
    ...overrides,
  };
}

/** The built-in Demo profile as main lists it; `profileSummary()` for others. */
export function profileSummary(overrides: Partial<ProfileSummary> = {}): ProfileSummary {
  return {
    id: 'demo',
    name: 'Demo',
    environment: 'demo',
    builtIn: true,
    active: true,
    keyStorage: 'builtin',
    keyHint: null,
    keyAvailable: true,
    lastCheck: null,
    defaults: EMPTY_DEFAULTS,
    ...overrides,
  };
}

export function profilesState(profiles: ProfileSummary[] = [profileSummary()], over: Partial<ProfilesState> = {}): ProfilesState {
  return {
    profiles,
    activeId: profiles.find((p) => p.active)?.id ?? 'demo',
    storageProtected: true,
    deletedNames: {},
    ...over,
  };
}

/** An order view; its key follows the overridden orderId, environment and profileId. */
export function order(overrides: Partial<OrderView> = {}): OrderView {
  const view: Omit<OrderView, 'key'> = {
    orderId: 'msp-20251121-0001',
    environment: 'demo',
    profileId: 'default',
    operator: 'anna',
    type: 'paymentlink',
    flow: 'paymentlink',
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
    customerName: null,
    customerEmail: null,
    locale: null,
    ibanMasked: null,
    accountHolderName: null,
    linkExpiresAt: null,
    replaces: null,
    replacedBy: null,
    createdAt: '2025-11-21T14:03:00.000Z',
    updatedAt: '2025-11-21T14:03:01.000Z',
    ...overrides,
  };
  return { ...view, key: overrides.key ?? { environment: view.environment, profileId: view.profileId, orderId: view.orderId } };
}

/** The account's methods as main keeps them (the demo account's, without the retired INGHOME). */
export const METHODS: MethodsView = {
  methods: [
    { id: 'IDEAL', name: 'iDEAL', allowedAmount: { min: 1, max: 5_000_000 }, currencies: ['EUR'], countries: [] },
    { id: 'DIRDEB', name: 'SEPA Direct Debit', allowedAmount: { min: 100, max: 1_000_000 }, currencies: ['EUR'], countries: [] },
    { id: 'KBC', name: 'KBC', allowedAmount: { min: 1, max: null }, currencies: ['EUR'], countries: ['BE'] },
    { id: 'CBC', name: 'CBC', allowedAmount: { min: 1, max: null }, currencies: ['EUR'], countries: ['BE'] },
  ],
  fetchedAt: '2025-11-21T13:00:00.000Z',
  orderCap: 10_000_000,
};

export function detail(view: OrderView = order(), exchanges: OrderDetail['exchanges'] = []): OrderDetail {
  return { ...view, exchanges };
}

// history
export function exportJob(over: Partial<ExportJob> = {}): ExportJob {
  return {
    jobId: 'job-1',
    state: 'running',
    written: 0,
    total: null,
    file: '/data/exports/history-20251121-140300.csv',
    includeIbans: false,
    startedAt: '2025-11-21T14:03:00.000Z',
    finishedAt: null,
    error: null,
    ...over,
  };
}
export function backupsView(over: Partial<BackupsView> = {}): BackupsView {
  return { dir: '/data/backups', items: [], pendingRestore: null, keep: 7, keepManual: 5, ...over };
}

export function restorePreview(over: Partial<RestorePreview> = {}): RestorePreview {
  return {
    name: 'console-20251121-020000.sqlite3',
    createdAt: '2025-11-21T02:00:00.000Z',
    ordersAdded: 3,
    ordersChanged: 1,
    ordersInBackup: 120,
    ordersNow: 123,
    profilesChanged: ['Shop NL'],
    settingsChanged: ['accounts.retentionMonths'],
    auditRowsCarried: 9,
    ...over,
  };
}

export function fakeApi() {
  return {
    app: {
      info: vi.fn<Api['app']['info']>(async () => ok(INFO)),
      openExternal: vi.fn<Api['app']['openExternal']>(async () => ok({ opened: true })),
    },
    orders: {
      create: vi.fn<Api['orders']['create']>(async (input) => {
        const gateway = 'gateway' in input && input.gateway ? input.gateway : null;
        return ok(order({ amount: input.amount, currency: input.currency, description: input.description, type: input.type, gateway, flow: flowOf(input.type, gateway) }));
      }),
      get: vi.fn<Api['orders']['get']>(async ({ orderId }) => ok(detail(order({ orderId })))),
      refresh: vi.fn<Api['orders']['refresh']>(async ({ orderId }) => ok(order({ orderId }))),
      // order entry
      createRaw: vi.fn<Api['orders']['createRaw']>(async () => ok(order({ flow: 'advanced' }))),
      precheck: vi.fn<Api['orders']['precheck']>(async () => ok({ warnings: [] })),
      resend: vi.fn<Api['orders']['resend']>(async ({ orderId }) => ok(order({ orderId }))),
      recreate: vi.fn<Api['orders']['recreate']>(async ({ orderId }) => ok(order({ orderId: `${orderId}-2`, replaces: orderId }))),
      cancel: vi.fn<Api['orders']['cancel']>(async ({ orderId }) => ok(order({ orderId, status: 'cancelled' }))),
    },
    // order entry
    methods: {
      list: vi.fn<Api['methods']['list']>(async () => ok(METHODS)),
      refresh: vi.fn<Api['methods']['refresh']>(async () => ok({ ...METHODS, fetchedAt: '2025-11-21T14:00:00.000Z' })),
    },
    drafts: {
      get: vi.fn<Api['drafts']['get']>(async () => ok({ draft: null })),
      save: vi.fn<Api['drafts']['save']>(async () => ok({ savedAt: '2025-11-21T14:03:00.000Z' })),
      clear: vi.fn<Api['drafts']['clear']>(async () => ok({ cleared: true })),
    },
    history: {
      // history
      search: vi.fn<Api['history']['search']>(async () => ok({ items: [], next: null, total: { count: 0, capped: false } })),
      facets: vi.fn<Api['history']['facets']>(async () =>
        ok({ statuses: [], financialStatuses: [], gateways: [], operators: [], profileIds: [] }),
      ),
      clone: vi.fn<Api['history']['clone']>(async ({ orderId }) =>
        ok({ sourceOrderId: orderId, amount: 1250, currency: 'EUR', fields: { flow: 'paymentlink', description: 'Cloned' } }),
      ),
      exportStart: vi.fn<Api['history']['exportStart']>(async () => ok({ outcome: 'started' as const, job: exportJob() })),
      exportStatus: vi.fn<Api['history']['exportStatus']>(async () => ok(exportJob({ state: 'done', written: 2, total: 2 }))),
      exportCancel: vi.fn<Api['history']['exportCancel']>(async () => ok(exportJob({ state: 'cancelled' }))),
    },
    backups: {
      list: vi.fn<Api['backups']['list']>(async () => ok(backupsView())),
      create: vi.fn<Api['backups']['create']>(async () => ok(backupsView())),
      restorePreview: vi.fn<Api['backups']['restorePreview']>(async ({ name }) => ok(restorePreview({ name }))),
      restore: vi.fn<Api['backups']['restore']>(async ({ name }) => ok(backupsView({ pendingRestore: name }))),
    },
    // accounts
    profiles: {
      list: vi.fn<Api['profiles']['list']>(async () => ok(profilesState())),
      save: vi.fn<Api['profiles']['save']>(async (input) => {
        const profile = profileSummary({ id: 'p-1', name: input.name, environment: input.environment, builtIn: false, active: false });
        return ok({ profile, check: null, state: profilesState([profileSummary(), profile]) });
      }),
      delete: vi.fn<Api['profiles']['delete']>(async () => ok(profilesState())),
      switch: vi.fn<Api['profiles']['switch']>(async () => ok(profilesState())),
      checkKey: vi.fn<Api['profiles']['checkKey']>(async () =>
        ok({ status: 'ok', environment: 'test', detected: 'test', checkedAt: '2026-11-21T09:00:00.000Z' }),
      ),
    },
    settings: {
      get: vi.fn<Api['settings']['get']>(async () => ok(consoleSettings())),
      setOperator: vi.fn<Api['settings']['setOperator']>(async ({ name }) => ok(consoleSettings({ operator: name }))),
      setRetention: vi.fn<Api['settings']['setRetention']>(async ({ months }) =>
        ok(consoleSettings({ retentionMonths: months })),
      ),
      setOrderCap: vi.fn<Api['settings']['setOrderCap']>(async ({ minor }) =>
        ok(consoleSettings(minor === null ? {} : { orderCapMinor: minor, orderCapIsDefault: false })),
      ),
      setFormatRegion: vi.fn<Api['settings']['setFormatRegion']>(async ({ region }) => ok(consoleSettings({ formatRegion: region }))),
      skipWelcome: vi.fn<Api['settings']['skipWelcome']>(async () => ok(consoleSettings())),
    },
    audit: {
      list: vi.fn<Api['audit']['list']>(async () => ok({ items: [], next: null })),
      verify: vi.fn<Api['audit']['verify']>(async () => ok({ ok: true, count: 0, brokenAt: null, headHash: null })),
    },
    privacy: {
      revealIban: vi.fn<Api['privacy']['revealIban']>(async ({ orderId }) => ok({ orderId, iban: 'NL91ABNA0417164300' })),
    },
    tracking: {
      changes: vi.fn<Api['tracking']['changes']>(async ({ since }) => ok({ cursor: since, changes: [], profiles: [], open: null })),
    },
    links: {
      board: vi.fn<Api['links']['board']>(async () =>
        ok({ now: '2026-11-21T09:00:00.000Z', rows: [], counts: { open: 0, expiring: 0, unpaid: 0 } }),
      ),
    },
    // refunds and the history sync
    refunds: {
      list: vi.fn<Api['refunds']['list']>(async (key) => ok(refundsView({ key }))),
      create: vi.fn<Api['refunds']['create']>(async ({ key, amount }) =>
        ok(refundsView({ key, refunded: amount, remainder: 4250 - amount, refunds: [refundView({ amount })] })),
      ),
      cancel: vi.fn<Api['refunds']['cancel']>(async ({ key }) => ok(refundsView({ key }))),
      refresh: vi.fn<Api['refunds']['refresh']>(async (key) => ok(refundsView({ key }))),
    },
    sync: {
      start: vi.fn<Api['sync']['start']>(async () => ok(syncStatus({ phase: 'running' }))),
      status: vi.fn<Api['sync']['status']>(async () => ok(syncStatus())),
      cancel: vi.fn<Api['sync']['cancel']>(async () => ok(syncStatus({ phase: 'cancelled', resumable: true }))),
      setSchedule: vi.fn<Api['sync']['setSchedule']>(async ({ schedule }) => ok(syncStatus({ schedule }))),
    },
  } satisfies Api;
}
export type FakeApi = ReturnType<typeof fakeApi>;

export function refundView(over: Partial<RefundView> = {}): RefundView {
  return {
    refundOrderId: 'CON-20251121-140000-abc123-R1',
    refundId: '17472052901237122',
    amount: 1250,
    currency: 'EUR',
    state: 'created',
    status: 'reserved',
    problem: null,
    operator: 'Sam',
    createdAt: '2025-11-21T14:05:00.000Z',
    updatedAt: '2025-11-21T14:05:00.000Z',
    cancellable: true,
    ...over,
  };
}

export function refundsView(over: Partial<RefundsView> & Pick<RefundsView, 'key'>): RefundsView {
  return { currency: 'EUR', amount: 4250, refunded: 0, remainder: 4250, refusal: null, chargebackRisk: false, refunds: [], ...over };
}

export function syncStatus(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    profileId: 'demo',
    phase: 'idle',
    imported: 0,
    pages: 0,
    elsewhere: 0,
    windowFrom: null,
    windowUntil: null,
    resumable: false,
    syncedUntil: null,
    lastSyncedAt: null,
    schedule: 'off',
    problem: null,
    ...over,
  };
}

/** Every locale's messages, for tests that start in one (the app loads nl and fr on demand). */
export const LOCALE_MESSAGES: Record<UiLocale, Messages> = { en, nl, fr };

/** Fresh api, Pinia, i18n and router (in memory) for one test; `mountIt` mounts with all three installed. */
export function setup(locale: UiLocale = 'en') {
  const api = fakeApi();
  window.api = api;
  globalThis.localStorage?.clear(); // remembered choices (the payment page's language) do not leak between tests
  const pinia = createPinia();
  setActivePinia(pinia);
  // As main.ts does at start: the locale's messages are in before anything renders.
  const i18n = createAppI18n(locale, { [locale]: LOCALE_MESSAGES[locale] });
  useAppStore(pinia).locale = locale;
  const router = createAppRouter(createMemoryHistory());
  function mountIt<C extends Component>(component: C, options: ComponentMountingOptions<C> = {}) {
    return mount(component, {
      attachTo: document.body,
      ...options,
      global: { plugins: [pinia, i18n, router] },
    } as ComponentMountingOptions<C>);
  }
  return { api, pinia, i18n, router, mountIt };
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
