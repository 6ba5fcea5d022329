// The history repository: search (FTS5 and id prefixes), filters, every sort with its own
// keyset cursor, totals, facets, clone, and the query plans that keep it fast at scale.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../electron/services/accounts/audit';
import { openDatabase } from '../../../../electron/services/storage/db';
import type { DB } from '../../../../electron/services/storage/db';
import { createHistoryService } from '../../../../electron/services/history/history-service';
import type { HistoryService } from '../../../../electron/services/history/history-service';
import { FILTER_SQL, SORTS, filterClauses, orderBy } from '../../../../electron/services/history/query';
import { searchMatch } from '../../../../electron/services/history/search-terms';
import { createOrderStore } from '../../../../electron/services/orders/order-store';
import type { OrderRow, OrderStore } from '../../../../electron/services/orders/order-store';
import { HISTORY_SORTS, HistorySearchInput } from '@shared/history';
import type { OrderKey } from '@shared/order-key';
import type { HistoryFilters, HistorySearchInput as SearchInput, HistorySort } from '@shared/history';
import { random, seedHistory, seededOrder } from '../../../support/history-seed';

let dir: string;
let db: DB;
let store: OrderStore;
let history: HistoryService;
let audited: AuditEntry[];

/** The full key of a seeded order (clone names an order by environment, profile and order_id). */
function keyOf(orderId: string): OrderKey {
  const row = db.prepare<[string], { environment: OrderKey['environment']; profileId: string }>(
    'SELECT environment, profile_id AS profileId FROM orders WHERE order_id = ?',
  ).get(orderId);
  return { environment: row?.environment ?? 'demo', profileId: row?.profileId ?? 'demo', orderId };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'msp-history-'));
  db = openDatabase(join(dir, 'console.sqlite3'));
  store = createOrderStore(db);
  audited = [];
  history = createHistoryService({ db, audit: { record: (entry) => audited.push(entry), append: (entry) => audited.push(entry) } });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const search = (input: SearchInput) => history.search(HistorySearchInput.parse(input));
const ids = (input: SearchInput) => search(input).items.map((o) => o.orderId);

/** Every page of a query, following the cursors. */
function allPages(input: SearchInput): string[] {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = search({ ...input, cursor });
    out.push(...page.items.map((o) => o.orderId));
    if (page.next === null) return out;
    cursor = page.next;
  }
  throw new Error('no end of pages');
}

/** The same query the plain way: every match, one full sort (what the fast plans must equal). */
function reference(text: string, filters: HistoryFilters, sort: HistorySort): string[] {
  const { clauses, params } = filterClauses(filters);
  const match = searchMatch(text);
  if (text.trim() !== '' && match === null) return [];
  const where = [...(match ? ['o.id IN (SELECT rowid FROM orders_fts WHERE orders_fts MATCH @match)'] : []), ...clauses];
  const sql = `SELECT o.order_id FROM orders o${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${orderBy(SORTS[sort])}`;
  return (db.prepare(sql).all({ ...params, ...(match ? { match } : {}) }) as { order_id: string }[]).map((r) => r.order_id);
}

/** One order with chosen facts, through the repository, at time `at`. */
function addOrder(i: number, at: number, over: Partial<ReturnType<typeof seededOrder>['order']> = {}, tx: string | null = null) {
  const seeded = seededOrder(i, random(i + 1), { start: at, stepMs: 0 });
  const order = { ...seeded.order, now: at, ...over };
  const row = store.insertIntent(order);
  store.settle(row, seeded.exchange, { state: 'created', status: 'initialized', financialStatus: 'initialized', transactionId: tx, problem: null }, at + 1);
  return order.orderId;
}

describe('paging', () => {
  beforeEach(() => {
    seedHistory(db, store, 600, { seed: 7, stepMs: 60_000 });
    // The clock was set back twice: some orders carry earlier times than orders recorded before them.
    seedHistory(db, store, 40, { seed: 8, from: 600, start: Date.UTC(2024, 0, 1) + 100 * 60_000, stepMs: 30_000 });
    seedHistory(db, store, 40, { seed: 9, from: 640, start: Date.UTC(2024, 0, 1) + 650 * 60_000, stepMs: 1_000 });
  });

  it('knows which orders are out of time order', () => {
    // The second batch lies wholly before the first one's last order; the third starts after it.
    const out = (db.prepare('SELECT count(*) AS n FROM orders_out_of_order').get() as { n: number }).n;
    expect(out).toBe(40);
  });

  const cases: { text: string; filters: HistoryFilters }[] = [
    { text: '', filters: {} },
    { text: '', filters: { state: 'created' } },
    { text: '', filters: { environment: 'test', profileId: 'shop-test' } },
    { text: '', filters: { gateway: 'DIRDEB', amountMin: 1_000, amountMax: 100_000 } },
    { text: 'jansen', filters: {} },
    { text: 'invoice', filters: { state: 'created' } },
    { text: 'de vries', filters: { operator: 'anna' } },
    { text: 'con-2024', filters: {} },
    { text: 'example.be', filters: { createdFrom: Date.UTC(2024, 0, 1, 2), createdBefore: Date.UTC(2024, 0, 1, 9) } },
  ];
  for (const { text, filters } of cases) {
    for (const sort of HISTORY_SORTS) {
      it(`pages "${text}" ${JSON.stringify(filters)} by ${sort} exactly as one full sort would`, () => {
        const expected = reference(text, filters, sort);
        expect(expected.length).toBeGreaterThan(0);
        const paged = allPages({ text, filters, sort, limit: 23 });
        expect(paged).toEqual(expected);
      });
    }
  }

  it('has no total beyond the first page and counts exactly below the cap', () => {
    const first = search({ text: 'jansen', limit: 10 });
    expect(first.total).toEqual({ count: reference('jansen', {}, 'newest').length, capped: false });
    expect(search({ text: 'jansen', limit: 10, cursor: first.next }).total).toBeNull();
    expect(search({ limit: 10, count: false }).total).toBeNull();
  });

  it('says "1,000+" instead of counting a large history', () => {
    seedHistory(db, store, 500, { seed: 10, from: 700 });
    expect(search({ limit: 5 }).total).toEqual({ count: 1000, capped: true });
  });

  it('refuses a cursor that is not its own', () => {
    const page = search({ limit: 5 });
    expect(() => search({ limit: 5, cursor: 'garbage' })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    // A cursor of the newest-first list is no position in the amount order.
    expect(() => search({ limit: 5, cursor: page.next, sort: 'amountAsc' })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('search text', () => {
  it('finds orders by id (exact, prefix, any case), transaction id, name, e-mail, description and IBAN', () => {
    const at = Date.UTC(2025, 10, 21, 14);
    const a = addOrder(1, at, {
      orderId: 'CON-20251121-140300-k7pq2x',
      customerName: 'Sophie Lefèvre',
      customerEmail: 'sophie@example.fr',
      description: 'Réparation vélo',
    }, '12345678901234567');
    const b = addOrder(2, at + 1000, {
      orderId: 'CON-20251121-150000-zzzzzz',
      customerName: 'Jan de Vries',
      customerEmail: 'jan.devries@example.nl',
      iban: 'NL91ABNA0417164300',
      accountHolderName: 'J. de Vries',
      description: 'Invoice 2025-117',
    });
    expect(ids({ text: 'CON-20251121-140300-k7pq2x' })).toEqual([a]);
    expect(ids({ text: 'con-20251121-14' })).toEqual([a]);
    expect(ids({ text: 'CON-20251121' })).toEqual([b, a]);
    expect(ids({ text: 'k7pq2x' })).toEqual([a]);
    expect(ids({ text: '12345678901234567' })).toEqual([a]);
    expect(ids({ text: '1234567' })).toEqual([a]);
    expect(ids({ text: 'lefevre' })).toEqual([a]); // diacritics folded
    expect(ids({ text: 'Sophie Lef' })).toEqual([a]);
    expect(ids({ text: 'sophie@example.fr' })).toEqual([a]);
    expect(ids({ text: 'reparation' })).toEqual([a]);
    expect(ids({ text: 'Vries' })).toEqual([b]);
    expect(ids({ text: '2025-117' })).toEqual([b]);
    expect(ids({ text: '4300' })).toEqual([b]);
    expect(ids({ text: 'NL91 ABNA 0417 1643 00' })).toEqual([b]);
    expect(ids({ text: 'nobody' })).toEqual([]);
  });

  it('finds an order by every transaction id it ever had', () => {
    const at = Date.UTC(2025, 0, 1);
    const id = addOrder(1, at, { orderId: 'CON-TX' }, '11111111111111111');
    const rowId = (db.prepare('SELECT id FROM orders WHERE order_id = @id').get({ id }) as { id: number }).id;
    // The customer opened the link again: a second transaction.
    store.settle(rowId, null, { state: 'created', transactionId: '22222222222222222' }, at + 60_000);
    expect(ids({ text: '11111111111111111' })).toEqual(['CON-TX']);
    expect(ids({ text: '22222222222222222' })).toEqual(['CON-TX']);
    expect(db.prepare('SELECT transaction_id FROM order_transactions ORDER BY transaction_id').all()).toEqual([
      { transaction_id: '11111111111111111' },
      { transaction_id: '22222222222222222' },
    ]);
  });

  it('treats search text as data: quotes, wildcards, operators and SQL are literal', () => {
    const at = Date.UTC(2025, 0, 1);
    const plain = addOrder(1, at, { description: 'Plain order' });
    const odd = addOrder(2, at + 1, { description: `Odd "quoted" NEAR 100% a_b 1=1 back\\slash` });
    const all = [odd, plain];
    expect(ids({ text: '' })).toEqual(all);
    for (const text of [`' OR 1=1 --`, `%`, `_`, `*`, `"`, `\\`, `') OR ('1'='1`, `" OR ""="`, `NEAR(a b)`, `*:*`, `{order_key}:*`, `-`, `^`]) {
      const found = ids({ text });
      expect(found, text).not.toEqual(all); // never "everything"
      expect(() => search({ text }), text).not.toThrow();
    }
    // Words that happen to be FTS5 operators are words.
    expect(ids({ text: 'NEAR' })).toEqual([odd]);
    expect(ids({ text: '"quoted"' })).toEqual([odd]);
    expect(ids({ text: 'a_b' })).toEqual([odd]);
    expect(ids({ text: '1=1' })).toEqual([odd]);
    expect(ids({ text: 'AND' })).toEqual([]);
    expect(ids({ text: 'plain OR odd' })).toEqual([]); // all words must occur, OR included
  });

  it('cuts search text at 200 characters instead of failing', () => {
    addOrder(1, Date.UTC(2025, 0, 1), { description: 'Needle in a haystack' });
    expect(ids({ text: `needle ${'x'.repeat(900)}` })).toEqual([]);
    expect(ids({ text: `needle${' '.repeat(300)}haystack` })).toHaveLength(1);
    expect(searchMatch('a'.repeat(500))).toBe(`"${'a'.repeat(200)}"*`);
  });

  it('follows retention: a masked name is no longer found', () => {
    const id = addOrder(1, Date.UTC(2025, 0, 1), { customerName: 'Marie Dupont' });
    expect(ids({ text: 'dupont' })).toEqual([id]);
    db.prepare("UPDATE orders SET customer_name = 'M. D.', customer_email = '***@***' WHERE order_id = @id").run({ id });
    expect(ids({ text: 'dupont' })).toEqual([]);
    expect(ids({ text: 'marie' })).toEqual([]);
  });
});

describe('filters', () => {
  beforeEach(() => seedHistory(db, store, 400, { seed: 3 }));

  it('each filter narrows to exactly the orders that have it', () => {
    const rows = db.prepare('SELECT * FROM orders').all() as OrderRow[];
    const sample = rows[17]!;
    const checks: [HistoryFilters, (r: OrderRow) => boolean][] = [
      [{ state: 'rejected' }, (r) => r.state === 'rejected'],
      [{ status: 'completed' }, (r) => r.status === 'completed'],
      [{ financialStatus: 'expired' }, (r) => r.financial_status === 'expired'],
      [{ flow: 'directdebit' }, (r) => r.flow === 'directdebit'],
      [{ type: 'redirect' }, (r) => r.type === 'redirect'],
      [{ gateway: 'IDEAL' }, (r) => r.gateway === 'IDEAL'],
      [{ environment: 'live' }, (r) => r.environment === 'live'],
      [{ profileId: 'webshop-test' }, (r) => r.profile_id === 'webshop-test'],
      [{ operator: 'eva' }, (r) => r.operator === 'eva'],
      [{ createdFrom: sample.created_at, createdBefore: sample.created_at + 3_600_000 }, (r) => r.created_at >= sample.created_at && r.created_at < sample.created_at + 3_600_000],
      [{ amountMin: 5_000, amountMax: 20_000 }, (r) => r.amount >= 5_000 && r.amount <= 20_000],
    ];
    for (const [filters, keep] of checks) {
      const expected = rows.filter(keep).sort((x, y) => y.created_at - x.created_at || y.id - x.id).map((r) => r.order_id);
      expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0);
      expect(allPages({ filters, limit: 200 }), JSON.stringify(filters)).toEqual(expected);
    }
  });

  it('lists the values present for the filter lists', () => {
    const facets = history.facets();
    expect(facets.gateways).toEqual(['CBC', 'DIRDEB', 'IDEAL', 'KBC', 'MISTERCASH']);
    expect(facets.operators).toEqual(['anna', 'bert', 'chantal', 'dirk', 'eva']);
    expect(facets.profileIds).toEqual(['demo', 'shop-live', 'shop-test', 'webshop-test']);
    expect(facets.statuses).toContain('completed');
    expect(facets.financialStatuses).toContain('initialized');
  });
});

describe('query plans (what keeps a page fast at a million orders)', () => {
  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({}) as { detail: string }[]).map((r) => r.detail).join(' | ');

  beforeEach(() => {
    seedHistory(db, store, 300, { seed: 5 });
    db.exec('ANALYZE');
  });

  const views: [string, HistoryFilters, HistorySort, RegExp][] = [
    ['newest first', {}, 'newest', /orders_newest/],
    ['oldest first', {}, 'oldest', /orders_newest/],
    ['by amount', {}, 'amountDesc', /orders_by_amount/],
    ['by state', { state: 'created' }, 'newest', /orders_by_state/],
    ['by status', { status: 'completed' }, 'newest', /orders_by_status/],
    ['by gateway', { gateway: 'IDEAL' }, 'newest', /orders_by_gateway/],
    ['by environment', { environment: 'live' }, 'newest', /orders_by_environment|orders_by_profile/],
    ['by profile and environment', { environment: 'test', profileId: 'shop-test' }, 'newest', /orders_by_profile/],
    ['by operator', { operator: 'anna' }, 'newest', /orders_by_operator/],
    ['a date range', { createdFrom: Date.UTC(2024, 0, 1, 1), createdBefore: Date.UTC(2024, 0, 1, 2) }, 'newest', /orders_newest/],
  ];
  for (const [name, filters, sort, index] of views) {
    it(`${name}: one index, no sort step, keyset from the cursor`, () => {
      const { clauses } = filterClauses(filters);
      const spec = SORTS[sort];
      const sql = `SELECT o.* FROM orders o WHERE ${[...clauses, `(o.${spec.column}, o.id) ${spec.desc ? '<' : '>'} (1, 1)`].join(' AND ')} ORDER BY ${orderBy(spec)} LIMIT 51`;
      const detail = plan(sql.replace(/@\w+/g, '1'));
      expect(detail).toMatch(index);
      expect(detail).not.toMatch(/TEMP B-TREE/);
      expect(detail).not.toMatch(/^SCAN o$|SCAN o \|/);
    });
  }

  it('a search by time reads the full-text index in order, without sorting the matches', () => {
    const sql = `SELECT o.* FROM orders_fts CROSS JOIN orders o ON o.id = orders_fts.rowid WHERE orders_fts MATCH '"jan"*' AND o.id NOT IN (SELECT id FROM orders_out_of_order) ORDER BY orders_fts.rowid DESC LIMIT 51`;
    const detail = plan(sql);
    expect(detail).toMatch(/SCAN orders_fts VIRTUAL TABLE/);
    expect(detail).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
  });

  it('every filter has a fixed SQL fragment with a named parameter', () => {
    for (const [key, sql] of Object.entries(FILTER_SQL)) expect(sql).toMatch(new RegExp(`@${key}$`));
  });
});

describe('clone as new order', () => {
  it('gives the form back as it was filled in, with the full IBAN, and audits it', () => {
    const at = Date.UTC(2025, 0, 1);
    const seeded = seededOrder(3, random(3), { start: at });
    const iban = 'NL91ABNA0417164300';
    const body = {
      type: 'direct',
      order_id: 'CON-DD-1',
      gateway: 'DIRDEB',
      currency: 'EUR',
      amount: 4250,
      description: 'Membership 2025',
      payment_options: { redirect_url: 'https://shop.example.nl/ok' },
      customer: { locale: 'nl_NL', first_name: 'Jan', last_name: 'de Vries', email: 'jan@example.nl', country: 'NL' },
      gateway_info: { account_id: iban, account_holder_name: 'J. de Vries', account_holder_iban: iban, emandate: 'M-77', account_holder_bic: 'ABNANL2A' },
    };
    store.insertIntent({
      ...seeded.order,
      orderId: 'CON-DD-1',
      type: 'direct',
      flow: 'directdebit',
      gateway: 'DIRDEB',
      amount: 4250,
      currency: 'EUR',
      description: 'Membership 2025',
      iban,
      requestBody: JSON.stringify(body),
    });
    const prefill = history.clone(keyOf('CON-DD-1'));
    expect(prefill).toMatchObject({ sourceOrderId: 'CON-DD-1', amount: 4250, currency: 'EUR' });
    expect(prefill.fields).toMatchObject({
      flow: 'directdebit',
      mode: 'direct',
      gateway: 'DIRDEB',
      description: 'Membership 2025',
      firstName: 'Jan',
      lastName: 'de Vries',
      email: 'jan@example.nl',
      locale: 'nl_NL',
      country: 'NL',
      iban,
      holderName: 'J. de Vries',
      bic: 'ABNANL2A',
      emandate: 'M-77',
      redirectUrl: 'https://shop.example.nl/ok',
      advanced: '',
    });
    expect(prefill.fields).not.toHaveProperty('amountText');
    expect(audited).toEqual([{ action: 'history.clone', orderId: 'CON-DD-1', details: { flow: 'directdebit', iban: true } }]);
  });

  it('brings an order written by hand back into the advanced editor, without its order_id', () => {
    const seeded = seededOrder(4, random(4), { start: Date.UTC(2025, 0, 1) });
    store.insertIntent({ ...seeded.order, orderId: 'CON-RAW', flow: 'advanced', requestBody: '{"type":"checkout","order_id":"CON-RAW","currency":"EUR","amount":100,"description":"x"}' });
    const prefill = history.clone(keyOf('CON-RAW'));
    expect(prefill.fields.advanced).toBe('1');
    expect(JSON.parse(prefill.fields.rawBody!)).toEqual({ type: 'checkout', currency: 'EUR', amount: 100, description: 'x' });
  });

  it('does not hand back an IBAN that retention masked', () => {
    const seeded = seededOrder(5, random(5), { start: Date.UTC(2025, 0, 1) });
    store.insertIntent({ ...seeded.order, orderId: 'CON-OLD', flow: 'directdebit', requestBody: '{"gateway_info":{"account_holder_iban":"NL91 **** **** **** 4300"}}' });
    expect(history.clone(keyOf('CON-OLD')).fields.iban).toBe('');
  });

  it('says so when there is no such order', () => {
    expect(() => history.clone(keyOf('CON-NONE'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('an order id or transaction id typed whole', () => {
  it('is answered by the id indexes: that order only, 16–17 digit ids as exact text, the general search when nobody has it', () => {
    const at = Date.UTC(2025, 0, 1);
    addOrder(1, at, { orderId: 'CON-20250101-1' });
    addOrder(2, at + 1, { orderId: 'CON-20250101-10' }, '17472052901237122');
    addOrder(3, at + 2, { orderId: 'CON-20250101-11' });
    // The order with a second transaction (a link opened twice): found by either.
    db.prepare("UPDATE orders SET transaction_id = '17472052901237123' WHERE order_id = 'CON-20250101-10'").run();

    expect(ids({ text: 'CON-20250101-1' })).toEqual(['CON-20250101-1']);
    expect(search({ text: ' CON-20250101-1 ' }).total).toEqual({ count: 1, capped: false });
    expect(ids({ text: '17472052901237122' })).toEqual(['CON-20250101-10']);
    expect(ids({ text: '17472052901237123' })).toEqual(['CON-20250101-10']);
    // One digit off (what a Number would have rounded to): not that order.
    expect(ids({ text: '17472052901237120' })).toEqual([]);
    // The filters still hold.
    expect(ids({ text: 'CON-20250101-1', filters: { state: 'rejected' } })).toEqual([]);
    // No order has it: the general search (id prefix, words) answers.
    expect(ids({ text: 'CON-2025010' })).toEqual(['CON-20250101-11', 'CON-20250101-10', 'CON-20250101-1']);
    // Its plan: the two id indexes, no scan and no full-text read.
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT o.* FROM orders o WHERE o.id IN (SELECT id FROM orders WHERE order_id = @exact
      UNION SELECT order_row FROM order_transactions WHERE transaction_id = @exact) ORDER BY o.created_at DESC, o.id DESC LIMIT 51`)
      .all({ exact: 'x' }) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/orders_by_order_id/);
    expect(plan).toMatch(/order_transactions_by_id/);
    expect(plan).not.toMatch(/SCAN o\b|SCAN orders\b/);
  });

  it('exports what the list showed: the order with that id, not every id it starts', () => {
    const at = Date.UTC(2025, 0, 1);
    addOrder(1, at, { orderId: 'CON-20250101-1' });
    addOrder(2, at + 1, { orderId: 'CON-20250101-10' });
    const exported = (text: string) => {
      const plan = history.exportPlan({ text, filters: {}, sort: 'newest' });
      return (db.prepare(plan.sql).all(plan.params) as { order_id: string }[]).map((r) => r.order_id);
    };
    expect(exported('CON-20250101-1')).toEqual(ids({ text: 'CON-20250101-1' }));
    expect(exported('CON-20250101-1')).toEqual(['CON-20250101-1']);
    expect(exported('CON-2025010')).toEqual(['CON-20250101-10', 'CON-20250101-1']);
  });

  it('pages like any search when several orders share the id (one per site)', () => {
    const at = Date.UTC(2025, 0, 1);
    for (let i = 0; i < 5; i++) addOrder(10 + i, at + i, { orderId: 'SHOP-77', profileId: `site-${i}` });
    addOrder(20, at + 9, { orderId: 'SHOP-770' });
    expect(allPages({ text: 'SHOP-77', limit: 2 })).toHaveLength(5);
    expect(search({ text: 'SHOP-77', limit: 2 }).total).toEqual({ count: 5, capped: false });
  });
});
