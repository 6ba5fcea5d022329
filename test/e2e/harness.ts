/**
 * The browser end-to-end harness: the built renderer in real Chromium, served by the
 * app's own protocol handler (same files, same CSP) over loopback, with `window.api`
 * bound to the real services factory. So renderer → services → got → demo server →
 * SQLite is the real path; only Electron's IPC pipe is replaced by a Playwright binding,
 * and that binding still passes the calling frame to the gate's sender check.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { Environment } from '@shared/orders';
import type { OrderKey } from '@shared/order-key';
import { CHANNELS } from '@shared/contract';
import type { ChannelName, InputOf, OutputOf } from '@shared/contract';
import type { Result } from '@shared/result';
import { startDemoServer } from '../../electron/demo/server';
import type { DemoServer, DemoServerOptions } from '../../electron/demo/server';
import { createRendererHandler } from '../../electron/main/protocol';
import { createServices } from '../../electron/services/index';
import type { Services } from '../../electron/services/index';
import { memoryLogger } from '../../electron/services/platform/log';
import { memorySecretStore } from '../../electron/services/accounts/secrets';
import { FakeDialogs } from '../support/dialogs';

const RENDERER_DIR = resolve(import.meta.dirname, '../../out/renderer');
export const SCREENS_DIR = resolve(import.meta.dirname, '../artifacts/screens');

/** Serve out/renderer through the app's protocol handler, as if at app://console. */
async function serveRenderer(): Promise<{ origin: string; server: Server }> {
  const handle = createRendererHandler(RENDERER_DIR);
  const server = createServer(async (req, res) => {
    const response = await handle(new Request(`app://console${req.url ?? '/'}`, { method: req.method ?? 'GET' }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export class ConsoleHarness {
  services!: Services;
  readonly log = memoryLogger();
  readonly opened: string[] = [];
  /** Desktop notifications the tracker asked for (the app shows them with Electron's Notification). */
  readonly notified: { title: string; body: string; key: OrderKey }[] = [];
  /** Base URLs beyond the defaults (demo and test: the harness's demo server); set before (re)starting. */
  baseUrls: Partial<Record<Environment, string>> = {};
  /** Main's native dialogs (live-order question, export save dialog), answered by the test. */
  readonly dialogs: FakeDialogs;
  /** The operating system's locales main reads (Electron's getSystemLocale…); none by default. Set before (re)starting. */
  systemLocales: string[] = [];

  constructor(
    readonly page: Page,
    readonly demo: DemoServer,
    readonly origin: string,
    readonly dataDir: string,
  ) {
    this.dialogs = new FakeDialogs(join(dataDir, 'exports'));
  }

  /** (Re)create the services on the same data directory, as an app restart would. */
  async startServices(): Promise<void> {
    this.services = await createServices({
      dataDir: this.dataDir,
      secrets: memorySecretStore(),
      baseUrls: { demo: this.demo.apiBase, test: this.demo.apiBase, ...this.baseUrls },
      trustedOrigin: this.origin,
      openExternal: async (url) => {
        this.opened.push(url);
      },
      notify: (notification) => {
        this.notified.push(notification);
      },
      log: this.log,
      dialogs: this.dialogs.options,
      operator: 'e2e',
      systemLocales: this.systemLocales,
      version: 'e2e',
      requestTimeoutMs: 3000,
    });
  }

  async restartServices(): Promise<void> {
    await this.services.dispose();
    await this.startServices();
  }

  /** Opens the window and waits for its first screen: the app mounts after a task break (short start-up tasks), and keys pressed before that would go nowhere. */
  async open(): Promise<void> {
    await this.page.goto(`${this.origin}/index.html`);
    await this.page.locator('main [data-view-heading]').first().waitFor();
  }

  readonly demoScreensDir = SCREENS_DIR;

  /** Call a channel as the window does (same gate, same sender check); for setting the scene. */
  async call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
    const handler = this.services.handlers[channel] as (i: unknown, s: { url: string; isMainFrame: boolean }) => Promise<Result<OutputOf<C>>>;
    const result = await handler(input, { url: `${this.origin}/index.html`, isMainFrame: true });
    if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: join(SCREENS_DIR, `${name}.png`), fullPage: true });
  }
}

export const test = base.extend<{ demoOptions: DemoServerOptions; app: ConsoleHarness }>({
  demoOptions: [{}, { option: true }],
  app: async ({ page, demoOptions }, use) => {
    mkdirSync(SCREENS_DIR, { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'msp-console-e2e-'));
    const demo = await startDemoServer(demoOptions);
    const { origin, server } = await serveRenderer();
    const app = new ConsoleHarness(page, demo, origin, dataDir);
    await app.startServices();

    // The Electron preload's job, done by a binding: every call carries its frame.
    await page.exposeBinding('__consoleInvoke', async ({ frame }, channel: ChannelName, input: unknown) => {
      const handler = app.services.handlers[channel] as (i: unknown, s: { url: string; isMainFrame: boolean }) => Promise<unknown>;
      if (!handler) return { ok: false, error: { code: 'VALIDATION', message: 'Unknown channel' } };
      return handler(input, { url: frame.url(), isMainFrame: frame.parentFrame() === null });
    });
    await page.addInitScript((channels: string[]) => {
      const invoke = (globalThis as unknown as { __consoleInvoke: (c: string, i: unknown) => Promise<unknown> }).__consoleInvoke;
      const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
      for (const name of channels) {
        const [domain, verb] = name.split('.') as [string, string];
        (api[domain] ??= {})[verb] = (input: unknown) => invoke(name, input ?? {});
      }
      Object.defineProperty(globalThis, 'api', { value: Object.freeze(api) });
    }, [...CHANNELS]);

    const cspViolations: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
    page.on('pageerror', (error) => cspViolations.push(`pageerror: ${error.message}`));

    await use(app);

    await app.services.dispose();
    await demo.close();
    await new Promise((r) => server.close(r));
    rmSync(dataDir, { recursive: true, force: true });
    if (cspViolations.length) throw new Error(`The page broke its CSP or threw:\n${cspViolations.join('\n')}`);
  },
});

export { expect } from '@playwright/test';
