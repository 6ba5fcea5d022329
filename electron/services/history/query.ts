/**
 * A history query as SQL. Every statement is put together from the fixed fragments
 * below (which filters are set, which sort, whether there is search text), never
 * from what was typed: typed values only ever travel as named parameters, and
 * search text becomes an FTS5 expression of quoted tokens, so `' OR 1=1 --`, `%`,
 * `_`, `"`, `*` or `NEAR` are words to look for, not syntax.
 *
 * Plans, by query:
 * - no search text: one index per view (orders_by_state, _by_gateway, … each by
 *   time; orders_newest; orders_by_amount), keyset-paginated (no OFFSET);
 * - search text, sorted by time: the full-text index is read in rowid order, newest
 *   (or oldest) first, and stops after one page. Row ids grow with time, except for
 *   the few rows listed in orders_out_of_order (stamped earlier than a row recorded
 *   before them); those are read apart and merged, so the order is exactly by time;
 * - search text, sorted by amount: every match is sorted (the slow case, reported by
 *   the bench).
 */
import type { HistoryFilters, HistorySort } from '@shared/history';
import { FILTER_KEYS } from '@shared/history';

/** One SQL condition per filter, on `orders o`, each with its own named parameter. */
export const FILTER_SQL: Record<keyof HistoryFilters, string> = {
  state: 'o.state = @state',
  status: 'o.status = @status',
  financialStatus: 'o.financial_status = @financialStatus',
  flow: 'o.flow = @flow',
  type: 'o.type = @type',
  gateway: 'o.gateway = @gateway',
  environment: 'o.environment = @environment',
  profileId: 'o.profile_id = @profileId',
  operator: 'o.operator = @operator',
  createdFrom: 'o.created_at >= @createdFrom',
  createdBefore: 'o.created_at < @createdBefore',
  amountMin: 'o.amount >= @amountMin',
  amountMax: 'o.amount <= @amountMax',
  origin: 'o.origin = @origin',
};

export interface SortSpec {
  /** One letter in the cursor, so a cursor from another sort is refused. */
  code: 'n' | 'o' | 'd' | 'a';
  column: 'created_at' | 'amount';
  desc: boolean;
}
export const SORTS: Record<HistorySort, SortSpec> = {
  newest: { code: 'n', column: 'created_at', desc: true },
  oldest: { code: 'o', column: 'created_at', desc: false },
  amountDesc: { code: 'd', column: 'amount', desc: true },
  amountAsc: { code: 'a', column: 'amount', desc: false },
};

export interface Cursor {
  key: number;
  id: number;
}

export function encodeCursor(sort: SortSpec, row: { id: number; created_at: number; amount: number }): string {
  return `${sort.code}.${row[sort.column]}.${row.id}`;
}

/** The cursor's position, or null when it is not one of ours for this sort. */
export function decodeCursor(sort: SortSpec, text: string): Cursor | null {
  const m = /^([noda])\.(\d{1,16})\.(\d{1,16})$/.exec(text);
  if (!m || m[1] !== sort.code) return null;
  const key = Number(m[2]);
  const id = Number(m[3]);
  return Number.isSafeInteger(key) && Number.isSafeInteger(id) ? { key, id } : null;
}

/** The conditions and parameters of the filters that are set, in a fixed order. */
export function filterClauses(filters: HistoryFilters): { clauses: string[]; params: Record<string, string | number> } {
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined) continue;
    clauses.push(FILTER_SQL[key]);
    params[key] = value;
  }
  return { clauses, params };
}

// ---------------------------------------------------------------- statements

const where = (clauses: (string | false | null)[]) => {
  const set = clauses.filter((c): c is string => Boolean(c));
  return set.length ? ` WHERE ${set.join(' AND ')}` : '';
};
const dir = (sort: SortSpec) => (sort.desc ? 'DESC' : 'ASC');
export const orderBy = (sort: SortSpec) => `o.${sort.column} ${dir(sort)}, o.id ${dir(sort)}`;
/** Strictly after the cursor in this sort. */
const after = (sort: SortSpec) => `(o.${sort.column}, o.id) ${sort.desc ? '<' : '>'} (@cursorKey, @cursorId)`;
const matches = 'o.id IN (SELECT rowid FROM orders_fts WHERE orders_fts MATCH @match)';

/** A page without search text: the filters' index, in the sort's order. */
export function plainPageSql(clauses: string[], sort: SortSpec, withCursor: boolean): string {
  return `SELECT o.* FROM orders o${where([...clauses, withCursor && after(sort)])} ORDER BY ${orderBy(sort)} LIMIT @limit`;
}

/** A page of matches in any sort, by sorting every match (used for amount sorts). */
export function sortedMatchPageSql(clauses: string[], sort: SortSpec, withCursor: boolean): string {
  return `SELECT o.* FROM orders o${where([matches, ...clauses, withCursor && after(sort)])} ORDER BY ${orderBy(sort)} LIMIT @limit`;
}

/**
 * A page of matches by time, read from the full-text index in rowid order (the orders
 * in time order; those out of it are excluded here and read by `outOfOrderPageSql`).
 * `@bound`: the last (or first) in-order row id the page may start from.
 */
export function streamPageSql(clauses: string[], sort: SortSpec, withCursor: boolean): string {
  const bound = withCursor && `orders_fts.rowid ${sort.desc ? '<=' : '>='} @bound`;
  return (
    'SELECT o.* FROM orders_fts CROSS JOIN orders o ON o.id = orders_fts.rowid' +
    where(['orders_fts MATCH @match', bound, 'o.id NOT IN (SELECT id FROM orders_out_of_order)', ...clauses, withCursor && after(sort)]) +
    ` ORDER BY orders_fts.rowid ${dir(sort)} LIMIT @limit`
  );
}

/** The matches among the orders stamped out of time order, sorted by time. */
export function outOfOrderPageSql(clauses: string[], sort: SortSpec, withCursor: boolean): string {
  return (
    'SELECT o.* FROM orders_out_of_order d CROSS JOIN orders o ON o.id = d.id' +
    where([
      'EXISTS (SELECT 1 FROM orders_fts WHERE orders_fts MATCH @match AND orders_fts.rowid = o.id)',
      ...clauses,
      withCursor && after(sort),
    ]) +
    ` ORDER BY ${orderBy(sort)} LIMIT @limit`
  );
}

/** The in-order row next to the cursor (its row id bounds the index read). */
export function boundSql(sort: SortSpec): string {
  return (
    `SELECT o.id FROM orders o WHERE ${after(sort)} AND o.id NOT IN (SELECT id FROM orders_out_of_order)` +
    ` ORDER BY ${orderBy(sort)} LIMIT 1`
  );
}

/**
 * The orders at or below `@pending` (not in the full-text index yet), matched by
 * `history_unindexed_match` (termsMatch, registered by the history service) on the same text
 * the index would hold.
 */
export const UNINDEXED_MATCH =
  `o.id <= @pending AND history_unindexed_match(@terms, o.order_id,
     trim(coalesce((SELECT group_concat(t.transaction_id, ' ') FROM order_transactions t WHERE t.order_row = o.id), '')),
     trim(coalesce(o.customer_name, '') || ' ' || coalesce(o.account_holder_name, '')),
     o.customer_email, o.description, o.iban_last4)`;
/** The rows the index has (the rest is matched by UNINDEXED_MATCH). */
export const INDEXED_ONLY = 'o.id > @pending';

/** A page of unindexed matches in any sort (scans rows below the cursor of the build, newest first). */
export function unindexedPageSql(clauses: string[], sort: SortSpec, withCursor: boolean): string {
  return `SELECT o.* FROM orders o${where([UNINDEXED_MATCH, ...clauses, withCursor && after(sort)])} ORDER BY ${orderBy(sort)} LIMIT @limit`;
}

/** Text that could be a whole order id or transaction id: one word (no spaces), with a digit in it. */
export function exactIdOf(raw: string): string | null {
  const text = raw.trim();
  return /^\S{1,64}$/.test(text) && /\d/.test(text) ? text : null;
}
/** The orders whose order_id, or one of whose transaction ids, is exactly `@exact` (two index seeks). */
export const EXACT_ID =
  'o.id IN (SELECT id FROM orders WHERE order_id = @exact UNION SELECT order_row FROM order_transactions WHERE transaction_id = @exact)';
/** A page of the orders with exactly this id. */
export function exactPageSql(clauses: string[], sort: SortSpec, withCursor: boolean): string {
  return `SELECT o.* FROM orders o${where([EXACT_ID, ...clauses, withCursor && after(sort)])} ORDER BY ${orderBy(sort)} LIMIT @limit`;
}
/** Whether any order has exactly this id (with the filters). */
export function exactAnySql(clauses: string[]): string {
  return `SELECT EXISTS (SELECT 1 FROM orders o${where([EXACT_ID, ...clauses])}) AS any`;
}
/** How many orders have exactly this id, counted no further than `@cap`. */
export function exactCountSql(clauses: string[]): string {
  return `SELECT count(*) AS n FROM (SELECT 1 FROM orders o${where([EXACT_ID, ...clauses])} LIMIT @cap)`;
}

/** How many unindexed rows match, counted no further than `@cap`. */
export function unindexedCountSql(clauses: string[]): string {
  return `SELECT count(*) AS n FROM (SELECT 1 FROM orders o${where([UNINDEXED_MATCH, ...clauses])} LIMIT @cap)`;
}

/** How many match, counted no further than `@cap`. */
export function countSql(clauses: string[], withText: boolean): string {
  const inner = withText
    ? `SELECT 1 FROM orders_fts CROSS JOIN orders o ON o.id = orders_fts.rowid${where(['orders_fts MATCH @match', ...clauses])}`
    : `SELECT 1 FROM orders o${where(clauses)}`;
  return `SELECT count(*) AS n FROM (${inner} LIMIT @cap)`;
}

/** The columns of an export, in file order. */
export const EXPORT_COLUMNS = [
  'order_id',
  'created_at',
  'updated_at',
  'environment',
  'profile',
  'operator',
  'flow',
  'type',
  'gateway',
  'amount',
  'amount_minor',
  'currency',
  'description',
  'state',
  'status',
  'financial_status',
  'transaction_id',
  'customer_name',
  'customer_email',
  'customer_locale',
  'account_holder_name',
  'iban',
  'payment_url',
  'problem_code',
  'problem_message',
  'replaces',
  'replaced_by',
] as const;

/** Every order of the query, in its sort, with the columns the export worker needs. */
export function exportSql(clauses: string[], sort: SortSpec, withText: boolean): string {
  return (
    `SELECT o.order_id, o.created_at, o.updated_at, o.environment, coalesce(p.name, o.profile_id) AS profile, o.operator,
            o.flow, o.type, o.gateway, o.amount, o.currency, o.description, o.state, o.status, o.financial_status,
            o.transaction_id, o.customer_name, o.customer_email, o.customer_locale, o.account_holder_name, o.iban,
            o.payment_url, o.problem_code, o.problem_message, o.replaces, o.replaced_by
     FROM orders o LEFT JOIN profiles p ON p.id = o.profile_id` +
    where([withText && matches, ...clauses]) +
    ` ORDER BY ${orderBy(sort)}`
  );
}
