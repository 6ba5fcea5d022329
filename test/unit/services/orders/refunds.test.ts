// Refunds through the services as the UI calls them, against the demo server on one hand-moved
// clock: full and partial refunds, the remainder, the same-amount rule, KBC/CBC's business day,
// cancelling a pending refund (and being refused once it went to the bank), orders not refundable.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nextBusinessDayStart } from '@shared/msp-time';
import type { Rig } from '../../../support/services';
import { paymentLink } from '../../../support/services';
import { paidOrder, press, refundRequests, refundRig } from '../../../support/refunds';
import type { ManualClock } from '../../../support/refunds';

let rig: Rig;
let clock: ManualClock;
afterEach(async () => rig?.close());

const MINUTE = 60_000;

describe('refunds', () => {
  it('refunds part, then all that remains: exact refund ids, the order becomes partial_refunded, then refunded', async () => {
    ({ rig, clock } = await refundRig());
    const order = await paidOrder(rig);
    expect(order.status).toBe('completed');
    const before = await rig.value('refunds.list', order.key);
    expect(before).toMatchObject({ remainder: 4250, refunded: 0, refusal: null, chargebackRisk: false });

    const partial = await rig.value('refunds.create', { key: order.key, amount: 1250, full: false });
    expect(partial).toMatchObject({ refunded: 1250, remainder: 3000 });
    const [first] = partial.refunds;
    expect(first).toMatchObject({ refundOrderId: `${order.orderId}-R1`, amount: 1250, state: 'created', status: 'reserved', cancellable: true, operator: 'tester' });
    const server = rig.demo.getOrder(order.orderId)!;
    const listed = (server.related_transactions as { transaction_id: { value: string } }[])[0]!;
    expect(first!.refundId).toBe(listed.transaction_id.value); // 17 digits, exact
    expect(first!.refundId).toMatch(/^\d{17}$/);
    expect(JSON.parse(refundRequests(rig, order.orderId, 'POST')[0]!.body)).toEqual({
      currency: 'EUR',
      amount: 1250,
      description: `Refund of ${order.orderId}`,
      refund_order_id: `${order.orderId}-R1`,
    });
    expect((await rig.value('orders.get', order.key)).status).toBe('partial_refunded');

    clock.advance(MINUTE);
    const full = await rig.value('refunds.create', { key: order.key, amount: 3000, full: true });
    expect(full).toMatchObject({ refunded: 4250, remainder: 0, refusal: { key: 'refund.fullyRefunded' } });
    expect((await rig.value('orders.get', order.key)).status).toBe('refunded');
    expect(rig.demo.getOrder(order.orderId)).toMatchObject({ amount_refunded: 4250, status: 'refunded', financial_status: 'completed' });

    const again = await rig.call('refunds.create', { key: order.key, amount: 1, full: false });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { _: { key: 'refund.fullyRefunded' } } } });
    expect(refundRequests(rig, order.orderId, 'POST')).toHaveLength(2);
    const audit = await rig.value('audit.list', {});
    expect(audit.items.filter((e) => e.action === 'refund.create')).toHaveLength(2);
  });

  it('refuses a refund above the remainder locally (nothing sent), and a full refund that is not the remainder', async () => {
    ({ rig, clock } = await refundRig());
    const order = await paidOrder(rig);
    await rig.value('refunds.create', { key: order.key, amount: 4000, full: false });
    const over = await rig.call('refunds.create', { key: order.key, amount: 251, full: false });
    expect(over).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { amount: { key: 'refund.overRemainder', params: { remainder: 250, currency: 'EUR' } } } } });
    const notAll = await rig.call('refunds.create', { key: order.key, amount: 100, full: true });
    expect(notAll).toMatchObject({ ok: false, error: { fields: { amount: { key: 'refund.fullMismatch' } } } });
    expect(refundRequests(rig, order.orderId, 'POST')).toHaveLength(1);
    // The API is the second check: the demo refuses it too (1034).
    const direct = await fetch(`${rig.demo.apiBase}/orders/${order.orderId}/refunds`, {
      method: 'POST',
      headers: { api_key: 'demo-console-key', 'content-type': 'application/json' },
      body: JSON.stringify({ currency: 'EUR', amount: 251 }),
    });
    expect(await direct.json()).toMatchObject({ success: false, error_code: 1034 });
  });

  it('refuses the same amount again within 5 minutes (locally, with when it becomes possible), allows it after', async () => {
    ({ rig, clock } = await refundRig());
    const order = await paidOrder(rig);
    await rig.value('refunds.create', { key: order.key, amount: 1000, full: false });
    clock.advance(4 * MINUTE + 59_000);
    const same = await rig.call('refunds.create', { key: order.key, amount: 1000, full: false });
    const after = new Date(clock.now() - (4 * MINUTE + 59_000) + 5 * MINUTE).toISOString();
    expect(same).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { amount: { key: 'refund.sameAmountRecently', params: { after } } } } });
    expect(refundRequests(rig, order.orderId, 'POST')).toHaveLength(1);
    // Another amount is fine at once; the same one once five minutes have passed.
    await rig.value('refunds.create', { key: order.key, amount: 999, full: false });
    clock.advance(1000);
    const later = await rig.value('refunds.create', { key: order.key, amount: 1000, full: false });
    expect(later.refunds.map((r) => r.state)).toEqual(['created', 'created', 'created']);
    expect(later.remainder).toBe(4250 - 2999);
  });

  it('the demo refuses the same amount within 5 minutes itself (1034)', async () => {
    ({ rig, clock } = await refundRig());
    const order = await paidOrder(rig);
    const post = () =>
      fetch(`${rig.demo.apiBase}/orders/${order.orderId}/refunds`, {
        method: 'POST',
        headers: { api_key: 'demo-console-key', 'content-type': 'application/json' },
        body: JSON.stringify({ currency: 'EUR', amount: 500 }),
      }).then((r) => r.json());
    expect(await post()).toMatchObject({ success: true });
    clock.advance(4 * MINUTE);
    expect(await post()).toMatchObject({ success: false, error_code: 1034 });
    clock.advance(MINUTE);
    expect(await post()).toMatchObject({ success: true });
  });

  it('refuses a KBC payment until the business day after it completed, with that date', async () => {
    ({ rig, clock } = await refundRig());
    const created = await rig.value('orders.create', { ...paymentLink({ amount: 4250 }), type: 'direct', gateway: 'KBC', customer: { locale: 'nl_BE' } });
    await press(rig, created.paymentUrl!, 'pay');
    const order = await rig.value('orders.refresh', created.key);
    expect(order).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
    const from = nextBusinessDayStart(Date.parse(order.completedAt!));
    expect(new Date(clock.now()).getUTCDay()).toBe(6); // a Saturday: Monday is the next business day
    const early = await rig.call('refunds.create', { key: order.key, amount: 1000, full: false });
    expect(early).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { _: { key: 'refund.kbcNotYet', params: { date: new Date(from).toISOString() } } } } });
    expect(new Date(from).getUTCDay()).toBe(0); // Monday 00:00 in Amsterdam is Sunday 23:00 UTC
    clock.set(from - 1000);
    expect(await rig.call('refunds.create', { key: order.key, amount: 1000, full: false })).toMatchObject({ ok: false });
    expect(refundRequests(rig, order.orderId, 'POST')).toHaveLength(0);
    clock.set(from);
    expect((await rig.value('refunds.create', { key: order.key, amount: 1000, full: false })).refunds[0]).toMatchObject({ state: 'created' });
  });

  it('cancels a pending refund (allowed), and refuses to cancel one that went to the bank at midnight', async () => {
    ({ rig, clock } = await refundRig());
    const order = await paidOrder(rig);
    const made = await rig.value('refunds.create', { key: order.key, amount: 2000, full: false });
    const pending = made.refunds[0]!;
    const cancelled = await rig.value('refunds.cancel', { key: order.key, refundOrderId: pending.refundOrderId });
    expect(cancelled.refunds[0]).toMatchObject({ status: 'void', cancellable: false });
    expect(cancelled).toMatchObject({ refunded: 0, remainder: 4250 });
    expect(refundRequests(rig, order.orderId, 'PATCH').map((r) => JSON.parse(r.body))).toEqual([{ status: 'void' }]);
    expect((await rig.value('orders.get', order.key)).status).toBe('completed');

    clock.advance(MINUTE);
    const second = await rig.value('refunds.create', { key: order.key, amount: 1500, full: false });
    clock.advance(24 * 60 * MINUTE); // past midnight: handed to the bank
    expect((await rig.value('refunds.list', order.key)).refunds[1]).toMatchObject({ cancellable: false });
    const refused = await rig.call('refunds.cancel', { key: order.key, refundOrderId: second.refunds[1]!.refundOrderId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { _: { key: 'refund.notCancellable' } } } });
    expect(refundRequests(rig, order.orderId, 'PATCH')).toHaveLength(1);
    expect((await rig.value('refunds.refresh', order.key)).refunds[1]).toMatchObject({ status: 'completed' });
    const audit = await rig.value('audit.list', {});
    expect(audit.items.find((e) => e.action === 'refund.cancel')).toBeTruthy();
  });

  it('refuses orders that are not refundable in main, with a field-level reason', async () => {
    ({ rig, clock } = await refundRig());
    const unpaid = await rig.value('orders.create', paymentLink());
    expect(await rig.call('refunds.create', { key: unpaid.key, amount: 100, full: false })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fields: { _: { key: 'refund.notPaid' } } },
    });
    expect((await rig.value('refunds.list', unpaid.key)).refusal).toEqual({ key: 'refund.notPaid' });
    const missing = await rig.call('refunds.create', { key: { ...unpaid.key, orderId: 'CON-NOPE' }, amount: 100, full: false });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Bad input never reaches the service: the contract refuses it.
    for (const amount of [0, -5, 1.5, 10_000_001]) {
      expect(await rig.call('refunds.create', { key: unpaid.key, amount, full: false })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(rig.demo.received.filter((r) => r.path.includes('/refunds'))).toHaveLength(0);
  });

  it('refuses an order marked for review (a read-back about another order), and settles nothing from such an answer', async () => {
    ({ rig, clock } = await refundRig());
    const order = await paidOrder(rig);
    const other = JSON.stringify({ success: true, data: { ...rig.demo.getOrder(order.orderId), order_id: 'SOMEONE-ELSE', transaction_id: 1 } });
    rig.demo.injectFault({ mode: 'answer_before', method: 'GET', path: '/orders/', body: other });
    expect((await rig.value('orders.refresh', order.key)).state).toBe('needs_review');
    expect(await rig.call('refunds.create', { key: order.key, amount: 100, full: false })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fields: { _: { key: 'refund.needsReview' } } },
    });
    expect(refundRequests(rig, order.orderId, 'POST')).toHaveLength(0);
  });

  it('refunds a crash left "sending" become unknown at start and are settled by reading back, never sent again', async () => {
    ({ rig, clock } = await refundRig());
    const order = await paidOrder(rig);
    await rig.services.dispose();
    // As if the console died mid-POST: two intent rows; the first request reached MultiSafepay, the second did not.
    const db = new Database(join(rig.dataDir, 'console.sqlite3'));
    const row = (db.prepare('SELECT id FROM orders WHERE order_id = ?').get(order.orderId) as { id: number }).id;
    const intent = db.prepare(`INSERT INTO refunds (order_row, refund_order_id, amount, currency, state, request_body, operator, created_at, updated_at)
      VALUES (?, ?, ?, 'EUR', 'sending', '{}', 'tester', ?, ?)`);
    intent.run(row, `${order.orderId}-R1`, 700, clock.now(), clock.now());
    intent.run(row, `${order.orderId}-R2`, 800, clock.now(), clock.now());
    db.close();
    await fetch(`${rig.demo.apiBase}/orders/${order.orderId}/refunds`, {
      method: 'POST',
      headers: { api_key: 'demo-console-key', 'content-type': 'application/json' },
      body: JSON.stringify({ currency: 'EUR', amount: 700, refund_order_id: `${order.orderId}-R1` }),
    });
    await rig.restart();
    const recovered = await rig.value('refunds.list', order.key);
    expect(recovered.refunds.map((r) => r.state)).toEqual(['unknown', 'unknown']);
    expect(recovered).toMatchObject({ refusal: { key: 'refund.unsettled' }, remainder: 4250 - 1500 });
    const read = await rig.value('refunds.refresh', order.key);
    expect(read.refunds.map((r) => [r.state, r.status])).toEqual([['created', 'reserved'], ['unknown', null]]);
    clock.advance(5 * MINUTE);
    const settled = await rig.value('refunds.refresh', order.key);
    expect(settled.refunds.map((r) => r.state)).toEqual(['created', 'not_sent']);
    expect(settled).toMatchObject({ refusal: null, remainder: 4250 - 700 });
    expect(refundRequests(rig, order.orderId, 'POST')).toHaveLength(1); // only the test's own
  });

  it('warns about the chargeback risk of a direct debit', async () => {
    ({ rig, clock } = await refundRig());
    const debit = await rig.value('orders.create', {
      type: 'direct',
      gateway: 'DIRDEB',
      amount: 1000,
      currency: 'EUR',
      description: 'Subscription',
      mandate: { iban: 'NL87ABNA0000000001', holderName: 'J. Jansen', holderCountry: 'NL', emandate: 'M-1' },
    });
    expect(await rig.value('refunds.list', debit.key)).toMatchObject({ chargebackRisk: true, refusal: { key: 'refund.notPaid' } });
    clock.advance(3 * MINUTE); // this test IBAN is collected after two minutes
    expect((await rig.value('orders.refresh', debit.key)).status).toBe('completed');
    const refunded = await rig.value('refunds.create', { key: debit.key, amount: 1000, full: true });
    expect(refunded).toMatchObject({ chargebackRisk: true, remainder: 0 });
  });
});
