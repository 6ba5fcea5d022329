/**
 * The services factory: all main-process behaviour (API client, SQLite store,
 * settings, secrets, demo server) assembled from explicit inputs, with no import
 * of `electron`. It owns nothing: each domain returns its slice of the handler
 * table. The Electron entry wires `handlers` to ipcMain; tests and the browser
 * end-to-end harness call the very same table.
 */
import { regionOf } from '@shared/format-locale';
import { MAX_MINOR_UNITS } from '@shared/money';
import type { Environment } from '@shared/orders';
import { DEMO_API_KEY, startDemoServer } from '../demo/server';
import type { DemoServer } from '../demo/server';
import type { Profile } from './accounts/active-profile';
import { createAccounts } from './accounts/accounts';
import { accountChannels } from './accounts/channels';
import { checkKey } from './accounts/key-check';
import { createKeyVault } from './accounts/key-vault';
import { createHistory } from './history/history';
import { DEFAULT_BASE_URLS } from './msp/base-urls';
import { createMspClient } from './msp/client';
import type { Services, ServicesOptions } from './options';
import { orderChannels } from './orders/channels';
import { createOrders } from './orders/orders';
import { createOpenRequest, trackingChannels } from './orders/tracking-channels';
import { APP_ORIGIN } from './platform/app-origin';
import { systemClock } from './platform/clock';
import { createHandlers } from './platform/gate';
import type { ServiceTable } from './platform/gate';
import { createLogger, withSecrets } from './platform/log';
import { refuseWrites } from './platform/read-only';
import { assertSafeTransport } from './platform/tls';
import { closeDatabase } from './storage/db';
import { openStorage } from './storage/open';

export type { Services, ServicesOptions } from './options';

export async function createServices(options: ServicesOptions): Promise<Services> {
  assertSafeTransport(options.env ?? process.env, options.baseUrls ?? {});
  const clock = options.clock ?? systemClock;
  // Every API key main knows is scrubbed from every log line, whichever logger was injected.
  const log = withSecrets(options.log ?? createLogger({ write: (line) => process.stdout.write(`${line}\n`) }), () => vault.knownKeys());
  const vault = createKeyVault({ secrets: options.secrets, log, demoApiKey: DEMO_API_KEY });

  const { db, readOnly, storage, databaseFile, backupDir, seal } = openStorage({
    dataDir: options.dataDir,
    backupDir: options.backupDir,
    secrets: options.secrets,
    now: clock.now(),
    log,
  });

  // Demo mode needs an API to talk to: start the built-in imitation unless one was given.
  const demoServer: DemoServer | null = options.baseUrls?.demo
    ? null
    : await startDemoServer({ clock, legacyIngHomePay: options.demo?.legacyIngHomePay ?? false });
  const baseUrls: Record<Environment, string> = { ...DEFAULT_BASE_URLS, ...options.baseUrls, demo: options.baseUrls?.demo ?? demoServer!.apiBase };
  const clientFor = (environment: Environment, apiKey: string) =>
    createMspClient({
      baseUrl: baseUrls[environment],
      apiKey,
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      now: clock.now,
      secrets: () => vault.knownKeys(),
    });
  const clientOf = (profile: Profile) => clientFor(profile.environment, profile.apiKey);

  // accounts: the active profile is read per request, so switching changes the key and URL of the next call.
  const accounts = createAccounts({
    db,
    vault,
    secrets: options.secrets,
    clock,
    log,
    demoApiKey: DEMO_API_KEY,
    defaultOperator: options.operator ?? 'operator',
    defaultOrderCap: options.orderCapMinor ?? MAX_MINOR_UNITS,
    checkKey: (environment, apiKey) => checkKey(environment, apiKey, { client: clientFor, now: clock.now }),
    confirmLiveOrder: options.dialogs?.confirmLiveOrder,
    systemRegion: regionOf(options.systemLocales ?? []),
    readOnly,
  });
  const { active, audit, personal, settings } = accounts;

  // orders: new orders go to the active profile; an order is followed up with its own profile's key.
  const { orders, cancels, precheck, methods, drafts, tracker, tracking, breakers, refunds } = createOrders({
    db,
    clientFor: clientOf,
    active,
    operator: settings.operator,
    orderCap: settings.orderCap,
    audit,
    clock,
    log,
    notify: options.notify,
    secrets: () => vault.knownKeys(),
  });
  const toOpen = createOpenRequest();

  // history: search, export, backups, sync, retention of the copies.
  const history = createHistory({
    db,
    databaseFile,
    backupDir,
    seal,
    readOnly,
    options,
    active,
    clientFor: clientOf,
    audit,
    operator: settings.operator,
    clock,
    log,
  });
  personal.setFileRetention(history.fileRetention);

  if (!readOnly) {
    accounts.welcome.decide();
    tracker.recover();
    refunds.recover();
    if ((options.reconcileEveryMs ?? 1_000) > 0) tracker.start(options.reconcileEveryMs ?? 1_000);
    try {
      personal.applyRetention();
    } catch (error) {
      // A failed mask must not keep the console from starting; it is retried at the next start.
      log.error('retention.failed', { error });
    }
  }

  const services: ServiceTable = {
    ...accountChannels({ ...accounts, storage, version: options.version ?? '0.0.0', demoOrigin: new URL(baseUrls.demo).origin, openExternal: options.openExternal }),
    ...orderChannels({ orders, cancels, precheck, methods, drafts, liveGuard: accounts.liveGuard, refunds }),
    ...trackingChannels({
      tracking,
      breakers,
      active,
      clock,
      takeOpen: toOpen.take,
    }),
    ...history.channels,
  };
  const handlers = createHandlers(readOnly ? refuseWrites(services) : services, { trustedOrigin: options.trustedOrigin ?? APP_ORIGIN, log });

  let disposed = false;
  return {
    handlers,
    reconcileNow: () => tracker.tick(),
    openOrder: toOpen.ask,
    syncIdle: () => history.idle(),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await tracker.stop();
      await history.dispose();
      await demoServer?.close();
      closeDatabase(db);
    },
  };
}
