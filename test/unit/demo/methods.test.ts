import { describe, expect, it } from 'vitest';
import { call, demo, expectError, paymentLink } from './support';

const ids = (items: { id: string }[]) => items.map((m) => m.id).sort();
const CORE = ['BANKTRANS', 'CBC', 'DIRDEB', 'IDEAL', 'KBC', 'MISTERCASH'];

describe('GET /payment-methods and /gateways', () => {
  it('lists payment methods in the PaymentMethod shape of GET /payment-methods', async () => {
    const server = await demo();
    const answer = await call(server, 'GET', '/payment-methods');
    expect(answer.status).toBe(200);
    const methods = answer.json.data;
    expect(ids(methods)).toEqual(CORE);
    for (const method of methods) {
      expect(Object.keys(method)).toEqual(expect.arrayContaining([
        'id', 'name', 'type', 'allowed_amount', 'allowed_countries', 'allowed_currencies', 'preferred_countries',
        'required_customer_data', 'shopping_cart_required', 'icon_urls', 'brands', 'apps', 'tokenization',
      ]));
      expect(method.type).toBe('payment-method');
      expect(method.brands).toEqual([]);
    }
    const dirdeb = methods.find((m: { id: string }) => m.id === 'DIRDEB');
    expect(String(dirdeb.allowed_amount.min)).toBe('100');
    expect(String(dirdeb.allowed_amount.max)).toBe('1000000');
    expect(dirdeb.allowed_currencies).toEqual(['EUR']);
    const kbc = methods.find((m: { id: string }) => m.id === 'KBC');
    expect(kbc.allowed_countries).toEqual(['BE']);
    expect(kbc.allowed_currencies).toEqual(['EUR']);
  });

  it('filters by amount, currency and country', async () => {
    const server = await demo();
    const list = async (query: string) => ids((await call(server, 'GET', `/payment-methods?${query}`)).json.data);
    expect(await list('amount=50')).not.toContain('DIRDEB');
    expect(await list('amount=1000001')).not.toContain('DIRDEB');
    expect(await list('amount=100')).toContain('DIRDEB');
    expect(await list('currency=GBP')).toEqual(['BANKTRANS']);
    expect(await list('country=NL')).toEqual(['BANKTRANS', 'DIRDEB', 'IDEAL']);
    expect(await list('country=BE&currency=EUR&amount=1000')).toEqual(CORE);
  });

  it('lists gateways as {id, description}', async () => {
    const server = await demo();
    const answer = await call(server, 'GET', '/gateways');
    expect(ids(answer.json.data)).toEqual(CORE);
    expect(answer.json.data).toContainEqual({ id: 'DIRDEB', description: 'SEPA Direct Debit' });
    expect(ids((await call(server, 'GET', '/gateways?country=NL')).json.data)).toEqual(['BANKTRANS', 'DIRDEB', 'IDEAL']);
  });

  it('returns one gateway or method case-insensitively, 404 / 1023 when unknown', async () => {
    const server = await demo();
    expect((await call(server, 'GET', '/gateways/kbc')).json.data).toEqual({ id: 'KBC', description: 'KBC' });
    expect((await call(server, 'GET', '/payment-methods/DIRDEB')).json.data.id).toBe('DIRDEB');
    expectError(await call(server, 'GET', '/gateways/NOPE'), 404, 1023);
    expectError(await call(server, 'GET', '/payment-methods/INGHOME'), 404, 1023);
  });
});

describe('legacy ING Home\'Pay', () => {
  it('is absent and refused (1023) by default', async () => {
    const server = await demo();
    expect(ids((await call(server, 'GET', '/gateways')).json.data)).not.toContain('INGHOME');
    const body = paymentLink({ type: 'direct', gateway: 'INGHOME', customer: { locale: 'nl_BE' } });
    expectError(await call(server, 'POST', '/orders', body), 404, 1023);
  });

  it('is offered and accepted in legacy mode, with a fake bank page', async () => {
    const server = await demo({ legacyIngHomePay: true });
    const methods = (await call(server, 'GET', '/payment-methods')).json.data;
    expect(ids(methods)).toEqual([...CORE, 'INGHOME'].sort());
    expect(methods.find((m: { id: string }) => m.id === 'INGHOME').allowed_countries).toEqual(['BE']);
    expect((await call(server, 'GET', '/gateways')).json.data).toContainEqual({ id: 'INGHOME', description: "ING Home'Pay" });

    const body = paymentLink({ type: 'direct', gateway: 'INGHOME', customer: { locale: 'nl_BE' } });
    const answer = await call(server, 'POST', '/orders', body);
    expect(answer.status).toBe(200);
    expect(answer.json.data.payment_url).toMatch(new RegExp(`^${server.url}/bank/`));
    expect(answer.json.data.payment_details.type).toBe('INGHOME');
    expectError(await call(server, 'POST', '/orders', paymentLink({ gateway: 'INGHOME', currency: 'GBP' })), 404, 1002);
  });

  it('can be switched at run time', async () => {
    const server = await demo();
    server.setLegacyIngHomePay(true);
    expect(ids((await call(server, 'GET', '/gateways')).json.data)).toContain('INGHOME');
    expect((await call(server, 'POST', '/orders', paymentLink({ gateway: 'INGHOME' }))).status).toBe(200);
    server.setLegacyIngHomePay(false);
    expect(ids((await call(server, 'GET', '/payment-methods')).json.data)).not.toContain('INGHOME');
    expectError(await call(server, 'POST', '/orders', paymentLink({ gateway: 'INGHOME' })), 404, 1023);
  });
});
