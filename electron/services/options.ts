/** What the services factory is given: everything it needs from the app, a script or a test. */
import type { RestorePreview } from '@shared/history';
import type { Environment } from '@shared/orders';
import type { SecretStore } from './accounts/secrets';
import type { Clock } from './platform/clock';
import type { Logger } from './platform/log';
import type { Notify } from './orders/tracker';
import type { OrderKey } from '@shared/order-key';
import type { HandlerTable } from './platform/gate';

/** What main shows the operator in the native confirmation of a session's first live order. */
export interface LiveOrderQuestion {
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  /** The site profile the order goes to. */
  profileName: string;
  /** A short description of the customer, '' when the order names none. */
  customer: string;
  /** What is about to happen: a new order, sending a not-sent one again, or cancel-and-create-again. */
  action: 'create' | 'resend' | 'recreate';
}

/**
 * Questions only the operator may answer, asked by main in native dialogs (Electron's `dialog`
 * in the app, fakes in tests): a renderer, compromised or not, cannot answer them.
 */
export interface ServicesDialogs {
  /** True only when the operator chose to send; anything else (cancel, closed, error) is no. */
  confirmLiveOrder?: (question: LiveOrderQuestion) => Promise<boolean>;
  /** The file a CSV export is written to (absolute, .csv), or null when the operator cancelled. */
  chooseExportPath?: (suggestedName: string) => Promise<string | null>;
  /**
   * True only when the operator confirmed restoring a backup after reading what it undoes;
   * without it no restore can be chosen.
   */
  confirmRestore?: (summary: RestorePreview) => Promise<boolean>;
}

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
  /**
   * The operating system's locales, most specific first (in the app: `app.getSystemLocale()`, then
   * `app.getPreferredSystemLanguages()`). The first that names a region gives dates and numbers
   * that region's style in the interface language, unless one is chosen in Settings. Default: none
   * (each language's own style).
   */
  systemLocales?: readonly string[];
  version?: string;
  /** Options for the built-in demo server, when the factory starts it. */
  demo?: { legacyIngHomePay?: boolean };
  /** Hard limit for one API call (got `timeout.request`), default 30 s. */
  requestTimeoutMs?: number;
  /** The largest amount (minor units) of one manual order, unless the `entry.orderCapMinor` setting says otherwise. */
  orderCapMinor?: number;
  /**
   * How often the tracker looks for orders that are due (unclear ones to settle, open ones to
   * follow), default 1 s; 0 turns the loop off (tests tick by hand).
   */
  reconcileEveryMs?: number;
  /**
   * Shows a desktop notification when a tracked order is paid, declined or expired (Electron's
   * Notification in the app; a click calls `Services.openOrder(key)`). Absent: none is shown.
   */
  notify?: Notify;
  /** Environment variables to check (NODE_TLS_REJECT_UNAUTHORIZED); default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Native dialogs for decisions main must make, not the renderer. Without `confirmLiveOrder`
   * every first live order of a session is refused; without `chooseExportPath` exports go to
   * `exportsDir` (tests and the browser harness only).
   */
  dialogs?: ServicesDialogs;
  /** Where history exports are written when there is no save dialog (tests); default `<dataDir>/exports`. */
  exportsDir?: string;
  /** Where backups of the history go; default `<dataDir>/backups`. */
  backupDir?: string;
  /** How many daily backups are kept, default 7. */
  backupKeep?: number;
  /** How many backups made with "Back up now" are kept, apart from the dailies, default 5. */
  backupKeepManual?: number;
  /** How often main checks whether the daily backup is due, default hourly (first check 2 minutes after start); 0 turns it off. */
  backupCheckEveryMs?: number;
  /** Transactions per page of the history sync (1–1000), default 500. */
  syncPageSize?: number;
  /** How often the sync schedule (off/hourly/daily per profile) is checked, default every minute; 0 turns it off. */
  syncCheckEveryMs?: number;
}

/** What the factory returns: the handler table main wires to ipcMain, and the app's own controls. */
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
  /** Resolves when the integrity check after an unclean start has ended (passed, or turned the history read-only). */
  storageChecked(): Promise<void>;
  /** Resolves when the search index build of an upgraded history has ended (or there was none). */
  indexBuilt(): Promise<void>;
  dispose(): Promise<void>;
}
