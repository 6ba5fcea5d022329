/**
 * The services factory: all main-process behaviour (API client, SQLite store,
 * settings, secrets, demo server) assembled from explicit inputs, with no import
 * of `electron`. The Electron entry wires `handlers` to ipcMain; tests and the
 * browser end-to-end harness call the very same table.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from '../../shared/orders';
import { startDemoServer } from '../demo/server';
import type { DemoServer } from '../demo/server';
import { APP_ORIGIN } from './app-origin';
import type { AuditLog } from './audit';
import { systemClock } from './clock';
import type { Clock } from './clock';
import { openDatabase } from './db';
import { isAllowedExternalUrl } from './external';
import { createHandlers } from './gate';
import type { HandlerTable } from './gate';
import { createLogger } from './log';
import type { Logger } from './log';
import { createMspClient } from './msp-client';
import { createOrderStore } from './order-store';
import { createOrderService } from './orders';
import { DEFAULT_BASE_URLS, DEMO_PROFILE } from './profiles';
import type { SecretStore } from './secrets';

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
  /** Who is at the keyboard; recorded on every order. */
  operator?: string;
  version?: string;
  /** Options for the built-in demo server, when the factory starts it. */
  demo?: { legacyIngHomePay?: boolean };
  /** Hard limit for one API call (got `timeout.request`), default 30 s. */
  requestTimeoutMs?: number;
}

export interface Services {
  handlers: HandlerTable;
  dispose(): Promise<void>;
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger({ write: (line) => process.stdout.write(`${line}\n`) });
  const operator = () => options.operator ?? 'operator';

  mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(join(options.dataDir, 'console.sqlite3'));
  const store = createOrderStore(db);

  // Demo mode needs an API to talk to: start the built-in imitation unless one was given.
  let demoServer: DemoServer | null = null;
  let demoUrl = options.baseUrls?.demo;
  if (!demoUrl) {
    demoServer = await startDemoServer({ clock, legacyIngHomePay: options.demo?.legacyIngHomePay ?? false });
    demoUrl = demoServer.apiBase;
  }
  const baseUrls: Record<Environment, string> = { ...DEFAULT_BASE_URLS, ...options.baseUrls, demo: demoUrl };
  const demoOrigin = new URL(demoUrl).origin;

  // Until profiles are configurable, every order goes to the Demo profile.
  const profile = () => DEMO_PROFILE;
  const client = () =>
    createMspClient({
      baseUrl: baseUrls[profile().environment],
      apiKey: profile().apiKey,
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      now: clock.now,
    });
  // Until the accounts work lands its hash-chained table, audit entries go to the log.
  const audit: AuditLog = { record: (entry) => log.info('audit', { ...entry }) };
  const orders = createOrderService({ store, client, profile, operator, audit, clock, log });

  const handlers = createHandlers(
    {
      'app.info': () => ({
        environment: profile().environment,
        profileName: profile().name,
        operator: operator(),
        version: options.version ?? '0.0.0',
        demoOrigin: profile().environment === 'demo' ? demoOrigin : null,
      }),
      'app.openExternal': async ({ url }) => {
        const demo = profile().environment === 'demo' ? demoOrigin : null;
        if (!options.openExternal || !isAllowedExternalUrl(url, demo)) return { opened: false };
        await options.openExternal(url);
        return { opened: true };
      },
      'orders.create': (input) => orders.create(input),
      'orders.get': ({ orderId }) => orders.detail(orderId),
      'orders.refresh': ({ orderId }) => orders.refresh(orderId),
      'history.list': (query) => store.list(query),
    },
    { trustedOrigin: options.trustedOrigin ?? APP_ORIGIN, log },
  );

  let disposed = false;
  return {
    handlers,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await demoServer?.close();
      db.close();
    },
  };
}
