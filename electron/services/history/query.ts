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
import { FILTER_KEYS, SEARCH_TEXT_MAX } from '@shared/history';

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

// ---------------------------------------------------------------- search text

/** What unicode61 (the index's tokenizer) treats as separators: spaces, punctuation, controls. */
const SEPARATORS = /[\s\p{P}\p{Z}\p{Cc}\p{Cf}\p{Cs}]+/u;
const MAX_TOKENS = 12;
const IBAN = /^[A-Za-z]{2}\d{2}[A-Za-z0-9]{10,30}$/;
const ID_LIKE = /^[A-Za-z0-9_-]{2,60}$/;

const quote = (token: string) => `"${token.replaceAll('"', '""')}"`;

/** What was typed, as the index is asked about it (one meaning for the index and the scan of rows not indexed yet). */
export interface SearchTerms {
  /** An IBAN: looked up by its last four, the only part the index keeps. */
  iban4: string | null;
  /** Text shaped like an order or transaction id, without dashes, lower case: a whole-id prefix. */
  idPrefix: string | null;
  /** Every word must occur; `prefix`: as the start of a word (a single character is looked up whole). */
  words: { token: string; prefix: boolean }[];
}

/**
 * - every word becomes a quoted prefix token ("jan"* "vries"*: all must occur);
 *   a single character is looked up whole;
 * - text shaped like an order or transaction id also matches the whole id by prefix,
 *   ignoring dashes ("con-2025" finds CON-20251121-…);
 * - an IBAN is looked up by its last four, the only part the index keeps.
 * Null when nothing in the text can be searched.
 */
export function searchTerms(raw: string): SearchTerms | null {
  const text = raw.slice(0, SEARCH_TEXT_MAX).normalize('NFC').trim();
  if (text === '') return null;
  const compact = text.replace(/[\s_-]+/g, '');
  if (IBAN.test(compact) && /\d{4}$/.test(compact)) return { iban4: compact.slice(-4), idPrefix: null, words: [] };
  const tokens = [...new Set(text.toLowerCase().split(SEPARATORS).filter(Boolean))].slice(0, MAX_TOKENS);
  const words = tokens.map((token) => ({ token, prefix: [...token].length >= 2 }));
  const idPrefix = ID_LIKE.test(text) && /\d/.test(text) ? compact.toLowerCase() : null;
  return idPrefix === null && words.length === 0 ? null : { iban4: null, idPrefix, words };
}

/** The FTS5 expression of the terms. */
export function matchExpression(terms: SearchTerms): string {
  if (terms.iban4 !== null) return `iban_last4 : ${quote(terms.iban4)}`;
  const words = terms.words.map((w) => quote(w.token) + (w.prefix ? '*' : '')).join(' ');
  const parts: string[] = [];
  if (terms.idPrefix !== null) parts.push(`{order_key transaction_ids} : ${quote(terms.idPrefix)}*`);
  if (words) parts.push(parts.length ? `(${words})` : words);
  return parts.join(' OR ');
}

/** The FTS5 expression for what was typed, or null when nothing in it can be searched. */
export function searchMatch(raw: string): string | null {
  const terms = searchTerms(raw);
  return terms && matchExpression(terms);
}

/**
 * A column's words as the index's tokenizer (unicode61, remove_diacritics 2) makes them:
 * letters, digits and private-use characters; case and diacritics folded.
 */
export function indexTokens(text: string | null): string[] {
  if (!text) return [];
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}\p{Co}]+/u).filter(Boolean);
}

/** The columns of the full-text index for one order, as text. */
export interface IndexedText {
  orderKey: string;
  orderId: string;
  transactionIds: string;
  customer: string;
  email: string | null;
  description: string;
  ibanLast4: string | null;
}

/** Does a phrase (the words of one typed token) occur in a column, its last word as a prefix when asked? */
function phraseIn(column: string[], phrase: string[], prefix: boolean): boolean {
  if (phrase.length === 0) return false;
  const last = phrase.length - 1;
  for (let i = 0; i + last < column.length; i++) {
    let ok = true;
    for (let j = 0; j <= last && ok; j++) {
      const word = column[i + j]!;
      ok = j === last && prefix ? word.startsWith(phrase[j]!) : word === phrase[j];
    }
    if (ok) return true;
  }
  return false;
}

/**
 * The same question as matchExpression, answered from an order's text without the index:
 * for the orders a database upgraded from before version 4 has not indexed yet.
 */
export function termsMatch(terms: SearchTerms, row: IndexedText): boolean {
  if (terms.iban4 !== null) return phraseIn(indexTokens(row.ibanLast4), indexTokens(terms.iban4), false);
  if (terms.idPrefix !== null) {
    const id = indexTokens(terms.idPrefix);
    if (phraseIn(indexTokens(row.orderKey), id, true) || phraseIn(indexTokens(row.transactionIds), id, true)) return true;
  }
  if (terms.words.length === 0) return false;
  const columns = [row.orderKey, row.orderId, row.transactionIds, row.customer, row.email, row.description, row.ibanLast4].map(indexTokens);
  return terms.words.every((w) => {
    const phrase = indexTokens(w.token);
    return columns.some((column) => phraseIn(column, phrase, w.prefix));
  });
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
