/**
 * The renderer half of `npm run bench`: the built renderer (out/renderer, `npm run build`
 * first) in Chromium, served by the app's own protocol handler with `window.api` bound to
 * real services over a seeded history, the way the e2e harness (test/e2e/harness.ts) does.
 * It reports the start-up bundle (what index.html loads before anything is visited) and
 * the whole bundle, first contentful paint, long tasks (> 50 ms) before the amount field is
 * usable, long tasks while scrolling the history list through thousands of rows, and
 * search latency (keypress to rows). No assertion: figures only.
 *
 * Run alone (start-up only, alternating with a baseline build, medians of N runs; the machine's
 * load varies, so both builds are measured back to back in the same run):
 *   node --experimental-transform-types --no-warnings --import ./test/support/ts-loader.mjs \
 *     scripts/bench-renderer.ts --runs 5 [--baseline-renderer <dir>]
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHANNELS } from '@shared/contract';
import { createRendererHandler } from '../electron/main/protocol';
import { createServices } from '../electron/services/index';
import { memorySecretStore } from '../electron/services/accounts/secrets';
import { openDatabase } from '../electron/services/storage/db';
import { createOrderStore } from '../electron/services/orders/order-store';
import { startDemoServer } from '../electron/demo/server';
import { findChromium } from '../test/e2e/chromium';
import { seedHistory } from '../test/support/history-seed';

const RENDERER_DIR = resolve(import.meta.dirname, '../out/renderer');

/**
 * The little of the page's DOM these callbacks use (they run in Chromium). Typed here rather
 * than with the DOM lib, which would change `fetch` and friends for the whole Node program.
 */
interface PageElement {
  disabled?: boolean;
  offsetParent?: unknown;
  value?: string;
  textContent: string | null;
  dispatchEvent(event: unknown): void;
}
interface PageGlobals {
  document: { querySelector(selector: string): PageElement | null };
  Event: new (type: string, init: { bubbles: boolean }) => unknown;
  __t0: number;
}

export interface RendererResult {
  orders: number;
  bundle: { startupJsBytes: number; startupJsGzip: number; allJsBytes: number; allJsGzip: number; chunks: number };
  fcpMs: number | null;
  usableMs: number;
  longTasksBeforeUsable: { count: number; longestMs: number };
  scroll: { rows: number; longTasks: number; longestMs: number };
  searchMs: { p50: number; max: number; runs: number };
}

interface LongTask {
  start: number;
  duration: number;
}

function bundleSizes(dir: string): RendererResult['bundle'] {
  const assets = join(dir, 'assets');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const startup = new Set([...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!));
  let startupJsBytes = 0;
  let startupJsGzip = 0;
  let allJsBytes = 0;
  let allJsGzip = 0;
  let chunks = 0;
  for (const name of readdirSync(assets).filter((n) => n.endsWith('.js'))) {
    const code = readFileSync(join(assets, name));
    const gz = gzipSync(code, { level: 9 }).length;
    chunks++;
    allJsBytes += code.length;
    allJsGzip += gz;
    if (startup.has(name)) {
      startupJsBytes += code.length;
      startupJsGzip += gz;
    }
  }
  return { startupJsBytes, startupJsGzip, allJsBytes, allJsGzip, chunks };
}

export async function benchRenderer(options: {
  orders: number;
  log: (line: string) => void;
  /** Another build to measure (a baseline, e.g. main's out/renderer); out/renderer by default. */
  dir?: string;
  label?: string;
  /** Only the start-up figures (no scrolling, no searches): for repeated start-up runs. */
  startupOnly?: boolean;
}): Promise<RendererResult> {
  const dir = options.dir ?? RENDERER_DIR;
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`no built renderer in ${dir} (run \`npm run build\` first)`);
  const executablePath = findChromium();
  const bundle = bundleSizes(dir);

  const dataDir = mkdtempSync(join(tmpdir(), 'msp-bench-renderer-'));
  const seeding = openDatabase(join(dataDir, 'console.sqlite3'));
  seedHistory(seeding, createOrderStore(seeding), options.orders, { seed: 7, stepMs: 60_000, batch: 5_000 });
  seeding.close();
  const demo = await startDemoServer();
  const handle = createRendererHandler(dir);
  const server = createServer(async (req, res) => {
    const response = await handle(new Request(`app://console${req.url ?? '/'}`, { method: req.method ?? 'GET' }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const services = await createServices({
    dataDir,
    secrets: memorySecretStore(),
    baseUrls: { demo: demo.apiBase, test: demo.apiBase },
    trustedOrigin: origin,
    log: { info() {}, warn() {}, error() {} },
    reconcileEveryMs: 0,
    backupCheckEveryMs: 0,
    operator: 'bench',
    version: 'bench',
  });
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    await page.exposeBinding('__consoleInvoke', async ({ frame }, channel: string, input: unknown) => {
      const handler = (services.handlers as Record<string, (i: unknown, s: { url: string; isMainFrame: boolean }) => Promise<unknown>>)[channel];
      return handler ? handler(input, { url: frame.url(), isMainFrame: frame.parentFrame() === null }) : { ok: false, error: { code: 'VALIDATION', message: 'Unknown channel' } };
    });
    await page.addInitScript((channels: string[]) => {
      const invoke = (globalThis as unknown as { __consoleInvoke: (c: string, i: unknown) => Promise<unknown> }).__consoleInvoke;
      const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
      for (const name of channels) {
        const [domain, verb] = name.split('.') as [string, string];
        (api[domain] ??= {})[verb] = (input: unknown) => invoke(name, input ?? {});
      }
      Object.defineProperty(globalThis, 'api', { value: Object.freeze(api) });
      const tasks: Array<{ start: number; duration: number }> = [];
      (globalThis as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ entryTypes: ['longtask'] as never[] });
    }, [...CHANNELS]);

    // Start-up: until the amount field is there and enabled.
    await page.goto(`${origin}/index.html`);
    const usableMs = (await (
      await page.waitForFunction(
        () => {
          const el = (globalThis as unknown as PageGlobals).document.querySelector('#amount');
          return el && !el.disabled && el.offsetParent !== null ? performance.now() : false;
        },
        undefined,
        { polling: 'raf', timeout: 30_000 },
      )
    ).jsonValue()) as number;
    // The form can be usable a moment before its paint is reported: wait for the entry (briefly).
    const fcpMs = await page
      .waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? false, undefined, { timeout: 5_000 })
      .then((handle) => handle.jsonValue() as Promise<number>)
      .catch(() => null);
    const tasks = () => page.evaluate(() => (globalThis as unknown as { __longTasks: LongTask[] }).__longTasks.splice(0));
    const before = (await tasks()).filter((t) => t.start < usableMs);
    if (options.startupOnly) {
      return {
        orders: options.orders,
        bundle,
        fcpMs,
        usableMs,
        longTasksBeforeUsable: { count: before.length, longestMs: Math.max(0, ...before.map((t) => t.duration)) },
        scroll: { rows: 0, longTasks: 0, longestMs: 0 },
        searchMs: { p50: 0, max: 0, runs: 0 },
      };
    }

    // Scrolling: the list from the top until `target` rows are loaded (each page loads as the end comes into view).
    await page.keyboard.press('Alt+H');
    await page.waitForSelector('[data-testid="history-row"]', { timeout: 30_000 });
    await tasks();
    const target = Math.min(options.orders, 5_000);
    const list = page.getByTestId('history-list');
    const deadline = Date.now() + 120_000;
    let rows = 0;
    while (Date.now() < deadline) {
      rows = await list.evaluate((el) => {
        el.scrollTop += 1_200;
        return Number(el.querySelector('[data-index]:last-child')?.getAttribute('data-index') ?? 0) + 1;
      });
      if (rows >= target) break;
      await page.waitForTimeout(16);
    }
    const scrollTasks = await tasks();

    // Search: from the input event to the first row showing the name.
    const names = ['Jansen', 'Dubois', 'Visser', 'Peeters', 'Mertens', 'Bakker', 'Claes'];
    const latencies: number[] = [];
    for (const name of names) {
      await page.evaluate((text) => {
        const page = globalThis as unknown as PageGlobals;
        const input = page.document.querySelector('#history-search')!;
        page.__t0 = performance.now();
        input.value = text;
        input.dispatchEvent(new page.Event('input', { bubbles: true }));
      }, name);
      const ms = (await (
        await page.waitForFunction(
          (text) => {
            const page = globalThis as unknown as PageGlobals;
            const row = page.document.querySelector('[data-testid="history-row"]');
            return row?.textContent?.includes(text) ? performance.now() - page.__t0 : false;
          },
          name,
          { polling: 'raf', timeout: 10_000 },
        )
      ).jsonValue()) as number;
      latencies.push(ms);
    }
    latencies.sort((a, b) => a - b);

    const result: RendererResult = {
      orders: options.orders,
      bundle,
      fcpMs,
      usableMs,
      longTasksBeforeUsable: { count: before.length, longestMs: Math.max(0, ...before.map((t) => t.duration)) },
      scroll: { rows, longTasks: scrollTasks.length, longestMs: Math.max(0, ...scrollTasks.map((t) => t.duration)) },
      searchMs: { p50: latencies[Math.floor(latencies.length / 2)]!, max: latencies.at(-1)!, runs: latencies.length },
    };
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    options.log(
      `\nrenderer${options.label ? ` ${options.label}` : ''} (Chromium, ${options.orders.toLocaleString('en')} orders): start-up JS ${kb(bundle.startupJsBytes)} (${kb(bundle.startupJsGzip)} gzip), ` +
        `all JS ${kb(bundle.allJsBytes)} (${kb(bundle.allJsGzip)} gzip) in ${bundle.chunks} chunks`,
    );
    options.log(
      `renderer${options.label ? ` ${options.label}` : ''}: first contentful paint ${fcpMs === null ? '–' : fcpMs.toFixed(0)} ms; amount field usable at ${usableMs.toFixed(0)} ms, ` +
        `${before.length} long task(s) before (longest ${result.longTasksBeforeUsable.longestMs.toFixed(0)} ms)`,
    );
    options.log(`renderer${options.label ? ` ${options.label}` : ''}: scrolling ${rows.toLocaleString('en')} rows: ${scrollTasks.length} long task(s), longest ${result.scroll.longestMs.toFixed(0)} ms`);
    options.log(`renderer${options.label ? ` ${options.label}` : ''}: search keypress → rows p50 ${result.searchMs.p50.toFixed(0)} ms, max ${result.searchMs.max.toFixed(0)} ms (${latencies.length} searches)`);
    return result;
  } finally {
    await browser.close();
    await services.dispose();
    await demo.close();
    await new Promise((r) => server.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Run alone: start-up figures only, medians of `--runs` runs, alternating with `--baseline-renderer`. */
async function startupMedians(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const runs = Number(option('runs') ?? 5);
  const builds: Array<{ label: string; dir: string }> = [];
  const baseline = option('baseline-renderer');
  if (baseline) builds.push({ label: 'baseline', dir: resolve(baseline) });
  builds.push({ label: 'this build', dir: RENDERER_DIR });
  const samples = new Map<string, RendererResult[]>(builds.map((b) => [b.label, []]));
  for (let run = 0; run < runs; run++) {
    for (const build of builds) {
      samples.get(build.label)!.push(await benchRenderer({ orders: 1_000, dir: build.dir, startupOnly: true, log: () => {} }));
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const build of builds) {
    const all = samples.get(build.label)!;
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      `${build.label}: start-up JS ${kb(all[0]!.bundle.startupJsGzip)} gzip (all JS ${kb(all[0]!.bundle.allJsGzip)} gzip); ` +
        `median of ${runs}: FCP ${median(all.flatMap((r) => (r.fcpMs === null ? [] : [r.fcpMs]))).toFixed(0)} ms, usable ${median(all.map((r) => r.usableMs)).toFixed(0)} ms, ` +
        `long tasks before usable ${median(all.map((r) => r.longTasksBeforeUsable.count))}, longest ${median(all.map((r) => r.longTasksBeforeUsable.longestMs)).toFixed(0)} ms ` +
        `(each run: ${all.map((r) => r.longTasksBeforeUsable.longestMs.toFixed(0)).join(', ')})`,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await startupMedians();
