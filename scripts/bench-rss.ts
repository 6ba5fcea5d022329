/**
 * Main's own memory, apart from the bench's seeding: run by scripts/bench.ts as a fresh child
 * process over an already seeded data folder. It opens the services as the app does, opens
 * History, scrolls 40 pages, runs a spread of views and searches and a clone, and prints its
 * RSS (Node and the loader alone, the console's modules loaded, services open, after browsing)
 * as JSON on its last line.
 *
 *   node --experimental-transform-types --import ./test/support/ts-loader.mjs scripts/bench-rss.ts <dataDir> <demoApiBase>
 */
import { join } from 'node:path';

const [dataDir, apiBase] = process.argv.slice(2);
if (!dataDir || !apiBase) throw new Error('usage: bench-rss.ts <dataDir> <demoApiBase>');
const mb = () => process.memoryUsage().rss / 1048576;
const SENDER = { url: 'app://console/index.html', isMainFrame: true };
const quiet = { info() {}, warn() {}, error() {} };

// Node with this script's TypeScript loader, before any of the console's code is loaded.
const node = mb();
const { createServices } = await import('../electron/services/index');
const { memorySecretStore } = await import('../electron/services/accounts/secrets');
const { FakeDialogs } = await import('../test/support/dialogs');
const bare = mb();
const dialogs = new FakeDialogs(join(dataDir, 'exports-rss'));
const services = await createServices({
  dataDir,
  secrets: memorySecretStore(),
  baseUrls: { demo: apiBase },
  log: quiet,
  dialogs: dialogs.options,
  reconcileEveryMs: 0,
  backupCheckEveryMs: 0,
  syncCheckEveryMs: 0,
});
await services.storageChecked();
const call = async (channel: keyof typeof services.handlers, input: unknown) => {
  const result = await (services.handlers[channel] as (i: unknown, s: typeof SENDER) => Promise<{ ok: boolean; value?: unknown }>)(input, SENDER);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result)}`);
  return result.value;
};
const opened = mb();
await call('history.facets', {});
const first = (await call('history.search', { limit: 50 })) as { items: { key: unknown }[]; next: string | null };
let cursor = first.next;
// Scroll 40 pages, then a spread of views and searches (each its own prepared statement).
for (let i = 0; i < 40 && cursor; i++) cursor = ((await call('history.search', { limit: 50, cursor, count: false })) as { next: string | null }).next;
for (const input of [
  { text: 'jansen' },
  { text: 'de vries', filters: { status: 'declined' } },
  { text: 'invoice', sort: 'amountDesc' },
  { filters: { state: 'rejected' } },
  { filters: { gateway: 'DIRDEB' }, sort: 'oldest' },
  { filters: { operator: 'chantal', amountMin: 1000 } },
]) {
  await call('history.search', { limit: 50, ...input });
}
await call('history.clone', first.items[0]!.key);
const browsed = mb();
await services.dispose();
console.log(JSON.stringify({ node, bare, opened, browsed }));
