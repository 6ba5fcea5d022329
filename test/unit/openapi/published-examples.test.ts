// Every published answer example (create redirect and direct, get, 3DS, failed 3DS, cancel, the
// error envelopes) is valid against its published schema (with relax()'s relaxations, which this
// proves sufficient), and is read correctly by the console: statuses, 16–17 digit transaction ids
// exact as strings, payment_url kept, error codes and messages on the right fields.
import { isLosslessNumber, parse as parseLossless } from 'lossless-json';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fieldOfApiError } from '@shared/orders';
import type { ApiCall } from '../../../electron/services/msp/client';
import { readAnswer } from '../../../electron/services/msp/client';
import { classifyCreate } from '../../../electron/services/orders/outcome';
import { readBack } from '../../../electron/services/orders/read-back';
import type { SentOrder } from '../../../electron/services/orders/read-back';
import { idText } from '../../../electron/services/msp/json';
import { paymentLink, startRig } from '../../support/services';
import type { Rig } from '../../support/services';
import { componentSchema, createAjv, describeErrors, errorExample, responseExamples, responseSchema } from '../../support/openapi';

const answered = (responseBody: string, httpStatus = 200): ApiCall => ({
  method: 'GET',
  path: '/orders/x',
  requestBody: null,
  startedAt: 0,
  durationMs: 1,
  transport: 'answered',
  reason: null,
  httpStatus,
  responseBody,
});

/** A field of `data` as written in the text: a number's own digits (lossless-json keeps them), a string as is. */
function literal(text: string, field: string): string | undefined {
  const value = (parseLossless(text) as { data: Record<string, unknown> }).data[field];
  return isLosslessNumber(value) ? value.value : (value as string | undefined);
}

const created = responseExamples('/orders', 'post', 200);
const read = responseExamples('/orders/{psp_id}', 'get', 200);
const cancelled = responseExamples('/orders/{order_id}', 'patch', 200);

/** The published error envelopes the order endpoints answer with: file → HTTP status. */
const ERRORS: Array<[string, number]> = [
  ['components/errors/Error1000.yaml', 400],
  ['components/errors/Error1006.yaml', 404],
  ['components/errors/Error1023.yaml', 404],
  ['components/errors/Error1032.yaml', 401],
  ['components/errors/404Error.yaml', 404],
  ['components/errors/410Error.yaml', 410],
];

describe('the published examples are valid against their published schemas', () => {
  const ajv = createAjv();
  it.each([
    ['/orders', 'post', created],
    ['/orders/{psp_id}', 'get', read],
    ['/orders/{order_id}', 'patch', cancelled],
  ] as const)('%s %s', async (path, method, examples) => {
    const validate = ajv.compile(await responseSchema(path, method, 200));
    expect(Object.keys(examples).length).toBeGreaterThan(0);
    for (const [name, text] of Object.entries(examples)) expect(describeErrors(validate(JSON.parse(text)) ? [] : validate.errors), name).toEqual([]);
  });

  it.each(ERRORS)('%s', async (file) => {
    const validate = ajv.compile(await componentSchema(file, { response: true }));
    expect(describeErrors(validate(errorExample(file)) ? [] : validate.errors)).toEqual([]);
  });
});

describe('the console reads every published create answer', () => {
  it('redirect: created, payment_url kept exactly, no transaction id yet', () => {
    const text = created.redirectOrder!;
    const outcome = classifyCreate(answered(text), 'redirect-order-0001');
    expect(outcome).toMatchObject({ state: 'created', transactionId: null, status: null, problem: null });
    expect(outcome.state === 'created' && outcome.paymentUrl).toBe(JSON.parse(text).data.payment_url);
    expect(classifyCreate(answered(text), 'another-order').state).toBe('unknown');
  });

  it('direct: created with its status, exact transaction id and payment_url', () => {
    const text = created.directOrderIdeal!;
    const data = JSON.parse(text).data as Record<string, string>;
    const outcome = classifyCreate(answered(text), data.order_id!);
    expect(outcome).toEqual({
      state: 'created',
      status: data.status,
      financialStatus: data.financial_status,
      transactionId: literal(text, 'transaction_id'),
      paymentUrl: data.payment_url,
      problem: null,
    });
    expect(outcome.state === 'created' && outcome.paymentUrl).toMatch(/^https:\/\//);
  });
});

describe('the console reads every published order answer', () => {
  it.each(Object.keys(read))('%s: status, financial status and the exact transaction id', (name) => {
    const text = read[name]!;
    const reading = readAnswer(answered(text));
    expect(reading.kind).toBe('success');
    if (reading.kind !== 'success') return;
    const digits = literal(text, 'transaction_id')!;
    expect(digits).toMatch(/^\d+$/);
    expect(idText(reading.data.transaction_id)).toBe(digits);
    expect(reading.data.status).toBe(literal(text, 'status'));
    expect(reading.data.financial_status).toBe(literal(text, 'financial_status'));
    expect(idText(reading.data.order_id)).toBe(literal(text, 'order_id'));
  });

  it.each(Object.keys(read))('%s through the read-back: about the order it names, and about no other', (name) => {
    const text = read[name]!;
    const data = JSON.parse(text).data as { order_id: string; amount: number; currency: string; completed?: string };
    // Amsterdam time without an offset: 2025-05-14T08:50:32 is 06:50:32 UTC (summer time).
    const completed = data.completed ? { completedAt: Date.parse(`${data.completed}+02:00`) } : {};
    const sent: SentOrder = { orderId: data.order_id, type: 'redirect', amount: data.amount, currency: data.currency, description: null, gateway: null, vars: { var1: null, var2: null, var3: null }, customer: {} };
    expect(readBack(answered(text), sent)).toEqual({
      kind: 'this_order',
      outcome: { state: 'created', status: literal(text, 'status'), financialStatus: literal(text, 'financial_status'), transactionId: literal(text, 'transaction_id'), problem: null, ...completed },
    });
    expect(readBack(answered(text), { ...sent, orderId: 'CON-20261130-230000-abcdef' })).toMatchObject({ kind: 'other_order', outcome: { state: 'needs_review' } });
    expect(readBack(answered(text), { ...sent, amount: data.amount + 1 })).toMatchObject({ kind: 'other_order' });
  });

  it('getOrder.json’s 17-digit transaction id stays exact, beyond a JS number', () => {
    const reading = readAnswer(answered(read.orderDetails!));
    expect(reading.kind === 'success' && reading.data.transaction_id).toBe('17472052901237122');
    expect(Number.isSafeInteger(JSON.parse(read.orderDetails!).data.transaction_id)).toBe(false);
  });

  it('a fully refunded order reads refunded beside financial status completed (getOrder3DS.json)', () => {
    const reading = readAnswer(answered(read.orderDetails3DS!));
    expect(reading.kind === 'success' && [reading.data.status, reading.data.financial_status]).toEqual(['refunded', 'completed']);
  });

  it('the cancel answer is a success with empty data', () => {
    expect(readAnswer(answered(cancelled.cancelOrder!))).toEqual({ kind: 'success', data: {} });
  });
});

describe('the console reads every published error envelope', () => {
  let rig: Rig;
  beforeAll(() => {
    expect(ERRORS.length).toBe(6);
  });
  afterEach(async () => rig?.close());

  it.each(ERRORS)('%s: refused, with the code, the right words and the right field', async (file, status) => {
    const envelope = errorExample(file);
    const code = String(envelope.error_code);
    rig = await startRig();
    rig.demo.injectFault({ mode: 'answer_before', method: 'POST', path: '/orders', status, body: JSON.stringify(envelope) });
    const order = await rig.value('orders.create', { ...paymentLink(), gateway: 'IDEAL' });
    expect(order.state).toBe('rejected');
    expect(order.problem?.code).toBe(code);
    // Codes with one meaning have the console's words; catch-alls (1000, 1019) keep MultiSafepay's.
    const own: Record<string, RegExp> = { '1006': /order ID is already used/, '1023': /not available/, '1032': /API key/ };
    expect(order.problem?.message).toMatch(own[code] ?? new RegExp(`^${String(envelope.error_info).replace(/[.()]/g, '\\$&')}$`));
    expect(order.problem?.field ?? null).toBe(fieldOfApiError(code, 'paymentlink'));
    expect(order.problem?.field ?? null).toBe(code === '1023' ? 'gateway' : null);
    expect(rig.demo.orderCount()).toBe(0);
  });
});
