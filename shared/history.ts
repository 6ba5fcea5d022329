/**
 * The order history's words: what can be searched and filtered, how it is sorted,
 * and what comes back (pages, export jobs, backups). The schemas are the gate's;
 * main turns a query into SQL from a fixed vocabulary, never from its text.
 */
import { z } from './zod';
import { OPERATOR_MAX } from './accounts';
import { DRAFT_FIELDS } from './drafts';
import type { DraftFields } from './drafts';
import { OrderKey } from './order-key';
import { ENVIRONMENTS, FLOWS, LOCAL_STATES, ORDER_TYPES } from './orders';
import type { OrderView } from './orders';

/** Search text beyond this is cut off (not refused): it is data, and a long paste still finds something. */
export const SEARCH_TEXT_MAX = 200;
/** An exact total is counted up to this many; beyond it the list says "1,000+". */
export const COUNT_CAP = 1000;

export const HISTORY_SORTS = ['newest', 'oldest', 'amountDesc', 'amountAsc'] as const;
export type HistorySort = (typeof HISTORY_SORTS)[number];

/** The latest instant a date filter may name (year 275760, JavaScript's limit). */
const TIME_MAX = 8_640_000_000_000_000;
const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const time = z.number().int().min(0).max(TIME_MAX);
/** MultiSafepay's statuses as received: lower case words (initialized, partial_refunded…). */
const statusCode = z.string().min(1).max(40).regex(/^[a-z][a-z_]*$/);

/** Every filter is optional; the ones given must all hold. Dates in ms (from inclusive, before exclusive). */
export const HistoryFilters = z.strictObject({
  state: z.enum(LOCAL_STATES).optional(),
  status: statusCode.optional(),
  financialStatus: statusCode.optional(),
  flow: z.enum(FLOWS).optional(),
  type: z.enum(ORDER_TYPES).optional(),
  gateway: z.string().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/).optional(),
  environment: z.enum(ENVIRONMENTS).optional(),
  profileId: z.string().min(1).max(40).regex(/^[a-z0-9_-]+$/).optional(),
  operator: z.string().min(1).max(OPERATOR_MAX).optional(),
  createdFrom: time.optional(),
  createdBefore: time.optional(),
  /** Minor units, inclusive. */
  amountMin: minor.optional(),
  amountMax: minor.optional(),
  /** 'elsewhere': orders the history sync found that this console did not create. */
  origin: z.enum(['console', 'elsewhere']).optional(),
});
export type HistoryFilters = z.output<typeof HistoryFilters>;
export const FILTER_KEYS = Object.keys(HistoryFilters.shape) as (keyof HistoryFilters)[];

const queryShape = {
  /** Order id, transaction id, customer name, e-mail, description, IBAN last four. */
  text: z.string().max(1000).default(''),
  filters: HistoryFilters.default({}),
  sort: z.enum(HISTORY_SORTS).default('newest'),
};
export const HistoryQuery = z.strictObject(queryShape);
export type HistoryQuery = z.input<typeof HistoryQuery>;
export type ParsedHistoryQuery = z.output<typeof HistoryQuery>;

export const HistorySearchInput = z.strictObject({
  ...queryShape,
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).nullable().default(null),
  /** Count the matches (up to COUNT_CAP) with the first page. */
  count: z.boolean().default(true),
});
export type HistorySearchInput = z.input<typeof HistorySearchInput>;
export type ParsedHistorySearch = z.output<typeof HistorySearchInput>;

export interface HistoryTotal {
  /** Exact when `capped` is false; otherwise "more than COUNT_CAP". */
  count: number;
  capped: boolean;
}

export interface HistoryResult {
  items: OrderView[];
  /** Opaque keyset cursor for the next page in the same sort, or null at the end. */
  next: string | null;
  /** Only with the first page (no cursor) when asked for. */
  total: HistoryTotal | null;
}

/** The values found in the history, for the filter lists. */
export interface HistoryFacets {
  statuses: string[];
  financialStatuses: string[];
  gateways: string[];
  operators: string[];
  profileIds: string[];
}

/** Clone names the order by its full key, like every other channel. */
export const CloneInput = OrderKey;

/** What the order form starts from when an order is cloned (main sets a new order_id on create). */
export interface ClonePrefill {
  sourceOrderId: string;
  /** The form's fields as staff would have typed them, except the amount (formatted in the UI locale). */
  fields: Omit<DraftFields, 'amountText'>;
  amount: number;
  currency: string;
}
export const CLONE_FIELDS = DRAFT_FIELDS.filter((f) => f !== 'amountText');

// ---------------------------------------------------------------- export

export const EXPORT_DELIMITERS = [',', ';'] as const;
export const ExportStartInput = z.strictObject({
  query: HistoryQuery.default({ text: '', filters: {}, sort: 'newest' }),
  /** Full IBANs in the file; written to the audit log. Masked otherwise. */
  includeIbans: z.boolean().default(false),
  /** `;` with a decimal comma opens as columns in Dutch and French spreadsheet programs. */
  delimiter: z.enum(EXPORT_DELIMITERS).default(','),
});
export type ExportStartInput = z.input<typeof ExportStartInput>;
export const ExportJobInput = z.strictObject({ jobId: z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/) });

export type ExportState = 'running' | 'done' | 'failed' | 'cancelled';
export interface ExportJob {
  jobId: string;
  state: ExportState;
  /** Rows written so far, and how many there are (null until counted). */
  written: number;
  total: number | null;
  /** Where the file is (also while it is being written, as `<file>.partial`). */
  file: string;
  includeIbans: boolean;
  startedAt: string;
  finishedAt: string | null;
  /** English, for logs; the UI words the state. */
  error: string | null;
}

/**
 * What `history.exportStart` answers: the job, or that the operator closed main's save dialog
 * without choosing a file (nothing was written, nothing audited).
 */
export type ExportStarted = { outcome: 'started'; job: ExportJob } | { outcome: 'cancelled' };

// ---------------------------------------------------------------- backups and storage

export interface BackupItem {
  name: string;
  createdAt: string;
  bytes: number;
  /** Daily backups and ones made with "Back up now" are kept separately (neither pushes out the other). */
  kind: 'daily' | 'manual';
}

/** What restoring a backup would undo, shown before the operator confirms (in the window and in main's dialog). */
export interface RestorePreview {
  name: string;
  createdAt: string;
  /** Orders in the history now that the backup does not have (they would be gone). */
  ordersAdded: number;
  /** Orders whose state changed since the backup (they would go back). */
  ordersChanged: number;
  ordersInBackup: number;
  ordersNow: number;
  /** Site profiles added, changed or deleted since (names only, never keys). */
  profilesChanged: string[];
  /** Setting names whose value differs (operator, retention, cap …). */
  settingsChanged: string[];
  /** Audit rows written since the backup: they are carried into the restored history, not lost. */
  auditRowsCarried: number;
}

export interface BackupsView {
  dir: string;
  items: BackupItem[];
  /** A restore chosen, to be done at the next start (the database cannot be swapped while open). */
  pendingRestore: string | null;
  /** How many daily backups are kept, and how many made with "Back up now". */
  keep: number;
  keepManual: number;
}

export const BackupRestoreInput = z.strictObject({
  /** A backup's file name from backups.list; null takes back a chosen restore. */
  name: z
    .string()
    .max(80)
    .regex(/^console-\d{8}-\d{6}(?:-manual)?(?:-\d{1,3})?\.sqlite3$/)
    .nullable(),
});

export const BackupPreviewInput = z.strictObject({
  name: z
    .string()
    .max(80)
    .regex(/^console-\d{8}-\d{6}(?:-manual)?(?:-\d{1,3})?\.sqlite3$/),
});

/** How the history database is: writable, or open read-only after a failed check. */
export interface StorageState {
  readOnly: boolean;
  /** English detail of what went wrong (the UI says it in its own words). */
  problem: string | null;
  /** A restore done at this start, by file name. */
  restoredFrom: string | null;
  /**
   * Why the history is read-only: a damaged file (restore a backup) or the folder or disk
   * (full, read-only, in use, unreadable), where a restore would not help.
   */
  cause?: 'damaged' | 'full' | 'readOnly' | 'busy' | 'io' | 'cantOpen' | null;
  /** The integrity check after an unclean shutdown is running (orders can be made meanwhile). */
  checking?: boolean;
  /** The search index of an upgraded history is being built: how far (search stays complete, only slower). */
  indexing?: { percent: number } | null;
  /**
   * When an earlier start's integrity check failed (ISO 8601), while no check has passed since:
   * the history opened read-only at once and is checked again at every start. Null otherwise.
   */
  damagedSince?: string | null;
  /** That remembered failure was cleared by a passing check: orders can be made again after a restart. */
  writableAtRestart?: boolean;
}
