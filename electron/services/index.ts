/**
 * The services factory: all main-process behaviour (API client, SQLite store,
 * settings, secrets, demo server) assembled from explicit inputs, with no import
 * of `electron`. The Electron entry wires `handlers` to ipcMain; tests and the
 * browser end-to-end harness call the very same table.
 */
import type { Environment } from '../../shared/orders';
import type { Clock } from './clock';
import type { HandlerTable } from './gate';
import type { Logger } from './log';
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

export declare function createServices(options: ServicesOptions): Promise<Services>;
