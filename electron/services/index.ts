/**
 * The services factory: all main-process behaviour (API client, SQLite store,
 * settings, secrets, demo server) assembled from explicit inputs, with no import
 * of `electron`. It owns nothing: each domain returns its slice of the handler
 * table. The Electron entry wires `handlers` to ipcMain; tests and the browser
 * end-to-end harness call the very same table.
 */
import { existsSync } from 'node:fs';
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
import { RESTORE_HINT, closeDatabase, markVerified } from './storage/db';
import { checkInBackground } from './storage/background';
import { clearDamage, damageMarker, recordDamage } from './storage/damaged';
import type { BackgroundCheck } from './storage/background';
import { buildIndexInBackground, indexProgress } from './storage/fts-backfill';
import type { IndexBuild } from './storage/fts-backfill';
import { storageMessage } from './storage/storage-error';
import type { ChannelName } from '@shared/contract';
import { openStorage } from './storage/open';

export type { Services, ServicesOptions } from './options';

export async function createServices(options: ServicesOptions): Promise<Services> {
  assertSafeTransport(options.env ?? process.env, options.baseUrls ?? {});
  const clock = options.clock ?? systemClock;
  // Every API key main knows is scrubbed from every log line, whichever logger was injected.
  const log = withSecrets(options.log ?? createLogger({ write: (line) => process.stdout.write(`${line}\n`) }), () => vault.knownKeys());
  const vault = createKeyVault({ secrets: options.secrets, log, demoApiKey: DEMO_API_KEY });

  const { db, readOnly, storage, databaseFile, backupDir, seal, checkDue, damaged } = openStorage({
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
  // Read-only from the start (the file could not be opened for writing), or from the moment the
  // integrity check below fails: every channel asks which table answers now.
  const refused = refuseWrites(services);
  const current = {} as Record<ChannelName, (input: never) => unknown>;
  for (const name of Object.keys(services) as ChannelName[]) {
    current[name] = (input) => (storage.readOnly ? refused : services)[name](input as never);
  }
  const handlers = createHandlers(current as unknown as ServiceTable, { trustedOrigin: options.trustedOrigin ?? APP_ORIGIN, log });

  let disposed = false;
  let indexBuild: IndexBuild | null = null;
  // Known from the start, so the window can say it while the check (if due) runs first.
  storage.indexing = indexProgress(db);
  const buildIndex = () => {
    if (disposed || storage.readOnly || storage.indexing === null) return;
    indexBuild = buildIndexInBackground({
      db,
      onProgress: (progress) => (storage.indexing = progress),
      // Left as it is (search stays complete without it); the next start resumes at the cursor.
      onError: (error) => log.error('history.index_build_failed', { error }),
    });
  };
  /**
   * After an unclean shutdown the integrity check (quick_check: 9–19 s at a million orders) runs
   * in a worker while the console is already usable. Orders may be created meanwhile, into the
   * same file: the damage the check finds was left by the crash, before them, and SQLite refuses
   * (SQLITE_CORRUPT → a STORAGE error in words, nothing sent: the intent row comes before the
   * POST) a write that touches a damaged page, so an order is either stored whole or not made.
   * Holding every create until the check ends would instead stop order entry for up to 19 s
   * after each crash. If the check fails, the history turns read-only (as if it had failed at
   * start): the orders made meanwhile stay visible in it, and the restore preview lists them
   * among what a restore would undo, so they are never lost silently. The failure is remembered
   * (storage/damaged.ts): later starts open read-only before any write, and check again, until a
   * check passes or a verified restore replaces the file.
   */
  let check: BackgroundCheck | null = null;
  const checked: Promise<void> = checkDue
    ? (check = checkInBackground(databaseFile)).outcome.then((outcome) => {
        check = null;
        if (disposed) return;
        storage.checking = false;
        if (outcome.ok) {
          markVerified(db);
          if (damaged) forgetDamage();
          return;
        }
        log.error('history.check_failed', { problem: outcome.detail });
        // A remembered failure keeps its cause (the file): a check that could not run now is no news about it.
        const cause = damaged ? 'damaged' : outcome.cause;
        if (cause === 'damaged') rememberDamage(outcome.detail);
        storage.readOnly = true;
        storage.cause = cause;
        storage.problem = `${outcome.detail} ${cause === 'damaged' ? RESTORE_HINT : `History is open read-only. ${storageMessage(cause)}`}`;
        // Nothing more is written into a damaged file: not by a channel (refused above), not by a background job.
        db.pragma('query_only = ON');
        void tracker.stop();
      })
    : Promise.resolve();
  /**
   * Durably, before the session goes on: the next start then opens read-only before it writes
   * anything (storage/damaged.ts). The first failure is kept: it says since when.
   */
  function rememberDamage(detail: string): void {
    if (existsSync(damageMarker(databaseFile))) return;
    try {
      recordDamage(databaseFile, detail, clock.now());
    } catch (error) {
      // Still read-only now; the next start runs the check again (no clean marker) as before.
      log.error('history.damage_not_recorded', { error });
    }
  }
  /**
   * The file that failed before passed now (repaired or replaced while the console was closed).
   * It stays read-only until a restart rather than turning writable here: this session opened
   * it read-only and skipped the start's writes (migrations, retention, the tracker's recovery,
   * the index build), so the restart is the one tested way to a writable history.
   */
  function forgetDamage(): void {
    try {
      clearDamage(databaseFile);
      log.info('history.check_passed_again', { damagedSince: storage.damagedSince ?? null });
      storage.problem = null;
      storage.writableAtRestart = true;
    } catch (error) {
      log.error('history.damage_not_cleared', { error });
    }
  }
  // The index build writes; it starts only once the file is known to be sound.
  void checked.then(buildIndex);
  return {
    handlers,
    reconcileNow: () => tracker.tick(),
    openOrder: toOpen.ask,
    syncIdle: () => history.idle(),
    storageChecked: () => checked,
    indexBuilt: async () => {
      await checked;
      await (indexBuild as IndexBuild | null)?.done;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await (check as BackgroundCheck | null)?.stop();
      await (indexBuild as IndexBuild | null)?.stop();
      await tracker.stop();
      await history.dispose();
      await demoServer?.close();
      closeDatabase(db);
    },
  };
}
