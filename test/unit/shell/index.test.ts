/**
 * The entry's wiring, in the order Electron needs it: guards and scheme registration
 * before ready, the hardening and IPC after, dispose once on quit.
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import { CHANNELS } from '@shared/contract';
import { SCHEME_PRIVILEGES } from '../../../electron/main/protocol';
import type { ServicesDialogs } from '../../../electron/services/options';
import { FakeBrowserWindow, FakeWebContents, fakeEvent, fakeIpcMain, fakeSession } from './fake-electron';

interface MenuItem {
  id?: string;
  label?: string;
  role?: string;
  submenu?: MenuItem[];
  click?: () => void;
}
type Template = MenuItem[];

function createFakeElectron(home: string) {
  let ready!: () => void;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: vi.fn(() => whenReady),
    getPath: vi.fn((name: string) => join(home, `console-${name}`)),
    setAppLogsPath: vi.fn(),
    getVersion: vi.fn(() => '9.9.9'),
    getLocale: vi.fn(() => 'nl-BE'),
    getSystemLocale: vi.fn(() => 'en-BE'),
    getPreferredSystemLanguages: vi.fn(() => ['nl-BE', 'en-US']),
    quit: vi.fn(),
    exit: vi.fn(),
  });
  const display = (id: number, x: number, width: number) => ({ id, workArea: { x, y: 0, width, height: 1040 } });
  return {
    ready,
    app,
    displays: [display(1, 0, 1920)],
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession: fakeSession() },
    ipcMain: fakeIpcMain(),
    safeStorage: { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'kwallet6' },
    shell: { openExternal: vi.fn(async () => {}), openPath: vi.fn(async (_path: string) => '') },
    dialog: {
      showErrorBox: vi.fn(),
      showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
      showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: false, filePath: '/home/anna/export.csv' })),
    },
    Menu: {
      buildFromTemplate: vi.fn((template: Template) => ({ template })),
      setApplicationMenu: vi.fn((_menu: { template: Template } | null) => {}),
    },
    screen: {
      getPrimaryDisplay: vi.fn(() => h.electron.displays[0]!),
      getAllDisplays: vi.fn(() => h.electron.displays),
    },
    BrowserWindow: FakeBrowserWindow,
  };
}

const h = vi.hoisted(() => ({
  electron: null as unknown as ReturnType<typeof createFakeElectron>,
  createServices: null as unknown as Mock<(options: unknown) => Promise<unknown>>,
  dispose: null as unknown as Mock<() => Promise<void>>,
}));

// Getters: every fresh import of the entry sees this test's fakes.
vi.mock('electron', () => ({
  get app() { return h.electron.app; },
  get protocol() { return h.electron.protocol; },
  get session() { return h.electron.session; },
  get ipcMain() { return h.electron.ipcMain; },
  get safeStorage() { return h.electron.safeStorage; },
  get shell() { return h.electron.shell; },
  get dialog() { return h.electron.dialog; },
  get Menu() { return h.electron.Menu; },
  get screen() { return h.electron.screen; },
  get BrowserWindow() { return h.electron.BrowserWindow; },
}));
vi.mock('../../../electron/services/index', () => ({
  createServices: (options: unknown) => h.createServices(options),
}));

let home = '';
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function boot() {
  await import('../../../electron/main/index');
  h.electron.ready();
  await flush();
}

beforeEach(() => {
  vi.resetModules();
  vi.unstubAllEnvs();
  vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', undefined);
  vi.stubEnv('MSP_TEST_API_URL', undefined);
  FakeBrowserWindow.instances = [];
  home = mkdtempSync(join(tmpdir(), 'shell-index-'));
  h.electron = createFakeElectron(home);
  h.dispose = vi.fn(async () => {});
  h.createServices = vi.fn(async () => ({
    handlers: Object.fromEntries(CHANNELS.map((c) => [c, vi.fn()])),
    dispose: h.dispose,
  }));
});

afterEach(() => vi.unstubAllEnvs());

describe('before ready', () => {
  it('refuses to start with TLS verification off, before touching Electron', async () => {
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    await expect(import('../../../electron/main/index')).rejects.toThrow(/NODE_TLS_REJECT_UNAUTHORIZED/);
    expect(h.electron.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(h.electron.app.whenReady).not.toHaveBeenCalled();
  });

  it('registers the privileged app scheme, enables the sandbox and takes the single-instance lock', async () => {
    await import('../../../electron/main/index');
    expect(h.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: SCHEME_PRIVILEGES },
    ]);
    expect(h.electron.app.enableSandbox).toHaveBeenCalledOnce();
    expect(h.electron.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    // Nothing that needs `ready` has happened yet.
    expect(h.electron.protocol.handle).not.toHaveBeenCalled();
    expect(h.createServices).not.toHaveBeenCalled();
  });

  it('a second instance quits without starting anything', async () => {
    h.electron.app.requestSingleInstanceLock.mockReturnValue(false);
    await boot();
    expect(h.electron.app.quit).toHaveBeenCalledOnce();
    expect(h.electron.app.whenReady).not.toHaveBeenCalled();
    expect(h.createServices).not.toHaveBeenCalled();
  });
});

describe('on ready', () => {
  it('serves the renderer over app://, hardens the session, registers IPC and opens the window', async () => {
    await boot();
    const [scheme, handler] = h.electron.protocol.handle.mock.calls[0] ?? [];
    expect(scheme).toBe('app');
    expect(typeof handler).toBe('function');
    expect(h.electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(h.electron.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledOnce();
    expect([...h.electron.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    const window = FakeBrowserWindow.instances[0];
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(window?.options.webPreferences?.preload).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(window?.options.webPreferences?.sandbox).toBe(true);
    expect(window?.loadURL).toHaveBeenCalledWith('app://console/index.html');
  });

  it('gives the services their inputs, with shell.openExternal as the only way out', async () => {
    await boot();
    const options = h.createServices.mock.calls[0]?.[0] as Record<string, unknown> & {
      openExternal: (url: string) => Promise<void>;
      secrets: { isProtected(): boolean };
    };
    expect(options).toMatchObject({ dataDir: join(home, 'console-userData'), version: '9.9.9', baseUrls: {} });
    expect(typeof options.operator).toBe('string');
    // The OS's regional format first, then its language list (dates and numbers follow the region).
    expect(options.systemLocales).toEqual(['en-BE', 'nl-BE', 'en-US']);
    expect(options.secrets.isProtected()).toBe(true);
    await options.openExternal('https://pay.multisafepay.com/x');
    expect(h.electron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://pay.multisafepay.com/x');
  });

  it('answers the services\' questions with native dialogs, modal to the console window', async () => {
    await boot();
    const { dialogs } = h.createServices.mock.calls[0]?.[0] as { dialogs: Required<ServicesDialogs> };
    const window = FakeBrowserWindow.instances[0];
    // Cancel (response 0) is the default: a live order goes only on the explicit button.
    const question = { amount: 125_000, currency: 'EUR', profileName: 'Shop live', customer: 'Jan', action: 'create' } as const;
    expect(await dialogs.confirmLiveOrder(question)).toBe(false);
    const [parent, box] = h.electron.dialog.showMessageBox.mock.calls[0] as [unknown, { buttons: string[]; defaultId: number; cancelId: number }];
    expect(parent).toBe(window);
    expect(box).toMatchObject({ buttons: ['Annuleren', 'Live order aanmaken'], defaultId: 0, cancelId: 0 });
    h.electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect(await dialogs.confirmLiveOrder(question)).toBe(true);

    expect(await dialogs.chooseExportPath('history.csv')).toBe('/home/anna/export.csv');
    const [saveParent, save] = h.electron.dialog.showSaveDialog.mock.calls[0] as [unknown, { defaultPath: string }];
    expect(saveParent).toBe(window);
    expect(save.defaultPath).toBe(join(home, 'console-documents', 'history.csv'));
  });

  it('points the test environment at MSP_TEST_API_URL when set', async () => {
    vi.stubEnv('MSP_TEST_API_URL', 'http://127.0.0.1:9999/v1/json');
    await boot();
    expect(h.createServices.mock.calls[0]?.[0]).toMatchObject({ baseUrls: { test: 'http://127.0.0.1:9999/v1/json' } });
  });

  it('hardens every webContents Electron creates', async () => {
    await import('../../../electron/main/index');
    const contents = new FakeWebContents();
    h.electron.app.emit('web-contents-created', fakeEvent(), contents);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const navigation = fakeEvent('https://evil.example/');
    contents.emit('will-navigate', navigation);
    expect(navigation.defaultPrevented).toBe(true);
  });

  it('shows an error and exits when the services cannot start', async () => {
    h.createServices.mockRejectedValue(new Error('database is locked'));
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await boot();
    expect(h.electron.dialog.showErrorBox).toHaveBeenCalledWith(expect.any(String), 'database is locked');
    expect(h.electron.app.exit).toHaveBeenCalledWith(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    error.mockRestore();
  });
});

describe('quitting', () => {
  it('disposes the services exactly once, then quits for real', async () => {
    await boot();
    const first = fakeEvent();
    h.electron.app.emit('before-quit', first);
    const second = fakeEvent();
    h.electron.app.emit('before-quit', second); // a second Cmd+Q while disposing
    expect(first.defaultPrevented).toBe(true);
    expect(second.defaultPrevented).toBe(true);
    await flush();
    expect(h.dispose).toHaveBeenCalledOnce();
    expect(h.electron.ipcMain.handlers.size).toBe(0);
    expect(h.electron.app.quit).toHaveBeenCalledOnce();
    const last = fakeEvent();
    h.electron.app.emit('before-quit', last); // the quit we asked for goes through
    expect(last.defaultPrevented).toBe(false);
    expect(h.dispose).toHaveBeenCalledOnce();
  });

  it('a quit while the services are still starting disposes them and opens nothing', async () => {
    let started!: (value: unknown) => void;
    h.createServices.mockReturnValue(new Promise((resolve) => (started = resolve)));
    await boot();
    h.electron.app.emit('before-quit', fakeEvent());
    started({ handlers: Object.fromEntries(CHANNELS.map((c) => [c, vi.fn()])), dispose: h.dispose });
    await flush();
    expect(h.dispose).toHaveBeenCalledOnce();
    expect(h.electron.ipcMain.handlers.size).toBe(0);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(h.electron.app.quit).toHaveBeenCalledOnce();
  });

  it('quits when the last window closes', async () => {
    await boot();
    h.electron.app.emit('window-all-closed');
    expect(h.electron.app.quit).toHaveBeenCalledOnce();
  });
});

describe('single instance', () => {
  it('a second launch focuses the first window (restored if minimized), and the second instance quits', async () => {
    await boot();
    const first = FakeBrowserWindow.instances[0]!;
    first.isMinimized.mockReturnValue(true);
    h.electron.app.emit('second-instance', fakeEvent(), ['console'], '/');
    expect(first.restore).toHaveBeenCalledOnce();
    expect(first.focus).toHaveBeenCalledOnce();
    expect(FakeBrowserWindow.instances).toHaveLength(1); // no second window

    // The second process: the lock is taken, so it quits before ready and opens nothing.
    vi.resetModules();
    const firstApp = h.electron.app;
    h.electron = createFakeElectron(home);
    h.electron.app.requestSingleInstanceLock.mockReturnValue(false);
    await import('../../../electron/main/index');
    expect(h.electron.app.quit).toHaveBeenCalledOnce();
    expect(h.electron.app.whenReady).not.toHaveBeenCalled();
    expect(h.electron.app.listenerCount('second-instance')).toBe(0);
    expect(firstApp.quit).not.toHaveBeenCalled();
  });
});

describe('application menu', () => {
  const menu = () => (h.electron.Menu.setApplicationMenu.mock.calls[0]?.[0] as { template: Template }).template;
  const roles = (template: Template, label: string) =>
    (template.find((m) => m.label === label)?.submenu ?? []).map((item) => item.role).filter(Boolean);
  const items = (template: Template): Template => template.flatMap((m) => [m, ...items(m.submenu ?? [])]);

  it('is our own: Edit with the clipboard and undo; View with reload and DevTools in development', async () => {
    await boot();
    expect(h.electron.Menu.setApplicationMenu).toHaveBeenCalledOnce();
    expect(roles(menu(), 'Edit')).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
    expect(roles(menu(), 'View')).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(FakeBrowserWindow.instances[0]?.options.webPreferences?.devTools).toBe(true);
  });

  it('packaged: no DevTools and no reload anywhere, and the window refuses DevTools', async () => {
    h.electron.app.isPackaged = true;
    await boot();
    const all = items(menu()).map((item) => item.role);
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(all).not.toContain(role);
    expect(roles(menu(), 'Edit')).toEqual(expect.arrayContaining(['undo', 'redo', 'copy', 'paste', 'selectAll']));
    expect(FakeBrowserWindow.instances[0]?.options.webPreferences?.devTools).toBe(false);
  });

  it('"Open Data Folder" and "Open Log Folder" show userData and the OS log folder', async () => {
    await boot();
    const byId = (id: string) => items(menu()).find((item) => item.id === id);
    byId('open-data-folder')?.click?.();
    byId('open-log-folder')?.click?.();
    expect(h.electron.app.setAppLogsPath).toHaveBeenCalled();
    expect(h.electron.shell.openPath.mock.calls.map((c) => c[0])).toEqual([
      join(home, 'console-userData'),
      join(home, 'console-logs'),
    ]);
    expect(existsSync(join(home, 'console-logs'))).toBe(true);
  });

  it('a folder that cannot be opened is reported in a dialog', async () => {
    h.electron.shell.openPath.mockResolvedValue('No application is associated');
    await boot();
    items(menu()).find((item) => item.id === 'open-log-folder')?.click?.();
    await flush();
    expect(h.electron.dialog.showErrorBox).toHaveBeenCalledWith(expect.any(String), expect.stringContaining('No application'));
  });
});

describe('window size and position', () => {
  it('opens at the default size, centred, the first time; saves its bounds on close', async () => {
    await boot();
    const window = FakeBrowserWindow.instances[0]!;
    expect(window.options).toMatchObject({ x: 320, y: 90, width: 1280, height: 860 });
    window.getNormalBounds.mockReturnValue({ x: 100, y: 50, width: 1000, height: 700 });
    window.isMaximized.mockReturnValue(true);
    window.emit('close', fakeEvent());
    const saved = JSON.parse(readFileSync(join(home, 'console-userData', 'window-state.json'), 'utf8')) as unknown;
    expect(saved).toEqual({ bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: true });
  });

  it('opens where it was last time', async () => {
    await boot();
    FakeBrowserWindow.instances[0]!.getNormalBounds.mockReturnValue({ x: 100, y: 50, width: 1000, height: 700 });
    FakeBrowserWindow.instances[0]!.emit('close', fakeEvent());
    vi.resetModules();
    FakeBrowserWindow.instances = [];
    h.electron = createFakeElectron(home);
    await boot();
    expect(FakeBrowserWindow.instances[0]?.options).toMatchObject({ x: 100, y: 50, width: 1000, height: 700 });
  });

  it('a saved place on a display that is gone comes back onto the primary one; a broken file is ignored', async () => {
    const file = join(home, 'console-userData', 'window-state.json');
    mkdirSync(join(home, 'console-userData'));
    writeFileSync(file, JSON.stringify({ bounds: { x: 3000, y: 100, width: 1000, height: 700 }, maximized: false }));
    await boot();
    expect(FakeBrowserWindow.instances[0]?.options).toMatchObject({ x: 460, y: 170, width: 1000, height: 700 });

    writeFileSync(file, '{"bounds": {"x": "0"');
    vi.resetModules();
    FakeBrowserWindow.instances = [];
    h.electron = createFakeElectron(home);
    await boot();
    expect(FakeBrowserWindow.instances[0]?.options).toMatchObject({ x: 320, y: 90, width: 1280, height: 860 });
  });
});

describe('log file', () => {
  it('the services log (redacted) to console.log in the log folder as well as stdout', async () => {
    await boot();
    const { log } = h.createServices.mock.calls[0]?.[0] as { log: { info(e: string, d?: object): void } };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    log.info('test.event', { iban: 'NL91ABNA0417164300' });
    stdout.mockRestore();
    const text = readFileSync(join(home, 'console-logs', 'console.log'), 'utf8');
    expect(text).toContain('test.event');
    expect(text).not.toContain('NL91ABNA0417164300');
  });
});

describe('source rules', () => {
  // Parsed, not grepped: comments that mention these APIs must not count, aliases through `.` must.
  const electronDir = join(import.meta.dirname, '../../../electron');
  const accesses = (readdirSync(electronDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => {
      const file = f.split('\\').join('/');
      const source = ts.createSourceFile(file, readFileSync(join(electronDir, f), 'utf8'), ts.ScriptTarget.Latest);
      const found: { file: string; object: string; member: string }[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
          found.push({ file, object: node.expression.text, member: node.name.text });
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      return found;
    });

  it('calls shell.openExternal only once, in the entry', () => {
    const hits = accesses.filter((a) => a.object === 'shell' && a.member === 'openExternal').map((a) => a.file);
    expect(hits).toEqual(['main/index.ts']);
  });

  it('uses ipcMain methods only in main/ipc.ts', () => {
    const hits = accesses.filter((a) => a.object === 'ipcMain').map((a) => `${a.file}:${a.member}`);
    expect(hits.sort()).toEqual(['main/ipc.ts:handle', 'main/ipc.ts:removeHandler']);
  });
});
