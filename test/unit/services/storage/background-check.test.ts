// The integrity check after an unclean shutdown runs in a worker after start: the console is
// usable before it ends (orders can be made), a failed check turns the history read-only and
// says why, and a check that has not passed leaves itself due for the next start.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelName, InputOf } from '@shared/contract';
import { startDemoServer } from '../../../../electron/demo/server';
import type { DemoServer } from '../../../../electron/demo/server';
import { createServices } from '../../../../electron/services/index';
import type { Services } from '../../../../electron/services/index';
import { memorySecretStore } from '../../../../electron/services/accounts/secrets';
import { memoryLogger } from '../../../../electron/services/platform/log';
import { closeDatabase, openDatabase } from '../../../../electron/services/storage/db';
import { checkInBackground } from '../../../../electron/services/storage/background';
import { crashedHistory as crashed, damagePage } from '../../../support/crashed-history';

const SENDER = { url: 'app://console/index.html', isMainFrame: true };
let dir: string;
let file: string;
let demo: DemoServer;
let services: Services | null = null;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'msp-check-'));
  file = join(dir, 'console.sqlite3');
  demo = await startDemoServer();
});
afterEach(async () => {
  await services?.dispose();
  services = null;
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
});

const crashedHistory = () => crashed(file);
const damage = () => damagePage(file);

const start = async () =>
  (services = await createServices({
    dataDir: dir,
    secrets: memorySecretStore(),
    baseUrls: { demo: demo.apiBase },
    log: memoryLogger(),
    operator: 'tester',
    reconcileEveryMs: 0,
    backupCheckEveryMs: 0,
    syncCheckEveryMs: 0,
  }));
const call = <C extends ChannelName>(s: Services, channel: C, input: InputOf<C>) =>
  (s.handlers[channel] as (i: unknown, sender: typeof SENDER) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>)(input, SENDER);
const storageOf = async (s: Services) => ((await call(s, 'app.info', {})) as { value: { storage: Record<string, unknown> } }).value.storage;
const link = { type: 'paymentlink', amount: 1250, currency: 'EUR', description: 'Made while checking' } as InputOf<'orders.create'>;

describe('the integrity check after an unclean shutdown', () => {
  it('does not hold the start: the console answers and takes orders while it runs, then remembers it passed', async () => {
    crashedHistory();
    const s = await start();
    // createServices resolved while the worker is still checking: nothing waited for it.
    expect(await storageOf(s)).toMatchObject({ readOnly: false, checking: true });
    expect(((await call(s, 'history.search', { limit: 3 })) as { value: { items: unknown[] } }).value.items).toHaveLength(3);
    const made = await call(s, 'orders.create', link);
    expect(made.ok).toBe(true);

    await s.storageChecked();
    expect(await storageOf(s)).toMatchObject({ readOnly: false, checking: false, problem: null });
    await s.dispose();
    services = null;
    // Passed: the clean close lets the next start skip it.
    expect(existsSync(`${file}.clean`)).toBe(true);
  });

  it('a failed check turns the history read-only with the restore message; it stays due until it passes', async () => {
    crashedHistory();
    damage();
    const s = await start();
    expect(await storageOf(s)).toMatchObject({ readOnly: false, checking: true });

    await s.storageChecked();
    const storage = await storageOf(s);
    expect(storage).toMatchObject({ readOnly: true, checking: false, cause: 'damaged' });
    expect(storage.problem).toMatch(/failed its integrity check.*read-only.*backup/is);
    // Still browsable; every write refused in words; nothing reached the API.
    expect(((await call(s, 'history.search', { limit: 3 })) as { value: { items: unknown[] } }).value.items).toHaveLength(3);
    const refused = await call(s, 'orders.create', link);
    expect(refused).toMatchObject({ ok: false, error: { code: 'STORAGE', fields: { _: { key: 'validation.history.readOnly' } } } });
    expect(demo.received.filter((r) => r.method === 'POST')).toHaveLength(0);
    await s.dispose();
    services = null;
    // No clean marker: the next start checks again.
    expect(existsSync(`${file}.clean`)).toBe(false);
  });

  it('closing before the check ends leaves it due', async () => {
    crashedHistory();
    const s = await start();
    expect(await storageOf(s)).toMatchObject({ checking: true });
    await s.dispose();
    services = null;
    expect(existsSync(`${file}.clean`)).toBe(false);
  });

  it('runs on its own read-only connection: it finds the damage, and passes a sound file', async () => {
    crashedHistory();
    expect(await checkInBackground(file).outcome).toEqual({ ok: true });
    damage();
    const outcome = await checkInBackground(file).outcome;
    expect(outcome).toMatchObject({ ok: false, cause: 'damaged' });
  });

  it('a brand-new history (first start) has nothing to check', async () => {
    const s = await start();
    expect(await storageOf(s)).toMatchObject({ readOnly: false, checking: false });
  });

  it('after a clean close there is nothing to check', async () => {
    closeDatabase(openDatabase(file));
    const s = await start();
    expect(await storageOf(s)).toMatchObject({ readOnly: false, checking: false });
  });
});
