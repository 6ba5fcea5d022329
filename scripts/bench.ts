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
 * It also times opening the services (with the integrity check due, as after a crash, and
 * after a clean close), the facets, opening History (facets + first page with total), an
 * order look-up and a clone, the longest single call per channel (each of these channels
 * runs synchronously on main, so that is how long main was blocked), a CSV export of up to
 * 100,000 rows against raw iteration, RSS (the bench process's, and main's own in a fresh child
 * process that only opens the services over the seeded file: scripts/bench-rss.ts), and creating an order against a bare
 * `got` POST to the same demo server. With a built renderer (out/renderer) and a Chromium
 * it measures the renderer too (scripts/bench-renderer.ts). Everything is also written to
 * bench-results.json.
 *
 *   npm run bench                                   10,000 and 100,000 orders
 *   npm run bench -- --quick                        10,000 orders, fewer runs (the CI smoke run, < 1 min)
 *   npm run bench -- --sizes 10000,100000,1000000   the manual 1M run (about 5 GB of disk)
 *   npm run bench -- --runs 100                     more samples per query
 *   npm run bench -- --no-renderer                  skip the renderer part
 *   npm run bench -- --sync 100000                  how many transactions the sync case imports (default 100k; 5k with --quick)
 *   npm run bench -- --baseline-renderer <dir>      also measure another renderer build first (e.g. main's), same run
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../electron/services/storage/db';
import { createServices } from '../electron/services/index';
import { memorySecretStore } from '../electron/services/accounts/secrets';
import { createOrderStore } from '../electron/services/orders/order-store';
import type { HistorySearchInput } from '@shared/history';
import { seedHistory } from '../test/support/history-seed';
import got from 'got';
import { DEMO_API_KEY, startDemoServer } from '../electron/demo/server';
import { FakeDialogs } from '../test/support/dialogs';
import { benchRenderer } from './bench-renderer';
import type { RendererResult } from './bench-renderer';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i !== -1 && args[i + 1] ? args[i + 1]! : fallback;
};
const QUICK = args.includes('--quick');
const SIZES = option('sizes', QUICK ? '10000' : '10000,100000')
  .split(',')
  .map((s) => Number(s.replace(/_/g, '')))
  .filter((n) => Number.isSafeInteger(n) && n > 0);
const RUNS = Math.max(5, Number(option('runs', QUICK ? '20' : '50')));
/** Rows in the export run (the newest ones), at most. */
const EXPORT_ROWS = 100_000;
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
  /** Facets, opening History, look-up, clone: measured like the rows, listed apart. */
  extra: Row[];
  worst: Row;
  seedMs: number;
  /** Opening the services with the integrity check due (first open, or after a crash): the window is usable then. */
  openCheckedMs: number;
  /** From the same open until the integrity check (in its worker) has passed. */
  checkMs: number;
  /** Main's RSS in a fresh process over the seeded file: Node + loader, modules loaded, services open, after browsing History. */
  mainRssMb: { node: number; bare: number; opened: number; browsed: number };
  /** Opening them again after a clean close (no integrity check). */
  openMs: number;
  /** The first History open after start: facets + first page with total, cold. */
  historyColdMs: number;
  /** The longest single call seen per channel (all samples, warm-up included). */
  longest: Record<string, number>;
  export: { rows: number; ms: number; rowsPerSecond: number; rawRowsPerSecond: number };
  create: { handler: Timing; raw: Timing };
  rssMb: { open: number; afterExport: number };
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

    // The only calls to an API are the create-order timings, against a local demo server.
    const demo = await startDemoServer();
    const dialogs = new FakeDialogs(join(dataDir, 'exports'));
    const open = () =>
      createServices({
        dataDir,
        secrets: memorySecretStore(),
        baseUrls: { demo: demo.apiBase },
        log: quiet,
        dialogs: dialogs.options,
        reconcileEveryMs: 0,
        backupCheckEveryMs: 0,
      });
    // Seeding closed the file without the clean-close marker: the integrity check is due, as after a
    // crash. The window is usable when the services are open; the check ends later, in its worker.
    const t1 = performance.now();
    const checking = await open();
    const openCheckedMs = performance.now() - t1;
    await checking.storageChecked();
    const checkMs = performance.now() - t1;
    await checking.dispose();

    // Main's own memory, measured in a fresh process that only opens the services over this file.
    const rss = await new Promise<{ node: number; bare: number; opened: number; browsed: number }>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--experimental-transform-types', '--no-warnings', '--import', './test/support/ts-loader.mjs', 'scripts/bench-rss.ts', dataDir, demo.apiBase],
        { maxBuffer: 1 << 20 },
        (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as { node: number; bare: number; opened: number; browsed: number })),
      );
    });
    const t2 = performance.now();
    const services = await open();
    const openMs = performance.now() - t2;

    const longest: Record<string, number> = {};
    /** A channel's handler, with its longest call kept (these services are synchronous: that is main blocked). */
    const channel = <C extends keyof typeof services.handlers>(name: C) => {
      const handler = services.handlers[name] as (input: unknown, sender: typeof SENDER) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
      return async (input: unknown) => {
        const start = performance.now();
        const result = await handler(input, SENDER);
        longest[name] = Math.max(longest[name] ?? 0, performance.now() - start);
        if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
        return result.value;
      };
    };
    const search = channel('history.search');
    const facets = channel('history.facets');
    // Opening History does what its view does on mount: the facets, then the first page with its total.
    const openHistory = async () => {
      await facets({});
      await search({ limit: 50 });
    };
    const t3 = performance.now();
    await openHistory();
    const historyColdMs = performance.now() - t3;
    const rssOpen = process.memoryUsage().rss / 1048576;
    const raw = new Database(join(dataDir, 'console.sqlite3'), { readonly: true });
    const mb = (raw.pragma('page_count', { simple: true }) as number) * (raw.pragma('page_size', { simple: true }) as number) / 1048576;

    // Real values from the data, picked the same way at every size.
    const middle = raw.prepare('SELECT * FROM orders WHERE id = ?').get(Math.ceil(size / 2)) as {
      id: number;
      created_at: number;
      order_id: string;
      transaction_id: string | null;
      environment: 'demo' | 'test' | 'live';
      profile_id: string;
    };
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
        name: 'id lookup, exact order id (direct probe)',
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
        name: 'id lookup, exact transaction id (direct probe)',
        input: { text: withTx.transaction_id, limit: 50, count: false },
        raw: 'SELECT o.* FROM order_transactions t JOIN orders o ON o.id = t.order_row WHERE t.transaction_id = @tx',
        params: { tx: withTx.transaction_id },
      },
      {
        // Shaped like an id, but nobody has it: the probe misses, then the general search answers.
        name: 'id lookup, unknown id (probe miss)',
        input: { text: `${middle.order_id}X`, limit: 50, count: false },
        raw: 'SELECT * FROM orders WHERE order_id = @id',
        params: { id: `${middle.order_id}X` },
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
        rows = ((await search(c.input)) as { items: unknown[] }).items.length;
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

    // Facets, opening History, an order's details and a clone, each against its raw reads.
    const key = { environment: middle.environment, profileId: middle.profile_id, orderId: middle.order_id };
    const rawFacets = ['status', 'financial_status', 'gateway', 'operator'].map((column) =>
      raw.prepare(`WITH RECURSIVE seen (v) AS (SELECT min(${column}) FROM orders UNION ALL
        SELECT (SELECT min(${column}) FROM orders WHERE ${column} > seen.v) FROM seen WHERE seen.v IS NOT NULL) SELECT v FROM seen WHERE v IS NOT NULL`),
    );
    const rawPage = raw.prepare('SELECT * FROM orders ORDER BY created_at DESC, id DESC LIMIT 51');
    const rawCount = raw.prepare('SELECT count(*) FROM (SELECT 1 FROM orders LIMIT 1001)');
    const rawOrder = raw.prepare('SELECT * FROM orders WHERE environment = @environment AND profile_id = @profileId AND order_id = @orderId');
    const rawExchanges = raw.prepare('SELECT * FROM exchanges WHERE order_row = ? ORDER BY id');
    const pair = async (name: string, handler: () => Promise<unknown>, rawRun: () => unknown): Promise<Row> => ({
      name,
      handler: await time(handler),
      raw: await time(rawRun),
      rows: 0,
    });
    const extra: Row[] = [
      await pair('facets (every filter list)', () => facets({}), () => rawFacets.map((st) => st.all())),
      await pair('open History (facets + first page with total)', openHistory, () => {
        rawFacets.map((st) => st.all());
        rawPage.all();
        rawCount.get();
      }),
      await pair('order details (orders.get)', () => channel('orders.get')(key), () => {
        const row = rawOrder.get(key) as { id: number };
        rawExchanges.all(row.id);
      }),
      await pair('clone as new order (history.clone)', () => channel('history.clone')(key), () => rawOrder.get(key)),
    ];

    // A CSV export of the newest rows (up to EXPORT_ROWS), in its worker, against raw iteration of the same rows.
    const exportRows = Math.min(size, EXPORT_ROWS);
    const from = (raw.prepare('SELECT created_at AS c FROM orders ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?').get(exportRows - 1) as { c: number }).c;
    const t4 = performance.now();
    const started = (await channel('history.exportStart')({ query: { text: '', filters: { createdFrom: from }, sort: 'newest' } })) as { outcome: string; job: { jobId: string } };
    let job: { state: string; written: number };
    do {
      await new Promise((r) => setTimeout(r, 20));
      job = (await channel('history.exportStatus')({ jobId: started.job.jobId })) as { state: string; written: number };
    } while (job.state === 'running');
    const exportMs = performance.now() - t4;
    if (job.state !== 'done') throw new Error(`export ended ${job.state}`);
    const t5 = performance.now();
    let counted = 0;
    for (const row of raw.prepare('SELECT * FROM orders WHERE created_at >= ? ORDER BY created_at DESC, id DESC').iterate(from)) if (row) counted++;
    const rawExportMs = performance.now() - t5;
    const rssAfterExport = process.memoryUsage().rss / 1048576;

    // Creating an order through the handler (gate, checks, intent row, POST, outcome row) vs a bare got POST.
    const create = channel('orders.create');
    let n = 0;
    const createHandler = await time(() => create({ type: 'paymentlink', amount: 1250, currency: 'EUR', description: `Bench order ${++n}` }), Math.max(5, Math.floor(RUNS / 2)));
    const createRaw = await time(
      () =>
        got.post(`${demo.apiBase.replace(/\/+$/, '')}/orders`, {
          headers: { api_key: DEMO_API_KEY, accept: 'application/json' },
          json: { type: 'paymentlink', order_id: `bench-raw-${++n}`, currency: 'EUR', amount: 1250, description: 'Bench order' },
          responseType: 'text',
          throwHttpErrors: false,
          retry: { limit: 0 },
        }),
      Math.max(5, Math.floor(RUNS / 2)),
    );
    delete longest['orders.create']; // it waits on the network (not main): not a block

    raw.close();
    await services.dispose();
    await demo.close();
    return {
      size,
      rows,
      extra,
      worst: { ...worst, name: `worst combination: ${worst.name}` },
      seedMs,
      openCheckedMs,
      checkMs,
      mainRssMb: rss,
      openMs,
      historyColdMs,
      longest,
      export: { rows: job.written, ms: exportMs, rowsPerSecond: job.written / (exportMs / 1000), rawRowsPerSecond: counted / (rawExportMs / 1000) },
      create: { handler: createHandler, raw: createRaw },
      rssMb: { open: rssOpen, afterExport: rssAfterExport },
      mb,
    };

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
      `  seeded in ${(result.seedMs / 1000).toFixed(1)} s (${Math.round(result.size / (result.seedMs / 1000)).toLocaleString('en')} orders/s), ${result.mb.toFixed(0)} MB; ` +
        `services opened in ${ms(result.openCheckedMs)} ms with the integrity check due (check done in its worker ${ms(result.checkMs)} ms after the open began), ${ms(result.openMs)} ms after a clean close; ` +
        `History opened cold in ${ms(result.historyColdMs)} ms`,
    );
  }
}
if (results.length === 0) process.exit(0);

const table: Row[][] = results.map((r) => [...r.rows, ...r.extra, r.worst]);
const names = [...results[0]!.rows.map((r) => r.name), ...results[0]!.extra.map((r) => r.name), 'worst combination'];
const width = Math.max(...names.map((n) => n.length), ...results.map((r) => r.worst.name.length)) + 2;
let header = pad('query (ms; handler = gate + parse + query + views)', width);
for (const r of results) header += ` | ${lpad(`${(r.size / 1000).toLocaleString('en')}k p50`, 10)} ${lpad('p95', 7)} ${lpad('raw p50', 8)} ${lpad('× raw', 6)}`;
if (results.length > 1) header += ` | ${lpad(`growth ${results[0]!.size / 1000}k→${results.at(-1)!.size / 1000}k`, 18)}`;
console.log(`\n${header}\n${'-'.repeat(header.length)}`);
for (let i = 0; i < names.length; i++) {
  let line = pad(i < names.length - 1 ? names[i]! : `worst combination (p50 of ${Math.max(5, Math.floor(RUNS / 5))})`, width);
  for (const t of table) {
    const row = t[i]!;
    line += ` | ${lpad(ms(row.handler.p50), 10)} ${lpad(ms(row.handler.p95), 7)} ${lpad(ms(row.raw.p50), 8)} ${lpad((row.handler.p50 / Math.max(row.raw.p50, 0.001)).toFixed(1), 6)}`;
  }
  if (results.length > 1) line += ` | ${lpad(`${(table.at(-1)![i]!.handler.p50 / table[0]![i]!.handler.p50).toFixed(2)}×`, 18)}`;
  console.log(line);
}
for (const r of results) console.log(`${(r.size / 1000).toLocaleString('en')}k: ${r.worst.name} (${r.worst.rows} rows)`);

const overhead = (r: SizeResult) => r.rows[0]!.handler.p50 - r.rows[0]!.raw.p50;
console.log('');
for (const r of results) {
  const k = `${(r.size / 1000).toLocaleString('en')}k`;
  console.log(`${k}: fixed handler overhead (page 1: handler p50 − raw p50) ${ms(overhead(r))} ms`);
  console.log(
    `${k}: longest single call per channel (main blocked): ` +
      Object.entries(r.longest)
        .sort((a, b) => b[1] - a[1])
        .map(([c, t]) => `${c} ${ms(t)} ms`)
        .join(', '),
  );
  console.log(
    `${k}: export of ${r.export.rows.toLocaleString('en')} rows in ${ms(r.export.ms)} ms: ${Math.round(r.export.rowsPerSecond).toLocaleString('en')} rows/s ` +
      `(raw iteration ${Math.round(r.export.rawRowsPerSecond).toLocaleString('en')} rows/s, ${(r.export.rawRowsPerSecond / r.export.rowsPerSecond).toFixed(1)}× faster)`,
  );
  console.log(
    `${k}: create order p50 ${ms(r.create.handler.p50)} ms (p95 ${ms(r.create.handler.p95)}) vs bare got POST ${ms(r.create.raw.p50)} ms: ${(r.create.handler.p50 / r.create.raw.p50).toFixed(1)}×`,
  );
  console.log(`${k}: bench process RSS (services + seeding leftovers) ${r.rssMb.open.toFixed(0)} MB with the history open, ${r.rssMb.afterExport.toFixed(0)} MB after the export`);
  console.log(
    `${k}: main's own RSS (fresh process, services only) ${r.mainRssMb.node.toFixed(0)} MB Node + TypeScript loader, ${r.mainRssMb.bare.toFixed(0)} MB modules loaded, ` +
      `${r.mainRssMb.opened.toFixed(0)} MB services open, ${r.mainRssMb.browsed.toFixed(0)} MB after browsing History`,
  );
}
const sqlite = (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
console.log(`\n${RUNS} runs per query (${Math.max(5, Math.floor(RUNS / 5))} per combination) after 3 warm-up runs; Node ${process.version}, SQLite ${sqlite}.`);

/**
 * History sync: `count` transactions imported through GET /transactions (pages of 500 from the
 * demo server, parsed losslessly, each page one transaction with its cursor), against a raw
 * insert of the very rows it stored, with plain prepared INSERTs in one transaction into a fresh
 * database of the same schema (same indexes and triggers).
 */
async function benchSync(count: number): Promise<{ count: number; syncMs: number; rawMs: number; ratio: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'msp-bench-sync-'));
  const demo = await startDemoServer();
  try {
    const day = 86_400_000;
    const now = Date.now();
    demo.seedTransactions(count, { from: now - 30 * day, until: now - day });
    const services = await createServices({
      dataDir,
      secrets: memorySecretStore(),
      baseUrls: { demo: demo.apiBase },
      log: quiet,
      dialogs: new FakeDialogs(join(dataDir, 'exports')).options,
      reconcileEveryMs: 0,
      backupCheckEveryMs: 0,
    });
    const call = async (name: 'sync.start' | 'sync.status', input: unknown) => {
      const handler = services.handlers[name] as (input: unknown, sender: typeof SENDER) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
      const result = await handler(input, SENDER);
      if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
      return result.value as { phase: string; imported: number; problem: string | null };
    };
    const t0 = performance.now();
    await call('sync.start', { from: new Date(now - 31 * day).toISOString().slice(0, 10) });
    let status = await call('sync.status', {});
    while (status.phase === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 2));
      status = await call('sync.status', {});
    }
    const syncMs = performance.now() - t0;
    if (status.phase !== 'done' || status.imported !== count) throw new Error(`sync ended ${status.phase} with ${status.imported} of ${count}: ${status.problem}`);
    await services.dispose();

    const synced = new Database(join(dataDir, 'console.sqlite3'), { readonly: true });
    const orders = synced.prepare("SELECT * FROM orders WHERE origin = 'elsewhere'").all() as Record<string, unknown>[];
    const transactions = synced.prepare('SELECT * FROM msp_transactions').all() as Record<string, unknown>[];
    synced.close();
    const raw = openDatabase(join(dataDir, 'raw.sqlite3'));
    const insertInto = (table: string, sample: Record<string, unknown>) => {
      const columns = Object.keys(sample);
      return raw.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    };
    const insertOrder = insertInto('orders', orders[0]!);
    const insertTransaction = insertInto('msp_transactions', transactions[0]!);
    const t1 = performance.now();
    raw.transaction(() => {
      for (const row of orders) insertOrder.run(row);
      for (const row of transactions) insertTransaction.run(row);
    })();
    const rawMs = performance.now() - t1;
    raw.close();
    return { count, syncMs, rawMs, ratio: rawMs / syncMs };
  } finally {
    await demo.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const syncResult = await benchSync(Number(option('sync', QUICK ? '5000' : '100000')));
console.log(
  `sync: ${syncResult.count.toLocaleString('en')} transactions imported in ${Math.round(syncResult.syncMs)} ms ` +
    `(${Math.round(syncResult.count / (syncResult.syncMs / 1000)).toLocaleString('en')}/s); a raw insert of the same rows ${Math.round(syncResult.rawMs)} ms: ` +
    `the sync reaches ${Math.round(syncResult.ratio * 100)} % of raw`,
);

let renderer: RendererResult | null = null;
let baselineRenderer: RendererResult | null = null;
if (!args.includes('--no-renderer')) {
  try {
    const orders = QUICK ? 5_000 : 10_000;
    const baseline = option('baseline-renderer', '');
    if (baseline) baselineRenderer = await benchRenderer({ orders, dir: baseline, label: '(baseline)', log: (line) => console.log(line) });
    renderer = await benchRenderer({ orders, log: (line) => console.log(line) });
  } catch (error) {
    console.log(`renderer part skipped: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;
const caseOf = (row: Row) => ({
  name: row.name,
  p50: round(row.handler.p50),
  p95: round(row.handler.p95),
  rawP50: round(row.raw.p50),
  ratio: round(row.handler.p50 / Math.max(row.raw.p50, 0.001)),
  rows: row.rows,
});
writeFileSync(
  'bench-results.json',
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: round(totalmem() / 1e9), node: process.version, sqlite, platform: `${process.platform} ${process.arch}` },
      runs: RUNS,
      quick: QUICK,
      sizes: results.map((r) => ({
        size: r.size,
        databaseMb: round(r.mb),
        seedMs: round(r.seedMs),
        openWithCheckMs: round(r.openCheckedMs),
        integrityCheckDoneMs: round(r.checkMs),
        mainRssMb: { node: round(r.mainRssMb.node), bare: round(r.mainRssMb.bare), opened: round(r.mainRssMb.opened), browsed: round(r.mainRssMb.browsed) },
        openMs: round(r.openMs),
        historyColdMs: round(r.historyColdMs),
        fixedOverheadMs: round(overhead(r)),
        cases: [...r.rows, ...r.extra].map(caseOf),
        worstCombination: caseOf(r.worst),
        longestBlockMsByChannel: Object.fromEntries(Object.entries(r.longest).map(([c, t]) => [c, round(t)])),
        export: { rows: r.export.rows, ms: round(r.export.ms), rowsPerSecond: Math.round(r.export.rowsPerSecond), rawRowsPerSecond: Math.round(r.export.rawRowsPerSecond) },
        createOrder: { p50: round(r.create.handler.p50), p95: round(r.create.handler.p95), rawP50: round(r.create.raw.p50), ratio: round(r.create.handler.p50 / r.create.raw.p50) },
        rssMb: { open: round(r.rssMb.open), afterExport: round(r.rssMb.afterExport) },
      })),
      sync: { transactions: syncResult.count, ms: round(syncResult.syncMs), rawMs: round(syncResult.rawMs), shareOfRaw: round(syncResult.ratio) },
      renderer,
      baselineRenderer,
    },
    null,
    2,
  )}\n`,
);
console.log('written to bench-results.json');
