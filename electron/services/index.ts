/**
 * The services factory: all main-process behaviour (API client, SQLite store,
 * settings, secrets, demo server) assembled from explicit inputs, with no import
 * of `electron`. The Electron entry wires `handlers` to ipcMain; tests and the
 * browser end-to-end harness call the very same table.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ConsoleSettings } from '../../shared/accounts';
import type { ChannelName } from '../../shared/contract';
import type { BackupsView, StorageState } from '../../shared/history';
import type { Environment } from '../../shared/orders';
import { startDemoServer } from '../demo/server';
import type { DemoServer } from '../demo/server';
import { APP_ORIGIN } from './platform/app-origin';
import { createAuditLog } from './accounts/audit-log';
import { systemClock } from './platform/clock';
import type { Clock } from './platform/clock';
import { applyPendingRestore, createBackups, pendingRestore, requestRestore } from './storage/backup';
import { openHistory } from './storage/db';
import { ServiceError } from './platform/errors';
import { createExports } from './history/export';
import { createHistoryService } from './history/history-service';
import { isAllowedExternalUrl } from './platform/external';
import { createHandlers } from './platform/gate';
import type { HandlerTable, ServiceTable } from './platform/gate';
import { createLogger, withSecrets } from './platform/log';
import type { Logger } from './platform/log';
import { createMspClient } from './msp/client';
import { MAX_MINOR_UNITS } from '../../shared/money';
import { createDraftStore } from './orders/drafts';
import { createMethodService } from './orders/methods';
import { createReconciler } from './orders/reconcile';
import { createOrderStore } from './orders/order-store';
import { createOrderService } from './orders/order-service';
import { checkKey } from './accounts/key-check';
import { createLiveGuard } from './accounts/live-guard';
import { createPersonalData, maskIbansIn } from './storage/personal-data';
import { DEFAULT_BASE_URLS, DEMO_PROFILE, createProfileService } from './accounts/profiles';
import type { ProfileService } from './accounts/profiles';
import type { SecretStore } from './accounts/secrets';
import { SETTING, createSettingsStore } from './accounts/settings';
import { assertSafeBaseUrl, assertTlsVerificationOn } from './platform/tls';

export interface ServicesOptions {
  /** Folder for the SQLite database and other local state (created if missing). */
  dataDir: string;
  /** Encrypts API keys at rest (Electron safeStorage in the app). */
  secrets: SecretStore;
  /**
   * API base URLs (ending in /v1/json) per environment, overriding MultiSafepay's.
   * `demo` defaults to a built-in imitation started on 127.0.0.1.
   */
  baseUrls?: Partial<Record<Environment, string>>;
  clock?: Clock;
  /** Origin (scheme://host) of the only frame allowed to call; default app://console. */
  trustedOrigin?: string;
  /** Opens a vetted URL in the user's browser (Electron shell.openExternal in the app). */
  openExternal?: (url: string) => Promise<void>;
  log?: Logger;
  /** Who is at the keyboard until an operator name is set in Settings; recorded on every order and action. */
  operator?: string;
  version?: string;
  /** Options for the built-in demo server, when the factory starts it. */
  demo?: { legacyIngHomePay?: boolean };
  /** Hard limit for one API call (got `timeout.request`), default 30 s. */
  requestTimeoutMs?: number;
  /** The largest amount (minor units) of one manual order, unless the `entry.orderCapMinor` setting says otherwise. */
  orderCapMinor?: number;
  /** How often the reconciler looks for unclear orders that are due, default 1 s; 0 turns the loop off (tests tick by hand). */
  reconcileEveryMs?: number;
  /** Environment variables to check (NODE_TLS_REJECT_UNAUTHORIZED); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where history exports are written (no save dialog in tests); default `<dataDir>/exports`. */
  exportsDir?: string;
  /** Where backups of the history go; default `<dataDir>/backups`. */
  backupDir?: string;
  /** How many backups are kept, default 7. */
  backupKeep?: number;
  /** How often main checks whether the daily backup is due, default hourly (first check 2 minutes after start); 0 turns it off. */
  backupCheckEveryMs?: number;
}

/** Channels that only read: all that is left when the history is open read-only. */
const READ_ONLY_CHANNELS = new Set<ChannelName>([
  'app.info',
  'app.openExternal',
  'orders.get',
  'history.list',
  'history.search',
  'history.facets',
  'history.exportStart',
  'history.exportStatus',
  'history.exportCancel',
  'methods.list',
  'drafts.get',
  'profiles.list',
  'settings.get',
  'audit.list',
  'audit.verify',
  'backups.list',
  'backups.create',
  'backups.restore',
]);
const BACKUP_FIRST_CHECK_MS = 2 * 60_000;

export interface Services {
  handlers: HandlerTable;
  /** Run one reconciler pass now (tests move a manual clock, then call this); resolves to how many settled. */
  reconcileNow(): Promise<number>;
  dispose(): Promise<void>;
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  // Scripts and tests get the same refusal as the app: keys never travel without certificate checks.
  assertTlsVerificationOn(options.env ?? process.env);
  // Overrides come from main (MSP_TEST_API_URL) or tests, never the renderer; still, https or loopback only.
  for (const [environment, url] of Object.entries(options.baseUrls ?? {})) {
    if (url) assertSafeBaseUrl(environment as Environment, url);
  }
  const clock = options.clock ?? systemClock;
  // Every API key main knows is scrubbed from every log line, whichever logger was injected.
  let knownKeys: () => readonly string[] = () => [];
  const log = withSecrets(
    options.log ?? createLogger({ write: (line) => process.stdout.write(`${line}\n`) }),
    () => knownKeys(),
  );

  mkdirSync(options.dataDir, { recursive: true });
  const databaseFile = join(options.dataDir, 'console.sqlite3');
  const backupDir = options.backupDir ?? join(options.dataDir, 'backups');
  // A restore chosen in the last session is done now, while the database is still closed.
  const restore = applyPendingRestore({ dataDir: options.dataDir, databaseFile, backupDir, now: clock.now() });
  if (restore.problem) log.error('backup.restore_failed', { problem: restore.problem });
  // A database that fails its check opens read-only: history stays browsable, nothing is written.
  const opened = openHistory(databaseFile);
  const { db, readOnly } = opened;
  const storage: StorageState = {
    readOnly,
    problem: [restore.problem, opened.problem].filter(Boolean).join(' ') || null,
    restoredFrom: restore.restoredFrom,
  };
  if (readOnly) log.error('history.read_only', { problem: opened.problem });
  const store = createOrderStore(db);
  const settings = createSettingsStore(db);
  const operator = () => settings.get<string>(SETTING.operator) ?? options.operator ?? 'operator';

  // Demo mode needs an API to talk to: start the built-in imitation unless one was given.
  let demoServer: DemoServer | null = null;
  let demoUrl = options.baseUrls?.demo;
  if (!demoUrl) {
    demoServer = await startDemoServer({ clock, legacyIngHomePay: options.demo?.legacyIngHomePay ?? false });
    demoUrl = demoServer.apiBase;
  }
  const baseUrls: Record<Environment, string> = { ...DEFAULT_BASE_URLS, ...options.baseUrls, demo: demoUrl };
  const demoOrigin = new URL(demoUrl).origin;

  const clientFor = (environment: Environment, apiKey: string) =>
    createMspClient({
      baseUrl: baseUrls[environment],
      apiKey,
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      now: clock.now,
    });
  // The audit log names the active profile; the profile service records into the audit log.
  let profiles: ProfileService | null = null;
  const audit = createAuditLog({
    db,
    clock,
    operator,
    profile: () => profiles?.active() ?? DEMO_PROFILE,
    log,
    secrets: () => knownKeys(),
  });
  profiles = createProfileService({
    db,
    secrets: options.secrets,
    settings,
    clock,
    log,
    audit,
    checkKey: (environment, apiKey) => checkKey(environment, apiKey, { client: clientFor, now: clock.now }),
  });
  const profileService = profiles;
  knownKeys = () => profileService.knownKeys();
  // The active profile, read per request: switching changes the key and URL of the next call.
  const profile = () => profileService.active();
  const client = () => {
    const active = profile();
    return clientFor(active.environment, active.apiKey);
  };
  // order entry
  const defaultOrderCap = options.orderCapMinor ?? MAX_MINOR_UNITS;
  const orderCap = () => settings.get<number>(SETTING.orderCap) ?? defaultOrderCap;
  const methods = createMethodService({ db, client, profile, clock, log, orderCap });
  const drafts = createDraftStore({ db, profile, clock });
  const orders = createOrderService({ store, client, profile, operator, audit, clock, log, methods, drafts, orderCap });
  const reconciler = createReconciler({
    store,
    scope: () => ({ environment: profile().environment, profileId: profile().id }),
    check: (key) => orders.settleUnknown(key),
    clock,
    log,
  });
  if (!readOnly) {
    reconciler.recover();
    if ((options.reconcileEveryMs ?? 1_000) > 0) reconciler.start(options.reconcileEveryMs ?? 1_000);
  }
  const liveGuard = createLiveGuard({ profile, audit });
  const personal = createPersonalData({ db, clock, settings, audit, log });
  try {
    if (!readOnly) personal.applyRetention();
  } catch (error) {
    // A failed mask must not keep the console from starting; it is retried at the next start.
    log.error('retention.failed', { error });
  }
  const settingsView = (): ConsoleSettings => ({
    operator: operator(),
    retentionMonths: settings.get<number>(SETTING.retentionMonths),
    lastRetention: settings.get<ConsoleSettings['lastRetention']>(SETTING.lastRetention),
    orderCapMinor: orderCap(),
    orderCapIsDefault: settings.get<number>(SETTING.orderCap) === null,
  });

  // history: search, export, backups
  const history = createHistoryService({ db, audit });
  const exports = createExports({
    dbFile: databaseFile,
    dir: options.exportsDir ?? join(options.dataDir, 'exports'),
    clock,
    log,
  });
  const backups = createBackups({ db, dir: backupDir, keep: options.backupKeep ?? 7, now: clock.now });
  if (restore.restoredFrom && !readOnly) audit.record({ action: 'backup.restored', details: { from: restore.restoredFrom } });
  let backupRun: Promise<unknown> = Promise.resolve();
  /** One backup at a time; the daily one and one asked for never overlap. */
  const backupOnce = <T>(run: () => Promise<T>): Promise<T> => {
    const next = backupRun.then(run, run);
    backupRun = next.catch(() => undefined);
    return next;
  };
  const backupTimers: ReturnType<typeof setTimeout>[] = [];
  const every = options.backupCheckEveryMs ?? 60 * 60_000;
  if (every > 0) {
    const check = () =>
      void backupOnce(() => backups.backupIfDue()).then(
        (made) => made && log.info('backup.daily', { file: basename(made.file), bytes: made.bytes }),
        (error: unknown) => log.error('backup.failed', { error }),
      );
    const first = setTimeout(check, Math.min(every, BACKUP_FIRST_CHECK_MS));
    const later = setInterval(check, every);
    first.unref();
    later.unref();
    backupTimers.push(first, later);
  }
  const backupsView = (): BackupsView => ({
    dir: backupDir,
    items: backups.list().map((b) => ({ name: basename(b.file), createdAt: new Date(b.createdAt).toISOString(), bytes: b.bytes })),
    pendingRestore: pendingRestore(options.dataDir),
    keep: options.backupKeep ?? 7,
  });
  /** What can be audited is audited; a read-only history cannot take the entry, so it is logged. */
  const note = (entry: Parameters<typeof audit.record>[0]) => {
    if (readOnly) log.warn('audit.read_only', { action: entry.action, details: entry.details ?? {} });
    else audit.record(entry);
  };

  const services: ServiceTable = {
    'app.info': () => {
      const active = profile();
      return {
        environment: active.environment,
        profileName: active.name,
        operator: operator(),
        version: options.version ?? '0.0.0',
        demoOrigin: active.environment === 'demo' ? demoOrigin : null,
        profileId: active.id,
        profileDefaults: active.defaults,
        storage,
      };
    },
    'app.openExternal': async ({ url }) => {
      const demo = profile().environment === 'demo' ? demoOrigin : null;
      if (!options.openExternal || !isAllowedExternalUrl(url, demo)) return { opened: false };
      await options.openExternal(url);
      return { opened: true };
    },
    // The first live order of a session must be confirmed: checked after validation, before anything is written or sent.
    'orders.create': (input) => orders.create(input, (facts) => liveGuard.check(facts)),
    // Raw bodies keep every byte except full IBANs: seeing one is a reveal, which is audited.
    'orders.get': ({ orderId }) => {
      const detail = orders.detail(orderId);
      const mask = (body: string | null) => (body === null ? null : maskIbansIn(body));
      return { ...detail, exchanges: detail.exchanges.map((e) => ({ ...e, requestBody: mask(e.requestBody), responseBody: mask(e.responseBody) })) };
    },
    'orders.refresh': ({ orderId }) => orders.refresh(orderId),
    'history.list': ({ limit, cursor, environment }) => {
      const { items, next } = history.search({
        text: '',
        filters: environment ? { environment } : {},
        sort: 'newest',
        limit,
        cursor,
        count: false,
      });
      return { items, next };
    },
    // history
    'history.search': (query) => history.search(query),
    'history.facets': () => history.facets(),
    'history.clone': (key) => history.clone(key),
    'history.exportStart': ({ query, includeIbans, delimiter }) => {
      // Full IBANs leave the console only when asked, and only with an audit entry written first.
      if (includeIbans && readOnly) {
        throw new ServiceError('STORAGE', 'Full IBANs cannot be exported while the history is read-only (the export could not be audited).');
      }
      exports.assertIdle();
      note({
        action: 'history.export',
        details: {
          ibans: includeIbans ? 'full' : 'masked',
          search: query.text.trim() !== '',
          filters: Object.keys(query.filters).join(',') || null,
          sort: query.sort,
        },
      });
      return exports.start(history.exportPlan(query), { includeIbans, delimiter });
    },
    'history.exportStatus': ({ jobId }) => exports.status(jobId),
    'history.exportCancel': ({ jobId }) => exports.cancel(jobId),
    'backups.list': () => backupsView(),
    'backups.create': async () => {
      try {
        await backupOnce(() => backups.backupNow());
      } catch (error) {
        log.error('backup.failed', { error });
        throw new ServiceError('STORAGE', 'The backup could not be made.', { _: { key: 'validation.backup.failed' } });
      }
      note({ action: 'backup.create', details: {} });
      return backupsView();
    },
    'backups.restore': ({ name }) => {
      try {
        requestRestore(options.dataDir, backupDir, name);
      } catch (error) {
        throw new ServiceError('NOT_FOUND', error instanceof Error ? error.message : String(error), {
          _: { key: 'validation.backup.unusable' },
        });
      }
      note({ action: name ? 'backup.restore_requested' : 'backup.restore_withdrawn', details: { name } });
      return backupsView();
    },
    // order entry
    'orders.createRaw': ({ body }) => orders.createRaw(body, (facts) => liveGuard.check(facts)),
    'orders.precheck': (input) => orders.precheck(input),
    'orders.resend': ({ orderId }) => {
      // Sending again is sending: in live, the session's first one is confirmed like a new order.
      const active = profile();
      const view = store.find({ environment: active.environment, profileId: active.id, orderId });
      if (view) liveGuard.check({ amount: view.amount, currency: view.currency, customerName: view.customerName });
      return orders.resend(orderId);
    },
    'orders.recreate': ({ orderId }) => orders.recreate(orderId, (facts) => liveGuard.check(facts)),
    'orders.cancel': ({ orderId }) => orders.cancel(orderId),
    'methods.list': () => methods.list(),
    'methods.refresh': () => methods.refresh(),
    'drafts.get': () => drafts.get(),
    'drafts.save': ({ fields }) => drafts.save(fields),
    'drafts.clear': () => drafts.clear(),
    // accounts
    'profiles.list': () => profileService.list(),
    'profiles.save': (input) => profileService.save(input),
    'profiles.delete': ({ id }) => profileService.remove(id),
    'profiles.switch': ({ id }) => profileService.switchTo(id),
    'profiles.checkKey': ({ id }) => profileService.recheck(id),
    'settings.get': () => settingsView(),
    'settings.setOperator': ({ name }) => {
      const from = operator();
      if (from !== name) {
        settings.set(SETTING.operator, name);
        audit.record({ action: 'operator.change', details: { from, to: name } });
      }
      return settingsView();
    },
    'settings.setRetention': ({ months }) => {
      const from = settings.get<number>(SETTING.retentionMonths);
      if (months === null) settings.remove(SETTING.retentionMonths);
      else settings.set(SETTING.retentionMonths, months);
      if (from !== months) audit.record({ action: 'retention.setting', details: { from, to: months } });
      personal.applyRetention();
      return settingsView();
    },
    'settings.setOrderCap': ({ minor }) => {
      const from = orderCap();
      if (minor === null) settings.remove(SETTING.orderCap);
      else settings.set(SETTING.orderCap, minor);
      if (from !== orderCap()) audit.record({ action: 'settings.orderCap', details: { from, to: orderCap() } });
      return settingsView();
    },
    'audit.list': (query) => audit.list(query),
    'audit.verify': () => audit.verify(),
    'privacy.revealIban': ({ orderId }) => personal.revealIban(orderId),
    'live.confirm': (input) => liveGuard.confirm(input),
  };
  if (readOnly) {
    // Everything that would write is refused with words, not a database error.
    for (const name of Object.keys(services) as ChannelName[]) {
      if (READ_ONLY_CHANNELS.has(name)) continue;
      (services as Record<ChannelName, unknown>)[name] = () => {
        throw new ServiceError('STORAGE', 'The order history is open read-only; restore a backup to make changes again.', {
          _: { key: 'validation.history.readOnly' },
        });
      };
    }
  }
  const handlers = createHandlers(services, { trustedOrigin: options.trustedOrigin ?? APP_ORIGIN, log });

  let disposed = false;
  return {
    handlers,
    reconcileNow: () => reconciler.tick(),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await reconciler.stop();
      for (const timer of backupTimers) clearTimeout(timer);
      await exports.dispose();
      await backupRun;
      await demoServer?.close();
      db.close();
    },
  };
}
