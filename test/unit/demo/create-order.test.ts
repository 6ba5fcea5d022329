import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'lossless-json';
import { call, demo, directDebit, expectError, num, paymentLink } from './support';

describe('POST /orders validation (checks in the API\'s order: the first failing one is the error)', () => {
  it('1016 when the body is not JSON or not an object', async () => {
    const server = await demo();
    expectError(await call(server, 'POST', '/orders', '{"amount": 1000,'), 404, 1016);
    expectError(await call(server, 'POST', '/orders', ''), 404, 1016);
    expectError(await call(server, 'POST', '/orders', '[1, 2]'), 404, 1016);
    expect(server.orderCount()).toBe(0);
  });

  it('1001 unless amount is a JSON integer of at least 1', async () => {
    const server = await demo();
    for (const amount of ['1000', 0, -5, 10.5, null]) {
      expectError(await call(server, 'POST', '/orders', paymentLink({ amount })), 404, 1001);
    }
    expectError(await call(server, 'POST', '/orders', paymentLink({ amount: undefined })), 404, 1001);
    const exponent = JSON.stringify(paymentLink()).replace('"amount":1000', '"amount":1e3');
    expectError(await call(server, 'POST', '/orders', exponent), 404, 1001);
  });

  it('1002 for a currency not enabled, or not offered by the gateway', async () => {
    const server = await demo();
    expectError(await call(server, 'POST', '/orders', paymentLink({ currency: 'JPY' })), 404, 1002);
    expectError(await call(server, 'POST', '/orders', paymentLink({ currency: 'eur' })), 404, 1002);
    expectError(await call(server, 'POST', '/orders', paymentLink({ currency: undefined })), 404, 1002);
    for (const gateway of ['DIRDEB', 'KBC', 'CBC']) {
      expectError(await call(server, 'POST', '/orders', paymentLink({ gateway, currency: 'GBP' })), 404, 1002);
    }
    expect((await call(server, 'POST', '/orders', paymentLink({ currency: 'GBP' }))).status).toBe(200);
    expect((await call(server, 'POST', '/orders', paymentLink({ gateway: 'BANKTRANS', currency: 'SEK' }))).status).toBe(200);
  });

  it('1008 for a missing, blank or over-long description', async () => {
    const server = await demo();
    for (const description of [undefined, '', '   ', 'x'.repeat(201), 42]) {
      expectError(await call(server, 'POST', '/orders', paymentLink({ description })), 404, 1008);
    }
    expect((await call(server, 'POST', '/orders', paymentLink({ description: 'x'.repeat(200) }))).status).toBe(200);
  });

  it('1006 for a missing, over-long, non-string or already used order_id (per API key)', async () => {
    const server = await demo({ keys: { test: ['key-a', 'key-b'], live: [] } });
    for (const order_id of [undefined, '', 'x'.repeat(51), 12345]) {
      expectError(await call(server, 'POST', '/orders', paymentLink({ order_id }), { key: 'key-a' }), 404, 1006);
    }
    const body = paymentLink({ order_id: 'x'.repeat(50) });
    expect((await call(server, 'POST', '/orders', body, { key: 'key-a' })).status).toBe(200);
    const again = await call(server, 'POST', '/orders', body, { key: 'key-a' });
    expectError(again, 404, 1006);
    expect(again.json.error_info).toMatch(/^Invalid order ID/);
    expect((await call(server, 'POST', '/orders', body, { key: 'key-b' })).status).toBe(200);
    expect(server.orderCount()).toBe(2);
  });

  it('1010 for var1..var3 over 100 characters', async () => {
    const server = await demo();
    for (const field of ['var1', 'var2', 'var3']) {
      expectError(await call(server, 'POST', '/orders', paymentLink({ [field]: 'v'.repeat(101) })), 404, 1010);
    }
    const ok = await call(server, 'POST', '/orders', paymentLink({ var1: 'v'.repeat(100), var2: null }));
    expect(ok.status).toBe(200);
  });

  it('1018 for a country that is not ISO 3166-1 alpha-2', async () => {
    const server = await demo();
    for (const country of ['XX', 'nl', 'NLD', 'UK', 7]) {
      expectError(await call(server, 'POST', '/orders', paymentLink({ customer: { country } })), 404, 1018);
    }
    const holder = directDebit(undefined, {});
    (holder.gateway_info as Record<string, unknown>).account_holder_country = 'ZZ';
    expectError(await call(server, 'POST', '/orders', holder), 404, 1018);
    expect((await call(server, 'POST', '/orders', paymentLink({ customer: { country: 'BE' } }))).status).toBe(200);
  });

  it('1007 for an invalid customer IP address', async () => {
    const server = await demo();
    for (const ip_address of ['999.1.1.1', 'localhost', 12]) {
      expectError(await call(server, 'POST', '/orders', paymentLink({ customer: { ip_address } })), 404, 1007);
    }
    // The published Customer schema: forwarded_ip is IPv4 only.
    expectError(await call(server, 'POST', '/orders', paymentLink({ customer: { forwarded_ip: '2001:db8::1' } })), 404, 1007);
    const ok = paymentLink({ customer: { ip_address: '2001:db8::1', forwarded_ip: '' } });
    expect((await call(server, 'POST', '/orders', ok)).status).toBe(200);
    expect((await call(server, 'POST', '/orders', paymentLink({ customer: { forwarded_ip: '203.0.113.7' } }))).status).toBe(200);
  });

  it('1023 for an unknown gateway, a direct order without one, or a gateway without direct support', async () => {
    const server = await demo();
    expectError(await call(server, 'POST', '/orders', paymentLink({ gateway: 'NOPE' })), 404, 1023);
    expectError(await call(server, 'POST', '/orders', paymentLink({ type: 'direct' })), 404, 1023);
    expectError(await call(server, 'POST', '/orders', paymentLink({ type: 'direct', gateway: 'IDEAL' })), 404, 1023);
    expectError(await call(server, 'POST', '/orders', paymentLink({ type: 'direct', gateway: 'INGHOME' })), 404, 1023);
    expectError(await call(server, 'POST', '/orders', paymentLink({ gateway: 'INGHOME' })), 404, 1023);
    expect(server.orderCount()).toBe(0);
  });

  it('1016 for an unknown type', async () => {
    const server = await demo();
    expectError(await call(server, 'POST', '/orders', paymentLink({ type: 'magic' })), 404, 1016);
    expectError(await call(server, 'POST', '/orders', paymentLink({ type: '' })), 404, 1016);
  });

  it('1016 when a DIRDEB direct order lacks a mandate field or has a bad IBAN', async () => {
    const server = await demo();
    for (const field of ['account_id', 'account_holder_name', 'account_holder_iban', 'emandate']) {
      const body = directDebit();
      delete (body.gateway_info as Record<string, unknown>)[field];
      const answer = await call(server, 'POST', '/orders', body);
      expectError(answer, 404, 1016);
      expect(answer.json.error_info).toContain(field);
    }
    expectError(await call(server, 'POST', '/orders', directDebit('NL91ABNA0417164301')), 404, 1016);
    expectError(await call(server, 'POST', '/orders', directDebit('not an iban')), 404, 1016);
    expectError(await call(server, 'POST', '/orders', { ...directDebit(), gateway_info: undefined }), 404, 1016);
    expect((await call(server, 'POST', '/orders', directDebit('NL91 ABNA 0417 1643 00'))).status).toBe(200);
    expect((await call(server, 'POST', '/orders', directDebit('NL87ABNA0000000003'))).status).toBe(200);
  });

  it('accepts the test IBANs only when imitating the test environment', async () => {
    const live = await demo({ environment: 'live' });
    const body = directDebit('NL87ABNA0000000001');
    expectError(await call(live, 'POST', '/orders', body, { key: 'demo-live-key' }), 404, 1016);
  });

  it('1016 for a notification_url that is not https or longer than 150 characters', async () => {
    const server = await demo();
    const bad = ['http://example.com/hook', `https://example.com/${'a'.repeat(140)}`, 'not a url', 5];
    for (const notification_url of bad) {
      expectError(await call(server, 'POST', '/orders', paymentLink({ payment_options: { notification_url } })), 404, 1016);
    }
    const ok = paymentLink({ payment_options: { notification_url: 'https://example.com/hook?type=x' } });
    expect((await call(server, 'POST', '/orders', ok)).status).toBe(200);
  });

  it('reports the first failing check in the documented order', async () => {
    const server = await demo();
    const everythingWrong = {
      amount: '1000',
      currency: 'XXX',
      description: '',
      order_id: '',
      var1: 'v'.repeat(101),
      customer: { country: 'XX', ip_address: 'x' },
      gateway: 'NOPE',
    };
    expectError(await call(server, 'POST', '/orders', everythingWrong), 404, 1001);
    expectError(await call(server, 'POST', '/orders', { ...everythingWrong, amount: 5 }), 404, 1002);
    expectError(await call(server, 'POST', '/orders', { ...everythingWrong, amount: 5, currency: 'EUR' }), 404, 1008);
    const laterChecks = { ...everythingWrong, amount: 5, currency: 'EUR', description: 'd', order_id: 'o' };
    expectError(await call(server, 'POST', '/orders', laterChecks), 404, 1010);
    expectError(await call(server, 'POST', '/orders', { ...laterChecks, var1: 'v' }), 404, 1018);
    const ipOnly = { ...laterChecks, var1: 'v', customer: { ip_address: 'x' } };
    expectError(await call(server, 'POST', '/orders', ipOnly), 404, 1007);
    expectError(await call(server, 'POST', '/orders', { ...ipOnly, customer: {} }), 404, 1023);
  });
});

describe('POST /orders responses', () => {
  it('answers a payment link with order_id, payment_url on this server, and session_id', async () => {
    const server = await demo();
    const body = paymentLink({ customer: { locale: 'nl_NL' } });
    const answer = await call(server, 'POST', '/orders', body);
    expect(answer.status).toBe(200);
    expect(answer.json.success).toBe(true);
    const data = answer.json.data;
    expect(Object.keys(data).sort()).toEqual(['order_id', 'payment_url', 'session_id']);
    expect(data.order_id).toBe(body.order_id);
    expect(data.payment_url).toBe(`${server.url}/connect/${data.session_id}/?lang=nl_NL`);
    expect(data.session_id).toMatch(/^[A-Za-z0-9]{20,}$/);
  });

  it('defaults type to redirect and lang to en_US', async () => {
    const server = await demo();
    const answer = await call(server, 'POST', '/orders', paymentLink({ type: undefined }));
    expect(answer.json.data.payment_url).toMatch(/\/\?lang=en_US$/);
    expect(server.getOrder(answer.json.data.order_id)).toBeDefined();
  });

  it('answers a KBC direct order with the full order and a fake bank page', async () => {
    const server = await demo();
    const body = paymentLink({
      type: 'direct',
      gateway: 'KBC',
      description: 'Invoice <b>7</b> & "more" – café',
      var1: 'a',
      var3: 'c',
      custom_info: { custom_2: 'two' },
      customer: { locale: 'nl_BE', first_name: 'Simon', phone: '0208500500', country: 'BE' },
    });
    const answer = await call(server, 'POST', '/orders', body);
    expect(answer.status).toBe(200);
    const data = answer.json.data;
    expect(data).toMatchObject({
      order_id: body.order_id,
      currency: 'EUR',
      description: body.description,
      status: 'initialized',
      financial_status: 'initialized',
      costs: [],
      related_transactions: null,
      var1: 'a',
      var2: null,
      var3: 'c',
      custom_info: { custom_1: null, custom_2: 'two', custom_3: null },
      customer: { locale: 'nl_BE', first_name: 'Simon', phone1: '0208500500', country: 'BE' },
      payment_details: { type: 'KBC', account_iban: null },
    });
    expect([num(data.amount), num(data.amount_refunded)]).toEqual(['1000', '0']);
    expect(Object.keys(data.customer).sort()).toEqual(['country', 'first_name', 'locale', 'phone1']);
    expect(data.payment_url).toMatch(new RegExp(`^${server.url}/bank/[A-Za-z0-9]+$`));
    expect(data.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('answers a DIRDEB direct order with a masked IBAN and the merchant redirect_url', async () => {
    const server = await demo();
    const body = directDebit('NL91ABNA0417164300', {
      payment_options: { redirect_url: 'https://shop.example/return?type=redirect' },
    });
    const answer = await call(server, 'POST', '/orders', body);
    const data = answer.json.data;
    expect(data.payment_url).toBe(
      `https://shop.example/return?type=redirect&transactionid=${encodeURIComponent(String(body.order_id))}`,
    );
    expect(data.payment_details).toMatchObject({
      type: 'DIRDEB',
      account_iban: '*** 4300',
      account_id: '*** 4300',
      account_holder_name: 'Simon Smit',
    });
    expect(answer.text).not.toContain('0417164300');

    const plain = await call(server, 'POST', '/orders', directDebit('NL91ABNA0417164300', {
      payment_options: { redirect_url: 'https://shop.example/return' },
    }));
    expect(plain.json.data.payment_url).toMatch(/^https:\/\/shop\.example\/return\?transactionid=CON-TEST-\d+$/);
    const noRedirect = await call(server, 'POST', '/orders', directDebit());
    expect(noRedirect.json.data.payment_url).toMatch(new RegExp(`^${server.url}/connect/[A-Za-z0-9]+/\\?lang=en_US$`));
  });

  it('reports times in Amsterdam local time without an offset', async () => {
    const server = await demo({ clock: { now: () => Date.UTC(2026, 6, 1, 12, 30, 5) } });
    const answer = await call(server, 'POST', '/orders', paymentLink({ type: 'direct', gateway: 'CBC' }));
    expect(answer.json.data.created).toBe('2026-07-01T14:30:05'); // CEST, UTC+2
    expect(answer.json.data.modified).toBe('2026-07-01T14:30:05');
  });
});

describe('transaction_id: a 17-digit bare number literal', () => {
  it('is emitted unquoted, beyond Number.MAX_SAFE_INTEGER, and stored as a string', async () => {
    const server = await demo();
    const body = paymentLink({ type: 'direct', gateway: 'KBC' });
    const answer = await call(server, 'POST', '/orders', body);
    const literal = /"transaction_id":(\d+)[,}]/.exec(answer.text)?.[1];
    expect(literal).toMatch(/^\d{17}$/);
    expect(BigInt(literal!) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(server.getOrder(String(body.order_id))?.transaction_id).toBe(literal);
  });

  it('survives a lossless parse/stringify round trip (JSON.parse could not hold it safely)', async () => {
    const server = await demo();
    const created = await call(server, 'POST', '/orders', paymentLink({ type: 'direct', gateway: 'CBC' }));
    const id = String(server.getOrder(created.json.data.order_id)?.transaction_id);
    const read = await call(server, 'GET', `/orders/${created.json.data.order_id}`);
    expect(num(read.json.data.transaction_id)).toBe(id);
    expect(stringify(parse(read.text))).toContain(`"transaction_id":${id}`);
    expect(Number.isSafeInteger(JSON.parse(read.text).data.transaction_id)).toBe(false);
  });

  it('gives every order, payment links too, its own transaction at creation', async () => {
    const server = await demo({ clock: { now: () => 0 } });
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const answer = await call(server, 'POST', '/orders', paymentLink());
      const id = server.getOrder(answer.json.data.order_id)?.transaction_id;
      expect(id).toMatch(/^\d{17}$/);
      ids.add(String(id));
    }
    expect(ids.size).toBe(5);
  });
});
