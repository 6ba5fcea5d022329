/**
 * The contract's channel names as plain data, and `window.api` built from them.
 * The preload needs only the names: importing the contract itself would bundle
 * zod and every schema into it. The names are checked against the contract at
 * compile time (below) and, order included, by test/unit/shared/channels.test.ts.
 * Only types come from the contract, so nothing of it reaches a bundle.
 */
import type { Api, ChannelName } from './contract';

export const CHANNEL_NAMES = [
  'app.info',
  'app.openExternal',
  'orders.create',
  'orders.get',
  'orders.refresh',
  'orders.createRaw',
  'orders.precheck',
  'orders.resend',
  'orders.recreate',
  'orders.cancel',
  'methods.list',
  'methods.refresh',
  'drafts.get',
  'drafts.save',
  'drafts.clear',
  'refunds.list',
  'refunds.create',
  'refunds.cancel',
  'refunds.refresh',
  'tracking.changes',
  'links.board',
  'history.search',
  'history.facets',
  'history.clone',
  'history.exportStart',
  'history.exportStatus',
  'history.exportCancel',
  'sync.start',
  'sync.status',
  'sync.cancel',
  'sync.setSchedule',
  'backups.list',
  'backups.create',
  'backups.restorePreview',
  'backups.restore',
  'profiles.list',
  'profiles.save',
  'profiles.delete',
  'profiles.switch',
  'profiles.checkKey',
  'settings.get',
  'settings.setOperator',
  'settings.setRetention',
  'settings.setOrderCap',
  'settings.setFormatRegion',
  'settings.skipWelcome',
  'audit.list',
  'audit.verify',
  'privacy.revealIban',
] as const satisfies readonly ChannelName[];

/** Fails to compile when the contract has a channel this list lacks. */
type NoneMissing<T extends never> = T;
export type _EveryChannelListed = NoneMissing<Exclude<ChannelName, (typeof CHANNEL_NAMES)[number]>>;

/** Build the nested `window.api` object from a single invoke function (used by the preload). */
export function buildApi(invoke: (channel: ChannelName, input: unknown) => Promise<unknown>): Api {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const name of CHANNEL_NAMES) {
    const [domain, verb] = name.split('.') as [string, string];
    (api[domain] ??= {})[verb] = (input: unknown) => invoke(name, input ?? {});
  }
  return api as unknown as Api;
}
