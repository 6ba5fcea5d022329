// Site profiles through the same gated handlers the window calls: keys checked with
// MultiSafepay (the demo server as test and live), kept only in main, switching per request.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '@shared/contract';
import { startDemoServer } from '../../../../electron/demo/server';
import type { DemoServer } from '../../../../electron/demo/server';
import { createServices } from '../../../../electron/services/index';
import { memorySecretStore } from '../../../../electron/services/accounts/secrets';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

const TEST_KEY = 'tk_test_0123456789abcdef0123';
const LIVE_KEY = 'lk_live_fedcba9876543210fedc';
const KEYS = { test: [TEST_KEY], live: [LIVE_KEY] };

let testApi: DemoServer;
let liveApi: DemoServer;
let rig: Rig;

beforeEach(async () => {
  testApi = await startDemoServer({ environment: 'test', keys: KEYS });
  liveApi = await startDemoServer({ environment: 'live', keys: KEYS });
});
afterEach(async () => {
  await rig?.close();
  await testApi.close();
  await liveApi.close();
});

const start = (secrets = memorySecretStore()) =>
  startRig({ baseUrls: { test: testApi.apiBase, live: liveApi.apiBase }, services: { secrets } });

const testProfile = (over: Partial<InputOf<'profiles.save'>> = {}): InputOf<'profiles.save'> => ({
  name: 'Bakkerij Jansen (test)',
  environment: 'test',
  apiKey: TEST_KEY,
  ...over,
});

function profileRows(r: Rig) {
  const db = new Database(join(r.dataDir, 'console.sqlite3'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM profiles').all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

const gatewayCalls = (server: DemoServer) => server.received.filter((r) => r.method === 'GET' && r.path === '/gateways');
const posts = (server: DemoServer) => server.received.filter((r) => r.method === 'POST' && r.path === '/orders');

describe('site profiles', () => {
  it('starts in the built-in Demo profile, which cannot be edited or deleted', async () => {
    rig = await start();
    const state = await rig.value('profiles.list', {});
    expect(state.activeId).toBe('demo');
    expect(state.profiles).toEqual([
      expect.objectContaining({ id: 'demo', name: 'Demo', environment: 'demo', builtIn: true, active: true, keyStorage: 'builtin', keyHint: null }),
    ]);
    expect(await rig.value('app.info', {})).toMatchObject({ environment: 'demo', profileName: 'Demo', profileId: 'demo' });

    const edit = await rig.call('profiles.save', { id: 'demo', name: 'Mine', environment: 'demo' });
    expect(edit.ok || edit.error.fields?._?.key).toBe('validation.profile.builtIn');
    const remove = await rig.call('profiles.delete', { id: 'demo', confirm: true });
    expect(remove.ok || remove.error.fields?._?.key).toBe('validation.profile.builtIn');
  });

  it('checks a new key with GET /gateways, keeps it encrypted with a v1 tag and shows only its last 4', async () => {
    rig = await start();
    const saved = await rig.value('profiles.save', testProfile());
    expect(saved.check).toMatchObject({ status: 'ok', environment: 'test', detected: 'test' });
    expect(gatewayCalls(testApi)).toHaveLength(1);
    expect(saved.profile).toMatchObject({ environment: 'test', keyStorage: 'stored', keyHint: '…0123', keyAvailable: true });
    expect(JSON.stringify(saved)).not.toContain(TEST_KEY);

    const [row] = profileRows(rig);
    expect(row!.key_storage).toBe('stored');
    expect(String(row!.key_cipher)).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(JSON.stringify(row)).not.toContain(TEST_KEY);
  });

  it('reports a wrong key clearly and keeps nothing', async () => {
    rig = await start();
    const result = await rig.call('profiles.save', testProfile({ apiKey: 'not-a-real-key-000000' }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('AUTH');
      expect(result.error.message).toMatch(/invalid or not allowed/);
      expect(result.error.fields?.apiKey).toEqual({ key: 'validation.apiKey.invalid', params: { environment: 'test' } });
    }
    expect((await rig.value('profiles.list', {})).profiles).toHaveLength(1);
    expect(profileRows(rig)).toHaveLength(0);
  });

  it('says so when a live key is saved as a test key (1032 on test, works on live)', async () => {
    rig = await start();
    const result = await rig.call('profiles.save', testProfile({ apiKey: LIVE_KEY }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.fields?.apiKey).toEqual({
        key: 'validation.apiKey.otherEnvironment',
        params: { environment: 'test', detected: 'live' },
      });
    }
    expect(gatewayCalls(testApi)).toHaveLength(1);
    expect(gatewayCalls(liveApi)).toHaveLength(1);
  });

  it('saves a key MultiSafepay could not be asked about, and says it is unchecked', async () => {
    rig = await start();
    await testApi.close();
    const saved = await rig.value('profiles.save', testProfile());
    expect(saved.check).toMatchObject({ status: 'unreachable', detected: null });
    expect(saved.profile.keyStorage).toBe('stored');
  });

  it('switching changes which key and which URL the API client uses', async () => {
    rig = await start();
    const test = (await rig.value('profiles.save', testProfile())).profile;
    const live = (await rig.value('profiles.save', { name: 'Bakkerij Jansen', environment: 'live', apiKey: LIVE_KEY })).profile;

    const inDemo = await rig.value('orders.create', paymentLink({ description: 'in demo' }));
    expect(inDemo).toMatchObject({ state: 'created', environment: 'demo', profileId: 'demo' });
    expect(posts(rig.demo)).toHaveLength(1);

    await rig.value('profiles.switch', { id: test.id });
    expect(await rig.value('app.info', {})).toMatchObject({ environment: 'test', profileName: 'Bakkerij Jansen (test)', profileId: test.id });
    // The test server accepts only TEST_KEY: "created" proves the key, the received list proves the URL.
    const inTest = await rig.value('orders.create', paymentLink({ description: 'in test' }));
    expect(inTest).toMatchObject({ state: 'created', environment: 'test', profileId: test.id });
    expect(posts(testApi)).toHaveLength(1);
    expect(JSON.parse(posts(testApi)[0]!.body).description).toBe('in test');

    await rig.value('profiles.switch', { id: live.id });
    rig.dialogs.liveAnswer = true;
    const inLive = await rig.value('orders.create', paymentLink({ description: 'in live' }));
    expect(inLive).toMatchObject({ state: 'created', environment: 'live', profileId: live.id });
    expect(posts(liveApi)).toHaveLength(1);

    expect(posts(rig.demo)).toHaveLength(1);
    expect(posts(testApi)).toHaveLength(1);
    const history = await rig.value('history.search', {});
    expect(history.items.map((o) => [o.description, o.environment, o.profileId])).toEqual([
      ['in live', 'live', live.id],
      ['in test', 'test', test.id],
      ['in demo', 'demo', 'demo'],
    ]);
  });

  it('keeps the active profile across a restart', async () => {
    rig = await start();
    const test = (await rig.value('profiles.save', testProfile())).profile;
    await rig.value('profiles.switch', { id: test.id });
    await rig.restart();
    expect(await rig.value('app.info', {})).toMatchObject({ environment: 'test', profileId: test.id });
    await rig.value('orders.create', paymentLink());
    expect(posts(testApi)).toHaveLength(1);
  });

  it('edits without a new key keep the stored key; a change of environment asks MultiSafepay again', async () => {
    rig = await start();
    const { profile } = await rig.value('profiles.save', testProfile());
    const renamed = await rig.value('profiles.save', {
      id: profile.id,
      name: 'Renamed',
      environment: 'test',
      defaults: { redirectUrl: 'https://shop.example/thanks', locale: 'nl_BE', linkExpiryDays: 7, descriptionTemplate: 'Order by phone' },
    });
    expect(renamed.check).toBeNull();
    expect(renamed.profile).toMatchObject({
      name: 'Renamed',
      keyHint: '…0123',
      keyAvailable: true,
      defaults: { redirectUrl: 'https://shop.example/thanks', cancelUrl: null, locale: 'nl_BE', linkExpiryDays: 7, descriptionTemplate: 'Order by phone' },
    });
    expect(gatewayCalls(testApi)).toHaveLength(1);

    const moved = await rig.call('profiles.save', { id: profile.id, name: 'Renamed', environment: 'live' });
    expect(moved.ok || moved.error.fields?.apiKey?.key).toBe('validation.apiKey.otherEnvironment');
    expect(gatewayCalls(liveApi)).toHaveLength(1);
    expect((await rig.value('profiles.list', {})).profiles[1]).toMatchObject({ environment: 'test' });
  });

  it('validates names, URLs, defaults and keys field by field', async () => {
    rig = await start();
    const result = await rig.call('profiles.save', {
      name: '  ',
      environment: 'test',
      apiKey: 'has space in it',
      defaults: { redirectUrl: 'http://shop.example/ok', cancelUrl: 'https://user:pw@shop.example', linkExpiryDays: 400 },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.fields).toMatchObject({
        name: { key: 'validation.required' },
        apiKey: { key: 'validation.apiKey.format' },
        'defaults.redirectUrl': { key: 'validation.url.https' },
        'defaults.cancelUrl': { key: 'validation.url.credentials' },
        'defaults.linkExpiryDays': { key: 'validation.invalid' },
      });
    }
    const noKey = await rig.call('profiles.save', { name: 'No key', environment: 'live' });
    expect(noKey.ok || noKey.error.fields?.apiKey?.key).toBe('validation.apiKey.required');
    const demoKey = await rig.call('profiles.save', { name: 'Demo 2', environment: 'demo', apiKey: TEST_KEY });
    expect(demoKey.ok || demoKey.error.fields?.apiKey?.key).toBe('validation.apiKey.notForDemo');
    const smuggled = await rig.call('profiles.save', { ...testProfile(), keyCipher: 'v1:x' } as never);
    expect(smuggled.ok || smuggled.error.fields?._?.key).toBe('validation.unknownField');
    expect(gatewayCalls(testApi)).toHaveLength(0);
  });

  it('refuses a second profile with the same name', async () => {
    rig = await start();
    await rig.value('profiles.save', { name: 'Shop', environment: 'demo' });
    const again = await rig.call('profiles.save', { name: 'SHOP', environment: 'demo' });
    expect(again.ok || [again.error.code, again.error.fields?.name?.key]).toEqual(['CONFLICT', 'validation.profile.nameTaken']);
    const demo = await rig.call('profiles.save', { name: 'demo', environment: 'demo' });
    expect(demo.ok).toBe(false);
  });

  it('deletes only with confirm: true, erases the key and falls back to Demo', async () => {
    rig = await start();
    const { profile } = await rig.value('profiles.save', testProfile());
    await rig.value('profiles.switch', { id: profile.id });
    const unconfirmed = await rig.call('profiles.delete', { id: profile.id } as never);
    expect(unconfirmed.ok).toBe(false);

    const state = await rig.value('profiles.delete', { id: profile.id, confirm: true });
    expect(state.activeId).toBe('demo');
    expect(state.profiles.map((p) => p.id)).toEqual(['demo']);
    expect(state.deletedNames).toEqual({ [profile.id]: 'Bakkerij Jansen (test)' });
    const [row] = profileRows(rig);
    expect(row).toMatchObject({ key_cipher: null, key_hint: null, key_storage: 'none' });
    expect(row!.deleted_at).not.toBeNull();
    // The name is free again.
    await rig.value('profiles.save', testProfile());
  });

  it('treats a ciphertext with an unknown scheme tag as no key', async () => {
    rig = await start();
    const { profile } = await rig.value('profiles.save', testProfile());
    await rig.value('profiles.switch', { id: profile.id });
    await rig.services.dispose();
    const db = new Database(join(rig.dataDir, 'console.sqlite3'));
    db.prepare("UPDATE profiles SET key_cipher = 'v9:' || substr(key_cipher, 4)").run();
    db.close();
    await rig.restart();
    const state = await rig.value('profiles.list', {});
    expect(state.activeId).toBe('demo');
    expect(state.profiles[1]).toMatchObject({ keyAvailable: false, keyStorage: 'stored' });
    expect(rig.log.lines.some((l) => l.includes('profiles.key_scheme_unknown'))).toBe(true);
  });

  it('re-checks a stored key on demand', async () => {
    rig = await start();
    const { profile } = await rig.value('profiles.save', testProfile());
    expect(await rig.value('profiles.checkKey', { id: profile.id })).toMatchObject({ status: 'ok', environment: 'test' });
    await testApi.close();
    expect(await rig.value('profiles.checkKey', { id: profile.id })).toMatchObject({ status: 'unreachable' });
    expect((await rig.value('profiles.list', {})).profiles[1]!.lastCheck).toMatchObject({ status: 'unreachable' });
  });
});

describe('when the OS cannot protect stored keys (Linux basic_text)', () => {
  it('refuses to store silently and offers the session instead', async () => {
    rig = await start(memorySecretStore({ protected: false }));
    expect((await rig.value('profiles.list', {})).storageProtected).toBe(false);

    const silent = await rig.call('profiles.save', testProfile());
    expect(silent.ok).toBe(false);
    if (!silent.ok) {
      expect(silent.error.code).toBe('VALIDATION');
      expect(silent.error.fields?.apiKey?.key).toBe('validation.apiKey.unprotected');
    }
    expect(profileRows(rig)).toHaveLength(0);
    expect(gatewayCalls(testApi)).toHaveLength(0);

    const session = await rig.value('profiles.save', testProfile({ keepForSession: true }));
    expect(session.profile).toMatchObject({ keyStorage: 'session', keyAvailable: true, keyHint: '…0123' });
    expect(profileRows(rig)[0]).toMatchObject({ key_storage: 'session', key_cipher: null });
    await rig.value('profiles.switch', { id: session.profile.id });
    await rig.value('orders.create', paymentLink());
    expect(posts(testApi)).toHaveLength(1);

    // Gone with the session: the console starts in Demo and asks for the key again.
    await rig.restart();
    const state = await rig.value('profiles.list', {});
    expect(state.activeId).toBe('demo');
    expect(state.profiles[1]).toMatchObject({ keyStorage: 'session', keyAvailable: false });
    const switched = await rig.call('profiles.switch', { id: session.profile.id });
    expect(switched.ok || switched.error.fields?._?.key).toBe('validation.profile.keyNeeded');
    await rig.value('profiles.save', { id: session.profile.id, name: 'Bakkerij Jansen (test)', environment: 'test', apiKey: TEST_KEY, keepForSession: true });
    await rig.value('profiles.switch', { id: session.profile.id });
  });
});

describe('base URLs and TLS', () => {
  it('refuses to start with NODE_TLS_REJECT_UNAUTHORIZED=0', async () => {
    await expect(
      createServices({ dataDir: '/nonexistent', secrets: memorySecretStore(), env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } }),
    ).rejects.toThrow(/NODE_TLS_REJECT_UNAUTHORIZED=0/);
  });

  it('refuses a plain-http API URL that leaves this machine', async () => {
    rig = await start();
    await rig.services.dispose();
    await expect(
      createServices({
        dataDir: rig.dataDir,
        secrets: memorySecretStore(),
        baseUrls: { demo: rig.demo.apiBase, test: 'http://staging.example.com/v1/json' },
      }),
    ).rejects.toThrow(/must use https/);
    await rig.restart();
  });
});

describe('the operator at the keyboard', () => {
  it('is set in the console, recorded on new orders and audited', async () => {
    rig = await start();
    expect(await rig.value('settings.get', {})).toMatchObject({ operator: 'tester' });
    const before = await rig.value('orders.create', paymentLink());
    expect(before.operator).toBe('tester');

    const bad = await rig.call('settings.setOperator', { name: 'anna\u202e' });
    expect(bad.ok || bad.error.fields?.name?.key).toBe('validation.text.control');

    expect(await rig.value('settings.setOperator', { name: '  Anna de Wit ' })).toMatchObject({ operator: 'Anna de Wit' });
    expect((await rig.value('app.info', {})).operator).toBe('Anna de Wit');
    const after = await rig.value('orders.create', paymentLink());
    expect(after.operator).toBe('Anna de Wit');

    await rig.restart();
    expect((await rig.value('app.info', {})).operator).toBe('Anna de Wit');
    const audit = await rig.value('audit.list', {});
    expect(audit.items.find((i) => i.action === 'operator.change')).toMatchObject({
      operator: 'Anna de Wit',
      details: { from: 'tester', to: 'Anna de Wit' },
    });
    expect(audit.items.filter((i) => i.action === 'order.create').map((i) => i.operator)).toEqual(['Anna de Wit', 'tester']);
  });
});
