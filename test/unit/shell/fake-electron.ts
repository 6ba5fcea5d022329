/**
 * Small stand-ins for the Electron objects the shell touches. The real module cannot
 * load here (no Electron binary), so tests `vi.mock('electron', …)` with these.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { BrowserWindowConstructorOptions, WindowOpenHandlerResponse } from 'electron';

export interface FakeEvent {
  url: string;
  isMainFrame: boolean;
  preventDefault: () => void;
  readonly defaultPrevented: boolean;
}

/** An Electron-style event: `defaultPrevented` flips when `preventDefault()` is called. */
export function fakeEvent(url = '', isMainFrame = true): FakeEvent {
  let prevented = false;
  return {
    url,
    isMainFrame,
    preventDefault: () => {
      prevented = true;
    },
    get defaultPrevented() {
      return prevented;
    },
  };
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => WindowOpenHandlerResponse) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(async (_url: string) => {});
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly isMinimized = vi.fn(() => false);
  readonly maximize = vi.fn();
  readonly isMaximized = vi.fn(() => false);
  readonly getNormalBounds = vi.fn(() => ({ x: 0, y: 0, width: 1280, height: 860 }));
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
}

export function fakeSession() {
  return {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
  };
}

export function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  return {
    handlers,
    handle: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`); // as Electron does
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel);
    }),
  };
}

/** A WebFrameMain look-alike: only what senderOf reads. */
export function fakeFrame(url: string, options: { sub?: boolean; destroyed?: boolean; detached?: boolean } = {}) {
  return {
    url,
    parent: options.sub ? { url: 'app://console/index.html' } : null,
    detached: options.detached ?? false,
    isDestroyed: () => options.destroyed ?? false,
  };
}
