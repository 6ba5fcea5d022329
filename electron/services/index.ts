/**
 * The services factory: all main-process behaviour (API client, SQLite store,
 * settings, secrets, demo server) assembled from explicit inputs, with no import
 * of `electron`. It owns nothing: each domain returns its slice of the handler
 * table. The Electron entry wires `handlers` to ipcMain; tests and the browser
 * end-to-end harness call the very same table.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_MINOR_UNITS } from '@shared/money';
import type { Environment } from '@shared/orders';
import { DEMO_API_KEY, startDemoServer } from '../demo/server';
import type { DemoServer } from '../demo/server';
import type { Profile } from './accounts/active-profile';
import { createAccounts } from './accounts/accounts';
import { auditOrLog } from './accounts/audit-log';
import { accountChannels } from './accounts/channels';
import { checkKey } from './accounts/key-check';
import { createKeyVault } from './accounts/key-vault';
import { historyChannels } from './history/channels';
import { createExports } from './history/export';
import { createHistoryService } from './history/history-service';
import { createSync } from './history/sync';
import { createSyncStore } from './history/sync-store';
import { DEFAULT_BASE_URLS } from './msp/base-urls';
import { createMspClient } from './msp/client';
import type { ServicesOptions } from './options';
import { orderChannels } from './orders/channels';
import { createOrders } from './orders/orders';
import { trackingChannels } from './orders/tracking-channels';
import type { OrderKey } from '@shared/order-key';
import { APP_ORIGIN } from './platform/app-origin';
import { systemClock } from './platform/clock';
import { createHandlers } from './platform/gate';
import type { HandlerTable, ServiceTable } from './platform/gate';
import { createLogger, withSecrets } from './platform/log';
import { refuseWrites } from './platform/read-only';
import { assertSafeBaseUrl, assertTlsVerificationOn } from './platform/tls';
import { createBackupSchedule } from './storage/backup-schedule';
import { createBackupSeal } from './storage/backup-seal';
import { createFileRetention } from './storage/retention-files';
import { applyPendingRestore } from './storage/restore';
import { openHistory } from './storage/db';

export type { ServicesOptions } from './options';

export interface Services {
  handlers: HandlerTable;
  /**
   * Run one tracker pass now (tests move a manual clock, then call this): unclear orders are
   * settled, open ones followed; resolves to how many unclear orders settled.
   */
  reconcileNow(): Promise<number>;
  /** The operator clicked this order's notification: the renderer's next `tracking.changes` opens it. */
  openOrder(key: OrderKey): void;
  /** Resolves when no history sync is running (tests poll nothing: they wait for this). */
  syncIdle(): Promise<void>;
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
  const log = withSecrets(options.log ?? createLogger({ write: (line) => process.stdout.write(`${line}\n`) }), () => vault.knownKeys());
  const vault = createKeyVault({ secrets: options.secrets, log, demoApiKey: DEMO_API_KEY });

  mkdirSync(options.dataDir, { recursive: true });
  const databaseFile = join(options.dataDir, 'console.sqlite3');
  const backupDir = options.backupDir ?? join(options.dataDir, 'backups');
  // A restore chosen in the last session is done now, while the database is still closed.
  // Backups are sealed with a secret only this installation holds (kept through the secret store).
  const seal = createBackupSeal(options.dataDir, options.secrets);
  const restore = applyPendingRestore({ dataDir: options.dataDir, databaseFile, backupDir, seal, now: clock.now() });
  if (restore.problem) log.error('backup.restore_failed', { problem: restore.problem });
  // A database that fails its check opens read-only: history stays browsable, nothing is written.
  const { db, readOnly, problem, cause } = openHistory(databaseFile);
  if (readOnly) log.error('history.read_only', { problem });
  const storage = { readOnly, problem: [restore.problem, problem].filter(Boolean).join(' ') || null, restoredFrom: restore.restoredFrom, cause };

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
  });
  const { active, audit, personal, settings } = accounts;

  // orders: new orders go to the active profile; an order is followed up with its own profile's key.
  const { orders, precheck, methods, drafts, tracker, tracking, breakers, refunds } = createOrders({
    db,
    clientFor: (profile: Profile) => clientFor(profile.environment, profile.apiKey),
    active,
    operator: settings.operator,
    orderCap: settings.orderCap,
    audit,
    clock,
    log,
    notify: options.notify,
    secrets: () => vault.knownKeys(),
  });
  let toOpen: OrderKey | null = null;

  // history: search, export, backups
  const note = auditOrLog(audit, readOnly, log);
  const exportsDir = options.exportsDir ?? join(options.dataDir, 'exports');
  const exports = createExports({ dbFile: databaseFile, dir: exportsDir, clock, log });
  const backups = createBackupSchedule({
    db,
    dataDir: options.dataDir,
    dir: backupDir,
    keep: options.backupKeep ?? 7,
    keepManual: options.backupKeepManual ?? 5,
    now: clock.now,
    seal,
    operator: settings.operator,
    confirmRestore: options.dialogs?.confirmRestore,
    everyMs: options.backupCheckEveryMs ?? 60 * 60_000,
    log,
    note,
  });

  // sync: GET /transactions into the history, per profile (its own key), resumable.
  const sync = createSync({
    store: createSyncStore(db),
    active,
    clientFor: (profile: Profile) => clientFor(profile.environment, profile.apiKey),
    audit,
    clock,
    log,
    pageSize: options.syncPageSize,
    checkEveryMs: readOnly ? 0 : options.syncCheckEveryMs,
  });

  // Retention reaches the copies too: backups are masked, old exports and set-aside files deleted.
  personal.setFileRetention(createFileRetention({ backups: backups.backups, exportsDir, dataDir: options.dataDir, now: clock.now }));

  if (!readOnly) {
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
    ...orderChannels({ orders, precheck, methods, drafts, liveGuard: accounts.liveGuard, refunds }),
    ...trackingChannels({
      tracking,
      breakers,
      active,
      clock,
      takeOpen: () => {
        const key = toOpen;
        toOpen = null;
        return key;
      },
    }),
    ...historyChannels({
      history: createHistoryService({ db, audit }),
      exports,
      backups,
      readOnly,
      note,
      append: (entry) => audit.append(entry),
      chooseExportPath: options.dialogs?.chooseExportPath,
      sync,
    }),
  };
  const handlers = createHandlers(readOnly ? refuseWrites(services) : services, { trustedOrigin: options.trustedOrigin ?? APP_ORIGIN, log });

  let disposed = false;
  return {
    handlers,
    reconcileNow: () => tracker.tick(),
    openOrder: (key) => {
      toOpen = key;
    },
    syncIdle: () => sync.idle(),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await tracker.stop();
      await sync.dispose();
      await exports.dispose();
      await backups.dispose();
      await demoServer?.close();
      db.close();
    },
  };
}
