/**
 * The IPC contract: every channel the renderer may call, its request schema
 * (zod, strict: unknown keys are rejected) and its response type. Main, the
 * preload, the renderer and the test harness all derive from this one table.
 */
import { z } from './zod';
import { OrderKey } from './order-key';
import type { Environment, OrderDetail, OrderView, PrecheckResult } from './orders';
import { DraftInput } from './drafts';
import type { Draft } from './drafts';
import { OrderInput, PrecheckInput, RAW_BODY_MAX } from './orders/form';
import { BackupPreviewInput, BackupRestoreInput, CloneInput, ExportJobInput, ExportStartInput, HistorySearchInput } from './history';
import type { BackupsView, ClonePrefill, ExportJob, ExportStarted, HistoryFacets, HistoryResult, RestorePreview, StorageState } from './history';
import type { MethodsView } from './methods';
import { LinkBoardInput, TrackingChangesInput } from './tracking';
import type { LinkBoard, TrackingFeed } from './tracking';
import { RefundCancelInput, RefundCreateInput } from './refunds';
import type { RefundsView } from './refunds';
import { SyncScheduleInput, SyncStartInput } from './sync';
import type { SyncStatus } from './sync';
import type { Result } from './result';
import {
  AuditListInput,
  OperatorInput,
  ProfileDeleteInput,
  ProfileIdInput,
  ProfileSaveInput,
  RetentionInput,
  OrderCapInput,
  FormatRegionInput,
  WelcomeSkipInput,
} from './accounts';
import type {
  AuditPage,
  AuditVerification,
  ConsoleSettings,
  KeyCheck,
  ProfileDefaults,
  ProfileSaved,
  ProfilesState,
  RevealedIban,
} from './accounts';

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

export interface AppInfo {
  environment: Environment;
  profileName: string;
  operator: string;
  version: string;
  /** Origin of the demo payment page while in Demo, so the UI can say where links go. */
  demoOrigin: string | null;
  /**
   * The region dates and numbers are shown in: the one chosen in Settings, else the operating
   * system's; null: each interface language's own style (shared/format-locale.ts).
   */
  formatRegion: string | null;
  /** The active site profile's id and order defaults (never its key). */
  profileId: string;
  profileDefaults: ProfileDefaults;
  /** The history database: read-only after a failed start-up check. */
  storage: StorageState;
}

export const contract = {
  // app: what the window shows about itself; opening a link outside
  'app.info': channel<AppInfo>()(none),
  'app.openExternal': channel<{ opened: boolean }>()(z.strictObject({ url: z.string().max(2048) })),
  // orders: create (forms and the raw editor), read, follow up
  /** Every form flow (payment link, redirect, direct debit, KBC/CBC, ING Home'Pay), told apart by type and gateway. */
  'orders.create': channel<OrderView>()(OrderInput),
  'orders.get': channel<OrderDetail>()(OrderKey),
  /** Re-read the order at MultiSafepay; settles an `unknown` create. */
  'orders.refresh': channel<OrderView>()(OrderKey),
  /** A request body written by hand, checked by the same rules as the forms (main sets order_id). */
  'orders.createRaw': channel<OrderView>()(z.strictObject({ body: z.string().max(RAW_BODY_MAX) })),
  /** Soft warnings before submitting: same IBAN or e-mail and amount lately, same IBAN debited today. */
  'orders.precheck': channel<PrecheckResult>()(PrecheckInput),
  /** Send a `not_sent` order again with the same order_id (a 1006 then means it landed). */
  'orders.resend': channel<OrderView>()(OrderKey),
  /** Cancel an order at MultiSafepay and create it again under a new order_id (recorded on both). */
  'orders.recreate': channel<OrderView>()(OrderKey),
  /** Cancel an unpaid order at MultiSafepay (PATCH), then read it back. */
  'orders.cancel': channel<OrderView>()(OrderKey),
  // methods: the account's payment methods (cached for offline use)
  /** The account's payment methods from the local cache (never calls MultiSafepay). */
  'methods.list': channel<MethodsView>()(none),
  /** Fetch GET /payment-methods again and keep it for offline use. */
  'methods.refresh': channel<MethodsView>()(none),
  // drafts: the entry form's autosave
  'drafts.get': channel<{ draft: Draft | null }>()(none),
  'drafts.save': channel<{ savedAt: string }>()(DraftInput),
  'drafts.clear': channel<{ cleared: boolean }>()(none),
  // refunds: full or partial, per order
  /** The order's refunds (local), what remains refundable and why a refund is refused now, if it is. */
  'refunds.list': channel<RefundsView>()(OrderKey),
  /** Refund part or all of what remains (minor units); the intent row first, POST once. */
  'refunds.create': channel<RefundsView>()(RefundCreateInput),
  /** Cancel a pending refund (PATCH status void), then read the order back. */
  'refunds.cancel': channel<RefundsView>()(RefundCancelInput),
  /** Read the order back: settles unclear refunds, updates their statuses. */
  'refunds.refresh': channel<RefundsView>()(OrderKey),
  // tracking: status changes main noticed, the breaker per profile
  /** Status changes after the cursor (0: start from now), profiles MultiSafepay is not answering for, an order to open. */
  'tracking.changes': channel<TrackingFeed>()(TrackingChangesInput),
  // links: the payment-link board
  /** Open payment links of the active environment: all, expiring within 24 h, or unpaid after N days. */
  'links.board': channel<LinkBoard>()(LinkBoardInput),
  // history: search, filters, clone, export (polled: IPC is request/response)
  /** Search text, filters and a sort, keyset-paginated; never calls MultiSafepay (works offline). */
  'history.search': channel<HistoryResult>()(HistorySearchInput),
  /** The statuses, gateways, operators and profiles present in the history, for the filter lists. */
  'history.facets': channel<HistoryFacets>()(none),
  /** The order form as this order was filled in (full IBAN included: audited); main sets a new order_id on create. */
  'history.clone': channel<ClonePrefill>()(CloneInput),
  /** Export the filtered history to CSV in a worker, to the file chosen in main's save dialog; answers with the job (or "cancelled"). */
  'history.exportStart': channel<ExportStarted>()(ExportStartInput),
  'history.exportStatus': channel<ExportJob>()(ExportJobInput),
  'history.exportCancel': channel<ExportJob>()(ExportJobInput),
  // sync: MultiSafepay's transactions into the local history
  'sync.start': channel<SyncStatus>()(SyncStartInput),
  'sync.status': channel<SyncStatus>()(none),
  'sync.cancel': channel<SyncStatus>()(none),
  'sync.setSchedule': channel<SyncStatus>()(SyncScheduleInput),
  // backups: take, preview, restore
  'backups.list': channel<BackupsView>()(none),
  /** Back up now (SQLite's online backup, verified, sealed), keeping the newest M manual ones apart from the dailies. */
  'backups.create': channel<BackupsView>()(none),
  /** What restoring this backup would undo (orders, profiles, settings changed since), before anything is chosen. */
  'backups.restorePreview': channel<RestorePreview>()(BackupPreviewInput),
  /**
   * Restore this backup at the next start (null: do not), once the operator confirmed in main's own
   * dialog; only this installation's sealed backups; audit rows since are carried over.
   */
  'backups.restore': channel<BackupsView>()(BackupRestoreInput),
  // profiles: site profiles and their keys (keys go in, never come out)
  'profiles.list': channel<ProfilesState>()(none),
  /** Create (no id) or edit; a new key is checked with MultiSafepay before it is kept. */
  'profiles.save': channel<ProfileSaved>()(ProfileSaveInput),
  'profiles.delete': channel<ProfilesState>()(ProfileDeleteInput),
  'profiles.switch': channel<ProfilesState>()(ProfileIdInput),
  /** Ask MultiSafepay again whether the stored key works. */
  'profiles.checkKey': channel<KeyCheck>()(ProfileIdInput),
  // settings: operator, retention, order cap
  'settings.get': channel<ConsoleSettings>()(none),
  'settings.setOperator': channel<ConsoleSettings>()(OperatorInput),
  /** Saving a retention period applies it at once (and again at every start). */
  'settings.setRetention': channel<ConsoleSettings>()(RetentionInput),
  /** The per-order cap (minor units) main enforces on every create; null restores the default. */
  'settings.setOrderCap': channel<ConsoleSettings>()(OrderCapInput),
  /** The region for dates and numbers (audited); null: automatic, the operating system's. */
  'settings.setFormatRegion': channel<ConsoleSettings>()(FormatRegionInput),
  /** Skip a step of the first-run welcome, or all of it: never shown again. */
  'settings.skipWelcome': channel<ConsoleSettings>()(WelcomeSkipInput),
  // audit: the append-only log
  'audit.list': channel<AuditPage>()(AuditListInput),
  'audit.verify': channel<AuditVerification>()(none),
  // privacy: revealing personal data, audited
  /** The full IBAN of one order; the reveal is written to the audit log first. */
  'privacy.revealIban': channel<RevealedIban>()(OrderKey),
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
