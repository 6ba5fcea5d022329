/**
 * The console's own application menu (Electron's default one offers DevTools and reload to
 * everyone). Edit keeps the clipboard and undo shortcuts working in every field; View offers
 * reload and DevTools only in development, never in a packaged build.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  packaged: boolean;
  platform: NodeJS.Platform;
  openDataFolder: () => void;
  openLogFolder: () => void;
}

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const folders: MenuItemConstructorOptions[] = [
    { id: 'open-data-folder', label: 'Open Data Folder', click: () => options.openDataFolder() },
    { id: 'open-log-folder', label: 'Open Log Folder', click: () => options.openLogFolder() },
  ];
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      role: 'appMenu',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: 'File',
    submenu: [...folders, { type: 'separator' }, mac ? { role: 'close' } : { role: 'quit' }],
  });
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: 'View',
    submenu: [
      ...(options.packaged
        ? []
        : ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: 'Window',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  });
  return template;
}
