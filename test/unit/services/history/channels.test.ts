// The history through the handler table, as the window calls it: search and the old list
// channel, offline use, clone, backups (on demand, daily, restore at the next start) and
// the read-only mode of a damaged database.
import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../../electron/services/storage/db';
import { createOrderStore } from '../../../../electron/services/orders/order-store';
import { seedHistory } from '../../../support/history-seed';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('search through the channels', () => {
  it('finds what was created, and pages newest first with a keyset cursor', async () => {
    rig = await startRig();
    const a = await rig.value('orders.create', paymentLink({ description: 'Spare parts Jansen' }));
    const b = await rig.value('orders.create', paymentLink({ description: 'Workshop Dubois', amount: 9900 }));
    expect((await rig.value('history.search', { text: 'jansen' })).items.map((o) => o.orderId)).toEqual([a.orderId]);
    expect((await rig.value('history.search', { text: a.orderId.slice(0, 12) })).total).toEqual({ count: 2, capped: false });
    expect((await rig.value('history.search', { sort: 'amountDesc' })).items.map((o) => o.orderId)).toEqual([b.orderId, a.orderId]);
    const first = await rig.value('history.search', { limit: 1, count: false });
    expect(first.items.map((o) => o.orderId)).toEqual([b.orderId]);
    expect(first.total).toBeNull();
    const second = await rig.value('history.search', { limit: 1, cursor: first.next });
    expect(second).toMatchObject({ items: [expect.objectContaining({ key: a.key })], next: null });
    expect((await rig.value('history.search', { filters: { environment: 'live' } })).items).toEqual([]);
  });

  it('refuses filters and cursors that are not ours', async () => {
    rig = await startRig();
    for (const input of [
      { filters: { state: 'paid' } },
      { filters: { amountMin: -1 } },
      { filters: { gateway: "IDEAL' OR 1=1" } },
      { filters: { sql: '1' } },
      { sort: 'random' },
      { cursor: 'n.1.2; DROP TABLE orders' },
      { limit: 100_000 },
    ]) {
      const result = await rig.call('history.search', input as never);
      expect(result.ok ? 'ok' : result.error.code, JSON.stringify(input)).toBe('VALIDATION');
    }
  });

  it('works with MultiSafepay out of reach: nothing in history calls the API', async () => {
    rig = await startRig();
    const made = await rig.value('orders.create', paymentLink({ description: 'Before the outage' }));
    await rig.demo.close();
    // The first try may still use the old connection (reset: unknown); the server is gone either way.
    const lost = await rig.value('orders.create', paymentLink({ description: 'During the outage' }));
    expect(['not_sent', 'unknown']).toContain(lost.state);
    const requests = rig.demo.received.length;
    expect((await rig.value('history.search', { text: 'outage' })).items.map((o) => o.orderId)).toEqual([lost.orderId, made.orderId]);
    expect((await rig.value('history.search', { filters: { state: lost.state } })).items).toHaveLength(1);
    expect((await rig.value('history.facets', {})).operators).toEqual(['tester']);
    expect((await rig.value('history.clone', made.key)).fields.description).toBe('Before the outage');
    expect(rig.demo.received.length).toBe(requests);
  });

  it('clones an order into form fields and records that in the audit log', async () => {
    rig = await startRig();
    const made = await rig.value('orders.create', paymentLink({ description: 'Clone me', amount: 4321, customer: { firstName: 'Anna', email: 'anna@example.nl' } }));
    const prefill = await rig.value('history.clone', made.key);
    expect(prefill).toMatchObject({ sourceOrderId: made.orderId, amount: 4321, currency: 'EUR' });
    expect(prefill.fields).toMatchObject({ flow: 'paymentlink', description: 'Clone me', firstName: 'Anna', email: 'anna@example.nl' });
    const audit = await rig.value('audit.list', { limit: 10 });
    expect(audit.items[0]).toMatchObject({ action: 'history.clone', orderId: made.orderId });
  });
});

describe('backups', () => {
  it('backs up on demand and restores the chosen backup at the next start', async () => {
    rig = await startRig({ services: { backupCheckEveryMs: 0 } });
    const kept = await rig.value('orders.create', paymentLink({ description: 'Kept' }));
    const view = await rig.value('backups.create', {});
    expect(view.items).toHaveLength(1);
    expect(view.dir).toBe(join(rig.dataDir, 'backups'));
    const later = await rig.value('orders.create', paymentLink({ description: 'Made after the backup' }));

    const chosen = await rig.value('backups.restore', { name: view.items[0]!.name });
    expect(chosen.pendingRestore).toBe(view.items[0]!.name);
    // Taking it back and choosing again is fine; an unknown name is refused.
    expect((await rig.value('backups.restore', { name: null })).pendingRestore).toBeNull();
    const unknown = await rig.call('backups.restore', { name: 'console-20200101-000000.sqlite3' });
    expect(unknown.ok || unknown.error.code).toBe('NOT_FOUND');
    await rig.value('backups.restore', { name: view.items[0]!.name });

    await rig.restart();
    const info = await rig.value('app.info', {});
    expect(info.storage).toMatchObject({ readOnly: false, problem: null, restoredFrom: view.items[0]!.name, cause: null, indexing: null });
    const ids = (await rig.value('history.search', {})).items.map((o) => o.orderId);
    expect(ids).toContain(kept.orderId);
    expect(ids).not.toContain(later.orderId);
    expect((await rig.value('backups.list', {})).pendingRestore).toBeNull();
    expect(readdirSync(rig.dataDir).some((f) => f.includes('.replaced-'))).toBe(true);
    const audit = await rig.value('audit.list', { limit: 10 });
    expect(audit.items[0]).toMatchObject({ action: 'backup.restored', details: { from: view.items[0]!.name } });
  });

  it('makes the daily backup by itself', async () => {
    rig = await startRig({ services: { backupCheckEveryMs: 5 } });
    await vi.waitFor(() => expect(readdirSync(join(rig!.dataDir, 'backups')).filter((f) => f.endsWith('.sqlite3'))).toHaveLength(1), {
      timeout: 10_000,
      interval: 10,
    });
  });
});

describe('a damaged history', () => {
  it('opens read-only: browsable and searchable, writes refused in words, restorable', async () => {
    rig = await startRig({ services: { backupCheckEveryMs: 0 } });
    await rig.value('orders.create', paymentLink({ description: 'Before the damage' }));
    const backup = (await rig.value('backups.create', {})).items[0]!;
    await rig.services.dispose();
    // Enough rows that an index page can be damaged while the file still opens.
    const file = join(rig.dataDir, 'console.sqlite3');
    const db = openDatabase(file);
    seedHistory(db, createOrderStore(db), 2000, { seed: 4 });
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, (pages - 2) * 4096);
    closeSync(fd);

    await rig.restart();
    // The check runs after start, in a worker: the console is usable first, then turns read-only.
    await rig.services.storageChecked();
    const info = await rig.value('app.info', {});
    expect(info.storage?.readOnly).toBe(true);
    expect(info.storage?.checking).toBe(false);
    expect(info.storage?.problem).toMatch(/read-only.*backup/i);
    expect((await rig.value('history.search', { limit: 5 })).items).toHaveLength(5);
    const refused = await rig.call('orders.create', paymentLink());
    expect(refused.ok ? 'ok' : refused.error).toMatchObject({ code: 'STORAGE', fields: { _: { key: 'validation.history.readOnly' } } });
    const fullIbans = await rig.call('history.exportStart', { includeIbans: true });
    expect(fullIbans.ok || fullIbans.error.code).toBe('STORAGE');
    expect(rig.demo.received.filter((r) => r.method === 'POST')).toHaveLength(1);

    await rig.value('backups.restore', { name: backup.name });
    await rig.restart();
    const after = await rig.value('app.info', {});
    expect(after.storage).toMatchObject({ readOnly: false, restoredFrom: backup.name });
    expect((await rig.value('history.search', {})).items.map((o) => o.description)).toEqual(['Before the damage']);
    expect((await rig.call('orders.create', paymentLink())).ok).toBe(true);
    // The damaged file is kept aside, never deleted.
    expect(readdirSync(rig.dataDir).filter((f) => f.startsWith('console.sqlite3.replaced-') && !/-(wal|shm)$/.test(f))).toHaveLength(1);
  });
});
