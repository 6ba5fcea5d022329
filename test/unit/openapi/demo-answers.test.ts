// The demo server's answers, checked against MultiSafepay's published response schemas (with the
// one set of relaxations in test/support/openapi.ts) and against the shape of the published
// answer examples: the same fields, the same HTTP statuses, published gateway ids only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { call, demo, directDebit, paymentLink } from '../demo/support';
import type { Answer } from '../demo/support';
import { OPENAPI_DIR, componentSchema, createAjv, describeErrors, errorExample, responseExamples, responseSchema } from '../../support/openapi';
import type { ValidateFunction } from '../../support/openapi';

type Check = { path: string; method: 'get' | 'post' | 'patch'; status: number };
const validators = new Map<string, ValidateFunction>();

beforeAll(async () => {
  const ajv = createAjv();
  const checks: Check[] = [
    { path: '/orders', method: 'post', status: 200 },
    { path: '/orders', method: 'post', status: 404 },
    { path: '/orders/{psp_id}', method: 'get', status: 200 },
    { path: '/orders/{psp_id}', method: 'get', status: 404 },
    { path: '/orders/{order_id}', method: 'patch', status: 200 },
    { path: '/orders/{order_id}', method: 'patch', status: 410 },
    { path: '/gateways', method: 'get', status: 200 },
    { path: '/gateways', method: 'get', status: 401 },
    { path: '/gateways/{gateway_id}', method: 'get', status: 200 },
    { path: '/gateways/{gateway_id}', method: 'get', status: 404 },
    { path: '/payment-methods', method: 'get', status: 200 },
    { path: '/payment-methods/{payment_method_id}', method: 'get', status: 200 },
  ];
  for (const c of checks) validators.set(`${c.method} ${c.path} ${c.status}`, ajv.compile(await responseSchema(c.path, c.method, c.status)));
  validators.set('gateway id', ajv.compile(await componentSchema('components/schemas/GatewayIdentifiers.yaml', { response: false })));
});

/** The answer has the HTTP status the published operation gives it, and matches that schema. */
function expectPublished(answer: Answer, operation: string, status: number): void {
  expect(answer.status, answer.text).toBe(status);
  const validate = validators.get(`${operation} ${status}`)!;
  const body: unknown = JSON.parse(answer.text);
  expect(describeErrors(validate(body) ? [] : validate.errors), answer.text).toEqual([]);
}

const keysOf = (value: object) => Object.keys(value).sort();
const example = (path: string, method: 'get' | 'post' | 'patch', status: number, name: string) =>
  JSON.parse(responseExamples(path, method, status)[name]!) as { success: boolean; data: Record<string, unknown> };

describe('order answers match the published schemas and examples', () => {
  it('create: payment link and redirect answers have the published redirect answer’s fields', async () => {
    const server = await demo();
    const published = example('/orders', 'post', 200, 'redirectOrder');
    for (const body of [paymentLink(), paymentLink({ type: 'redirect', gateway: 'KBC' })]) {
      const answer = await call(server, 'POST', '/orders', body);
      expectPublished(answer, 'post /orders', 200);
      expect(keysOf(answer.json.data)).toEqual(keysOf(published.data));
    }
  });

  it('create direct (DIRDEB, KBC) and read back: the published full order, with its fields', async () => {
    const server = await demo();
    const published = [
      example('/orders', 'post', 200, 'directOrderIdeal'),
      ...['orderDetails', 'orderDetails3DS', 'orderDetailsfailed3DS'].map((name) => example('/orders/{psp_id}', 'get', 200, name)),
    ].map((e) => e.data);
    const anyPublished = (pick: (data: Record<string, unknown>) => unknown) =>
      new Set(published.flatMap((data) => Object.keys((pick(data) as object | null) ?? {})));
    const getOrder = published[1]!;
    for (const body of [directDebit(), paymentLink({ type: 'direct', gateway: 'KBC' })]) {
      const created = await call(server, 'POST', '/orders', body);
      expectPublished(created, 'post /orders', 200);
      const read = await call(server, 'GET', `/orders/${body.order_id as string}`);
      expectPublished(read, 'get /orders/{psp_id}', 200);
      // Every field getOrder.json carries is there ('completed' once completed), and nothing of the demo's own.
      expect(keysOf(getOrder).filter((k) => k !== 'completed' && !(k in read.json.data))).toEqual([]);
      for (const answer of [read, created]) {
        expect(keysOf(answer.json.data).filter((k) => !anyPublished((d) => d).has(k))).toEqual([]);
        expect(keysOf(answer.json.data.customer).filter((k) => !anyPublished((d) => d.customer).has(k))).toEqual([]);
        expect(keysOf(answer.json.data.payment_details).filter((k) => !anyPublished((d) => d.payment_details).has(k))).toEqual([]);
      }
      expect(created.json.data.payment_url).toEqual(expect.any(String));
    }
  });

  it('create errors: HTTP 404 with the standard envelope, like the published create error', async () => {
    const server = await demo();
    for (const body of [paymentLink({ amount: 0 }), paymentLink({ gateway: 'NOPE' }), paymentLink({ currency: 'JPY' })]) {
      expectPublished(await call(server, 'POST', '/orders', body), 'post /orders', 404);
    }
  });

  it('read errors: an unknown order is HTTP 404 with 1006', async () => {
    const server = await demo();
    const answer = await call(server, 'GET', '/orders/NOPE-1');
    expectPublished(answer, 'get /orders/{psp_id}', 404);
    const published = errorExample('components/errors/Error1006.yaml');
    expect([String(answer.json.error_code), answer.json.error_info]).toEqual([String(published.error_code), published.error_info]);
  });

  it('cancel: {} on success, 410 with 1000 for an unknown order', async () => {
    const server = await demo();
    const body = paymentLink();
    await call(server, 'POST', '/orders', body);
    const cancelled = await call(server, 'PATCH', `/orders/${body.order_id as string}`, { status: 'cancelled', exclude_order: true });
    expectPublished(cancelled, 'patch /orders/{order_id}', 200);
    expect(cancelled.json).toEqual(example('/orders/{order_id}', 'patch', 200, 'cancelOrder'));
    expectPublished(await call(server, 'PATCH', '/orders/NOPE-1', { status: 'cancelled' }), 'patch /orders/{order_id}', 410);
  });
});

describe('payment method answers match the published schemas and examples', () => {
  it('lists gateways and payment methods by published gateway ids (Bancontact is MISTERCASH)', async () => {
    const server = await demo();
    const gateways = await call(server, 'GET', '/gateways');
    expectPublished(gateways, 'get /gateways', 200);
    const methods = await call(server, 'GET', '/payment-methods');
    expectPublished(methods, 'get /payment-methods', 200);
    const ids = (methods.json.data as { id: string }[]).map((m) => m.id);
    expect(ids).toContain('MISTERCASH');
    for (const id of ids) expect(validators.get('gateway id')!(id), id).toBe(true);
    expect((gateways.json.data as { id: string }[]).map((g) => g.id)).toEqual(ids);
    const published = example('/payment-methods', 'get', 200, 'List payment methods');
    expect(keysOf(methods.json.data[0])).toEqual(keysOf((published.data as unknown as object[])[0]!));
  });

  it('one gateway or method by id; an unknown one is 404 with 1023; a bad key 401 with 1032', async () => {
    const server = await demo();
    expectPublished(await call(server, 'GET', '/gateways/MISTERCASH'), 'get /gateways/{gateway_id}', 200);
    expectPublished(await call(server, 'GET', '/payment-methods/DIRDEB'), 'get /payment-methods/{payment_method_id}', 200);
    const unknown = await call(server, 'GET', '/gateways/NOPE');
    expectPublished(unknown, 'get /gateways/{gateway_id}', 404);
    const badKey = await call(server, 'GET', '/gateways', undefined, { key: 'wrong' });
    expectPublished(badKey, 'get /gateways', 401);
    // The same words as the published error examples.
    for (const [answer, file] of [[unknown, 'Error1023.yaml'], [badKey, 'Error1032.yaml']] as const) {
      const published = errorExample(`components/errors/${file}`);
      expect([String(answer.json.error_code), answer.json.error_info]).toEqual([String(published.error_code), published.error_info]);
    }
  });

  it('the retired INGHOME is in no published enum, and is offered only in legacy mode', async () => {
    const ids = parseYaml(readFileSync(join(OPENAPI_DIR, 'openapi/components/schemas/GatewayIdentifiers.yaml'), 'utf8')) as { enum: string[] };
    expect(ids.enum).not.toContain('INGHOME');
    const server = await demo();
    const methods = await call(server, 'GET', '/payment-methods');
    expect((methods.json.data as { id: string }[]).map((m) => m.id)).not.toContain('INGHOME');
  });
});
