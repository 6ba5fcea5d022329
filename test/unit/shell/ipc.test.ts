import { describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import { CHANNELS } from '@shared/contract';
import type { ChannelName } from '@shared/contract';
import { ok } from '@shared/result';
import { createHandlers } from '../../../electron/services/platform/gate';
import type { HandlerTable, ServiceTable } from '../../../electron/services/platform/gate';
import { memoryLogger } from '../../../electron/services/platform/log';
import { APP_ORIGIN } from '../../../electron/services/platform/app-origin';
import { registerIpc } from '../../../electron/main/ipc';
import { fakeFrame, fakeIpcMain } from './fake-electron';

// ipc.ts needs only Electron's types; an empty module proves it loads nothing at run time.
vi.mock('electron', () => ({}));

const unused = () => {
  throw new Error('not used in this test');
};
const info = {
  environment: 'demo',
  profileName: 'Demo',
  operator: 'ops',
  formatRegion: null,
  version: '0.0.0',
  demoOrigin: null,
  profileId: 'demo',
  profileDefaults: { redirectUrl: null, cancelUrl: null, locale: null, linkExpiryDays: null, descriptionTemplate: null },
  storage: { readOnly: false, problem: null, restoredFrom: null },
} as const;
// Only app.info answers; the rest exist so the table covers whatever the contract lists.
const services: ServiceTable = {
  ...(Object.fromEntries(CHANNELS.map((c) => [c, unused])) as unknown as ServiceTable),
  'app.info': () => info,
};

function setup(handlers?: HandlerTable) {
  const ipcMain = fakeIpcMain();
  const log = memoryLogger();
  const table = handlers ?? createHandlers(services, { trustedOrigin: APP_ORIGIN, log });
  const unregister = registerIpc(ipcMain as unknown as IpcMain, table);
  const invoke = (channel: ChannelName, frame: unknown, input: unknown = {}) => {
    const listener = ipcMain.handlers.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener({ senderFrame: frame }, input) as Promise<unknown>;
  };
  return { ipcMain, log, unregister, invoke };
}

describe('registerIpc', () => {
  it('registers exactly the contract channels, once each', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(ipcMain.handle).toHaveBeenCalledTimes(CHANNELS.length);
  });

  it('returns an unregister function that removes every channel', () => {
    const { ipcMain, unregister } = setup();
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.removeHandler.mock.calls.map(([c]) => c).sort()).toEqual([...CHANNELS].sort());
  });

  it('passes the input and a sender derived from the sending frame', async () => {
    const calls: unknown[][] = [];
    const spy = Object.fromEntries(
      CHANNELS.map((c) => [c, async (...args: unknown[]) => (calls.push([c, ...args]), ok(null))]),
    ) as unknown as HandlerTable;
    const { invoke } = setup(spy);
    await invoke('orders.get', fakeFrame('app://console/index.html'), { orderId: 'A1' });
    await invoke('history.search', fakeFrame('app://console/index.html', { sub: true }), { limit: 5 });
    await invoke('app.info', null);
    await invoke('app.info', fakeFrame('app://console/index.html', { destroyed: true }));
    expect(calls).toEqual([
      ['orders.get', { orderId: 'A1' }, { url: 'app://console/index.html', isMainFrame: true }],
      ['history.search', { limit: 5 }, { url: 'app://console/index.html', isMainFrame: false }],
      ['app.info', {}, { url: '', isMainFrame: false }],
      ['app.info', {}, { url: '', isMainFrame: false }],
    ]);
  });

  it('lets the main frame of our own origin through the real gate', async () => {
    const { invoke } = setup();
    expect(await invoke('app.info', fakeFrame('app://console/index.html'))).toEqual({ ok: true, value: info });
  });

  it.each([
    ['a subframe of our own origin', fakeFrame('app://console/index.html', { sub: true })],
    ['a null frame (navigated away or destroyed)', null],
    ['a destroyed frame', fakeFrame('app://console/index.html', { destroyed: true })],
    ['a detached frame', fakeFrame('app://console/index.html', { detached: true })],
    ['a lookalike origin', fakeFrame('app://console.evil/index.html')],
    ['a web page', fakeFrame('https://evil.example/')],
    [
      'a frame whose properties throw',
      {
        isDestroyed: (): boolean => false,
        get url(): string {
          throw new Error('Render frame was disposed');
        },
      },
    ],
  ])('refuses %s with FORBIDDEN through the real gate', async (_name, frame) => {
    const { invoke, log } = setup();
    const result = (await invoke('app.info', frame)) as { ok: boolean; error?: { code: string } };
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('FORBIDDEN');
    expect(log.lines.join('\n')).toContain('ipc.refused');
  });
});
