import { afterEach, describe, expect, it } from 'vitest';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

let rig: Rig;
afterEach(async () => rig?.close());

describe('the per-order limit', () => {
  it('is set in settings, enforced by main before anything is written or sent, audited, and resettable', async () => {
    rig = await startRig();
    expect(await rig.value('settings.get', {})).toMatchObject({ orderCapMinor: 10_000_000, orderCapIsDefault: true });

    expect(await rig.value('settings.setOrderCap', { minor: 50_000 })).toMatchObject({ orderCapMinor: 50_000, orderCapIsDefault: false });
    const refused = await rig.call('orders.create', paymentLink({ amount: 50_001 }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.fields?.amount).toEqual({ key: 'validation.amount.overCap', params: { cap: 50_000 } });
    expect(rig.demo.received).toHaveLength(0);
    expect((await rig.value('history.search', {})).items).toHaveLength(0);
    expect((await rig.value('orders.create', paymentLink({ amount: 50_000 }))).state).toBe('created');

    const audit = await rig.value('audit.list', {});
    expect(audit.items.find((e) => e.action === 'settings.orderCap')?.details).toMatchObject({ from: 10_000_000, to: 50_000 });

    await rig.value('settings.setOrderCap', { minor: null });
    expect((await rig.value('orders.create', paymentLink({ amount: 50_001 }))).state).toBe('created');
  });

  it('refuses limits beyond 2^31 − 1 minor units at the gate', async () => {
    rig = await startRig();
    const result = await rig.call('settings.setOrderCap', { minor: 99_999_999_999 });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
