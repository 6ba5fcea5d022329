/** Globals of the renderer. */
import type { Api } from '@shared/contract';

declare global {
  interface Window {
    /** The preload's bridge: one method per channel of shared/contract.ts. */
    api: Api;
  }
}

export {};
