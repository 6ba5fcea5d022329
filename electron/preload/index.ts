/**
 * The whole preload: expose the contract's domain methods and nothing else
 * (no ipcRenderer, no process.env). Runs sandboxed, so it is bundled into one
 * CommonJS file that requires only `electron`; it imports the channel names,
 * not the contract, so no schema (and no zod) is bundled into it.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '@shared/channels';

contextBridge.exposeInMainWorld(
  'api',
  buildApi((channel, input) => ipcRenderer.invoke(channel, input)),
);
