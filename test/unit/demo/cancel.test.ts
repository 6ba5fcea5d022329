import { describe, expect, it } from 'vitest';
import type { DemoServer } from '../../../electron/demo/server';
import { call, DAY, demo, directDebit, expectError, manualClock, num, paymentLink } from './support';

const CANCEL = { status: 'cancelled', exclude_order: true };

async function statusOf(server: DemoServer, orderId: unknown) {
  const data = (await call(server, 'GET', `/orders/${String(orderId)}`)).json.data;
  return `${data.status}/${data.financial_status}`;
}

describe('PATCH /orders/{order_id}: cancel (unpaid orders only)', () => {
  it('cancels an unpaid link; the financial status is left as it was; the page says so', async () => {
    const server = await demo();
    const body = paymentLink();
    const created = await call(server, 'POST', '/orders', body);
    const answer = await call(server, 'PATCH', `/orders/${String(body.order_id)}`, CANCEL);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ success: true, data: {} });
    expect(await statusOf(server, body.order_id)).toBe('cancelled/initialized');
    const page = await fetch(String(created.json.data.payment_url));
    expect(await page.text()).toContain('The payment was cancelled.');
  });

  it('accepts exclude_order as 1, like the 2021 docs', async () => {
    const server = await demo();
    const body = paymentLink();
    await call(server, 'POST', '/orders', body);
    expect((await call(server, 'PATCH', `/orders/${String(body.order_id)}`, { status: 'cancelled', exclude_order: 1 })).status).toBe(200);
  });

  it('refuses paid orders, other statuses and a second cancel', async () => {
    const server = await demo();
    const body = paymentLink();
    await call(server, 'POST', '/orders', body);
    const path = `/orders/${String(body.order_id)}`;
    expectError(await call(server, 'PATCH', path, { status: 'shipped' }), 404, 1000);
    expectError(await call(server, 'PATCH', path, '{"status":'), 404, 1000);
    expect((await call(server, 'PATCH', path, CANCEL)).status).toBe(200);
    expectError(await call(server, 'PATCH', path, CANCEL), 404, 1000);
  });

  it('answers an unknown order with 410 and error 1000 (not 1006), data ""', async () => {
    const server = await demo();
    const answer = await call(server, 'PATCH', '/orders/nope', CANCEL);
    expect(answer.status).toBe(410);
    expect({ code: num(answer.json.error_code), data: answer.json.data }).toEqual({ code: '1000', data: '' });
  });

  it('lets a direct debit be cancelled only until the e-mandate has gone to the bank', async () => {
    const clock = manualClock();
    const server = await demo({ clock });
    const early = directDebit();
    const late = directDebit();
    await call(server, 'POST', '/orders', early);
    await call(server, 'POST', '/orders', late);
    clock.advance(DAY); // checked, e-mandate generated: uncleared/initialized, still cancellable
    expect((await call(server, 'PATCH', `/orders/${String(early.order_id)}`, CANCEL)).status).toBe(200);
    expect(await statusOf(server, early.order_id)).toBe('cancelled/initialized');
    clock.advance(9 * DAY); // collected
    expectError(await call(server, 'PATCH', `/orders/${String(late.order_id)}`, CANCEL), 404, 1000);
    expect(await statusOf(server, early.order_id)).toBe('cancelled/initialized'); // nothing scheduled after a cancel
  });
});

describe('read and key faults', () => {
  it('notfound_before: a GET says 1006 although the order exists (a lagging read)', async () => {
    const server = await demo();
    const body = paymentLink();
    await call(server, 'POST', '/orders', body);
    server.injectFault({ mode: 'notfound_before', method: 'GET', path: '/orders/' });
    expectError(await call(server, 'GET', `/orders/${String(body.order_id)}`), 404, 1006);
    expect((await call(server, 'GET', `/orders/${String(body.order_id)}`)).status).toBe(200);
  });

  it('badkey_before: refused as a bad key, nothing created', async () => {
    const server = await demo();
    server.injectFault({ mode: 'badkey_before', method: 'POST' });
    expectError(await call(server, 'POST', '/orders', paymentLink()), 401, 1032);
    expect(server.orderCount()).toBe(0);
  });
});
