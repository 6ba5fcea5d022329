/**
 * `npm run bench`: how the history holds up as it grows. For each size it seeds N
 * realistic orders (each with its request/response pair) through the orders
 * repository, in transactions, then times at the handler level (the services'
 * handler table: gate, strict parse, query, views) a page of the list, each indexed
 * view, a date range, id look-ups, a full-text search for a common name and a set of
 * arbitrary filter combinations (the worst is reported), each against the same
 * query written by hand and run on raw better-sqlite3 in the same run. It prints a
 * table and asserts nothing: speed goals live here, not in timed tests.
 *
 *   npm run bench                                   10,000 and 100,000 orders
 *   npm run bench -- --sizes 10000,100000,1000000   the manual 1M run (about 5 GB of disk)
 *   npm run bench -- --runs 100                     more samples per query
 */
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../electron/services/storage/db';
import { createServices } from '../electron/services/index';
import { memorySecretStore } from '../electron/services/accounts/secrets';
import { createOrderStore } from '../electron/services/orders/order-store';
import type { HistorySearchInput } from '@shared/history';
import { seedHistory } from '../test/support/history-seed';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i !== -1 && args[i + 1] ? args[i + 1]! : fallback;
};
const SIZES = option('sizes', '10000,100000')
  .split(',')
  .map((s) => Number(s.replace(/_/g, '')))
  .filter((n) => Number.isSafeInteger(n) && n > 0);
const RUNS = Math.max(5, Number(option('runs', '50')));
/** What one seeded order takes on disk, rows, exchanges, indexes and full-text index together (measured ≈ 3.5 kB), with room. */
const BYTES_PER_ORDER = 6_000;
const SENDER = { url: 'app://console/index.html', isMainFrame: true };
const quiet = { info() {}, warn() {}, error() {} };

interface Timing {
  p50: number;
  p95: number;
}
async function time(run: () => unknown, runs = RUNS): Promise<Timing> {
  for (let i = 0; i < 3; i++) await run(); // warm the page cache and the statement cache
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(runs * 0.5)]!, p95: samples[Math.min(runs - 1, Math.ceil(runs * 0.95) - 1)]! };
}

interface Case {
  name: string;
  input: HistorySearchInput;
  /** The same question written by hand for raw better-sqlite3. */
  raw: string;
  params?: Record<string, string | number>;
}
interface Row {
  name: string;
  handler: Timing;
  raw: Timing;
  rows: number;
}

function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return Number(s.bavail) * Number(s.bsize);
}

interface SizeResult {
  size: number;
  rows: Row[];
  worst: Row;
  seedMs: number;
  openMs: number;
  mb: number;
}

async function benchSize(size: number): Promise<SizeResult | null> {
  const base = tmpdir();
  const need = size * BYTES_PER_ORDER * 1.2;
  if (freeBytes(base) < need) {
    console.log(`skipping ${size.toLocaleString('en')} orders: needs about ${(need / 1e9).toFixed(1)} GB free in ${base}, has ${(freeBytes(base) / 1e9).toFixed(1)} GB`);
    return null;
  }
  const dataDir = mkdtempSync(join(base, 'msp-bench-'));
  try {
    // Seed through the repository, in transactions, the way order entry writes orders.
    const t0 = performance.now();
    const seeding = openDatabase(join(dataDir, 'console.sqlite3'));
    seedHistory(seeding, createOrderStore(seeding), size, { seed: 1, stepMs: Math.max(1000, Math.floor((3 * 365 * 86_400_000) / size)), batch: 10_000 });
    seeding.pragma('wal_checkpoint(TRUNCATE)');
    seeding.close();
    const seedMs = performance.now() - t0;

    const t1 = performance.now();
    const services = await createServices({
      dataDir,
      secrets: memorySecretStore(),
      // Nothing here calls MultiSafepay: an address nobody listens on, and no demo server.
      baseUrls: { demo: 'http://127.0.0.1:9/v1/json' },
      log: quiet,
      reconcileEveryMs: 0,
      backupCheckEveryMs: 0,
    });
    const openMs = performance.now() - t1;
    const search = services.handlers['history.search'];
    const raw = new Database(join(dataDir, 'console.sqlite3'), { readonly: true });
    const mb = (raw.pragma('page_count', { simple: true }) as number) * (raw.pragma('page_size', { simple: true }) as number) / 1048576;

    // Real values from the data, picked the same way at every size.
    const middle = raw.prepare('SELECT * FROM orders WHERE id = ?').get(Math.ceil(size / 2)) as { id: number; created_at: number; order_id: string; transaction_id: string | null };
    const withTx = raw.prepare('SELECT order_id, transaction_id FROM orders WHERE id >= ? AND transaction_id IS NOT NULL LIMIT 1').get(Math.ceil(size / 3)) as { order_id: string; transaction_id: string };
    const week = 7 * 86_400_000;
    const cases: Case[] = [
      { name: 'list, newest first (page 1)', input: { limit: 50, count: false }, raw: 'SELECT * FROM orders ORDER BY created_at DESC, id DESC LIMIT 51' },
      { name: 'list, first page with total (≤1,000)', input: { limit: 50 }, raw: 'SELECT * FROM orders ORDER BY created_at DESC, id DESC LIMIT 51' },
      {
        name: 'list, a page in the middle (keyset)',
        input: { limit: 50, count: false, cursor: `n.${middle.created_at}.${middle.id}` },
        raw: 'SELECT * FROM orders WHERE (created_at, id) < (@c, @i) ORDER BY created_at DESC, id DESC LIMIT 51',
        params: { c: middle.created_at, i: middle.id },
      },
      { name: 'list, oldest first', input: { limit: 50, count: false, sort: 'oldest' }, raw: 'SELECT * FROM orders ORDER BY created_at, id LIMIT 51' },
      { name: 'list, amount high to low', input: { limit: 50, count: false, sort: 'amountDesc' }, raw: 'SELECT * FROM orders ORDER BY amount DESC, id DESC LIMIT 51' },
      view('view: state = rejected', { state: 'rejected' }, "state = 'rejected'"),
      view('view: status = completed', { status: 'completed' }, "status = 'completed'"),
      view('view: gateway = DIRDEB', { gateway: 'DIRDEB' }, "gateway = 'DIRDEB'"),
      view('view: environment + profile', { environment: 'test', profileId: 'webshop-test' }, "environment = 'test' AND profile_id = 'webshop-test'"),
      view('view: operator', { operator: 'chantal' }, "operator = 'chantal'"),
      view('date range (one week)', { createdFrom: middle.created_at - week, createdBefore: middle.created_at }, `created_at >= ${middle.created_at - week} AND created_at < ${middle.created_at}`),
      {
        name: 'id lookup, exact order id',
        input: { text: middle.order_id, limit: 50, count: false },
        raw: 'SELECT * FROM orders WHERE order_id = @id',
        params: { id: middle.order_id },
      },
      {
        name: 'id lookup, order id prefix',
        input: { text: middle.order_id.slice(0, 15), limit: 50, count: false },
        raw: 'SELECT * FROM orders WHERE order_id >= @lo AND order_id < @hi ORDER BY created_at DESC, id DESC LIMIT 51',
        params: { lo: middle.order_id.slice(0, 15), hi: `${middle.order_id.slice(0, 15)}~` },
      },
      {
        name: 'id lookup, transaction id',
        input: { text: withTx.transaction_id, limit: 50, count: false },
        raw: 'SELECT o.* FROM order_transactions t JOIN orders o ON o.id = t.order_row WHERE t.transaction_id = @tx',
        params: { tx: withTx.transaction_id },
      },
      {
        name: 'full text: common name "Jansen"',
        input: { text: 'Jansen', limit: 50, count: false },
        raw: `SELECT o.* FROM orders_fts JOIN orders o ON o.id = orders_fts.rowid WHERE orders_fts MATCH '"jansen"*' ORDER BY orders_fts.rowid DESC LIMIT 51`,
      },
      {
        name: 'full text: "Jansen" with total',
        input: { text: 'Jansen', limit: 50 },
        raw: `SELECT o.* FROM orders_fts JOIN orders o ON o.id = orders_fts.rowid WHERE orders_fts MATCH '"jansen"*' ORDER BY orders_fts.rowid DESC LIMIT 51`,
      },
    ];
    // Arbitrary combinations: the worst one is what staff could meet on a bad day.
    const combos: Case[] = [
      combo('financial status + amount range', { financialStatus: 'expired', amountMin: 50_000, amountMax: 60_000 }, "financial_status = 'expired' AND amount BETWEEN 50000 AND 60000"),
      combo('flow + type + operator', { flow: 'kbc-cbc', type: 'direct', operator: 'eva' }, "flow = 'kbc-cbc' AND type = 'direct' AND operator = 'eva'"),
      combo('state + gateway + live + week', { state: 'not_sent', gateway: 'IDEAL', environment: 'live', createdFrom: middle.created_at - week, createdBefore: middle.created_at }, `state = 'not_sent' AND gateway = 'IDEAL' AND environment = 'live' AND created_at >= ${middle.created_at - week} AND created_at < ${middle.created_at}`),
      combo('amount ≥ 2,000.00, amount sort', { amountMin: 200_000 }, 'amount >= 200000', 'amountAsc'),
      combo('operator + oldest first', { operator: 'dirk' }, "operator = 'dirk'", 'oldest'),
      combo('rare status + profile', { status: 'declined', profileId: 'shop-live' }, "status = 'declined' AND profile_id = 'shop-live'"),
      {
        name: 'text "Jansen" + state + gateway',
        input: { text: 'Jansen', filters: { state: 'created', gateway: 'IDEAL' }, limit: 50, count: false },
        raw: `SELECT o.* FROM orders_fts JOIN orders o ON o.id = orders_fts.rowid WHERE orders_fts MATCH '"jansen"*' AND o.state = 'created' AND o.gateway = 'IDEAL' ORDER BY orders_fts.rowid DESC LIMIT 51`,
      },
      {
        name: 'text "Jansen", amount sort',
        input: { text: 'Jansen', sort: 'amountDesc', limit: 50, count: false },
        raw: `SELECT o.* FROM orders o WHERE o.id IN (SELECT rowid FROM orders_fts WHERE orders_fts MATCH '"jansen"*') ORDER BY o.amount DESC, o.id DESC LIMIT 51`,
      },
      {
        name: 'text "invoice" (most orders)',
        input: { text: 'invoice', limit: 50, count: false },
        raw: `SELECT o.* FROM orders_fts JOIN orders o ON o.id = orders_fts.rowid WHERE orders_fts MATCH '"invoice"*' ORDER BY orders_fts.rowid DESC LIMIT 51`,
      },
      {
        name: 'text "de vries" + rare status',
        input: { text: 'de vries', filters: { status: 'declined' }, limit: 50, count: false },
        raw: `SELECT o.* FROM orders_fts JOIN orders o ON o.id = orders_fts.rowid WHERE orders_fts MATCH '"de"* "vries"*' AND o.status = 'declined' ORDER BY orders_fts.rowid DESC LIMIT 51`,
      },
    ];

    const measure = async (c: Case, runs = RUNS): Promise<Row> => {
      let rows = 0;
      const handler = await time(async () => {
        const result = await search(c.input, SENDER);
        if (!result.ok) throw new Error(`${c.name}: ${JSON.stringify(result.error)}`);
        rows = result.value.items.length;
      }, runs);
      const statement = raw.prepare(c.raw);
      const rawTiming = await time(() => statement.all(c.params ?? {}), runs);
      return { name: c.name, handler, raw: rawTiming, rows };
    };
    const rows: Row[] = [];
    for (const c of cases) rows.push(await measure(c));
    const comboRows: Row[] = [];
    for (const c of combos) comboRows.push(await measure(c, Math.max(5, Math.floor(RUNS / 5))));
    const worst = comboRows.reduce((a, b) => (b.handler.p50 > a.handler.p50 ? b : a));
    raw.close();
    await services.dispose();
    return { size, rows, worst: { ...worst, name: `worst combination: ${worst.name}` }, seedMs, openMs, mb };

    function view(name: string, filters: HistorySearchInput['filters'], where: string): Case {
      return { name, input: { filters, limit: 50, count: false }, raw: `SELECT * FROM orders WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT 51` };
    }
    function combo(name: string, filters: HistorySearchInput['filters'], where: string, sort: HistorySearchInput['sort'] = 'newest'): Case {
      const order = { newest: 'created_at DESC, id DESC', oldest: 'created_at, id', amountDesc: 'amount DESC, id DESC', amountAsc: 'amount, id' }[sort ?? 'newest'];
      return { name, input: { filters, sort, limit: 50, count: false }, raw: `SELECT * FROM orders WHERE ${where} ORDER BY ${order} LIMIT 51` };
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (n: number) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

const results: SizeResult[] = [];
for (const size of SIZES) {
  process.stdout.write(`seeding and measuring ${size.toLocaleString('en')} orders…\n`);
  const result = await benchSize(size);
  if (result) {
    results.push(result);
    console.log(
      `  seeded in ${(result.seedMs / 1000).toFixed(1)} s (${Math.round(result.size / (result.seedMs / 1000)).toLocaleString('en')} orders/s), ` +
        `${result.mb.toFixed(0)} MB, services opened (quick_check, migrations, statistics) in ${ms(result.openMs)} ms`,
    );
  }
}
if (results.length === 0) process.exit(0);

const names = [...results[0]!.rows.map((r) => r.name), 'worst combination'];
const width = Math.max(...names.map((n) => n.length), ...results.map((r) => r.worst.name.length)) + 2;
let header = pad('query (ms; handler = gate + parse + query + views)', width);
for (const r of results) header += ` | ${lpad(`${(r.size / 1000).toLocaleString('en')}k p50`, 10)} ${lpad('p95', 7)} ${lpad('raw p50', 8)} ${lpad('× raw', 6)}`;
if (results.length > 1) header += ` | ${lpad(`growth ${results[0]!.size / 1000}k→${results.at(-1)!.size / 1000}k`, 18)}`;
console.log(`\n${header}\n${'-'.repeat(header.length)}`);
for (let i = 0; i < names.length; i++) {
  const rowOf = (r: SizeResult) => (i < r.rows.length ? r.rows[i]! : r.worst);
  let line = pad(i < results[0]!.rows.length ? names[i]! : 'worst combination (p50 of 10)', width);
  for (const r of results) {
    const row = rowOf(r);
    line += ` | ${lpad(ms(row.handler.p50), 10)} ${lpad(ms(row.handler.p95), 7)} ${lpad(ms(row.raw.p50), 8)} ${lpad((row.handler.p50 / Math.max(row.raw.p50, 0.001)).toFixed(1), 6)}`;
  }
  if (results.length > 1) line += ` | ${lpad(`${(rowOf(results.at(-1)!).handler.p50 / rowOf(results[0]!).handler.p50).toFixed(2)}×`, 18)}`;
  console.log(line);
}
for (const r of results) console.log(`${(r.size / 1000).toLocaleString('en')}k: ${r.worst.name} (${r.worst.rows} rows)`);
console.log(`\n${RUNS} runs per query (10 per combination) after 3 warm-up runs; Node ${process.version}, SQLite ${(new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v}.`);
