/** Test helpers: a services instance on a temp directory against a demo server, called as the UI calls it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelName, InputOf, OutputOf } from '@shared/contract';
import type { PaymentLinkInput } from '@shared/orders/form';
import type { Result } from '@shared/result';
import { startDemoServer } from '../../electron/demo/server';
import type { DemoServer, DemoServerOptions } from '../../electron/demo/server';
import { createServices } from '../../electron/services/index';
import type { Services, ServicesOptions } from '../../electron/services/index';
import { memoryLogger } from '../../electron/services/platform/log';
import { memorySecretStore } from '../../electron/services/accounts/secrets';
import { FakeDialogs } from './dialogs';

export const TRUSTED = { url: 'app://console/index.html', isMainFrame: true };

export interface Rig {
  demo: DemoServer;
  services: Services;
  dataDir: string;
  log: ReturnType<typeof memoryLogger>;
  opened: string[];
  /** Main's native dialogs, answered by the test (see dialogs.ts). */
  dialogs: FakeDialogs;
  call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
  /** call() that expects ok and returns the value. */
  value<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startRig(
  options: {
    demo?: DemoServerOptions;
    services?: Partial<ServicesOptions>;
    /** Base URLs for other environments, merged with the rig's demo server as `demo`. */
    baseUrls?: ServicesOptions['baseUrls'];
  } = {},
): Promise<Rig> {
  const demo = await startDemoServer(options.demo);
  const dataDir = mkdtempSync(join(tmpdir(), 'msp-console-test-'));
  const log = memoryLogger();
  const opened: string[] = [];
  const dialogs = new FakeDialogs(join(dataDir, 'exports'));
  const make = () =>
    createServices({
      dataDir,
      secrets: memorySecretStore(),
      baseUrls: { demo: demo.apiBase, ...options.baseUrls },
      log,
      operator: 'tester',
      requestTimeoutMs: 1000,
      openExternal: async (url) => {
        opened.push(url);
      },
      dialogs: dialogs.options,
      ...options.services,
    });
  const rig: Rig = {
    demo,
    dataDir,
    log,
    opened,
    dialogs,
    services: await make(),
    call: (channel, input) =>
      (rig.services.handlers[channel] as (i: unknown, s: typeof TRUSTED) => Promise<never>)(input, TRUSTED),
    async value(channel, input) {
      const result = await rig.call(channel, input);
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    async restart() {
      await rig.services.dispose();
      rig.services = await make();
    },
    async close() {
      await rig.services.dispose();
      await demo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return rig;
}

export const paymentLink = (over: Partial<PaymentLinkInput> = {}): PaymentLinkInput => ({
  type: 'paymentlink',
  amount: 1250,
  currency: 'EUR',
  description: 'Phone order 42',
  ...over,
});
