// The live guard in main: the first live order of a session is refused, before
// anything is written or sent, until the operator confirmed its amount.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../../../electron/demo/server';
import type { DemoServer } from '../../../../electron/demo/server';
import { customerOf } from '../../../../electron/services/accounts/live-guard';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

const LIVE_KEY = 'lk_live_fedcba9876543210fedc';
const TEST_KEY = 'tk_test_0123456789abcdef0123';

let liveApi: DemoServer;
let rig: Rig;
beforeEach(async () => {
  liveApi = await startDemoServer({ environment: 'live', keys: { test: [TEST_KEY], live: [LIVE_KEY] } });
});
afterEach(async () => {
  await rig?.close();
  await liveApi.close();
});

const posts = (server: DemoServer) => server.received.filter((r) => r.method === 'POST' && r.path === '/orders');

async function liveRig(): Promise<{ liveId: string; demoId: string }> {
  rig = await startRig({ baseUrls: { live: liveApi.apiBase } });
  const live = await rig.value('profiles.save', { name: 'Shop live', environment: 'live', apiKey: LIVE_KEY });
  const demo = await rig.value('profiles.save', { name: 'Shop demo', environment: 'demo' });
  await rig.value('profiles.switch', { id: live.profile.id });
  return { liveId: live.profile.id, demoId: demo.profile.id };
}

describe('the first live order of a session', () => {
  it('is not used up by an order that main refuses for another reason', async () => {
    await liveRig();
    await rig.value('live.confirm', { amount: 1250, currency: 'EUR' });
    // The documented test IBANs are refused in live, after the gate, by main's own rules.
    const refused = await rig.call('orders.create', {
      type: 'direct',
      gateway: 'DIRDEB',
      amount: 1250,
      currency: 'EUR',
      description: 'Membership',
      mandate: { iban: 'NL87ABNA0000000001', holderName: 'Jan de Vries', emandate: 'M-1' },
    } as never);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(Object.keys(refused.error.fields ?? {})).toEqual(['mandate.iban']);
    // Nothing was confirmed by the refused order: another amount still asks …
    const other = await rig.call('orders.create', paymentLink({ amount: 1300 }));
    expect(other.ok || other.error.fields?._?.key).toBe('validation.liveConfirm');
    // … and the confirmation still covers the next order of the confirmed amount.
    expect((await rig.value('orders.create', paymentLink({ amount: 1250 }))).state).toBe('created');
    expect(posts(liveApi)).toHaveLength(1);
  });

  it('is refused with the amount, currency and customer to confirm, and nothing is written or sent', async () => {
    await liveRig();
    const refused = await rig.call('orders.create', paymentLink({ amount: 125000 }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('VALIDATION');
      expect(refused.error.fields?._).toEqual({
        key: 'validation.liveConfirm',
        params: { amount: 125000, currency: 'EUR', customer: '', profile: 'Shop live' },
      });
    }
    expect(posts(liveApi)).toHaveLength(0);
    expect((await rig.value('history.search', {})).items).toHaveLength(0);
  });

  it('goes through once confirmed for that amount; later live orders do not ask again', async () => {
    const { liveId } = await liveRig();
    expect(await rig.value('live.confirm', { amount: 999, currency: 'EUR' })).toEqual({ required: true });
    // A confirmation of another amount does not cover this one.
    const other = await rig.call('orders.create', paymentLink({ amount: 1250 }));
    expect(other.ok || other.error.fields?._?.key).toBe('validation.liveConfirm');

    await rig.value('live.confirm', { amount: 1250, currency: 'eur' });
    const first = await rig.value('orders.create', paymentLink({ amount: 1250 }));
    expect(first).toMatchObject({ state: 'created', environment: 'live', profileId: liveId });
    const second = await rig.value('orders.create', paymentLink({ amount: 5000 }));
    expect(second.state).toBe('created');
    expect(posts(liveApi)).toHaveLength(2);
    expect(await rig.value('live.confirm', { amount: 1, currency: 'EUR' })).toEqual({ required: false });

    const audit = (await rig.value('audit.list', {})).items.filter((i) => i.action === 'live.confirm');
    expect(audit.map((i) => i.details)).toEqual([
      { amount: 1250, currency: 'EUR', profileId: liveId },
      { amount: 999, currency: 'EUR', profileId: liveId },
    ]);
  });

  it('asks again in a new session', async () => {
    await liveRig();
    await rig.value('live.confirm', { amount: 1250, currency: 'EUR' });
    await rig.value('orders.create', paymentLink());
    await rig.restart();
    expect((await rig.value('app.info', {})).environment).toBe('live');
    const again = await rig.call('orders.create', paymentLink());
    expect(again.ok || again.error.fields?._?.key).toBe('validation.liveConfirm');
  });

  it('asks before a live order is sent again in a new session, and for a raw body too', async () => {
    await liveRig();
    await rig.value('live.confirm', { amount: 1250, currency: 'EUR' });
    liveApi.injectFault({ mode: 'http429', method: 'POST', path: '/orders' });
    const order = await rig.value('orders.create', paymentLink());
    expect(order.state).toBe('not_sent');

    await rig.restart();
    const resend = await rig.call('orders.resend', order.key);
    expect(resend.ok || resend.error.fields?._).toEqual({
      key: 'validation.liveConfirm',
      params: { amount: 1250, currency: 'EUR', customer: '', profile: 'Shop live' },
    });
    const raw = await rig.call('orders.createRaw', {
      body: JSON.stringify({ type: 'paymentlink', currency: 'EUR', amount: 700, description: 'raw' }),
    });
    expect(raw.ok || raw.error.fields?._?.key).toBe('validation.liveConfirm');
    expect(posts(liveApi)).toHaveLength(1); // only the first, refused with 429

    await rig.value('live.confirm', { amount: 1250, currency: 'EUR' });
    expect((await rig.value('orders.resend', order.key)).state).toBe('created');
    expect(posts(liveApi)).toHaveLength(2);
  });

  it('does not ask outside live', async () => {
    const { demoId } = await liveRig();
    await rig.value('profiles.switch', { id: demoId });
    expect(await rig.value('live.confirm', { amount: 1250, currency: 'EUR' })).toEqual({ required: false });
    expect((await rig.value('orders.create', paymentLink())).environment).toBe('demo');
  });

  it('names the customer from whatever customer fields the order has', () => {
    expect(customerOf({ customer: { firstName: 'Jan', lastName: 'de Vries', email: 'j@x.nl' } })).toBe('Jan de Vries');
    expect(customerOf({ customer: { first_name: 'Els', last_name: 'Peeters' } })).toBe('Els Peeters');
    expect(customerOf({ mandate: { holderName: 'B. Janssens' } })).toBe('B. Janssens');
    expect(customerOf({ customer: { email: 'only@mail.be' } })).toBe('only@mail.be');
    expect(customerOf({ amount: 1 })).toBe('');
    expect(customerOf(null)).toBe('');
  });
});
