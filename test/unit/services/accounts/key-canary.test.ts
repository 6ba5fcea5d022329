// The canary: unique API keys are used for real (stored, session-only, wrong, refused by
// the OS store, sent with faults and to a server that is gone), every channel of the
// contract is called, and then the keys are searched for in every handler's output,
// every log line and every file the console wrote (database, WAL, backups, exports).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '@shared/contract';
import type { ChannelName } from '@shared/contract';
import type { OrderKey } from '@shared/order-key';
import { startDemoServer } from '../../../../electron/demo/server';
import type { DemoServer } from '../../../../electron/demo/server';
import { memoryLogger, withSecrets } from '../../../../electron/services/platform/log';
import { createOrderStore } from '../../../../electron/services/orders/order-store';
import { openDatabase } from '../../../../electron/services/storage/db';
import { random, seededOrder } from '../../../support/history-seed';
import { memorySecretStore } from '../../../../electron/services/accounts/secrets';
import type { SecretStore } from '../../../../electron/services/accounts/secrets';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

const STORED = 'canary-STORED-7f3a9c1e5b2d4680';
const SESSION = 'canary-SESSION-0b1c2d3e4f5a69';
const WRONG = 'canary-WRONG-5e6f7a8b9c0d1e2f';
const LEAKY = 'canary-LEAKY-a1b2c3d4e5f60718';
const CANARIES = [STORED, SESSION, WRONG, LEAKY];

let rig: Rig;
let servers: DemoServer[] = [];
afterEach(async () => {
  await rig?.close();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** A store whose encrypt fails with the plaintext in its message, like a careless native module could. */
function leakyOnce(inner: SecretStore): SecretStore {
  return {
    ...inner,
    encrypt(plain) {
      if (plain === LEAKY) throw new Error(`cannot encrypt "${plain}"`);
      return inner.encrypt(plain);
    },
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Plausible inputs per channel; any channel not listed here is still called, with `{}`. */
function inputsFor(key: OrderKey, profileId: string): Partial<Record<ChannelName, unknown[]>> {
  return {
    'app.openExternal': [{ url: 'https://www.multisafepay.com/' }, { url: `https://x.test/?api_key=${STORED}` }],
    'orders.create': [paymentLink(), paymentLink({ amount: 0 })],
    'orders.get': [key],
    'orders.refresh': [key],
    'orders.createRaw': [
      { body: JSON.stringify({ type: 'paymentlink', currency: 'EUR', amount: 500, description: 'raw' }) },
      { body: '{not json' },
    ],
    'orders.precheck': [{ amount: 1250, currency: 'EUR' }],
    'orders.resend': [key],
    'orders.recreate': [key],
    'orders.cancel': [key],
    'history.search': [{}],
    'profiles.save': [{ name: 'Canary wrong', environment: 'test', apiKey: WRONG }],
    'profiles.switch': [{ id: profileId }],
    'profiles.checkKey': [{ id: profileId }],
    'profiles.delete': [{ id: 'p-nothing', confirm: true }],
    'settings.setOperator': [{ name: 'Canary Operator' }],
    'settings.setRetention': [{ months: 24 }],
    'audit.list': [{ limit: 500 }],
    'privacy.revealIban': [key],
  };
}

describe('no API key leaves main', () => {
  it('is in no handler output, log line or file, whatever happens to it', async () => {
    const keys = { test: [STORED, LEAKY], live: [SESSION] };
    const testApi = await startDemoServer({ environment: 'test', keys });
    const liveApi = await startDemoServer({ environment: 'live', keys });
    const goneApi = await startDemoServer({ environment: 'test', keys });
    servers = [testApi, liveApi, goneApi];
    rig = await startRig({
      baseUrls: { test: testApi.apiBase, live: liveApi.apiBase },
      services: { secrets: leakyOnce(memorySecretStore()) },
    });
    const outputs: unknown[] = [];
    const call = async (channel: ChannelName, input: unknown) => {
      const result = await (rig.services.handlers[channel] as (i: unknown, s: unknown) => Promise<unknown>)(input, {
        url: 'app://console/index.html',
        isMainFrame: true,
      });
      outputs.push(result);
      return result as { ok: boolean; value?: { profile?: { id: string } } };
    };

    // Keys used in every way there is.
    const stored = await call('profiles.save', { name: 'Canary test', environment: 'test', apiKey: STORED });
    const storedId = stored.value!.profile!.id;
    const session = await call('profiles.save', { name: 'Canary live', environment: 'live', apiKey: SESSION, keepForSession: true });
    const sessionId = session.value!.profile!.id;
    expect((await call('profiles.save', { name: 'Canary wrong', environment: 'test', apiKey: WRONG })).ok).toBe(false);
    expect((await call('profiles.save', { name: 'Canary leaky', environment: 'test', apiKey: LEAKY })).ok).toBe(false);
    expect(rig.log.lines.some((l) => l.includes('profiles.encrypt_failed'))).toBe(true);

    await call('profiles.switch', { id: storedId });
    const created = (await call('orders.create', paymentLink())) as { ok: boolean; value: { key: OrderKey } };
    expect(created.ok).toBe(true);
    testApi.injectFault({ mode: 'reset_after', method: 'POST', path: '/orders' });
    await call('orders.create', paymentLink({ description: 'reset after' }));
    testApi.injectFault({ mode: 'html502_before', method: 'GET' });
    await call('orders.refresh', created.value.key);

    await call('profiles.switch', { id: sessionId });
    rig.dialogs.liveAnswer = true;
    await call('orders.create', paymentLink());

    // Every channel of the contract, with plausible input where we have one.
    const inputs = inputsFor(created.value.key, storedId);
    const called = new Set<ChannelName>();
    for (const channel of CHANNELS) {
      for (const input of inputs[channel] ?? [{}]) await call(channel, input);
      called.add(channel);
    }
    expect([...called].sort()).toEqual([...CHANNELS].sort());

    // A key whose server has gone away, and a restart that decrypts the stored key again.
    const gone = await call('profiles.save', { name: 'Canary gone', environment: 'test', apiKey: STORED });
    await goneApi.close();
    await call('profiles.checkKey', { id: gone.value!.profile!.id });
    await rig.restart();
    for (const channel of CHANNELS) for (const input of inputs[channel] ?? [{}]) await call(channel, input);
    await call('profiles.switch', { id: storedId });
    await call('orders.create', paymentLink({ description: 'after restart' }));
    expect(testApi.received.filter((r) => r.method === 'POST').length).toBeGreaterThanOrEqual(3);

    const haystacks: Array<[string, string]> = [
      ['handler outputs', JSON.stringify(outputs)],
      ['log', rig.log.lines.join('\n')],
      ...filesUnder(rig.dataDir).map((file): [string, string] => [file, readFileSync(file).toString('latin1')]),
    ];
    expect(haystacks.some(([name]) => name.endsWith('console.sqlite3-wal'))).toBe(true);
    for (const [name, text] of haystacks) {
      for (const canary of CANARIES) {
        expect(text.includes(canary), `${canary.slice(0, 14)}… found in ${name}`).toBe(false);
      }
    }
    // …while the services did use them: the hints are there, and the key-protected servers said yes.
    expect(JSON.stringify(outputs)).toContain('…4680');
    expect(rig.log.lines.length).toBeGreaterThan(0);
  });
});

describe('the scrubbing logger', () => {
  it('removes every known key from any logger it wraps, in messages, nested values and errors', () => {
    const inner = memoryLogger();
    const known: string[] = [STORED];
    const log = withSecrets(inner, () => known);
    // A got-style error: the URL with the key in the message, the key in options.headers.
    const error = Object.assign(new Error(`GET https://testapi.multisafepay.com/v1/json/gateways?x=${STORED}`), {
      code: 'ERR_NON_2XX_2XX',
      options: { headers: { api_key: STORED } },
    });
    log.error('call.failed', { error, note: `key ${STORED}`, nested: { deeper: [STORED] } });
    known.push(SESSION); // keys learned later are scrubbed from then on
    log.info('later', { text: `${SESSION} and ${STORED}` });
    const text = inner.lines.join('\n');
    for (const canary of [STORED, SESSION]) expect(text).not.toContain(canary);
    expect(text).toContain('[redacted]');
    expect(text).toContain('ERR_NON_2XX_2XX');
  });
});

/**
 * A MultiSafepay look-alike that echoes the api_key header in every answer, the way a
 * debugging proxy or a careless gateway might: in a debug field, an error text, a URL.
 */
async function echoingApi(): Promise<{ apiBase: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const key = String(request.headers.api_key ?? '');
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      if (request.method === 'GET' && request.url?.endsWith('/gateways')) {
        return response.end(JSON.stringify({ success: true, data: [{ id: 'IDEAL', description: 'iDEAL' }], debug: { api_key: key } }));
      }
      const order = text ? (JSON.parse(text) as { order_id?: string; description?: string }) : {};
      if (order.description === 'refuse') {
        return response.end(JSON.stringify({ success: false, error_code: 1099, error_info: `Key ${key} may not do this` }));
      }
      response.end(
        JSON.stringify({
          success: true,
          data: { order_id: order.order_id, status: 'initialized', payment_url: `https://payv2.multisafepay.com/connect/x?k=${key}` },
          request: { headers: { api_key: key } },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiBase: `http://127.0.0.1:${port}/v1/json`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('an API that echoes the key back', () => {
  it('gets it stored nowhere: not in exchanges, problems, payment URLs, backups, exports or logs', async () => {
    const echo = await echoingApi();
    try {
      rig = await startRig({ baseUrls: { test: echo.apiBase } });
      const saved = await rig.value('profiles.save', { name: 'Echo', environment: 'test', apiKey: STORED });
      await rig.value('profiles.switch', { id: saved.profile.id });
      const created = await rig.value('orders.create', paymentLink({ description: 'echo' }));
      const refused = await rig.value('orders.create', paymentLink({ description: 'refuse' }));
      expect(refused).toMatchObject({ state: 'rejected', problem: { code: '1099', message: 'Key [redacted] may not do this' } });
      const detail = await rig.value('orders.get', created.key);
      expect(detail.exchanges.at(-1)!.responseBody).toContain('"api_key":"[redacted]"');
      expect(detail.paymentUrl).toBe('https://payv2.multisafepay.com/connect/x?k=[redacted]');
      await rig.value('backups.create', {});
      const started = await rig.value('history.exportStart', {});
      if (started.outcome !== 'started') throw new Error('the export did not start');
      await vi.waitFor(
        async () => expect((await rig.value('history.exportStatus', { jobId: started.job.jobId })).state).toBe('done'),
        { timeout: 20_000, interval: 20 },
      );
      const files = filesUnder(rig.dataDir);
      expect(files.some((f) => f.endsWith('.csv'))).toBe(true);
      expect(files.some((f) => f.includes('backups'))).toBe(true);
      const haystacks: Array<[string, string]> = [
        ['outputs', JSON.stringify([created, refused, detail])],
        ['log', rig.log.lines.join('\n')],
        ...files.map((file): [string, string] => [file, readFileSync(file).toString('latin1')]),
      ];
      for (const [name, text] of haystacks) expect(text.includes(STORED), `key found in ${name}`).toBe(false);
    } finally {
      await echo.close();
    }
  });
});

describe('the order store', () => {
  it('scrubs every known key from what an answer left, whoever wrote it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'msp-store-'));
    try {
      const db = openDatabase(join(dir, 'console.sqlite3'));
      const store = createOrderStore(db, () => [STORED, SESSION]);
      const seeded = seededOrder(1, random(1));
      const row = store.insertIntent(seeded.order);
      store.settle(
        row,
        { method: 'POST', path: '/orders', requestBody: '{}', httpStatus: 200, responseBody: `{"k":"${STORED}"}`, outcome: 'answered', startedAt: 0, durationMs: 1 },
        { state: 'rejected', problem: { code: '1099', message: `refused ${SESSION}` }, paymentUrl: `https://x.example/?k=${STORED}` },
        1,
      );
      const detail = store.detail({ environment: seeded.order.environment, profileId: seeded.order.profileId, orderId: seeded.order.orderId })!;
      expect(JSON.stringify(detail)).not.toMatch(/canary-/);
      expect(detail.exchanges[0]!.responseBody).toBe('{"k":"[redacted]"}');
      expect(detail.problem?.message).toBe('refused [redacted]');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
