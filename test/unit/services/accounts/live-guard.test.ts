// The live guard in main: the first live order of a session is sent only after the operator
// said yes in main's native dialog (a fake here), and nothing is written or sent otherwise.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
  it('is asked in main\'s native dialog; "no" writes and sends nothing, and the refusal says so', async () => {
    await liveRig();
    rig.dialogs.liveAnswer = false;
    const refused = await rig.call('orders.create', paymentLink({ amount: 9_999_999, customer: { firstName: 'Jan', lastName: 'de Vries' } }));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { _: { key: 'validation.liveDeclined', params: { amount: 9_999_999, currency: 'EUR' } } } },
    });
    expect(rig.dialogs.liveQuestions).toEqual([
      { amount: 9_999_999, currency: 'EUR', profileName: 'Shop live', customer: 'Jan de Vries', action: 'create' },
    ]);
    expect(posts(liveApi)).toHaveLength(0);
    expect((await rig.value('history.search', {})).items).toHaveLength(0);
    // A "no" confirms nothing: the next live order asks again.
    await rig.call('orders.create', paymentLink());
    expect(rig.dialogs.liveQuestions).toHaveLength(2);
  });

  it('no renderer call can answer it: the old renderer-only sequence creates nothing', async () => {
    await liveRig();
    // The channel a compromised window once used to confirm for the operator is gone …
    expect('live.confirm' in rig.services.handlers).toBe(false);
    // … and however often it asks, only the dialog's answer counts.
    for (let i = 0; i < 3; i++) {
      const r = await rig.call('orders.create', paymentLink({ amount: 9_999_999 }));
      expect(r.ok || r.error.fields?._?.key).toBe('validation.liveDeclined');
    }
    expect(posts(liveApi)).toHaveLength(0);
  });

  it('is not asked for an order that main refuses for another reason', async () => {
    await liveRig();
    rig.dialogs.liveAnswer = true;
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
    expect(rig.dialogs.liveQuestions).toHaveLength(0);
    expect(posts(liveApi)).toHaveLength(0);
  });

  it('goes through on "yes", for that amount; later live orders of the profile do not ask again; both answers are audited', async () => {
    const { liveId } = await liveRig();
    rig.dialogs.liveAnswer = false;
    await rig.call('orders.create', paymentLink({ amount: 999 }));
    rig.dialogs.liveAnswer = true;
    const first = await rig.value('orders.create', paymentLink({ amount: 1250 }));
    expect(first).toMatchObject({ state: 'created', environment: 'live', profileId: liveId, amount: 1250 });
    const second = await rig.value('orders.create', paymentLink({ amount: 5000 }));
    expect(second.state).toBe('created');
    expect(posts(liveApi)).toHaveLength(2);
    expect(rig.dialogs.liveQuestions.map((q) => q.amount)).toEqual([999, 1250]);

    const audit = (await rig.value('audit.list', {})).items.filter((i) => i.action.startsWith('live.'));
    expect(audit.map((i) => [i.action, i.details])).toEqual([
      ['live.confirm', { amount: 1250, currency: 'EUR', profileId: liveId, action: 'create' }],
      ['live.declined', { amount: 999, currency: 'EUR', profileId: liveId, action: 'create' }],
    ]);
  });

  it('a dialog that fails is a "no"', async () => {
    await liveRig();
    rig.dialogs.liveAnswer = async () => {
      throw new Error('no display');
    };
    const r = await rig.call('orders.create', paymentLink());
    expect(r.ok || r.error.fields?._?.key).toBe('validation.liveDeclined');
    expect(posts(liveApi)).toHaveLength(0);
    expect(rig.log.lines.some((l) => l.includes('live.dialog_failed'))).toBe(true);
  });

  it('while the dialog is open, a second live order is refused instead of opening another', async () => {
    await liveRig();
    let answer!: (yes: boolean) => void;
    rig.dialogs.liveAnswer = () => new Promise<boolean>((resolve) => (answer = resolve));
    const first = rig.call('orders.create', paymentLink({ amount: 1250 }));
    await vi.waitFor(() => expect(rig.dialogs.liveQuestions).toHaveLength(1));
    const second = await rig.call('orders.create', paymentLink({ amount: 9_999_999 }));
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { _: { key: 'validation.liveBusy' } } } });
    answer(true);
    expect(await first).toMatchObject({ ok: true, value: { amount: 1250, state: 'created' } });
    expect(posts(liveApi).map((p) => JSON.parse(p.body).amount)).toEqual([1250]);
  });

  it('without a dialog (scripts) no live order can be sent', async () => {
    rig = await startRig({ baseUrls: { live: liveApi.apiBase }, services: { dialogs: {} } });
    const live = await rig.value('profiles.save', { name: 'Shop live', environment: 'live', apiKey: LIVE_KEY });
    await rig.value('profiles.switch', { id: live.profile.id });
    const r = await rig.call('orders.create', paymentLink());
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', fields: { _: { key: 'validation.liveUnavailable' } } } });
    expect(posts(liveApi)).toHaveLength(0);
  });

  it('asks again in a new session', async () => {
    await liveRig();
    rig.dialogs.liveAnswer = true;
    await rig.value('orders.create', paymentLink());
    await rig.restart();
    expect((await rig.value('app.info', {})).environment).toBe('live');
    rig.dialogs.liveAnswer = false;
    const again = await rig.call('orders.create', paymentLink());
    expect(again.ok || again.error.fields?._?.key).toBe('validation.liveDeclined');
    expect(rig.dialogs.liveQuestions).toHaveLength(2);
  });

  it('asks before a live order is sent again or recreated in a new session, and for a raw body too', async () => {
    await liveRig();
    rig.dialogs.liveAnswer = true;
    liveApi.injectFault({ mode: 'http429', method: 'POST', path: '/orders' });
    const order = await rig.value('orders.create', paymentLink());
    expect(order.state).toBe('not_sent');

    await rig.restart();
    rig.dialogs.liveAnswer = false;
    const resend = await rig.call('orders.resend', order.key);
    expect(resend.ok || resend.error.fields?._?.key).toBe('validation.liveDeclined');
    // Declined before anything changed: the order is still not sent, and can be sent again later.
    expect((await rig.value('orders.get', order.key)).state).toBe('not_sent');
    const raw = await rig.call('orders.createRaw', {
      body: JSON.stringify({ type: 'paymentlink', currency: 'EUR', amount: 700, description: 'raw' }),
    });
    expect(raw.ok || raw.error.fields?._?.key).toBe('validation.liveDeclined');
    expect(posts(liveApi)).toHaveLength(1); // only the first, refused with 429
    expect(rig.dialogs.liveQuestions.slice(1).map((q) => [q.action, q.amount])).toEqual([
      ['resend', 1250],
      ['create', 700],
    ]);

    rig.dialogs.liveAnswer = true;
    expect((await rig.value('orders.resend', order.key)).state).toBe('created');
    expect(posts(liveApi)).toHaveLength(2);

    // "Cancel and create again" is asked too, before the cancel: a "no" leaves the order untouched.
    await rig.restart();
    rig.dialogs.liveAnswer = false;
    const recreate = await rig.call('orders.recreate', order.key);
    expect(recreate.ok || recreate.error.fields?._?.key).toBe('validation.liveDeclined');
    expect(rig.dialogs.liveQuestions.at(-1)).toMatchObject({ action: 'recreate', amount: 1250 });
    expect(liveApi.received.filter((r) => r.method === 'PATCH')).toHaveLength(0);
    expect((await rig.value('orders.get', order.key)).replacedBy).toBeNull();
  });

  it('does not ask outside live', async () => {
    const { demoId } = await liveRig();
    await rig.value('profiles.switch', { id: demoId });
    expect((await rig.value('orders.create', paymentLink())).environment).toBe('demo');
    expect(rig.dialogs.liveQuestions).toHaveLength(0);
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
