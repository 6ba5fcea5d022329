import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { FakeBrowserWindow, FakeWebContents, fakeEvent, fakeSession } from './fake-electron';
import {
  WEB_PREFERENCES,
  createMainWindow,
  hardenSession,
  hardenWebContents,
} from '../../../electron/main/window';
import { isTrustedSender } from '../../../electron/services/platform/gate';
import { APP_ORIGIN } from '../../../electron/services/platform/app-origin';
import { CONSOLE_URL_CASES } from '../../support/console-urls';

vi.mock('electron', async () => ({ BrowserWindow: (await import('./fake-electron')).FakeBrowserWindow }));

function hardened(): FakeWebContents {
  const contents = new FakeWebContents();
  hardenWebContents(contents as unknown as WebContents);
  return contents;
}

function emit(contents: FakeWebContents, name: string, url: string, isMainFrame = true): boolean {
  const event = fakeEvent(url, isMainFrame);
  contents.emit(name, event, url, false, true, 0, 0);
  return event.defaultPrevented;
}

beforeEach(() => {
  FakeBrowserWindow.instances = [];
});

describe('WEB_PREFERENCES', () => {
  it('turns every isolation switch on and every Node/insecure switch off', () => {
    expect(WEB_PREFERENCES).toEqual({
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
    });
    expect(WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
    expect(Object.isFrozen(WEB_PREFERENCES)).toBe(true);
  });

  it('is what the main window is created with, plus the preload and the DevTools switch, nothing else', () => {
    const window = createMainWindow({
      preloadPath: '/app/out/preload/index.cjs',
      url: 'app://console/index.html',
      devTools: false,
    });
    const created = FakeBrowserWindow.instances[0];
    expect(created).toBe(window);
    expect(created?.options.webPreferences).toEqual({
      ...WEB_PREFERENCES,
      devTools: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(created?.loadURL).toHaveBeenCalledWith('app://console/index.html');
    // The window it returns is hardened as well, not only ones seen via web-contents-created.
    expect(created?.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('opens at the given bounds with the icon, maximized when it was, and only shows when ready', () => {
    createMainWindow({
      preloadPath: '/p.cjs',
      url: 'app://console/index.html',
      devTools: true,
      bounds: { x: 10, y: 20, width: 1000, height: 700 },
      maximized: true,
      icon: '/app/resources/icons/256x256.png',
    });
    const created = FakeBrowserWindow.instances[0]!;
    expect(created.options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, minWidth: 900, minHeight: 600 });
    expect(created.options.icon).toBe('/app/resources/icons/256x256.png');
    expect(created.options.show).toBe(false);
    expect(created.options.webPreferences?.devTools).toBe(true);
    expect(created.show).not.toHaveBeenCalled();
    created.emit('ready-to-show');
    expect(created.maximize).toHaveBeenCalledOnce();
    expect(created.show).toHaveBeenCalledOnce();
  });
});

describe('navigation', () => {
  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])('%s to another origin is prevented', (name) => {
    const contents = hardened();
    for (const url of [
      'https://evil.example/',
      'http://console/index.html',
      'file:///etc/passwd',
      'app://evil/index.html',
      'app://console:8080/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(emit(contents, name, url), url).toBe(true);
    }
  });

  // One table, two call sites: where the window may go is exactly who may call main.
  it.each(CONSOLE_URL_CASES)('%s: navigation and the IPC gate agree (allowed: %s)', (url, allowed) => {
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      const contents = hardened();
      expect(emit(contents, name, url), `${name} ${JSON.stringify(url)}`).toBe(!allowed);
    }
    expect(isTrustedSender({ url, isMainFrame: true }, APP_ORIGIN)).toBe(allowed);
  });

  it('a sub-frame never navigates, even to our own origin (as the gate refuses sub-frames)', () => {
    const contents = hardened();
    expect(emit(contents, 'will-frame-navigate', 'app://console/index.html', false)).toBe(true);
    expect(emit(contents, 'will-redirect', 'app://console/index.html', false)).toBe(true);
    expect(isTrustedSender({ url: 'app://console/index.html', isMainFrame: false }, APP_ORIGIN)).toBe(false);
  });

  it('same-origin navigation is allowed', () => {
    const contents = hardened();
    for (const url of ['app://console/index.html', 'app://console/index.html#/orders', 'app://console/other.html?x=1']) {
      expect(emit(contents, 'will-navigate', url), url).toBe(false);
      expect(emit(contents, 'will-redirect', url), url).toBe(false);
    }
  });
});

describe('new windows and webviews', () => {
  it('window.open is denied for every URL, including our own origin', () => {
    const contents = hardened();
    for (const url of ['https://pay.multisafepay.com/x', 'app://console/index.html', 'about:blank']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it('attaching a <webview> is prevented', () => {
    const contents = hardened();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, { nodeIntegration: true }, { src: 'https://evil.example/' });
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('hardenSession', () => {
  const permissions = ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'usb', 'unknown'];

  it('answers every permission request with false', () => {
    const session = fakeSession();
    hardenSession(session as unknown as Session);
    const handler = session.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: unknown,
    ) => void;
    for (const permission of permissions) {
      const callback = vi.fn();
      handler({}, permission, callback, { requestingUrl: 'app://console/index.html' });
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
    }
  });

  it('answers every permission check and device check with false', () => {
    const session = fakeSession();
    hardenSession(session as unknown as Session);
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as (...args: unknown[]) => boolean;
    for (const permission of permissions) {
      expect(check(null, permission, 'app://console', {}), permission).toBe(false);
    }
    const device = session.setDevicePermissionHandler.mock.calls[0]?.[0] as (details: unknown) => boolean;
    expect(device({ deviceType: 'usb', origin: 'app://console' })).toBe(false);
  });

  it('still works on a session without setDevicePermissionHandler', () => {
    const { setDevicePermissionHandler: _unused, ...session } = fakeSession();
    expect(() => hardenSession(session as unknown as Session)).not.toThrow();
    expect(session.setPermissionCheckHandler).toHaveBeenCalledOnce();
  });
});
