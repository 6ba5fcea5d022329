import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '@shared/contract';
import { ServiceError } from '../../../../electron/services/platform/errors';
import { createHandlers, isTrustedSender } from '../../../../electron/services/platform/gate';
import type { ServiceTable } from '../../../../electron/services/platform/gate';
import { memoryLogger } from '../../../../electron/services/platform/log';
import { MAX_NODES, plainDataProblem } from '../../../../electron/services/platform/plain-data';

const origin = 'app://console';
const trusted = { url: 'app://console/index.html', isMainFrame: true };

function table(overrides: Partial<ServiceTable> = {}) {
  const services = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(async () => ({}))])) as unknown as ServiceTable;
  return { services: Object.assign(services, overrides), log: memoryLogger() };
}

describe('isTrustedSender', () => {
  it('accepts only the top frame of our origin', () => {
    expect(isTrustedSender(trusted, origin)).toBe(true);
    expect(isTrustedSender({ ...trusted, isMainFrame: false }, origin)).toBe(false);
    expect(isTrustedSender({ url: 'app://console.evil/index.html', isMainFrame: true }, origin)).toBe(false);
    expect(isTrustedSender({ url: 'https://console/index.html', isMainFrame: true }, origin)).toBe(false);
    expect(isTrustedSender({ url: '', isMainFrame: true }, origin)).toBe(false);
  });
});

describe('createHandlers (the one wrapper)', () => {
  it('covers every channel of the contract', () => {
    const { services, log } = table();
    expect(Object.keys(createHandlers(services, { trustedOrigin: origin, log })).sort()).toEqual([...CHANNELS].sort());
  });

  it('refuses an untrusted sender without running the service', async () => {
    const { services, log } = table();
    const handlers = createHandlers(services, { trustedOrigin: origin, log });
    const r = await handlers['app.info']({}, { url: 'https://evil.example/', isMainFrame: true });
    expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect(services['app.info']).not.toHaveBeenCalled();
  });

  it('caps the payload size before parsing', async () => {
    const { services, log } = table();
    const handlers = createHandlers(services, { trustedOrigin: origin, log });
    const r = await handlers['orders.create']({ type: 'paymentlink', amount: 1, currency: 'EUR', description: 'x'.repeat(5_000_000) }, trusted);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.fields?._?.key).toBe('validation.tooLarge');
    expect(services['orders.create']).not.toHaveBeenCalled();
  });

  it('parses strictly and returns field issues', async () => {
    const { services, log } = table();
    const handlers = createHandlers(services, { trustedOrigin: origin, log });
    const r = await handlers['orders.create']({ type: 'paymentlink', amount: '100', currency: 'EUR', description: 'x', status: 'created' }, trusted);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(Object.keys(r.error.fields ?? {})).toEqual(expect.arrayContaining(['amount', '_']));
    }
    for (const bad of [null, 'x', [1], 42]) {
      expect((await handlers['app.info'](bad, trusted)).ok).toBe(false);
    }
  });

  it('turns ServiceError into its envelope and anything else into INTERNAL, never throwing', async () => {
    const { services, log } = table({
      'orders.get': async () => {
        throw new ServiceError('NOT_FOUND', 'No such order');
      },
      'history.search': async () => {
        throw new Error('SQLITE_BUSY at /secret/path');
      },
    });
    const handlers = createHandlers(services, { trustedOrigin: origin, log });
    expect(await handlers['orders.get']({ environment: 'demo', profileId: 'demo', orderId: 'CON-1' }, trusted)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such order' },
    });
    const internal = await handlers['history.search']({}, trusted);
    expect(internal.ok).toBe(false);
    if (!internal.ok) {
      expect(internal.error.code).toBe('INTERNAL');
      expect(internal.error.message).not.toContain('/secret/path');
    }
    expect(log.lines.some((l) => l.includes('ipc.failed'))).toBe(true);
  });

  it('passes parsed input (with defaults) to the service', async () => {
    const list = vi.fn(async () => ({ items: [], next: null, total: null }));
    const { services, log } = table({ 'history.search': list });
    const handlers = createHandlers(services, { trustedOrigin: origin, log });
    expect(await handlers['history.search']({}, trusted)).toEqual({ ok: true, value: { items: [], next: null, total: null } });
    expect(list).toHaveBeenCalledWith({ text: '', filters: {}, sort: 'newest', limit: 50, cursor: null, count: true });
  });
});

describe('plainDataProblem (before any schema reads a payload)', () => {
  it('accepts JSON-like data and refuses everything structured clone adds', () => {
    const fine = [{}, { a: [1, 'x', null, true, { b: undefined }] }, [], 'x', 1, null, undefined, JSON.parse('{"a":{"b":[1]}}')];
    for (const value of fine) expect(plainDataProblem(value), JSON.stringify(value)).toBeNull();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const cases: Array<[unknown, string]> = [
      [new Map(), 'type'],
      [{ customer: new Set() }, 'type'],
      [{ at: new Date() }, 'type'],
      [[new Uint8Array(1)], 'type'],
      [{ f: () => 1 }, 'type'],
      [{ n: 1n }, 'type'],
      [Object.defineProperty({}, 'x', { get: () => 1, enumerable: true }), 'type'],
      [JSON.parse('{"__proto__":{"admin":true}}'), 'key'],
      [{ nested: JSON.parse('{"constructor":{"prototype":1}}') }, 'key'],
      [{ [Symbol('s')]: 1 }, 'key'],
      [cyclic, 'cycle'],
      [Array.from({ length: 40 }).reduce<unknown>((inner) => [inner], 1), 'depth'],
      [{ list: Array.from({ length: MAX_NODES + 1 }, () => 0) }, 'size'],
    ];
    for (const [value, problem] of cases) expect(plainDataProblem(value)).toBe(problem);
  });

  it('is checked before the size cap and the schema, and logged without the payload', async () => {
    const { services, log } = table();
    const handlers = createHandlers(services, { trustedOrigin: origin, log });
    const r = await handlers['orders.create']({ type: 'paymentlink', amount: 1, currency: 'EUR', description: 'x', customer: new Map() }, trusted);
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { _: { key: 'validation.invalid' } } } });
    expect(services['orders.create']).not.toHaveBeenCalled();
    expect(log.lines.join('\n')).toContain('payload-type');
  });
});
