// Fault suite for the history sync, like create's: each fault class is injected 20 times on
// GET /transactions across one sync of 2,000 transactions (pages of 100), resumed after every
// fault. Printed per class: lost (listed, never stored), doubled (stored twice, or a page stored
// past a fault), unresolved (the sync did not finish). All must be 0.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FaultMode } from '../../../../electron/demo/server';
import type { Rig } from '../../../support/services';
import { refundRig } from '../../../support/refunds';

const MODES: FaultMode[] = ['reset_before', 'reset_after', 'hang_before', 'hang_after', 'html502_before', 'html502_after', 'malformed_after', 'empty_after', 'http429'];
const FAULTS = 20;
const DAY = 24 * 60 * 60_000;

const rows: string[] = [];
afterAll(() => console.log(`sync faults (2,000 transactions, pages of 100)\n${rows.join('\n')}`));

function storedIds(rig: Rig): { all: number; distinct: number; ids: Set<string> } {
  const db = new Database(join(rig.dataDir, 'console.sqlite3'), { readonly: true });
  try {
    const ids = (db.prepare('SELECT transaction_id AS id FROM msp_transactions').all() as { id: string }[]).map((r) => r.id);
    const orders = db.prepare('SELECT count(*) AS n, count(DISTINCT order_id) AS d FROM orders').get() as { n: number; d: number };
    return { all: ids.length + (orders.n - orders.d), distinct: new Set(ids).size, ids: new Set(ids) };
  } finally {
    db.close();
  }
}

describe('sync faults: nothing lost, nothing doubled, always finished by resuming', () => {
  for (const mode of MODES) {
    it(`${mode} on GET /transactions, ${FAULTS} times`, async () => {
      const { rig, clock } = await refundRig({ services: { syncPageSize: 100 } });
      try {
        rig.demo.seedTransactions(2000, { from: clock.now() - 20 * DAY, until: clock.now() - DAY });
        const from = new Date(clock.now() - 30 * DAY).toISOString().slice(0, 10);
        let injected = 0;
        let runs = 0;
        let status = await rig.value('sync.status', {});
        while (status.phase !== 'done' && runs < 100) {
          if (injected < FAULTS) {
            // Alternately on the first page of the run and on the second.
            rig.demo.injectFault({ mode, method: 'GET', path: '/transactions', skip: injected % 2 });
            injected++;
          }
          await rig.value('sync.start', runs === 0 ? { from } : {});
          runs++;
          await rig.services.syncIdle();
          const before = status.pages;
          status = await rig.value('sync.status', {});
          if (status.phase === 'failed') expect(status.pages - before).toBe((injected - 1) % 2); // exactly the pages before the fault
        }
        const listed = rig.demo.received.filter((r) => r.path === '/transactions').length;
        const { all, distinct, ids } = storedIds(rig);
        const lost = 2000 - [...ids].length;
        const doubled = all - distinct;
        const unresolved = status.phase === 'done' ? 0 : 1;
        rows.push(`  ${mode.padEnd(16)} injected ${injected}  runs ${runs}  requests ${listed}  lost ${lost}  doubled ${doubled}  unresolved ${unresolved}`);
        expect({ injected, lost, doubled, unresolved }).toEqual({ injected: FAULTS, lost: 0, doubled: 0, unresolved: 0 });
        expect(status.imported).toBe(2000);
        expect(runs).toBe(FAULTS + 1);
      } finally {
        await rig.close();
      }
    }, 120_000);
  }
});
