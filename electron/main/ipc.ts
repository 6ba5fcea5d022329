/**
 * The only place ipcMain is touched: each contract channel is bound to its gated handler,
 * with the sender described from the frame that actually sent the call.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS } from '@shared/contract';
import type { HandlerTable, Sender } from '../services/platform/gate';

/** A frame we cannot describe reliably is described so that the gate refuses it. */
const UNKNOWN_SENDER: Sender = { url: '', isMainFrame: false };

export function senderOf(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): Sender {
  try {
    const frame = event.senderFrame;
    // Null once the frame navigated away or died; detached while its replacement loads.
    if (!frame || frame.isDestroyed() || frame.detached) return UNKNOWN_SENDER;
    return { url: frame.url, isMainFrame: frame.parent === null };
  } catch {
    // Reading a disposed frame throws in Electron; treat it like a missing one.
    return UNKNOWN_SENDER;
  }
}

/** Registers every channel of the contract and returns a function that removes them again. */
export function registerIpc(ipcMain: IpcMain, handlers: HandlerTable): () => void {
  for (const channel of CHANNELS) {
    const handler = handlers[channel];
    // `input` is untrusted: the handler's gate checks the sender and parses it with the schema.
    ipcMain.handle(channel, (event, input: unknown) => handler(input, senderOf(event)));
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
