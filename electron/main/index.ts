/**
 * The Electron entry, deliberately thin: it wires Electron objects to the services
 * factory and the hardening helpers, each of which is tested on its own.
 */
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { app, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import type { BrowserWindow } from 'electron';
import { APP_ORIGIN, APP_SCHEME } from '../services/platform/app-origin';
import { createServices } from '../services/index';
import type { Services } from '../services/index';
import { registerIpc } from './ipc';
import { SCHEME_PRIVILEGES, createRendererHandler } from './protocol';
import { safeStorageSecretStore } from './secret-store';
import { assertTlsVerificationOn } from './tls-guard';
import { createMainWindow, hardenSession, hardenWebContents } from './window';

// Before anything can open a connection that would carry an API key.
assertTlsVerificationOn(process.env);

// Both must happen before `ready`, or Electron ignores them.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: SCHEME_PRIVILEGES }]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
let services: Promise<Services> | null = null;
let unregisterIpc: (() => void) | null = null;
// Quit waits for one dispose (pending writes, demo server); later quit requests pass through.
let quitState: 'running' | 'disposing' | 'done' = 'running';

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown'; // no passwd entry (containers): still usable
  }
}

async function start(): Promise<void> {
  if (quitState !== 'running') return;
  protocol.handle(APP_SCHEME, createRendererHandler(join(import.meta.dirname, '../renderer')));
  hardenSession(session.defaultSession);
  services = createServices({
    dataDir: app.getPath('userData'),
    secrets: safeStorageSecretStore(safeStorage),
    // The only openExternal in the app; the services' `app.openExternal` handler vets the URL.
    openExternal: (url) => shell.openExternal(url),
    operator: operatorName(),
    version: app.getVersion(),
    baseUrls: process.env.MSP_TEST_API_URL ? { test: process.env.MSP_TEST_API_URL } : {},
  });
  const { handlers } = await services;
  if (quitState !== 'running') return; // quit was asked for while the services were starting
  unregisterIpc = registerIpc(ipcMain, handlers);
  mainWindow = createMainWindow({
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    url: `${APP_ORIGIN}/index.html`,
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

async function shutdown(): Promise<void> {
  unregisterIpc?.();
  unregisterIpc = null;
  // Services that failed to start have nothing to dispose; startup already reported it.
  const started = await services?.catch(() => null);
  await started?.dispose();
}

const gotLock = app.requestSingleInstanceLock();
if (!gotLock) {
  // Two instances would share one SQLite file and one set of keys: leave it to the first.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Every webContents, including ones we did not create ourselves, gets the same locks.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  app.on('before-quit', (event) => {
    if (quitState === 'done') return;
    event.preventDefault();
    if (quitState === 'disposing') return;
    quitState = 'disposing';
    shutdown()
      .catch((error: unknown) => console.error('shutdown.failed', error instanceof Error ? error.message : error))
      .finally(() => {
        quitState = 'done';
        app.quit();
      });
  });
  app.on('window-all-closed', () => app.quit());

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error('startup.failed', message);
      dialog.showErrorBox('The console could not start', message);
      app.exit(1);
    });
}
