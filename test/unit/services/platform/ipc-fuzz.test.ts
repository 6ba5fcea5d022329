// IPC fuzzing through the real handler table (services + demo server, as the window calls them):
// per channel, generated payloads that are all invalid by construction — wrong types, extra and
// prototype keys, huge strings, deep nesting, and values structured clone would carry but JSON
// cannot (Map, Set, Date, class instances, typed arrays, functions…). Every one must be refused
// with a field-level VALIDATION, never INTERNAL, never accepted, never a crash, and nothing may
// reach the demo server. IPC_FUZZ_RUNS sets the runs per channel (CI: 1,000; e.g. 20000 by hand).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract } from '@shared/contract';
import type { ChannelName, InputOf } from '@shared/contract';
import type { Result } from '@shared/result';
import { TRUSTED, paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

const RUNS = Number(process.env.IPC_FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.IPC_FUZZ_SEED ?? 20261130);

const KEY = { environment: 'demo', profileId: 'demo', orderId: 'CON-20261130-120000-abcdef' } as const;

/** One valid payload per channel: the fuzzer breaks each in many ways. */
const VALID: { [C in ChannelName]: InputOf<C> } = {
  'app.info': {},
  'app.openExternal': { url: 'https://www.multisafepay.com/' },
  'orders.create': paymentLink({ customer: { firstName: 'Jan', lastName: 'de Vries', email: 'jan@example.nl' } }),
  'orders.get': KEY,
  'orders.refresh': KEY,
  'history.search': { text: 'jan', filters: {}, sort: 'newest', limit: 20, cursor: null, count: true },
  'history.facets': {},
  'history.clone': KEY,
  'history.exportStart': { query: { text: '', filters: {}, sort: 'newest' }, includeIbans: false, delimiter: ',' },
  'history.exportStatus': { jobId: 'job-1' },
  'history.exportCancel': { jobId: 'job-1' },
  'backups.list': {},
  'backups.create': {},
  'backups.restorePreview': { name: 'console-20261130-120000.sqlite3' },
  'backups.restore': { name: 'console-20261130-120000.sqlite3' },
  'profiles.list': {},
  'profiles.save': { name: 'Shop', environment: 'test', apiKey: 'tk_test_0123456789abcdef0123' },
  'profiles.delete': { id: 'shop', confirm: true },
  'profiles.switch': { id: 'shop' },
  'profiles.checkKey': { id: 'shop' },
  'settings.get': {},
  'settings.setOperator': { name: 'Anna' },
  'settings.setRetention': { months: 12 },
  'settings.setOrderCap': { minor: 50_000 },
  'settings.setFormatRegion': { region: 'BE' },
  'settings.skipWelcome': { step: 'operator' },
  'audit.list': { limit: 10, before: null },
  'audit.verify': {},
  'privacy.revealIban': KEY,
  'orders.createRaw': { body: JSON.stringify({ type: 'paymentlink', currency: 'EUR', amount: 1250, description: 'raw' }) },
  'orders.precheck': { amount: 1250, currency: 'EUR', iban: 'NL91ABNA0417164300', email: 'jan@example.nl' },
  'orders.resend': KEY,
  'orders.recreate': KEY,
  'orders.cancel': KEY,
  'methods.list': {},
  'methods.refresh': {},
  'drafts.get': {},
  'drafts.save': { fields: { description: 'Phone order', amountText: '12,50' } },
  'drafts.clear': {},
  'refunds.list': KEY,
  'refunds.create': { key: KEY, amount: 1250, full: false },
  'refunds.cancel': { key: KEY, refundOrderId: `${KEY.orderId}-R1` },
  'refunds.refresh': KEY,
  'sync.start': { from: '2026-11-01' },
  'sync.status': {},
  'sync.cancel': {},
  'sync.setSchedule': { schedule: 'daily' },
  'tracking.changes': { since: 12 },
  'links.board': { view: 'unpaid', unpaidDays: 3 },
};

class Customer {
  firstName = 'Jan';
  lastName = 'de Vries';
}

/** Values structured clone (or an in-process caller) can deliver that are not plain data. */
const notPlain: fc.Arbitrary<unknown> = fc.constantFrom<() => unknown>(
  () => new Map([['firstName', 'Jan']]),
  () => new Set(['Jan']),
  () => new Date(0),
  () => new Customer(),
  () => new Uint8Array([1, 2, 3]),
  () => new Float64Array(2),
  () => new ArrayBuffer(8),
  () => new DataView(new ArrayBuffer(4)),
  () => Buffer.from('Jan'),
  () => /Jan/g,
  () => new Error('Jan'),
  () => new String('Jan'),
  () => new Number(12),
  () => new Boolean(true),
  () => () => 'Jan',
  () => Symbol('Jan'),
  () => 12n,
  () => Object.create({ firstName: 'Jan' }),
  () => Object.defineProperty({}, 'firstName', { get: () => 'Jan', enumerable: true }),
  () => ({ [Symbol('k')]: 1 }),
  () => ({ toJSON: () => ({}) }).toJSON, // a function value
  () => {
    const cyclic: Record<string, unknown> = { firstName: 'Jan' };
    cyclic.self = cyclic;
    return cyclic;
  },
).map((make) => make());

const jsonish = fc.jsonValue({ maxDepth: 3 });

/** A value of a JSON type different from `value`'s, so a field can never accept it. */
function wrongTypeFor(value: unknown): fc.Arbitrary<unknown> {
  if (Array.isArray(value)) return fc.oneof(fc.string(), fc.integer(), fc.dictionary(fc.string(), jsonish, { minKeys: 1, maxKeys: 3 }));
  if (value !== null && typeof value === 'object') return fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.array(jsonish, { maxLength: 3 }));
  // primitives and null: an object with keys or an array is never a scalar field
  return fc.oneof(fc.dictionary(fc.string(), jsonish, { minKeys: 1, maxKeys: 3 }), fc.array(jsonish, { minLength: 1, maxLength: 3 }));
}

/** Nested deeper than the gate allows (32 levels), in objects or arrays. */
const tooDeep = fc.tuple(fc.integer({ min: 33, max: 400 }), fc.boolean(), jsonish).map(([depth, arrays, leaf]) => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { n: value };
  return value;
});

/** Longer than the 64 KiB payload cap on its own. */
const huge = fc.tuple(fc.integer({ min: 65_537, max: 300_000 }), fc.constantFrom('x', 'é', '💶', '\u0000', '=1+1')).map(([n, c]) => c.repeat(Math.ceil(n / c.length)));

interface Mutation {
  kind: string;
  payload: unknown;
}

type Plain = Record<string, unknown>;

function mutations(channel: ChannelName): fc.Arbitrary<Mutation> {
  const base = VALID[channel] as Plain;
  const keys = Object.keys(base);
  const copy = () => structuredClone(base);
  const known = new Set(keys);
  // Any path into the payload: the top level or one of its (nested) object values.
  const objectPaths: string[][] = [[]];
  for (const key of keys) {
    const v = base[key];
    if (v && typeof v === 'object' && !Array.isArray(v)) objectPaths.push([key]);
  }
  const at = (root: Plain, path: string[]): Plain => path.reduce((o, k) => o[k] as Plain, root);

  const options: fc.Arbitrary<Mutation>[] = [
    // Not an object at all.
    fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(jsonish, { maxLength: 4 }))
      .map((payload) => ({ kind: 'top-level type', payload })),
    // The whole payload, or a value inside it, is not plain data.
    fc.tuple(notPlain, fc.constantFrom(...objectPaths), fc.option(fc.constantFrom(...keys, 'customer', 'extra'), { nil: undefined })).map(([value, path, key]) => {
      if (key === undefined && path.length === 0) return { kind: 'not plain', payload: value };
      const payload = copy();
      at(payload, path)[key ?? 'extra'] = value;
      return { kind: 'not plain', payload };
    }),
    // Unknown keys: strict schemas refuse them at every level.
    fc.tuple(fc.string({ minLength: 1, maxLength: 30 }).filter((k) => !known.has(k) && k !== '__proto__'), jsonish, fc.constantFrom(...objectPaths))
      .filter(([key, , path]) => !(path.length > 0 && key in (at(base, path) ?? {})))
      .map(([key, value, path]) => {
        const payload = copy();
        at(payload, path)[key] = value;
        return { kind: 'extra key', payload };
      }),
    // Prototype keys as own properties, as JSON.parse and structured clone make them.
    fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), jsonish, fc.constantFrom(...objectPaths)).map(([key, value, path]) => {
      const payload = copy();
      Object.defineProperty(at(payload, path), key, { value, enumerable: true, writable: true, configurable: true });
      return { kind: 'prototype key', payload };
    }),
    // Nesting far deeper than any input, at the top or as a field.
    fc.tuple(tooDeep, fc.constantFrom(...objectPaths), fc.constantFrom(...keys, 'nested')).map(([value, path, key]) => {
      const payload = copy();
      at(payload, path)[key] = value;
      return { kind: 'deep nesting', payload };
    }),
    // A string far over the payload cap, as a value or as a key.
    fc.tuple(huge, fc.constantFrom(...keys, 'note'), fc.boolean()).map(([text, key, asKey]) => {
      const payload = copy();
      if (asKey) payload[text] = 1;
      else payload[key] = text;
      return { kind: 'huge string', payload };
    }),
  ];
  if (keys.length) {
    // A known field with a value of the wrong JSON type.
    options.push(
      fc
        .constantFrom(...keys)
        .chain((key) => wrongTypeFor(base[key]).map((value) => ({ key, value })))
        .map(({ key, value }) => {
          const payload = copy();
          payload[key] = value;
          return { kind: 'wrong type', payload };
        }),
    );
  }
  return fc.oneof(...options);
}

let rig: Rig;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const figures: string[] = [];

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  // No reconciler or backup timers: every request the demo server sees would come from a payload.
  rig = await startRig({ services: { reconcileEveryMs: 0, backupCheckEveryMs: 0 } });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await rig?.close();
  console.log(`ipc fuzz, ${RUNS} payloads per channel (seeds from ${SEED}):\n${figures.join('\n')}`);
});

describe('IPC fuzzing through the real handler table', () => {
  it('every valid base payload parses, so each mutation breaks something real', () => {
    for (const channel of CHANNELS) {
      expect(contract[channel].input.safeParse(VALID[channel]).success, channel).toBe(true);
    }
  });

  it('a customer sent as a Map, Date or class instance is refused, not read as no customer', async () => {
    const posts = () => rig.demo.received.filter((r) => r.method === 'POST').length;
    const before = posts();
    for (const customer of [new Map([['firstName', 'Jan']]), new Set(['Jan']), new Date(0), new Customer()]) {
      const result = await rig.call('orders.create', { ...paymentLink(), customer } as never);
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { _: { key: 'validation.invalid' } } } });
    }
    expect(posts()).toBe(before);
    expect(rig.log.lines.filter((l) => l.includes('ipc.refused') && l.includes('payload-type'))).toHaveLength(4);
  });

  it.each(CHANNELS)('%s refuses every invalid payload, with VALIDATION, sending nothing', async (channel) => {
    const handler = rig.services.handlers[channel] as (input: unknown, sender: typeof TRUSTED) => Promise<Result<unknown>>;
    const sentBefore = rig.demo.received.length;
    const kinds = new Map<string, number>();
    let accepted = 0;
    let internal = 0;
    let thrown = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(mutations(channel), async ({ kind, payload }) => {
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        let result: Result<unknown>;
        try {
          result = await handler(payload, TRUSTED);
        } catch (error) {
          thrown++;
          throw error;
        }
        if (result.ok) accepted++;
        else if (result.error.code === 'INTERNAL') internal++;
        expect(result.ok, kind).toBe(false);
        if (!result.ok) {
          expect(result.error.code, kind).toBe('VALIDATION');
          expect(Object.keys(result.error.fields ?? {}).length, kind).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS, seed: SEED + CHANNELS.indexOf(channel), endOnFailure: true },
    );
    const ms = Math.round(performance.now() - started);
    const sent = rig.demo.received.length - sentBefore;
    const mix = [...kinds].sort().map(([k, n]) => `${k} ${n}`).join(', ');
    figures.push(`  ${channel.padEnd(22)} ${RUNS} refused, ${accepted} accepted, ${internal} INTERNAL, ${thrown} thrown, ${sent} sent, ${ms} ms (${mix})`);
    expect({ accepted, internal, thrown, sent, unhandled: unhandled.length }).toEqual({ accepted: 0, internal: 0, thrown: 0, sent: 0, unhandled: 0 });
  }, 120_000);
});
