import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from '../../../electron/main/menu';

const flat = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((item) => [item, ...flat(Array.isArray(item.submenu) ? item.submenu : [])]);

describe.each(['linux', 'win32', 'darwin'] as const)('menu on %s', (platform) => {
  const make = (packaged: boolean) =>
    menuTemplate({ packaged, platform, openDataFolder: vi.fn(), openLogFolder: vi.fn() });

  it('has Edit with undo, redo, cut, copy, paste and select all', () => {
    const edit = make(true).find((m) => m.label === 'Edit');
    const roles = (edit?.submenu as MenuItemConstructorOptions[]).map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
  });

  it('offers reload and DevTools only when not packaged', () => {
    const dev = flat(make(false)).map((i) => i.role);
    const packaged = flat(make(true)).map((i) => i.role);
    expect(dev).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(packaged).not.toContain(role);
  });

  it('has a way to quit and the two folder items, which call their handlers', () => {
    const openDataFolder = vi.fn();
    const openLogFolder = vi.fn();
    const items = flat(menuTemplate({ packaged: true, platform, openDataFolder, openLogFolder }));
    expect(items.map((i) => i.role)).toContain('quit');
    items.find((i) => i.id === 'open-data-folder')?.click?.({} as never, undefined, {} as never);
    items.find((i) => i.id === 'open-log-folder')?.click?.({} as never, undefined, {} as never);
    expect(openDataFolder).toHaveBeenCalledOnce();
    expect(openLogFolder).toHaveBeenCalledOnce();
  });
});
