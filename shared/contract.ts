/**
 * The IPC contract: every channel the renderer may call, its request schema
 * (zod, strict: unknown keys are rejected) and its response type. Main, the
 * preload, the renderer and the test harness all derive from this one table.
 */
import { z } from './zod';
import { ENVIRONMENTS, PaymentLinkInput } from './orders';
import type { Environment, HistoryPage, OrderDetail, OrderView } from './orders';
import type { Result } from './result';

/** Payloads above this size are refused before parsing (bytes of JSON). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

interface Channel<In extends z.ZodType, Out> {
  input: In;
  /** Phantom: carries the response type only. */
  output?: Out;
}
const channel =
  <Out>() =>
  <In extends z.ZodType>(input: In): Channel<In, Out> => ({ input });

const none = z.strictObject({});
const orderId = z.string().min(1).max(50).regex(/^[A-Za-z0-9_-]+$/);

export interface AppInfo {
  environment: Environment;
  profileName: string;
  operator: string;
  version: string;
  /** Origin of the demo payment page while in Demo, so the UI can say where links go. */
  demoOrigin: string | null;
}

export const contract = {
  'app.info': channel<AppInfo>()(none),
  'app.openExternal': channel<{ opened: boolean }>()(z.strictObject({ url: z.string().max(2048) })),
  'orders.create': channel<OrderView>()(PaymentLinkInput),
  'orders.get': channel<OrderDetail>()(z.strictObject({ orderId })),
  /** Re-read the order at MultiSafepay; settles an `unknown` create. */
  'orders.refresh': channel<OrderView>()(z.strictObject({ orderId })),
  'history.list': channel<HistoryPage>()(
    z.strictObject({
      limit: z.number().int().min(1).max(500).default(50),
      cursor: z.string().max(200).nullable().default(null),
      environment: z.enum(ENVIRONMENTS).optional(),
    }),
  ),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export const CHANNELS = Object.keys(contract) as ChannelName[];

export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type OutputOf<C extends ChannelName> = NonNullable<Contract[C]['output']>;

/** `window.api`: `api.orders.create(input)` for channel 'orders.create', and so on. */
type DomainOf<C> = C extends `${infer D}.${string}` ? D : never;
type VerbOf<C, D extends string> = C extends `${D}.${infer V}` ? V : never;
export type Api = {
  [D in DomainOf<ChannelName>]: {
    [V in VerbOf<ChannelName, D>]: (
      input: InputOf<`${D}.${V}` & ChannelName>,
    ) => Promise<Result<OutputOf<`${D}.${V}` & ChannelName>>>;
  };
};

/** Build the nested `window.api` object from a single invoke function (used by the preload). */
export function buildApi(invoke: (channel: ChannelName, input: unknown) => Promise<unknown>): Api {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const name of CHANNELS) {
    const [domain, verb] = name.split('.') as [string, string];
    (api[domain] ??= {})[verb] = (input: unknown) => invoke(name, input ?? {});
  }
  return api as unknown as Api;
}
