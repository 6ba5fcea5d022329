import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleSettings } from '../../../../electron/services/accounts/console-settings';
import { createSettingsStore } from '../../../../electron/services/accounts/settings';
import { ServiceError } from '../../../../electron/services/platform/errors';
import { openDatabase } from '../../../../electron/services/storage/db';
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

  it('refuses a limit above the effective maximum (€100,000.00) with a field message, at the gate and in main', async () => {
    rig = await startRig();
    for (const minor of [10_000_001, 2_147_483_647, 99_999_999_999]) {
      const result = await rig.call('settings.setOrderCap', { minor });
      expect(result, String(minor)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', fields: { minor: { key: 'validation.amount.overCap', params: { cap: 10_000_000 } } } },
      });
    }
    expect(await rig.value('settings.setOrderCap', { minor: 10_000_000 })).toMatchObject({ orderCapMinor: 10_000_000, orderCapIsDefault: false });
    expect((await rig.value('settings.get', {})).orderCapMinor).toBe(10_000_000);
  });

  it('main refuses it too, and never reports a stored or configured cap above the maximum', async () => {
    rig = await startRig({ services: { orderCapMinor: 2_147_483_647 } });
    expect((await rig.value('settings.get', {})).orderCapMinor).toBe(10_000_000);
    const db = openDatabase(join(rig.dataDir, 'console.sqlite3'));
    const settings = createConsoleSettings({
      settings: createSettingsStore(db),
      audit: { record: () => {}, append: () => {} } as never,
      operator: () => 'tester',
      defaultOrderCap: 10_000_000,
      applyRetention: () => {},
      systemRegion: null,
      welcome: { progress: () => null } as never,
    });
    try {
      expect(() => settings.setOrderCap({ minor: 2_147_483_647 })).toThrow(ServiceError);
      expect(settings.get().orderCapMinor).toBe(10_000_000);
    } finally {
      db.close();
    }
  });
});
