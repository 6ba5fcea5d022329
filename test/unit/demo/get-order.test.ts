import { describe, expect, it } from 'vitest';
import { call, demo, directDebit, expectError, num, paymentLink } from './support';

describe('GET /orders/{order_id}', () => {
  it('returns the full order details, as GET /orders/{order_id} does', async () => {
    const server = await demo({ clock: { now: () => Date.UTC(2026, 10, 21, 9, 0, 0) } });
    const body = directDebit('NL91ABNA0417164300', { var2: 'two', customer: { email: 's@example.com' } });
    await call(server, 'POST', '/orders', body);
    const answer = await call(server, 'GET', `/orders/${body.order_id}`);
    expect(answer.status).toBe(200);
    const data = answer.json.data;
    expect(data).toMatchObject({
      order_id: body.order_id,
      created: '2026-11-21T10:00:00', // CET, UTC+1
      modified: '2026-11-21T10:00:00',
      currency: 'EUR',
      description: 'Membership fee',
      status: 'initialized',
      financial_status: 'initialized',
      customer: { email: 's@example.com' },
      payment_details: {
        type: 'DIRDEB',
        account_iban: '*** 4300',
        account_holder_name: 'Simon Smit',
      },
      costs: [],
      related_transactions: null,
      var1: null,
      var2: 'two',
      var3: null,
      custom_info: { custom_1: null, custom_2: null, custom_3: null },
    });
    expect([num(data.amount), num(data.amount_refunded)]).toEqual(['2500', '0']);
    expect(num(data.transaction_id)).toMatch(/^\d{17}$/);
    expect(data.payment_url).toBeUndefined();
    expect(data.completed).toBeUndefined();
  });

  it('shows a payment link order with no gateway as payment_details.type null', async () => {
    const server = await demo();
    const body = paymentLink();
    await call(server, 'POST', '/orders', body);
    const data = (await call(server, 'GET', `/orders/${body.order_id}`)).json.data;
    expect(data.payment_details.type).toBeNull();
    expect(data.customer).toEqual({});
  });

  it('percent-decodes the order_id and also resolves a numeric transaction_id', async () => {
    const server = await demo();
    const body = paymentLink({ order_id: 'A/B 1?é' });
    await call(server, 'POST', '/orders', body);
    const byOrderId = await call(server, 'GET', `/orders/${encodeURIComponent('A/B 1?é')}`);
    expect(byOrderId.json.data.order_id).toBe('A/B 1?é');

    const transactionId = String(server.getOrder('A/B 1?é')?.transaction_id);
    const byTransaction = await call(server, 'GET', `/orders/${transactionId}`);
    expect(byTransaction.status).toBe(200);
    expect(byTransaction.json.data.order_id).toBe('A/B 1?é');
  });

  it('answers 404 / 1006 for an unknown order, another key\'s order, or a broken path', async () => {
    const server = await demo({ keys: { test: ['key-a', 'key-b'], live: [] } });
    const body = paymentLink();
    await call(server, 'POST', '/orders', body, { key: 'key-a' });
    const missing = await call(server, 'GET', '/orders/nope', undefined, { key: 'key-a' });
    expectError(missing, 404, 1006);
    expect(missing.json.error_info).toBe('Invalid transaction ID');
    expectError(await call(server, 'GET', `/orders/${body.order_id}`, undefined, { key: 'key-b' }), 404, 1006);
    expectError(await call(server, 'GET', '/orders/%E0%A4%A', undefined, { key: 'key-a' }), 404, 1006);
    expectError(await call(server, 'GET', '/orders/12345678901234567', undefined, { key: 'key-a' }), 404, 1006);
  });

  it('getOrder() is the server-side view with a string transaction_id and the payment_url', async () => {
    const server = await demo();
    const created = await call(server, 'POST', '/orders', paymentLink());
    const order = server.getOrder(created.json.data.order_id);
    expect(order).toMatchObject({
      order_id: created.json.data.order_id,
      payment_url: created.json.data.payment_url,
      session_id: created.json.data.session_id,
      status: 'initialized',
    });
    expect(typeof order?.transaction_id).toBe('string');
    expect(server.getOrder('nope')).toBeUndefined();
  });
});
