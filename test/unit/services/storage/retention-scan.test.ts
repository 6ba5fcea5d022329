// Retention really erases: after the period, not one byte of a canary's IBAN (any case or
// spacing), name or e-mail address is left anywhere in the data folder: the database (its
// full-text index and free pages included), its WAL, every backup, exports and files a
// restore set aside. Checked at scale, over thousands of orders on many pages.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOrderStore } from '../../../../electron/services/orders/order-store';
import { manualClock } from '../../../../electron/services/platform/clock';
import { openDatabase } from '../../../../electron/services/storage/db';
import { seedHistory } from '../../../support/history-seed';
import { startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

const ORDERS = Number(process.env.RETENTION_SCAN_ORDERS ?? 5_000);
const MONTH = 31 * 24 * 60 * 60 * 1000;
const IBAN = 'GB29NWBK60161331926819';
const NAME = 'Wilhelmina Canarybird';
const EMAIL = 'canary.bird@example.org';
/** Every form the canary could have been written in. */
const NEEDLES = [
  IBAN,
  IBAN.toLowerCase(),
  'GB29 NWBK 6016 1331 9268 19',
  'gb29 nwbk 6016 1331 9268 19',
  'GB29-NWBK-6016-1331-9268-19',
  'NWBK60161331926819',
  NAME,
  'Canarybird',
  'canarybird',
  'Wilhelmina',
  'wilhelmina',
  EMAIL,
  'canary.bird',
];

let rig: Rig | undefined;
afterEach(async () => rig?.close());

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('retention erases everywhere', () => {
  it(`leaves no byte of a canary in the data folder (${ORDERS.toLocaleString('en')} orders, backups, an export, a set-aside file)`, { timeout: 120_000 }, async () => {
    const clock = manualClock(Date.now()); // real time: files' ages are compared with it
    rig = await startRig({ services: { clock, backupCheckEveryMs: 0 } });
    await rig.services.dispose();
    const file = join(rig.dataDir, 'console.sqlite3');
    const db = openDatabase(file);
    seedHistory(db, createOrderStore(db), ORDERS, { seed: 3, start: clock.now() - ORDERS * 10_000, stepMs: 10_000 });
    // The canary sits in the middle of the history: columns, description (typed IBAN), raw bodies, lower case too.
    const canary = db.prepare('SELECT id, order_id AS orderId FROM orders ORDER BY id LIMIT 1 OFFSET ?').get(Math.floor(ORDERS / 2)) as { id: number; orderId: string };
    const columns = (db.prepare("SELECT name FROM pragma_table_info('orders')").all() as { name: string }[]).map((c) => c.name);
    const set = ['iban', 'account_holder_name', 'customer_name', 'customer_email'].filter((c) => columns.includes(c));
    db.prepare(`UPDATE orders SET ${set.map((c) => `${c} = @${c}`).join(', ')}, description = @description, request_body = @body WHERE id = @id`).run({
      id: canary.id,
      iban: IBAN,
      account_holder_name: NAME,
      customer_name: NAME,
      customer_email: EMAIL,
      description: 'Refund to gb29 nwbk 6016 1331 9268 19 as agreed',
      body: JSON.stringify({ customer: { first_name: 'Wilhelmina', last_name: 'Canarybird', email: EMAIL }, gateway_info: { account_id: IBAN }, note: IBAN.toLowerCase() }),
    });
    db.prepare(
      `INSERT INTO exchanges (order_row, environment, method, path, request_body, http_status, response_body, outcome, started_at, duration_ms)
       VALUES (?, 'test', 'GET', '/orders/x', NULL, 200, ?, 'ok', ?, 5)`,
    ).run(canary.id, `{"data":{"memo":"paid from GB29-NWBK-6016-1331-9268-19","payment_details":{"account_iban":"${IBAN.toLowerCase()}"}}}`, clock.now());
    db.close();
    await rig.restart();

    // Copies: a backup, an export, and (after a restore) the replaced file set aside.
    const backup = (await rig.value('backups.create', {})).items[0]!;
    const started = await rig.value('history.exportStart', { includeIbans: true });
    if (started.outcome !== 'started') throw new Error('the export was not started');
    const { jobId } = started.job;
    await vi.waitFor(async () => expect((await rig!.value('history.exportStatus', { jobId })).state).toBe('done'), { timeout: 60_000, interval: 50 });
    await rig.value('backups.restore', { name: backup.name });
    await rig.restart();
    await rig.value('backups.create', {});
    const before = filesUnder(rig.dataDir).filter((f) => readFileSync(f).includes(Buffer.from(EMAIL)));
    expect(before.length).toBeGreaterThanOrEqual(4); // database, two backups, the export, the set-aside file

    clock.advance(25 * MONTH);
    const settings = await rig.value('settings.setRetention', { months: 12 });
    expect(settings.lastRetention?.masked).toBeGreaterThanOrEqual(ORDERS);
    const applied = (await rig.value('audit.list', { limit: 5 })).items.find((i) => i.action === 'retention.apply')!;
    await rig.services.dispose();

    const files = filesUnder(rig.dataDir);
    let bytes = 0;
    const found: string[] = [];
    for (const path of files) {
      const content = readFileSync(path);
      bytes += content.length;
      for (const needle of NEEDLES) if (content.includes(Buffer.from(needle))) found.push(`${path.slice(rig.dataDir.length + 1)}: ${needle}`);
    }
    expect(found).toEqual([]);
    // Still a working history: the order is there, masked, and the backups still restore.
    const after = new Database(file, { readonly: true });
    expect(after.prepare('SELECT description FROM orders WHERE id = ?').get(canary.id)).toEqual({ description: 'Refund to GB29 **** **** **** **** 6819 as agreed' });
    const pages = after.pragma('page_count', { simple: true }) as number;
    after.close();
    await rig.restart();
    const listed = await rig.value('backups.list', {});
    expect(await rig.value('backups.restorePreview', { name: listed.items[0]!.name })).toMatchObject({ ordersInBackup: ORDERS });
    console.info(
      `retention byte scan: ${ORDERS} orders over ${pages} pages masked; ${applied.details.backupsMasked} backups masked, ` +
        `${applied.details.filesDeleted} export/set-aside files deleted; ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) scanned for ${NEEDLES.length} canary forms: ${found.length} found`,
    );
  });
});
