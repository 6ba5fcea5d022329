// Every path that hands out a full IBAN writes its audit row first and fails closed: with the
// audit write blocked, clone, a full-IBAN export and a draft holding an IBAN all refuse and
// hand out nothing, the way privacy.revealIban does.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { InputOf } from '@shared/contract';
import { startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

const IBAN = 'NL91ABNA0417164300';
const directDebit = (): InputOf<'orders.create'> => ({
  type: 'direct',
  gateway: 'DIRDEB',
  amount: 2500,
  currency: 'EUR',
  description: 'Membership 2026',
  mandate: { iban: IBAN, holderName: 'Simon Smit', holderCountry: 'nl', emandate: 'MANDATE-7' },
});

let rig: Rig;
afterEach(async () => rig?.close());

/** The audit table refuses every new row from now on (as a full disk or a lock would). */
function blockAudit(r: Rig): void {
  const db = new Database(join(r.dataDir, 'console.sqlite3'));
  db.exec("CREATE TRIGGER audit_blocked BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'blocked'); END");
  db.close();
}

describe('full IBANs leave only with their audit row', () => {
  it('clone, export with full IBANs and a draft with an IBAN each write their row first', async () => {
    rig = await startRig({ services: { backupCheckEveryMs: 0 } });
    const order = await rig.value('orders.create', directDebit());
    expect((await rig.value('history.clone', order.key)).fields.iban).toBe(IBAN);
    await rig.value('drafts.save', { fields: { flow: 'directdebit', iban: 'NL91 ABNA 0417 1643 00' } });
    expect((await rig.value('drafts.get', {})).draft?.fields.iban).toBe('NL91 ABNA 0417 1643 00');
    await rig.value('history.exportStart', { includeIbans: true });
    const actions = (await rig.value('audit.list', { limit: 10 })).items.map((i) => [i.action, i.details.iban ?? i.details.ibans ?? i.details.last4]);
    expect(actions).toEqual(expect.arrayContaining([['history.clone', true], ['draft.iban', '4300'], ['history.export', 'full']]));
  });

  it('with the audit write blocked, none of them hands out a full IBAN', async () => {
    rig = await startRig({ services: { backupCheckEveryMs: 0 } });
    const order = await rig.value('orders.create', directDebit());
    await rig.value('drafts.save', { fields: { flow: 'directdebit', iban: IBAN } });
    blockAudit(rig);

    for (const [channel, input] of [
      ['privacy.revealIban', order.key],
      ['history.clone', order.key],
      ['drafts.get', {}],
      ['history.exportStart', { includeIbans: true }],
    ] as const) {
      const result = await rig.call(channel, input as never);
      expect(result.ok ? `${channel} answered` : result.error.code, channel).toBe('STORAGE');
      expect(JSON.stringify(result), channel).not.toContain('4171643');
    }
    const exportsDir = join(rig.dataDir, 'exports');
    expect(existsSync(exportsDir) ? readdirSync(exportsDir) : []).toEqual([]); // no file was started
    // Masked output needs no row and still works.
    expect((await rig.call('history.exportStart', { includeIbans: false })).ok).toBe(true);
  });
});
