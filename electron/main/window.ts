/**
 * The one console window and the hardening every webContents and the session get:
 * no navigation off our origin, no new windows, no <webview>, no permissions.
 */
import { BrowserWindow } from 'electron';
import type { Session, WebContents, WebPreferences } from 'electron';
import { isConsoleFrame } from '../services/platform/app-origin';

/**
 * Spelled out even where Electron's default agrees, so a future default change or a
 * careless edit shows up in the test (and in Electronegativity) instead of in production.
 */
export const WEB_PREFERENCES = Object.freeze({
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
  disableBlinkFeatures: 'Auxclick',
} satisfies WebPreferences);

const hardened = new WeakSet<WebContents>();

/** Applied to every webContents (see app 'web-contents-created'); idempotent. */
export function hardenWebContents(contents: WebContents): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  // The IPC gate's own rule (services/platform/app-origin.ts): a frame the gate would refuse
  // cannot be navigated to, and no sub-frame navigates at all (CSP already blocks frames).
  const stayHome = (event: { url: string; isMainFrame: boolean; preventDefault: () => void }) => {
    if (!isConsoleFrame({ url: event.url, isMainFrame: event.isMainFrame })) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  // Sub-frames too: default-src 'none' already blocks frames; this is the second lock.
  contents.on('will-frame-navigate', stayHome);
  // Links leave only through the vetted `app.openExternal` IPC channel, never from here.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Electron grants every permission when no handler is set: refuse them all. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // Guarded because fakes and older builds may lack it; the typings say it always exists.
  if (typeof session.setDevicePermissionHandler === 'function') {
    session.setDevicePermissionHandler(() => false);
  }
}

export interface MainWindowOptions {
  preloadPath: string;
  url: string;
  /** False in a packaged build: no DevTools, whatever the keyboard says. */
  devTools: boolean;
  /** Where it opens (see window-state.ts); the default size, centred, when absent. */
  bounds?: { x: number; y: number; width: number; height: number };
  maximized?: boolean;
  /** The window icon (Linux; Windows and macOS take it from the executable/bundle). */
  icon?: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    ...options.bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'MSP Operator Console',
    ...(options.icon ? { icon: options.icon } : {}),
    // Written out (not `...WEB_PREFERENCES`) so static scanners such as Electronegativity see the
    // values; window.test.ts checks they are exactly WEB_PREFERENCES plus devTools and preload.
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: options.devTools,
      preload: options.preloadPath,
    },
  });
  hardenWebContents(window.webContents);
  window.once('ready-to-show', () => {
    if (options.maximized) window.maximize();
    window.show();
  });
  window.loadURL(options.url).catch((error: unknown) => {
    // Nothing to show yet; log the cause rather than leave an unhandled rejection.
    console.error('window.load-failed', error instanceof Error ? error.message : String(error));
  });
  return window;
}
