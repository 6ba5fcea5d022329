// Creating an order commits twice, not four times (issue 13: create-order overhead), without
// giving up what each commit guaranteed: the intent row (and the cleared draft) is on disk before
// the POST; the outcome is kept even when its audit row cannot be written.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/** What another connection (another process after a crash) sees on disk now. */
function onDisk(dataDir: string) {
  const db = new Database(join(dataDir, 'console.sqlite3'), { readonly: true });
  try {
    return {
      orders: db.prepare('SELECT state FROM orders').all() as { state: string }[],
      drafts: (db.prepare('SELECT count(*) AS n FROM drafts').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

describe('creating an order', () => {
  it('has the intent row written and the draft cleared, together, before the POST goes out', async () => {
    rig = await startRig();
    await rig.value('drafts.save', { fields: { flow: 'paymentlink', amountText: '12,50' } });
    expect(onDisk(rig.dataDir).drafts).toBe(1);
    // The answer never comes: what is on disk while MultiSafepay has the request is what a crash would leave.
    rig.demo.injectFault({ mode: 'hang_after', method: 'POST', path: '/orders' });
    const pending = rig.value('orders.create', paymentLink());
    const dataDir = rig.dataDir;
    await new Promise<void>((resolve) => {
      const poll = () => (rig!.demo.received.some((r) => r.method === 'POST') ? resolve() : setImmediate(poll));
      poll();
    });
    expect(onDisk(dataDir)).toEqual({ orders: [{ state: 'sending' }], drafts: 0 });
    expect((await pending).state).toBe('unknown');
  });

  it('keeps the draft and sends nothing when the intent cannot be written', async () => {
    rig = await startRig();
    await rig.value('drafts.save', { fields: { flow: 'paymentlink', amountText: '12,50' } });
    const db = new Database(join(rig.dataDir, 'console.sqlite3'));
    db.exec("CREATE TRIGGER no_orders BEFORE INSERT ON orders BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    db.close();
    const refused = await rig.call('orders.create', paymentLink());
    expect(refused.ok ? 'ok' : refused.error.code).toBe('STORAGE');
    expect(rig.demo.received.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect((await rig.value('drafts.get', {})).draft?.fields).toEqual({ flow: 'paymentlink', amountText: '12,50' });
  });

  it('keeps the outcome when its audit row cannot be written (the failure is logged)', async () => {
    rig = await startRig();
    const db = new Database(join(rig.dataDir, 'console.sqlite3'));
    db.exec("CREATE TRIGGER no_audit BEFORE INSERT ON audit WHEN NEW.action = 'order.create' BEGIN SELECT RAISE(ABORT, 'audit says no'); END");
    db.close();
    const order = await rig.value('orders.create', paymentLink());
    expect(order.state).toBe('created');
    expect(onDisk(rig.dataDir).orders).toEqual([{ state: 'created' }]);
    expect(rig.log.lines.some((line) => line.includes('audit.failed'))).toBe(true);
    // The next audited action still extends the chain (the failed row left nothing behind).
    expect((await rig.value('audit.verify', {})).ok).toBe(true);
  });

  it('writes the outcome and its audit row together', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', paymentLink());
    const db = new Database(join(rig.dataDir, 'console.sqlite3'), { readonly: true });
    expect(db.prepare("SELECT state FROM orders WHERE order_id = ?").get(order.orderId)).toEqual({ state: 'created' });
    expect(db.prepare("SELECT action, json_extract(details, '$.state') AS state FROM audit WHERE order_id = ?").all(order.orderId)).toEqual([
      { action: 'order.create', state: 'created' },
    ]);
    db.close();
  });
});
