// The first-run welcome's progress and the region for dates and numbers, as main keeps them in
// the settings table: through the same gated handlers the window calls, across restarts.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, startDemoServer } from '../../../../electron/demo/server';
import type { DemoServer } from '../../../../electron/demo/server';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

let testApi: DemoServer;
let rig: Rig | undefined;

beforeEach(async () => {
  testApi = await startDemoServer({ environment: 'test' });
});
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  await testApi.close();
});

const start = (systemLocales?: string[]) => startRig({ baseUrls: { test: testApi.apiBase }, services: systemLocales ? { systemLocales } : {} });
const welcome = async (r: Rig) => (await r.value('settings.get', {})).welcome;

/** Change the stored settings as an older version (or a hand edit) would have left them. */
function editSettings(r: Rig, sql: string): void {
  const db = new Database(join(r.dataDir, 'console.sqlite3'));
  try {
    db.prepare(sql).run();
  } finally {
    db.close();
  }
}

describe('first-run welcome', () => {
  it('is due on a first start in Demo, one step after the other; done steps are the ones main saw happen', async () => {
    rig = await start();
    expect(await welcome(rig)).toEqual({ operator: 'open', demoOrder: 'open', profile: 'open' });

    await rig.value('settings.setOperator', { name: 'Anna de Wit' });
    expect(await welcome(rig)).toEqual({ operator: 'done', demoOrder: 'open', profile: 'open' });

    await rig.value('orders.create', paymentLink());
    expect(await welcome(rig)).toEqual({ operator: 'done', demoOrder: 'done', profile: 'open' });

    await rig.value('profiles.save', { name: 'Shop (test)', environment: 'test', apiKey: DEMO_API_KEY });
    // Every step done: the welcome is over, and stays over after a restart and a deleted profile.
    expect(await welcome(rig)).toBeNull();
    const shop = (await rig.value('profiles.list', {})).profiles.find((p) => p.environment === 'test')!;
    await rig.value('profiles.delete', { id: shop.id, confirm: true });
    await rig.restart();
    expect(await welcome(rig)).toBeNull();
  });

  it('a skipped step is never shown again, across restarts; "all" skips what is left, not what is done', async () => {
    rig = await start();
    await rig.value('settings.skipWelcome', { step: 'operator' });
    await rig.restart();
    expect(await welcome(rig)).toEqual({ operator: 'skipped', demoOrder: 'open', profile: 'open' });
    // Setting a name later does not turn a skipped step into a done one (nothing to show either way).
    await rig.value('settings.setOperator', { name: 'Anna' });
    await rig.value('orders.create', paymentLink());
    expect(await welcome(rig)).toEqual({ operator: 'skipped', demoOrder: 'done', profile: 'open' });

    const answer = await rig.value('settings.skipWelcome', { step: 'all' });
    expect(answer.welcome).toBeNull();
    await rig.restart();
    expect(await welcome(rig)).toBeNull();
    const stored = new Database(join(rig.dataDir, 'console.sqlite3'), { readonly: true });
    try {
      const row = stored.prepare("SELECT value FROM settings WHERE key = 'welcome.progress'").get() as { value: string };
      expect(JSON.parse(row.value)).toEqual({ operator: 'skipped', demoOrder: 'done', profile: 'skipped' });
    } finally {
      stored.close();
    }
  });

  it('is never due when the first start of this version finds orders (an upgrade), nor after a hand edit', async () => {
    rig = await start();
    await rig.value('orders.create', paymentLink());
    editSettings(rig, "DELETE FROM settings WHERE key = 'welcome.progress'"); // as before this version
    await rig.restart();
    expect(await welcome(rig)).toBeNull();
    // The decision is stored: the next start does not decide again.
    await rig.restart();
    expect(await welcome(rig)).toBeNull();

    editSettings(rig, `UPDATE settings SET value = '{"operator":"maybe"}' WHERE key = 'welcome.progress'`);
    expect(await welcome(rig)).toBeNull();
  });

  it('is never due when the first start is not in Demo or a test/live profile exists', async () => {
    rig = await start();
    await rig.value('profiles.save', { name: 'Shop (test)', environment: 'test', apiKey: DEMO_API_KEY });
    editSettings(rig, "DELETE FROM settings WHERE key = 'welcome.progress'");
    await rig.restart();
    expect(await welcome(rig)).toBeNull();
  });

  it('saving the name it already shows (the OS user name) counts as done, without an audit row for a change', async () => {
    rig = await start();
    await rig.value('settings.setOperator', { name: 'tester' }); // the rig's default operator
    expect(await welcome(rig)).toMatchObject({ operator: 'done' });
    expect((await rig.value('audit.list', {})).items.filter((i) => i.action === 'operator.change')).toEqual([]);
  });

  it('refuses what is not a step', async () => {
    rig = await start();
    const bad = await rig.call('settings.skipWelcome', { step: 'everything' } as never);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('VALIDATION');
    expect(await welcome(rig)).toEqual({ operator: 'open', demoOrder: 'open', profile: 'open' });
  });
});

describe('region for dates and numbers', () => {
  it('follows the operating system unless one is chosen; the choice is kept and audited', async () => {
    rig = await start(['en-GB', 'nl-NL']);
    expect((await rig.value('app.info', {})).formatRegion).toBe('GB');
    expect(await rig.value('settings.get', {})).toMatchObject({ formatRegion: null, systemRegion: 'GB' });

    expect(await rig.value('settings.setFormatRegion', { region: 'BE' })).toMatchObject({ formatRegion: 'BE', systemRegion: 'GB' });
    expect((await rig.value('app.info', {})).formatRegion).toBe('BE');
    await rig.value('settings.setFormatRegion', { region: 'BE' }); // no change: no second audit row
    await rig.restart();
    expect((await rig.value('app.info', {})).formatRegion).toBe('BE');

    await rig.value('settings.setFormatRegion', { region: null });
    expect((await rig.value('app.info', {})).formatRegion).toBe('GB');
    const rows = (await rig.value('audit.list', {})).items.filter((i) => i.action === 'settings.formatRegion');
    expect(rows.map((r) => r.details)).toEqual([
      { from: 'BE', to: null },
      { from: null, to: 'BE' },
    ]);
  });

  it('without a region from the system (or none readable), each language keeps its own style', async () => {
    rig = await start(['C', 'POSIX', 'en']);
    expect((await rig.value('app.info', {})).formatRegion).toBeNull();
    expect((await rig.value('settings.get', {})).systemRegion).toBeNull();
  });

  it('refuses a region Settings does not offer, and reads a hand-edited one as automatic', async () => {
    rig = await start(['nl-BE']);
    const bad = await rig.call('settings.setFormatRegion', { region: 'XX' } as never);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('VALIDATION');
    editSettings(rig, `INSERT INTO settings (key, value) VALUES ('display.formatRegion', '"Mars"')`);
    expect(await rig.value('settings.get', {})).toMatchObject({ formatRegion: null, systemRegion: 'BE' });
    expect((await rig.value('app.info', {})).formatRegion).toBe('BE');
  });
});
