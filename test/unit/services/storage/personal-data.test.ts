// Personal data: the IBAN reveal is audited before it happens, and retention masks
// IBANs and names of orders older than N months (clock moved by hand, no sleeping).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../../electron/services/platform/clock';
import { maskBody, maskIbansIn, maskName, monthsBefore } from '../../../../electron/services/storage/personal-data';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

const DAY = 24 * 60 * 60 * 1000;
const OLD_IBAN = 'NL91ABNA0417164300';
const NEW_IBAN = 'BE68539007547034';

let rig: Rig;
afterEach(async () => rig?.close());

const dbFile = (r: Rig) => join(r.dataDir, 'console.sqlite3');

/**
 * Give an order the personal data a direct debit carries, in the columns order entry
 * keeps it in (added here if this build's schema does not have them yet).
 */
function withPersonalData(r: Rig, orderId: string, person: { iban: string; name: string; email: string }): void {
  const db = new Database(dbFile(r));
  try {
    const columns = (db.prepare("SELECT name FROM pragma_table_info('orders')").all() as { name: string }[]).map((c) => c.name);
    for (const column of ['iban', 'account_holder_name', 'customer_name', 'customer_email']) {
      if (!columns.includes(column)) db.exec(`ALTER TABLE orders ADD COLUMN ${column} TEXT`);
    }
    const body = JSON.stringify({
      type: 'direct',
      order_id: orderId,
      amount: 1250,
      customer: { first_name: person.name.split(' ')[0], last_name: 'de Vries', email: person.email },
      gateway_info: { account_id: person.iban, account_holder_name: person.name, account_holder_iban: person.iban },
    });
    db.prepare(
      `UPDATE orders SET iban = @iban, account_holder_name = @name, customer_name = @name, customer_email = @email,
         request_body = @body WHERE order_id = @orderId`,
    ).run({ ...person, body, orderId });
    db.prepare(
      `UPDATE exchanges SET request_body = @body, response_body = @response
       WHERE order_row = (SELECT id FROM orders WHERE order_id = @orderId)`,
    ).run({ body, orderId, response: `{"success":true,"data":{"order_id":"${orderId}","transaction_id":12345678901234567,"payment_details":{"account_iban":"${person.iban}","account_holder_name":"${person.name}"}}}` });
  } finally {
    db.close();
  }
}

function orderRow(r: Rig, orderId: string): Record<string, unknown> {
  const db = new Database(dbFile(r), { readonly: true });
  try {
    const row = db.prepare('SELECT * FROM orders WHERE order_id = ?').get(orderId) as Record<string, unknown>;
    const exchanges = db.prepare('SELECT request_body, response_body FROM exchanges WHERE order_row = ?').all(row.id);
    return { ...row, exchanges };
  } finally {
    db.close();
  }
}

describe('revealing a masked IBAN', () => {
  it('writes the audit entry first, with the last 4 only, then returns the IBAN', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', paymentLink());
    withPersonalData(rig, order.orderId, { iban: OLD_IBAN, name: 'Jan de Vries', email: 'jan@example.com' });

    expect(await rig.value('privacy.revealIban', order.key)).toEqual({ orderId: order.orderId, iban: OLD_IBAN });
    const [entry] = (await rig.value('audit.list', {})).items;
    expect(entry).toMatchObject({ action: 'iban.reveal', orderId: order.orderId, operator: 'tester', details: { last4: '4300' } });
    expect(JSON.stringify(entry)).not.toContain(OLD_IBAN);
  });

  it('reveals nothing when the audit entry cannot be written', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', paymentLink());
    withPersonalData(rig, order.orderId, { iban: OLD_IBAN, name: 'Jan de Vries', email: 'jan@example.com' });
    const db = new Database(dbFile(rig));
    db.exec("CREATE TRIGGER audit_full BEFORE INSERT ON audit WHEN NEW.action = 'iban.reveal' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    db.close();
    const result = await rig.call('privacy.revealIban', order.key);
    expect(result.ok || result.error.code).toBe('STORAGE');
    expect(JSON.stringify(result)).not.toContain(OLD_IBAN);
  });

  it('says so for an order without an IBAN or an unknown order', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', paymentLink());
    const none = await rig.call('privacy.revealIban', order.key);
    expect(none.ok || [none.error.code, none.error.fields?._?.key]).toEqual(['NOT_FOUND', 'validation.iban.none']);
    const unknown = await rig.call('privacy.revealIban', { ...order.key, orderId: 'CON-nope' });
    expect(unknown.ok || unknown.error.code).toBe('NOT_FOUND');
    expect((await rig.value('audit.list', {})).items.some((i) => i.action === 'iban.reveal')).toBe(false);
  });
});

describe('retention', () => {
  it('masks IBANs and names of orders older than N months, keeps the financial facts and newer orders', async () => {
    const clock = manualClock(Date.UTC(2025, 0, 15, 10));
    rig = await startRig({ services: { clock } });
    const old = await rig.value('orders.create', paymentLink({ amount: 4200 }));
    withPersonalData(rig, old.orderId, { iban: OLD_IBAN, name: 'Jan de Vries', email: 'jan@example.com' });
    clock.set(Date.UTC(2026, 0, 20, 10)); // 12 months and 5 days later
    const recent = await rig.value('orders.create', paymentLink());
    withPersonalData(rig, recent.orderId, { iban: NEW_IBAN, name: 'Els Peeters', email: 'els@example.be' });

    const settings = await rig.value('settings.setRetention', { months: 12 });
    expect(settings).toMatchObject({ retentionMonths: 12, lastRetention: { at: '2026-01-20T10:00:00.000Z', masked: 1 } });

    const masked = orderRow(rig, old.orderId);
    expect(masked).toMatchObject({
      iban: 'NL91 **** **** **** 4300',
      account_holder_name: 'J. d. V.',
      customer_name: 'J. d. V.',
      customer_email: '***@***',
      amount: 4200,
      currency: 'EUR',
      transaction_id: old.transactionId,
    });
    const text = JSON.stringify(masked);
    for (const secret of [OLD_IBAN, 'Jan de Vries', 'jan@example.com', '"Jan"']) expect(text).not.toContain(secret);
    // The raw bodies keep everything else byte for byte, 17-digit ids as bare numbers included.
    expect(text).toContain('12345678901234567');

    const kept = orderRow(rig, recent.orderId);
    expect(kept).toMatchObject({ iban: NEW_IBAN, customer_name: 'Els Peeters' });

    const reveal = await rig.call('privacy.revealIban', old.key);
    expect(reveal.ok || reveal.error.fields?._?.key).toBe('validation.iban.removed');

    // Neither the database file nor its WAL keeps the old plaintext.
    for (const file of [dbFile(rig), `${dbFile(rig)}-wal`]) {
      let bytes = '';
      try {
        bytes = readFileSync(file).toString('latin1');
      } catch {
        continue; // no WAL right after a TRUNCATE checkpoint is fine
      }
      expect(bytes).not.toContain(OLD_IBAN);
      expect(bytes).not.toContain('jan@example.com');
    }

    const audit = (await rig.value('audit.list', {})).items.map((i) => [i.action, i.details]);
    expect(audit).toContainEqual(['retention.apply', { months: 12, masked: 1, before: '2025-01-20T10:00:00.000Z', backupsMasked: 0, filesDeleted: 0 }]);
    expect(audit).toContainEqual(['retention.setting', { from: null, to: 12 }]);
  });

  it('runs again at every start, with the clock of that start, and masks each order once', async () => {
    const clock = manualClock(Date.UTC(2025, 5, 1));
    rig = await startRig({ services: { clock } });
    await rig.value('settings.setRetention', { months: 6 });
    const order = await rig.value('orders.create', paymentLink());
    withPersonalData(rig, order.orderId, { iban: OLD_IBAN, name: 'Jan de Vries', email: 'jan@example.com' });

    clock.advance(100 * DAY);
    await rig.restart();
    expect(orderRow(rig, order.orderId).iban).toBe(OLD_IBAN);

    clock.advance(90 * DAY);
    await rig.restart();
    expect(orderRow(rig, order.orderId).iban).toBe('NL91 **** **** **** 4300');
    expect((await rig.value('settings.get', {})).lastRetention).toMatchObject({ masked: 1 });

    clock.advance(DAY);
    await rig.restart();
    const applied = (await rig.value('audit.list', {})).items.filter((i) => i.action === 'retention.apply');
    expect(applied).toHaveLength(1);
  });

  it('does nothing without a retention setting, and can be switched off', async () => {
    const clock = manualClock(Date.UTC(2020, 0, 1));
    rig = await startRig({ services: { clock } });
    const order = await rig.value('orders.create', paymentLink());
    withPersonalData(rig, order.orderId, { iban: OLD_IBAN, name: 'Jan de Vries', email: 'jan@example.com' });
    clock.advance(3000 * DAY);
    await rig.restart();
    expect(orderRow(rig, order.orderId).iban).toBe(OLD_IBAN);
    expect(await rig.value('settings.setRetention', { months: null })).toMatchObject({ retentionMonths: null });
    const bad = await rig.call('settings.setRetention', { months: 0 });
    expect(bad.ok).toBe(false);
  });
});

describe('masking helpers', () => {
  it('counts calendar months back and clamps to the end of a shorter month', () => {
    expect(new Date(monthsBefore(Date.UTC(2026, 2, 31, 12), 1)).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(new Date(monthsBefore(Date.UTC(2024, 2, 31), 1)).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(new Date(monthsBefore(Date.UTC(2026, 0, 15), 14)).toISOString()).toBe('2024-11-15T00:00:00.000Z');
  });

  it('masks names to initials and bodies by key, leaving the rest as it was', () => {
    expect(maskName('Jan de Vries')).toBe('J. d. V.');
    expect(maskName('Élodie')).toBe('É.');
    expect(maskBody('{"amount":1,"account_holder_name":"Jan \\"JJ\\" Vries","iban":"NL91ABNA0417164300","id":12345678901234567}')).toBe(
      '{"amount":1,"account_holder_name":"J. \\". V.","iban":"NL91 **** **** **** 4300","id":12345678901234567}',
    );
    expect(maskBody('note: pay to DE89370400440532013000 today')).toBe('note: pay to DE89 **** **** **** **** 3000 today');
  });
});

describe('finding IBANs in any stored text', () => {
  it('masks valid IBANs in any case or spacing, keeps tokens and words that are no IBAN', () => {
    expect(maskIbansIn('pay gb29 nwbk 6016 1331 9268 19 now')).toBe('pay GB29 **** **** **** **** 6819 now');
    expect(maskIbansIn('from GB29-NWBK-6016-1331-9268-19.')).toBe('from GB29 **** **** **** **** 6819.');
    expect(maskIbansIn('{"account_iban":"nl91abna0417164300"}')).toBe('{"account_iban":"NL91 **** **** **** 4300"}');
    // MultiSafepay's test IBANs fail mod-97, but their classic form is still masked.
    expect(maskIbansIn('NL87ABNA0000000001')).toBe('NL87 **** **** **** 0001');
    // A hex token in a payment URL is not an IBAN; one after it still is.
    const url = 'https://pay.example/?token=ab12cdef3456789abcdef0123';
    expect(maskIbansIn(url)).toBe(url);
    expect(maskIbansIn('ab12 cdef nl91 abna 0417 1643 00')).toBe('ab12 cdef NL91 **** **** **** 4300');
  });
});
