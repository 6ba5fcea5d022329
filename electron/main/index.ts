/**
 * The Electron entry, deliberately thin: it wires Electron objects to the services
 * factory and the hardening helpers, each of which is tested on its own.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Menu, Notification, app, dialog, ipcMain, protocol, safeStorage, screen, session, shell } from 'electron';
import type { BrowserWindow } from 'electron';
import { APP_ORIGIN, APP_SCHEME } from '../services/platform/app-origin';
import { createServices } from '../services/index';
import type { Services } from '../services/index';
import { createLogger } from '../services/platform/log';
import { createNativeDialogs } from './dialogs';
import { registerIpc } from './ipc';
import { restoreConfirmation } from './restore-dialog';
import { menuTemplate } from './menu';
import { desktopNotifier } from './notify';
import { SCHEME_PRIVILEGES, createRendererHandler } from './protocol';
import { safeStorageSecretStore } from './secret-store';
import { assertTlsVerificationOn } from './tls-guard';
import { createMainWindow, hardenSession, hardenWebContents } from './window';
import { placeWindow, readWindowState, writeWindowState } from './window-state';

const LOG_ROTATE_BYTES = 5 * 1024 * 1024;

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

/** Makes the folder if needed, then shows it in the file manager; a failure is shown, not thrown. */
function openFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch {
    // openPath reports the problem below
  }
  shell
    .openPath(path)
    .then((problem) => {
      if (problem) dialog.showErrorBox('The folder could not be opened', `${path}\n\n${problem}`);
    })
    .catch(() => {});
}

/**
 * The log file in the OS's log folder (what "Open Log Folder" shows), beside stdout. Lines pass
 * through the services' logger, which redacts keys and personal data. Rotated once at 5 MiB.
 */
function fileLogSink(logsDir: string): { write(line: string): void } {
  const file = join(logsDir, 'console.log');
  try {
    mkdirSync(logsDir, { recursive: true });
    const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    if (size > LOG_ROTATE_BYTES) renameSync(file, join(logsDir, 'console.1.log'));
  } catch {
    // an unwritable log folder must not stop the console; stdout still gets every line
  }
  return {
    write(line) {
      process.stdout.write(`${line}\n`);
      try {
        appendFileSync(file, `${line}\n`);
      } catch {
        // as above
      }
    },
  };
}

function logsPath(): string {
  app.setAppLogsPath(); // the OS's usual place: ~/Library/Logs/<app> on macOS, <userData>/logs elsewhere
  return app.getPath('logs');
}

async function start(): Promise<void> {
  if (quitState !== 'running') return;
  const dataDir = app.getPath('userData');
  const logsDir = logsPath();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        packaged: app.isPackaged,
        platform: process.platform,
        openDataFolder: () => openFolder(dataDir),
        openLogFolder: () => openFolder(logsDir),
      }),
    ),
  );
  protocol.handle(APP_SCHEME, createRendererHandler(join(import.meta.dirname, '../renderer')));
  hardenSession(session.defaultSession);
  services = createServices({
    dataDir,
    log: createLogger(fileLogSink(logsDir)),
    secrets: safeStorageSecretStore(safeStorage),
    // The only openExternal in the app; the services' `app.openExternal` handler vets the URL.
    openExternal: (url) => shell.openExternal(url),
    operator: operatorName(),
    // The region for dates and numbers (shared/format-locale.ts): the system locale names the
    // regional format ("en-FI" for English with Finnish formats), the language list may too.
    systemLocales: [app.getSystemLocale(), ...app.getPreferredSystemLanguages()],
    version: app.getVersion(),
    baseUrls: process.env.MSP_TEST_API_URL ? { test: process.env.MSP_TEST_API_URL } : {},
    notify: desktopNotifier({
      supported: () => Notification.isSupported(),
      create: (options) => new Notification(options),
      window: () => mainWindow,
      open: (key) => void services?.then((s) => s.openOrder(key)),
    }),
    // Decisions only the operator may make: native dialogs from main, out of the renderer's reach.
    dialogs: {
      ...createNativeDialogs({
        dialog,
        window: () => mainWindow,
        locale: () => app.getLocale(),
        documentsDir: () => app.getPath('documents'),
      }),
      // A restore is confirmed in main's own dialog, after it showed what the backup would undo.
      confirmRestore: restoreConfirmation({ dialog, window: () => mainWindow, locale: () => app.getLocale() }),
    },
  });
  const { handlers } = await services;
  if (quitState !== 'running') return; // quit was asked for while the services were starting
  unregisterIpc = registerIpc(ipcMain, handlers);
  const stateFile = join(dataDir, 'window-state.json');
  const primary = screen.getPrimaryDisplay();
  const workAreas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  const placed = placeWindow(readWindowState(stateFile), workAreas);
  const window = createMainWindow({
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    url: `${APP_ORIGIN}/index.html`,
    devTools: !app.isPackaged,
    bounds: placed.bounds,
    maximized: placed.maximized,
    // out/main → the project (or app.asar) root; packaged via electron-builder's `files`.
    icon: process.platform === 'linux' ? join(import.meta.dirname, '../../resources/icons/256x256.png') : undefined,
  });
  mainWindow = window;
  window.on('close', () => {
    try {
      writeWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      console.error('window.state-not-saved', error instanceof Error ? error.message : String(error));
    }
  });
  window.on('closed', () => {
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
