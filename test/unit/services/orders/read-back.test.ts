// Every read-back (refresh, the reconciler, the check after a resend's 1006) takes an answer only
// when it is about this order. MultiSafepay's published getOrder.json, served as-is by the demo
// server, names example_order_123456: it must settle nothing, mark the order for review and stay
// in the order's timeline.
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../../electron/services/platform/clock';
import { differences, sentOrder } from '../../../../electron/services/orders/read-back';
import { CHECK_BACKOFF_MS } from '../../../../electron/services/orders/reconcile';
import { errorExample, responseExamples } from '../../../support/openapi';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';
import type { OrderView } from '@shared/orders';

let rig: Rig;
afterEach(async () => rig?.close());

/** MultiSafepay's published GET /orders/{id} answer, byte for byte (completed, 17-digit transaction id). */
const GET_ORDER = responseExamples('/orders/{psp_id}', 'get', 200).orderDetails!;
const FOREIGN_TX = '17472052901237122';

const gets = (r: Rig) => r.demo.received.filter((q) => q.method === 'GET' && q.path.startsWith('/orders/'));

async function clockedRig() {
  const clock = manualClock();
  const r = await startRig({ demo: { clock }, services: { clock, reconcileEveryMs: 0, requestTimeoutMs: 300 } });
  return { rig: r, clock };
}

/** The order's answer as the demo would give it, with some fields changed. */
function ownAnswerWith(r: Rig, orderId: string, change: Record<string, unknown>): string {
  const data = { ...r.demo.getOrder(orderId)!, ...change };
  return JSON.stringify({ success: true, data });
}

async function expectReviewWithForeignAnswer(r: Rig, key: OrderView['key'], body: string) {
  const detail = await r.value('orders.get', key);
  expect(detail.state).toBe('needs_review');
  expect(detail.status).not.toBe('completed');
  expect(detail.transactionId).not.toBe(FOREIGN_TX);
  expect(detail.problem?.code).toBe('foreign_answer');
  // The answer is kept for the timeline as it came (the detail view masks the IBANs in it).
  const shown = body.replaceAll('ES1255092163919572900001', 'ES12 **** **** **** **** 0001');
  expect(detail.exchanges.at(-1)).toMatchObject({ method: 'GET', httpStatus: 200, responseBody: shown });
  return detail;
}

describe('refresh', () => {
  it('a created order: the published getOrder.json (another order) settles nothing and marks it for review', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', paymentLink());
    expect(order).toMatchObject({ state: 'created', status: null, transactionId: null });
    rig.demo.injectFault({ mode: 'answer_before', method: 'GET', path: '/orders/', body: GET_ORDER });
    const read = await rig.value('orders.refresh', order.key);
    expect(read).toMatchObject({ state: 'needs_review', status: null, transactionId: null, paymentUrl: order.paymentUrl });
    const detail = await expectReviewWithForeignAnswer(rig, order.key, GET_ORDER);
    expect(detail.problem?.message).toContain('example_order_123456');
    // Its own answer, read again by hand, is taken again.
    const again = await rig.value('orders.refresh', order.key);
    expect(again).toMatchObject({ state: 'created', status: 'initialized' });
  });

  it('an unknown order is not taken as created by an answer about another order', async () => {
    rig = await startRig({ services: { requestTimeoutMs: 300 } });
    rig.demo.injectFault({ mode: 'reset_after', method: 'POST', path: '/orders' });
    const order = await rig.value('orders.create', paymentLink());
    expect(order.state).toBe('unknown');
    rig.demo.injectFault({ mode: 'answer_before', method: 'GET', path: '/orders/', body: GET_ORDER });
    expect((await rig.value('orders.refresh', order.key)).state).toBe('needs_review');
    await expectReviewWithForeignAnswer(rig, order.key, GET_ORDER);
  });

  it('an order marked for review may still be at MultiSafepay: it counts for the duplicate warning', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', { ...paymentLink({ amount: 4200 }), customer: { email: 'anne@example.nl' } });
    rig.demo.injectFault({ mode: 'answer_before', method: 'GET', path: '/orders/', body: GET_ORDER });
    expect((await rig.value('orders.refresh', order.key)).state).toBe('needs_review');
    const check = await rig.value('orders.precheck', { amount: 4200, currency: 'EUR', email: 'anne@example.nl' });
    expect(check.warnings.map((w) => [w.kind, w.orderId])).toEqual([['sameEmailAmount', order.orderId]]);
  });

  it.each([
    ['amount', { amount: 1001 }],
    ['currency', { currency: 'GBP' }],
    ['description', { description: 'Someone else’s order' }],
  ])('its own order_id with another %s is not this order either', async (field, change) => {
    rig = await startRig();
    const order = await rig.value('orders.create', paymentLink({ amount: 1000 }));
    const body = ownAnswerWith(rig, order.orderId, { ...change, status: 'completed', financial_status: 'completed' });
    rig.demo.injectFault({ mode: 'answer_before', method: 'GET', path: '/orders/', body });
    expect((await rig.value('orders.refresh', order.key)).state).toBe('needs_review');
    const detail = await expectReviewWithForeignAnswer(rig, order.key, body);
    expect(detail.problem?.message).toContain(`${field}:`);
  });
});

describe('the reconciler', () => {
  it('re-reads an unknown order; an answer about another order marks it for review and it is not asked again', async () => {
    const { rig: r, clock } = await clockedRig();
    rig = r;
    rig.demo.injectFault({ mode: 'hang_after', method: 'POST', path: '/orders' });
    const order = await rig.value('orders.create', paymentLink());
    expect(order.state).toBe('unknown');
    rig.demo.injectFault({ mode: 'answer_before', method: 'GET', path: '/orders/', body: GET_ORDER });
    clock.advance(CHECK_BACKOFF_MS[0]!);
    expect(await rig.services.reconcileNow()).toBe(1); // no longer unknown: nothing more to do by itself
    await expectReviewWithForeignAnswer(rig, order.key, GET_ORDER);
    const asked = gets(rig).length;
    clock.advance(60 * 60_000);
    await rig.services.reconcileNow();
    expect(gets(rig)).toHaveLength(asked);
    expect(rig.demo.orderCount()).toBe(1); // the order did land; staff find it in the dashboard
  });

  it('still settles an unknown order from an answer about it', async () => {
    const { rig: r, clock } = await clockedRig();
    rig = r;
    rig.demo.injectFault({ mode: 'reset_after', method: 'POST', path: '/orders' });
    const order = await rig.value('orders.create', paymentLink());
    clock.advance(CHECK_BACKOFF_MS[0]!);
    expect(await rig.services.reconcileNow()).toBe(1);
    const detail = await rig.value('orders.get', order.key);
    expect(detail).toMatchObject({ state: 'created', status: 'initialized', transactionId: String(rig.demo.getOrder(order.orderId)!.transaction_id) });
  });
});

describe('sending again (1006 read-back)', () => {
  it('1006 "duplicate", then an answer about another order: marked for review, not created', async () => {
    rig = await startRig();
    rig.demo.injectFault({ mode: 'http429', method: 'POST', path: '/orders' });
    const order = await rig.value('orders.create', paymentLink());
    expect(order.state).toBe('not_sent');
    const duplicate = JSON.stringify(errorExample('components/errors/Error1006.yaml'));
    rig.demo.injectFault({ mode: 'answer_before', method: 'POST', path: '/orders', status: 404, body: duplicate });
    rig.demo.injectFault({ mode: 'answer_before', method: 'GET', path: '/orders/', body: GET_ORDER });
    const resent = await rig.value('orders.resend', order.key);
    expect(resent).toMatchObject({ state: 'needs_review', status: null, transactionId: null });
    const detail = await expectReviewWithForeignAnswer(rig, order.key, GET_ORDER);
    expect(detail.exchanges.map((e) => `${e.method} ${e.httpStatus ?? '-'}`)).toEqual(['POST 429', 'POST 404', 'GET 200']);
  });
});

describe('what counts as "about this order"', () => {
  const sent = sentOrder(
    JSON.stringify({
      type: 'direct',
      order_id: 'CON-1',
      gateway: 'KBC',
      currency: 'EUR',
      amount: 1250,
      description: 'Repair',
      var1: 'ticket 7',
      customer: { first_name: 'Luc', email: 'Luc@Example.be', locale: 'nl_BE' },
    }),
  );
  const answer = {
    order_id: 'CON-1',
    amount: 1250,
    currency: 'EUR',
    description: 'Repair',
    var1: 'ticket 7',
    var2: null,
    customer: { first_name: 'Luc', last_name: null, email: 'luc@example.be', locale: 'nl_BE' },
    payment_details: { type: 'KBC' },
  };

  it('an answer with our values (and nulls where it carries nothing) is ours', () => {
    expect(differences(answer, sent)).toEqual([]);
    expect(differences({ order_id: 'CON-1', amount: '1250', currency: 'EUR' }, sent)).toEqual([]);
  });

  it('order_id, amount and currency always count; the rest where the answer carries them', () => {
    expect(differences({ ...answer, order_id: 'CON-2' }, sent)).toEqual(['order_id: "CON-2" ≠ "CON-1"']);
    expect(differences({ ...answer, amount: undefined }, sent)).toEqual(['amount: null ≠ "1250"']);
    expect(differences({ ...answer, currency: 'GBP' }, sent)).toEqual(['currency: "GBP" ≠ "EUR"']);
    expect(differences({ ...answer, var1: 'ticket 8' }, sent)).toEqual(['var1: "ticket 8" ≠ "ticket 7"']);
    expect(differences({ ...answer, customer: { ...answer.customer, first_name: 'Anne' } }, sent)).toEqual(['customer.first_name: "Anne" ≠ "Luc"']);
    expect(differences({ ...answer, payment_details: { type: 'CBC' } }, sent)).toEqual(['gateway: "CBC" ≠ "KBC"']);
  });

  it('on a payment page the customer may pick another method: the gateway counts for direct orders only', () => {
    const redirect = { ...sent, type: 'redirect' };
    expect(differences({ ...answer, payment_details: { type: 'MISTERCASH' } }, redirect)).toEqual([]);
  });
});
