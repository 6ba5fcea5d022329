// The audit log: append-only by trigger, hash-chained, verifiable; tampering done
// directly in SQLite (triggers dropped first) is detected.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalDetails, chainHash, rowContent } from '../../../../electron/services/accounts/audit-log';
import { manualClock } from '../../../../electron/services/platform/clock';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

let rig: Rig;
afterEach(async () => rig?.close());

const dbFile = (r: Rig) => join(r.dataDir, 'console.sqlite3');

/** A few entries of different kinds, through the handlers the window uses. */
async function someHistory(r: Rig): Promise<void> {
  await r.value('settings.setOperator', { name: 'Anna' });
  await r.value('profiles.save', { name: 'Shop A', environment: 'demo' });
  await r.value('orders.create', paymentLink());
  await r.value('settings.setOperator', { name: 'Bram' });
}

describe('the audit log', () => {
  it('records profile, operator and order actions with who, when and where, newest first', async () => {
    const clock = manualClock();
    rig = await startRig({ services: { clock } });
    await rig.value('settings.setOperator', { name: 'Anna' });
    clock.advance(1000);
    const { profile } = await rig.value('profiles.save', { name: 'Shop A', environment: 'demo' });
    await rig.value('profiles.switch', { id: profile.id });
    const order = await rig.value('orders.create', paymentLink());

    const page = await rig.value('audit.list', {});
    expect(page.items.map((i) => i.action)).toEqual(['order.create', 'profile.switch', 'profile.create', 'operator.change']);
    expect(page.items[0]).toMatchObject({ operator: 'Anna', profileId: profile.id, environment: 'demo', orderId: order.orderId });
    expect(page.items[2]).toMatchObject({
      at: new Date(clock.now()).toISOString(),
      details: { profileId: profile.id, name: 'Shop A', environment: 'demo' },
    });
    expect(page.items[3]).toMatchObject({ profileId: 'demo', details: { from: 'tester', to: 'Anna' } });
    expect(page.next).toBeNull();
  });

  it('pages with a keyset on the id', async () => {
    rig = await startRig();
    for (const name of ['A1', 'B2', 'C3', 'D4', 'E5']) await rig.value('settings.setOperator', { name });
    const first = await rig.value('audit.list', { limit: 2 });
    expect(first.items.map((i) => i.details.to)).toEqual(['E5', 'D4']);
    const second = await rig.value('audit.list', { limit: 2, before: first.next });
    expect(second.items.map((i) => i.details.to)).toEqual(['C3', 'B2']);
    const third = await rig.value('audit.list', { limit: 2, before: second.next });
    expect(third.items.map((i) => i.details.to)).toEqual(['A1']);
    expect(third.next).toBeNull();
  });

  it('chains every row to the one before it, and verifies', async () => {
    rig = await startRig();
    await someHistory(rig);
    const db = new Database(dbFile(rig), { readonly: true });
    const rows = db.prepare('SELECT * FROM audit ORDER BY id').all() as Array<Record<string, string | number | null>>;
    db.close();
    expect(rows.length).toBe(4);
    let prev = GENESIS_HASH;
    for (const row of rows) {
      expect(row.prev_hash).toBe(prev);
      const { hash, prev_hash: _p, ...content } = row;
      expect(hash).toBe(chainHash(prev, rowContent(content as never)));
      prev = hash as string;
    }
    expect(await rig.value('audit.verify', {})).toEqual({ ok: true, count: 4, brokenAt: null, headHash: prev });
  });

  it('refuses UPDATE and DELETE by trigger', async () => {
    rig = await startRig();
    await someHistory(rig);
    const db = new Database(dbFile(rig));
    try {
      expect(() => db.prepare("UPDATE audit SET operator = 'mallory' WHERE id = 1").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit WHERE id = 2').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect((await rig.value('audit.verify', {})).ok).toBe(true);
  });

  it('detects a row changed behind its back (triggers dropped in SQLite)', async () => {
    rig = await startRig();
    await someHistory(rig);
    await rig.services.dispose();
    const db = new Database(dbFile(rig));
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare(`UPDATE audit SET operator = 'Mallory' WHERE id = 2`).run();
    db.close();
    await rig.restart();
    expect(await rig.value('audit.verify', {})).toEqual({ ok: false, count: 2, brokenAt: 2, headHash: null });
  });

  it('detects a row removed from the middle', async () => {
    rig = await startRig();
    await someHistory(rig);
    await rig.services.dispose();
    const db = new Database(dbFile(rig));
    db.exec('DROP TRIGGER audit_no_delete');
    db.prepare('DELETE FROM audit WHERE id = 2').run();
    db.close();
    await rig.restart();
    expect(await rig.value('audit.verify', {})).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('detects details rewritten with a recomputed hash for that row only', async () => {
    rig = await startRig();
    await someHistory(rig);
    await rig.services.dispose();
    const db = new Database(dbFile(rig));
    db.exec('DROP TRIGGER audit_no_update');
    const row = db.prepare('SELECT * FROM audit WHERE id = 1').get() as Record<string, string | number | null>;
    const details = JSON.stringify({ from: 'tester', to: 'Someone else' });
    const forged = chainHash(row.prev_hash as string, rowContent({ ...(row as Parameters<typeof rowContent>[0]), details }));
    db.prepare('UPDATE audit SET details = ?, hash = ? WHERE id = 1').run(details, forged);
    db.close();
    await rig.restart();
    // Row 1 now checks out on its own, but row 2 still points at the old hash.
    expect(await rig.value('audit.verify', {})).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('keeps details small, primitive, sorted and free of IBANs and e-mail addresses', () => {
    expect(
      canonicalDetails({ z: 1, a: 'NL91ABNA0417164300', m: 'mail anna@example.com', n: null, b: true, x: Number.NaN }, []),
    ).toBe('{"a":"[iban]","b":true,"m":"mail [email]","n":null,"x":null,"z":1}');
    expect(canonicalDetails({ k: 'key is SECRETKEY123' }, ['SECRETKEY123'])).toBe('{"k":"key is [redacted]"}');
    expect(JSON.parse(canonicalDetails({ long: 'x'.repeat(500) }, [])).long).toHaveLength(200);
  });
});
