// Order entry through the real handlers: every flow against the demo server, the checks only main
// can make, sending again, cancelling, drafts, duplicate warnings and the reconciler (driven by a
// manual clock and reconcileNow(), never by sleeping).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { InputOf } from '@shared/contract';
import { manualClock } from '../../../../electron/services/platform/clock';
import { openDatabase } from '../../../../electron/services/storage/db';
import { createDraftStore } from '../../../../electron/services/orders/drafts';
import { memoryLogger } from '../../../../electron/services/platform/log';
import { createMethodService } from '../../../../electron/services/orders/methods';
import type { MspClient } from '../../../../electron/services/msp/client';
import { createOrderStore } from '../../../../electron/services/orders/order-store';
import { createOrderService } from '../../../../electron/services/orders/order-service';
import { CHECK_BACKOFF_MS } from '../../../../electron/services/orders/reconcile';
import { createBreakers } from '../../../../electron/services/orders/breaker';
import { createTracker } from '../../../../electron/services/orders/tracker';
import { createTrackingStore } from '../../../../electron/services/orders/tracking-store';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

let rig: Rig;
afterEach(async () => rig?.close());

const GOOD_IBAN = 'NL91ABNA0417164300';
const posts = (r: Rig) => r.demo.received.filter((q) => q.method === 'POST' && q.path === '/orders');
const lastBody = (r: Rig) => JSON.parse(posts(r).at(-1)!.body) as Record<string, unknown>;

const directDebit = (over: Partial<Extract<InputOf<'orders.create'>, { gateway: 'DIRDEB' }>> = {}): InputOf<'orders.create'> => ({
  type: 'direct',
  gateway: 'DIRDEB',
  amount: 2500,
  currency: 'EUR',
  description: 'Membership 2026',
  mandate: { iban: 'nl91 abna 0417 1643 00', holderName: 'Simon Smit', holderCountry: 'nl', emandate: 'MANDATE-7' },
  ...over,
});

/** A rig with a hand-moved clock (for the demo server and the services) and no reconcile loop. */
async function clockedRig(options: { legacy?: boolean } = {}) {
  const clock = manualClock();
  const r = await startRig({
    demo: { clock, legacyIngHomePay: options.legacy ?? false },
    services: { clock, reconcileEveryMs: 0, requestTimeoutMs: 300 },
  });
  return { rig: r, clock };
}

describe('every flow reaches MultiSafepay as the API documents it', () => {
  it('payment link with a chosen method, customer, locale and lifetime', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', {
      ...paymentLink({ amount: 4200 }),
      gateway: 'ideal',
      lifetime: { unit: 'days', value: 3 },
      customer: { firstName: 'Anne', lastName: 'de Vries', email: 'Anne@Example.nl', locale: 'nl-NL' },
    });
    expect(order).toMatchObject({ state: 'created', flow: 'paymentlink', gateway: 'IDEAL', customerName: 'Anne de Vries', customerEmail: 'Anne@example.nl', locale: 'nl_NL' });
    expect(Date.parse(order.linkExpiresAt!) - Date.parse(order.createdAt)).toBe(3 * 24 * 3_600_000);
    expect(lastBody(rig)).toEqual({
      type: 'paymentlink',
      order_id: order.orderId,
      gateway: 'IDEAL',
      currency: 'EUR',
      amount: 4200,
      description: 'Phone order 42',
      days_active: 3,
      customer: { locale: 'nl_NL', first_name: 'Anne', last_name: 'de Vries', email: 'Anne@example.nl' },
    });
  });

  it('SEPA Direct Debit, direct: IBAN normalised, full in the order row, masked in every view', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', directDebit());
    expect(order).toMatchObject({
      state: 'created',
      flow: 'directdebit',
      status: 'initialized',
      ibanMasked: 'NL91 **** **** **** 4300',
      accountHolderName: 'Simon Smit',
      linkExpiresAt: null,
    });
    const body = lastBody(rig);
    expect(body).toMatchObject({
      type: 'direct',
      gateway: 'DIRDEB',
      amount: 2500,
      gateway_info: { account_id: GOOD_IBAN, account_holder_iban: GOOD_IBAN, account_holder_name: 'Simon Smit', account_holder_country: 'NL', emandate: 'MANDATE-7' },
    });
    expect(Number.isInteger(body.amount)).toBe(true);
    expect(JSON.stringify(await rig.value('history.search', {}))).not.toContain(GOOD_IBAN);
    await rig.services.dispose();
    const db = new Database(join(rig.dataDir, 'console.sqlite3'), { readonly: true });
    expect(db.prepare('SELECT iban, iban_last4 FROM orders').get()).toEqual({ iban: GOOD_IBAN, iban_last4: '4300' });
    db.close();
    await rig.restart();
  });

  it('SEPA Direct Debit, redirect; KBC and CBC, direct and redirect', async () => {
    rig = await startRig();
    const cases: Array<[InputOf<'orders.create'>, string]> = [
      [{ ...paymentLink(), type: 'redirect', gateway: 'DIRDEB', customer: { locale: 'nl_NL' } }, 'directdebit'],
      [{ ...paymentLink(), type: 'direct', gateway: 'KBC', customer: { locale: 'nl_BE' } }, 'kbc-cbc'],
      [{ ...paymentLink(), type: 'redirect', gateway: 'CBC', customer: { locale: 'fr_BE' }, redirectUrl: 'https://shop.example/ok' }, 'kbc-cbc'],
    ];
    for (const [input, flow] of cases) {
      const order = await rig.value('orders.create', input);
      expect(order).toMatchObject({ state: 'created', flow });
      expect(order.paymentUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/(connect|bank)\//);
      expect(lastBody(rig)).toMatchObject({ type: input.type, gateway: 'gateway' in input ? input.gateway : undefined });
    }
    expect(lastBody(rig)).toMatchObject({ payment_options: { redirect_url: 'https://shop.example/ok' } });
    expect(rig.demo.orderCount()).toBe(3);
  });

  it('ING Home’Pay only while the account still offers it', async () => {
    rig = await startRig();
    const refused = await rig.call('orders.create', { ...paymentLink(), type: 'direct', gateway: 'INGHOME' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { gateway: { key: 'validation.gateway.retired' } } } });
    expect(posts(rig)).toHaveLength(0);
    expect((await rig.value('methods.list', {})).methods.map((m) => m.id)).not.toContain('INGHOME');

    rig.demo.setLegacyIngHomePay(true);
    expect((await rig.value('methods.refresh', {})).methods.map((m) => m.id)).toContain('INGHOME');
    const direct = await rig.value('orders.create', { ...paymentLink(), type: 'direct', gateway: 'INGHOME', customer: { locale: 'nl_BE' } });
    const redirect = await rig.value('orders.create', { ...paymentLink(), type: 'redirect', gateway: 'INGHOME' });
    expect([direct.flow, direct.state, redirect.flow, redirect.state]).toEqual(['inghome', 'created', 'inghome', 'created']);
  });

  it('refuses what the account cannot take before sending: the method’s amounts and the cap', async () => {
    rig = await startRig({ services: { orderCapMinor: 50_000 } });
    const low = await rig.call('orders.create', directDebit({ amount: 99 }));
    expect(low).toMatchObject({ ok: false, error: { fields: { amount: { key: 'validation.amount.belowMethod', params: { min: 100 } } } } });
    const capped = await rig.call('orders.create', paymentLink({ amount: 50_001 }));
    expect(capped).toMatchObject({ ok: false, error: { fields: { amount: { key: 'validation.amount.overCap', params: { cap: 50_000 } } } } });
    const unknownMethod = await rig.call('orders.create', { ...paymentLink(), type: 'redirect', gateway: 'PAYPAL' });
    expect(unknownMethod).toMatchObject({ ok: false, error: { fields: { gateway: { key: 'validation.gateway.notOffered' } } } });
    expect(posts(rig)).toHaveLength(0);
    expect((await rig.value('methods.list', {})).orderCap).toBe(50_000);
  });

  it('sends a hand-written body after the same checks, with fields no form has', async () => {
    rig = await startRig();
    const text = '{"type":"paymentlink","currency":"EUR","amount":1000,"description":"Raw","second_chance":{"send_mail":true}}';
    const order = await rig.value('orders.createRaw', { body: text });
    expect(order).toMatchObject({ state: 'created', flow: 'advanced', type: 'paymentlink' });
    expect(posts(rig).at(-1)!.body).toBe(
      `{"type":"paymentlink","order_id":"${order.orderId}","currency":"EUR","amount":1000,"description":"Raw","second_chance":{"send_mail":true}}`,
    );
    for (const twice of ['"amount":1,"amount":5', '"amount":500,"amount":500']) {
      const dupKeys = await rig.call('orders.createRaw', { body: `{"type":"paymentlink",${twice},"currency":"EUR","description":"x"}` });
      expect(dupKeys).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', fields: { amount: { key: 'validation.raw.duplicateKey', params: { key: 'amount' } } } },
      });
    }
    const own = await rig.call('orders.createRaw', { body: '{"type":"redirect","order_id":"mine","amount":1,"currency":"EUR","description":"x"}' });
    expect(own).toMatchObject({ ok: false, error: { fields: { order_id: { key: 'validation.raw.mainOnly' } } } });
    const card = await rig.call('orders.createRaw', { body: '{"type":"redirect","amount":1,"currency":"EUR","description":"x","items":"4111 1111 1111 1111"}' });
    expect(card).toMatchObject({ ok: false, error: { fields: { items: { key: 'validation.text.cardNumber' } } } });
    expect(posts(rig)).toHaveLength(1);
  });
});

describe('sending safely', () => {
  it('refuses a second identical create while the first is still under way', async () => {
    rig = await startRig({ services: { requestTimeoutMs: 300 } });
    rig.demo.injectFault({ mode: 'hang_after', method: 'POST', path: '/orders' });
    const first = rig.call('orders.create', paymentLink());
    const second = await rig.call('orders.create', paymentLink());
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { _: { key: 'validation.order.inFlight' } } } });
    expect((await first).ok).toBe(true);
    expect(posts(rig)).toHaveLength(1);
    expect(rig.demo.orderCount()).toBe(1);
  });

  it('refuses the four test IBANs in live before anything is written or sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msp-live-'));
    const db = openDatabase(join(dir, 'console.sqlite3'));
    const clock = manualClock();
    const log = memoryLogger();
    const live = { id: 'p-live', name: 'Shop', environment: 'live' as const, apiKey: 'live-key', defaults: { redirectUrl: null, cancelUrl: null, locale: null, linkExpiryDays: null, descriptionTemplate: null } };
    const calls: string[] = [];
    const client = (): MspClient => ({
      call: async (method, path) => {
        calls.push(`${method} ${path}`);
        throw new Error('no network in this test');
      },
    });
    const store = createOrderStore(db);
    const orders = createOrderService({
      store,
      clientFor: client,
      profile: () => live,
      owner: () => live,
      operator: () => 'tester',
      audit: { record: () => {}, append: () => undefined },
      clock,
      log,
      methods: createMethodService({ db, client, profile: () => live, clock, log, orderCap: () => 1_000_000 }),
      drafts: createDraftStore({ db, profile: () => live, clock, audit: { record: () => {}, append: () => undefined } }),
      orderCap: () => 1_000_000,
    });
    const { OrderInput } = await import('@shared/orders/form');
    const input = OrderInput.parse({ ...directDebit(), gateway: 'DIRDEB', mandate: { iban: 'NL87ABNA0000000001', holderName: 'Test', emandate: 'M-1' } });
    await expect(orders.create(input)).rejects.toMatchObject({ code: 'VALIDATION', fields: { 'mandate.iban': { key: 'validation.iban.testOnly' } } });
    expect(db.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: 0 });
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([]);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the test IBANs in demo, and the demo bank follows their script', async () => {
    const clocked = await clockedRig();
    rig = clocked.rig;
    const order = await rig.value('orders.create', directDebit({ mandate: { iban: 'NL87ABNA0000000002', holderName: 'Test', emandate: 'M-2' } }));
    expect(order.state).toBe('created');
    clocked.clock.advance(2 * 60_000);
    expect(await rig.value('orders.refresh', order.key)).toMatchObject({ status: 'declined' });
  });

  it('does not store a re-read that changed nothing', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', paymentLink());
    await rig.value('orders.refresh', order.key);
    await rig.value('orders.refresh', order.key);
    const detail = await rig.value('orders.get', order.key);
    expect(detail.exchanges.map((e) => e.method)).toEqual(['POST', 'GET']);
  });
});

describe('faults end with exactly one order and a true local state', () => {
  it('hang, reset, HTML 502 and malformed JSON: unknown, then settled by the reconciler alone', async () => {
    for (const mode of ['hang_after', 'reset_after', 'html502_after', 'malformed_after'] as const) {
      const clocked = await clockedRig();
      rig = clocked.rig;
      rig.demo.injectFault({ mode, method: 'POST', path: '/orders' });
      const order = await rig.value('orders.create', paymentLink());
      expect(order.state, mode).toBe('unknown');
      expect(await rig.services.reconcileNow(), mode).toBe(0); // not due yet
      clocked.clock.advance(CHECK_BACKOFF_MS[0]!);
      expect(await rig.services.reconcileNow(), mode).toBe(1);
      expect((await rig.value('orders.get', order.key)).state, mode).toBe('created');
      expect(rig.demo.orderCount(), mode).toBe(1);
      expect(posts(rig), mode).toHaveLength(1);
      await rig.close();
    }
    rig = (await clockedRig()).rig;
  });

  it('reset before: the reconciler finds nothing (not_sent); sending again keeps the order_id', async () => {
    const clocked = await clockedRig();
    rig = clocked.rig;
    rig.demo.injectFault({ mode: 'reset_before', method: 'POST', path: '/orders' });
    const order = await rig.value('orders.create', directDebit());
    expect(order.state).toBe('unknown');
    clocked.clock.advance(CHECK_BACKOFF_MS[0]!);
    await rig.services.reconcileNow();
    expect((await rig.value('orders.get', order.key)).state).toBe('not_sent');
    // The reconciler never posts by itself.
    clocked.clock.advance(60 * 60_000);
    await rig.services.reconcileNow();
    expect(posts(rig)).toHaveLength(1);

    const resent = await rig.value('orders.resend', order.key);
    expect(resent).toMatchObject({ orderId: order.orderId, state: 'created' });
    expect(posts(rig).map((p) => p.body)).toEqual([posts(rig)[0]!.body, posts(rig)[0]!.body]);
    expect(rig.demo.orderCount()).toBe(1);
    const again = await rig.call('orders.resend', order.key);
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('1006 duplicate on sending again: it had landed, so it is read back, not refused', async () => {
    const clocked = await clockedRig();
    rig = clocked.rig;
    rig.demo.injectFault({ mode: 'reset_after', method: 'POST', path: '/orders' });
    rig.demo.injectFault({ mode: 'notfound_before', method: 'GET', path: '/orders/' });
    const order = await rig.value('orders.create', paymentLink());
    const stale = await rig.value('orders.refresh', order.key);
    expect(stale.state).toBe('not_sent'); // a lagging read said "not found"
    const resent = await rig.value('orders.resend', order.key);
    expect(resent).toMatchObject({ orderId: order.orderId, state: 'created', status: 'initialized' });
    expect(rig.demo.orderCount()).toBe(1);
    const detail = await rig.value('orders.get', order.key);
    expect(detail.exchanges.map((e) => `${e.method} ${e.httpStatus ?? '-'}`)).toEqual(['POST -', 'GET 404', 'POST 404', 'GET 200']);
  });

  it('1032 bad key: rejected with nothing created; the next attempt makes the one order', async () => {
    rig = await startRig();
    rig.demo.injectFault({ mode: 'badkey_before', method: 'POST', path: '/orders' });
    const refused = await rig.value('orders.create', paymentLink());
    expect(refused).toMatchObject({ state: 'rejected', problem: { code: '1032', field: null } });
    expect(rig.demo.orderCount()).toBe(0);
    const made = await rig.value('orders.create', paymentLink());
    expect(made.state).toBe('created');
    expect(made.orderId).not.toBe(refused.orderId);
    expect(rig.demo.orderCount()).toBe(1);
  });

  it('a crash while sending leaves `sending`; the next start turns it unknown and settles it', async () => {
    const clocked = await clockedRig();
    rig = clocked.rig;
    const order = await rig.value('orders.create', paymentLink());
    await rig.services.dispose();
    const db = new Database(join(rig.dataDir, 'console.sqlite3'));
    db.prepare("UPDATE orders SET state = 'sending', status = NULL").run();
    db.close();
    await rig.restart();
    expect((await rig.value('orders.get', order.key)).state).toBe('unknown');
    expect(await rig.services.reconcileNow()).toBe(1);
    expect((await rig.value('orders.get', order.key)).state).toBe('created');
  });

  it('backs off while MultiSafepay stays unreachable', async () => {
    const clocked = await clockedRig();
    rig = clocked.rig;
    rig.demo.injectFault({ mode: 'hang_after', method: 'POST', path: '/orders' });
    const order = await rig.value('orders.create', paymentLink());
    rig.demo.injectFault({ mode: 'reset_before', method: 'GET', times: 3 });
    const gets = () => rig.demo.received.filter((q) => q.method === 'GET').length;
    for (const wait of CHECK_BACKOFF_MS.slice(0, 3)) {
      clocked.clock.advance(wait - 1);
      await rig.services.reconcileNow();
      const before = gets();
      clocked.clock.advance(1);
      await rig.services.reconcileNow();
      expect(gets()).toBe(before + 1);
    }
    clocked.clock.advance(CHECK_BACKOFF_MS[3]!);
    await rig.services.reconcileNow();
    expect((await rig.value('orders.get', order.key)).state).toBe('created');
  });
});

describe('cancelling', () => {
  it('cancels an unpaid link at MultiSafepay and reads it back; a second cancel is refused', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', paymentLink());
    const cancelled = await rig.value('orders.cancel', order.key);
    expect(cancelled.status).toBe('cancelled');
    expect(rig.demo.getOrder(order.orderId)).toMatchObject({ status: 'cancelled' });
    const patch = rig.demo.received.find((q) => q.method === 'PATCH')!;
    expect(JSON.parse(patch.body)).toEqual({ status: 'cancelled', exclude_order: true });
    expect(await rig.call('orders.cancel', order.key)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('cancel and create again: a new order_id, both orders linked, the old one cancelled', async () => {
    rig = await startRig();
    rig.demo.injectFault({ mode: 'reset_after', method: 'POST', path: '/orders' });
    const lost = await rig.value('orders.create', paymentLink());
    const found = await rig.value('orders.refresh', lost.key);
    expect(found).toMatchObject({ state: 'created', paymentUrl: null }); // the link itself is lost
    const fresh = await rig.value('orders.recreate', lost.key);
    expect(fresh).toMatchObject({ state: 'created', replaces: lost.orderId, amount: lost.amount });
    expect(fresh.orderId).not.toBe(lost.orderId);
    expect(fresh.paymentUrl).toMatch(/\/connect\//);
    expect(await rig.value('orders.get', lost.key)).toMatchObject({ status: 'cancelled', replacedBy: fresh.orderId });
    expect(rig.demo.getOrder(lost.orderId)).toMatchObject({ status: 'cancelled' });
    expect(rig.demo.orderCount()).toBe(2);
    const again = await rig.call('orders.recreate', lost.key);
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('methods, drafts and warnings', () => {
  it('keeps the method list for offline use', async () => {
    rig = await startRig();
    expect(await rig.value('methods.list', {})).toMatchObject({ methods: [], fetchedAt: null });
    expect(rig.demo.received).toHaveLength(0); // listing never calls MultiSafepay
    const fetched = await rig.value('methods.refresh', {});
    const dirdeb = fetched.methods.find((m) => m.id === 'DIRDEB');
    expect(dirdeb).toEqual({ id: 'DIRDEB', name: 'SEPA Direct Debit', allowedAmount: { min: 100, max: 1_000_000 }, currencies: ['EUR'], countries: [] });
    await rig.restart();
    await rig.demo.close();
    expect((await rig.value('methods.list', {})).methods).toEqual(fetched.methods);
    expect(await rig.call('methods.refresh', {})).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  });

  it('keeps a draft across a restart and deletes it when the order is submitted', async () => {
    rig = await startRig();
    expect(await rig.value('drafts.get', {})).toEqual({ draft: null });
    await rig.value('drafts.save', { fields: { flow: 'directdebit', amountText: '25,00', iban: 'NL91 ABNA' } });
    await rig.restart();
    expect((await rig.value('drafts.get', {})).draft?.fields).toEqual({ flow: 'directdebit', amountText: '25,00', iban: 'NL91 ABNA' });
    expect(await rig.call('drafts.save', { fields: { nonsense: 'x' } as never })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await rig.value('orders.create', paymentLink());
    expect(await rig.value('drafts.get', {})).toEqual({ draft: null });
    expect(await rig.value('drafts.clear', {})).toEqual({ cleared: false });
  });

  it('warns about the same e-mail or IBAN and amount lately, and the same IBAN debited today', async () => {
    const clocked = await clockedRig();
    rig = clocked.rig;
    const emailed = await rig.value('orders.create', { ...paymentLink({ amount: 1000 }), customer: { email: 'jan@example.nl' } });
    const debited = await rig.value('orders.create', directDebit({ amount: 2500 }));
    const check = (input: InputOf<'orders.precheck'>) => rig.value('orders.precheck', input);

    expect((await check({ amount: 1000, currency: 'EUR', email: ' JAN@example.nl ' })).warnings).toEqual([
      { kind: 'sameEmailAmount', orderId: emailed.orderId, amount: 1000, currency: 'EUR', createdAt: emailed.createdAt },
    ]);
    expect((await check({ amount: 1001, currency: 'EUR', email: 'jan@example.nl' })).warnings).toEqual([]);
    const same = await check({ amount: 2500, currency: 'EUR', iban: 'NL91 ABNA 0417 1643 00', gateway: 'DIRDEB' });
    expect(same.warnings.map((w) => w.kind)).toEqual(['sameIbanAmount', 'ibanDebitedToday']);

    clocked.clock.advance(11 * 60_000);
    expect((await check({ amount: 1000, currency: 'EUR', email: 'jan@example.nl' })).warnings).toEqual([]);
    const later = await check({ amount: 900, currency: 'EUR', iban: GOOD_IBAN, gateway: 'DIRDEB' });
    expect(later.warnings).toEqual([{ kind: 'ibanDebitedToday', orderId: debited.orderId, amount: 2500, currency: 'EUR', createdAt: debited.createdAt }]);
    clocked.clock.advance(24 * 60 * 60_000);
    expect((await check({ amount: 900, currency: 'EUR', iban: GOOD_IBAN, gateway: 'DIRDEB' })).warnings).toEqual([]);
    expect(rig.demo.received.filter((q) => q.method === 'POST')).toHaveLength(2); // precheck sends nothing
  });
});

describe('the tracker settling unclear orders on its own', () => {
  it('checks every profile’s due orders (each with its own key) and stops cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msp-rec-'));
    const db = openDatabase(join(dir, 'console.sqlite3'));
    const store = createOrderStore(db);
    const clock = manualClock();
    const checked: string[] = [];
    const base = { operator: 't', type: 'paymentlink' as const, flow: 'paymentlink' as const, gateway: null, currency: 'EUR', amount: 1, description: 'x', requestBody: '{}', customerName: null, customerEmail: null, customerLocale: null, iban: null, accountHolderName: null, emandate: null, linkExpiresAt: null, replaces: null };
    store.insertIntent({ ...base, environment: 'demo', profileId: 'demo', orderId: 'A-1', now: clock.now() });
    store.insertIntent({ ...base, environment: 'test', profileId: 'p-1', orderId: 'B-1', now: clock.now() });
    const tracker = createTracker({
      store,
      tracking: createTrackingStore(db),
      breakers: createBreakers(),
      track: async (key) => {
        checked.push(key.orderId);
        store.settle(store.rowId(key)!, null, { state: 'rejected', problem: null }, clock.now());
        return null;
      },
      clock,
      log: memoryLogger(),
    });
    expect(tracker.recover()).toBe(2);
    expect(await tracker.tick()).toBe(2);
    expect(checked).toEqual(['A-1', 'B-1']);
    await tracker.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('migration 2 (order entry)', () => {
  it('upgrades a version-1 history in place: old orders read as payment links, nothing lost', async () => {
    const { MIGRATIONS } = await import('../../../../electron/services/storage/migrations');
    const dir = mkdtempSync(join(tmpdir(), 'msp-mig-'));
    const file = join(dir, 'console.sqlite3');
    const v1 = openDatabase(file, MIGRATIONS.slice(0, 1));
    v1.prepare(`INSERT INTO orders (environment, profile_id, operator, order_id, type, currency, amount, description, state,
                request_body, created_at, updated_at)
                VALUES ('demo', 'demo', 'anna', 'CON-OLD-1', 'paymentlink', 'EUR', 1250, 'Old', 'created', '{}', 1, 1)`).run();
    v1.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const store = createOrderStore(db);
    expect(store.find({ environment: 'demo', profileId: 'demo', orderId: 'CON-OLD-1' })).toMatchObject({
      flow: 'paymentlink',
      amount: 1250,
      ibanMasked: null,
      customerName: null,
      replaces: null,
    });
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['drafts', 'payment_methods']));
    expect(() => db.prepare("UPDATE orders SET flow = 'nonsense'").run()).toThrow(/CHECK/);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
