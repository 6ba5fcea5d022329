/**
 * The local order history: search with filters and sorts over every order ever
 * made on this machine, keyset-paginated; the values found for the filter lists;
 * and "clone as new order". It reads only the local database, so it works the
 * same with or without a network.
 *
 * Statements are built from fixed fragments (query.ts; search text: search-terms.ts) and prepared once
 * per shape, then kept: a shape is which filters are set, the sort, and whether
 * there is search text and a cursor.
 */
import type { OrderKey } from '@shared/order-key';
import type { Statement } from 'better-sqlite3';
import { flowOf } from '@shared/orders';
import type { Flow } from '@shared/orders';
import { COUNT_CAP } from '@shared/history';
import type { ClonePrefill, HistoryFacets, HistoryResult, ParsedHistoryQuery, ParsedHistorySearch } from '@shared/history';
import type { AuditLog } from '../accounts/audit';
import type { DB } from '../storage/db';
import { hasTable } from '../storage/db';
import { ServiceError } from '../platform/errors';
import {
  EXACT_ID,
  INDEXED_ONLY,
  SORTS,
  boundSql,
  countSql,
  decodeCursor,
  encodeCursor,
  exactAnySql,
  exactCountSql,
  exactIdOf,
  exactPageSql,
  exportSql,
  filterClauses,
  outOfOrderPageSql,
  plainPageSql,
  sortedMatchPageSql,
  streamPageSql,
  unindexedCountSql,
  unindexedPageSql,
} from './query';
import type { SortSpec } from './query';
import { matchExpression, searchMatch, searchTerms, termsMatch } from './search-terms';
import type { SearchTerms } from './search-terms';
import type { OrderRow } from '../orders/order-store';
import { toView } from '../orders/order-store';

/** Prepared statements kept per shape; more shapes than this and the oldest is dropped. */
const STATEMENT_CACHE = 200;

const invalidCursor = () =>
  new ServiceError('VALIDATION', 'This page of the history is no longer valid; search again.', {
    cursor: { key: 'validation.history.cursor' },
  });

const byTime = (desc: boolean) => (a: OrderRow, b: OrderRow) =>
  desc ? b.created_at - a.created_at || b.id - a.id : a.created_at - b.created_at || a.id - b.id;
/** Rows in a sort's order (its column, then the row id). */
const bySort = (sort: SortSpec) => (a: OrderRow, b: OrderRow) =>
  (sort.desc ? -1 : 1) * (a[sort.column] - b[sort.column] || a.id - b.id);

export function createHistoryService(deps: { db: DB; audit: AuditLog }) {
  const { db } = deps;
  const cache = new Map<string, Statement>();
  function prepared(sql: string): Statement {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  }

  const anyOutOfOrder = db.prepare<[], { any: number }>('SELECT EXISTS (SELECT 1 FROM orders_out_of_order) AS any');
  /** The distinct values of one indexed column, one index seek each (no scan of a million rows); '' (no operator: an order the sync found) is no choice. */
  const distinct = (column: 'status' | 'financial_status' | 'gateway' | 'operator') =>
    db.prepare<[], { v: string }>(`
      WITH RECURSIVE seen (v) AS (
        SELECT min(${column}) FROM orders
        UNION ALL
        SELECT (SELECT min(${column}) FROM orders WHERE ${column} > seen.v) FROM seen WHERE seen.v IS NOT NULL
      )
      SELECT v FROM seen WHERE v IS NOT NULL AND v <> '' LIMIT 500`);
  const facetStatements = {
    statuses: distinct('status'),
    financialStatuses: distinct('financial_status'),
    gateways: distinct('gateway'),
    operators: distinct('operator'),
    // Profiles are indexed within their environment: walk the environments, then each one's profiles.
    profileIds: db.prepare<[], { v: string }>(`
      WITH RECURSIVE
        env (e) AS (
          SELECT min(environment) FROM orders
          UNION ALL
          SELECT (SELECT min(environment) FROM orders WHERE environment > env.e) FROM env WHERE env.e IS NOT NULL
        ),
        seen (e, v) AS (
          SELECT e, (SELECT min(profile_id) FROM orders WHERE environment = env.e) FROM env WHERE env.e IS NOT NULL
          UNION ALL
          SELECT e, (SELECT min(profile_id) FROM orders WHERE environment = seen.e AND profile_id > seen.v)
          FROM seen WHERE seen.v IS NOT NULL
        )
      SELECT DISTINCT v FROM seen WHERE v IS NOT NULL ORDER BY v LIMIT 500`),
  };
  const rowOf = db.prepare<OrderKey, OrderRow>(
    'SELECT * FROM orders WHERE environment = @environment AND profile_id = @profileId AND order_id = @orderId',
  );

  // The full-text build of a database upgraded from before version 4 (storage-worker.ts): rows at
  // or below its cursor are not in the index yet and are matched by a scan of their text instead.
  const buildCursor = hasTable(db, 'fts_backfill')
    ? db.prepare<[], { next: number }>('SELECT next_rowid AS next FROM fts_backfill WHERE one = 1')
    : null;
  let lastTerms: { json: string; terms: SearchTerms } | null = null;
  db.function('history_unindexed_match', { deterministic: true }, (json, orderId, transactionIds, customer, email, description, ibanLast4) => {
    // The terms are the same for every row of a query: parsed once per query, not per row.
    const parsed = lastTerms !== null && lastTerms.json === json ? lastTerms : { json: String(json), terms: JSON.parse(String(json)) as SearchTerms };
    lastTerms = parsed;
    const id = String(orderId);
    const row = {
      orderKey: id.replaceAll('-', '').replaceAll('_', '').toLowerCase(),
      orderId: id,
      transactionIds: String(transactionIds ?? ''),
      customer: String(customer ?? ''),
      email: email === null ? null : String(email),
      description: String(description ?? ''),
      ibanLast4: ibanLast4 === null ? null : String(ibanLast4),
    };
    return termsMatch(parsed.terms, row) ? 1 : 0;
  });

  function search(input: ParsedHistorySearch): HistoryResult {
    const sort = SORTS[input.sort];
    const cursor = input.cursor === null ? null : decodeCursor(sort, input.cursor);
    if (input.cursor !== null && cursor === null) throw invalidCursor();
    const { clauses, params } = filterClauses(input.filters);
    const terms = searchTerms(input.text);
    const match = terms && matchExpression(terms);
    const at = cursor ? { cursorKey: cursor.key, cursorId: cursor.id } : {};
    const paging = { ...params, limit: input.limit + 1, ...at };
    const cap = COUNT_CAP + 1;
    // Text that holds nothing searchable (only punctuation, say) matches nothing, not everything.
    const hasText = input.text.trim() !== '';

    let rows: OrderRow[] | null = null;
    let count: () => number = () => 0;
    // An order id or transaction id typed whole: those orders, straight from the id indexes
    // (two seeks); anything else, or an id nobody has, goes to the general search.
    const exact = terms === null ? null : exactIdOf(input.text);
    if (exact !== null) {
      if (cursor === null) {
        const page = prepared(exactPageSql(clauses, sort, false)).all({ ...paging, exact }) as OrderRow[];
        if (page.length > 0) rows = page;
      } else if ((prepared(exactAnySql(clauses)).get({ ...params, exact }) as { any: number }).any === 1) {
        rows = prepared(exactPageSql(clauses, sort, true)).all({ ...paging, exact }) as OrderRow[];
      }
      if (rows !== null) count = () => (prepared(exactCountSql(clauses)).get({ ...params, exact, cap }) as { n: number }).n;
    }
    if (rows === null && hasText && match === null) {
      rows = [];
      count = () => 0;
    } else if (rows === null && match === null) {
      rows = prepared(plainPageSql(clauses, sort, cursor !== null)).all(paging) as OrderRow[];
      count = () => (prepared(countSql(clauses, false)).get({ ...params, cap }) as { n: number }).n;
    } else if (rows === null && match !== null) {
      const pending = buildCursor?.get()?.next ?? null;
      // While the index is being built it answers for the rows above the build's cursor only.
      const indexed = pending === null ? clauses : [...clauses, INDEXED_ONLY];
      const indexedParams = pending === null ? params : { ...params, pending };
      rows =
        sort.column === 'amount'
          ? (prepared(sortedMatchPageSql(indexed, sort, cursor !== null)).all({ ...paging, ...indexedParams, match }) as OrderRow[])
          : byTimeMatches(indexed, indexedParams, match, cursor, input.limit + 1, sort.desc);
      count = () => (prepared(countSql(indexed, true)).get({ ...indexedParams, match, cap }) as { n: number }).n;
      if (pending !== null && terms !== null) {
        const scan = { ...params, pending, terms: JSON.stringify(terms) };
        const unindexed = prepared(unindexedPageSql(clauses, sort, cursor !== null)).all({ ...paging, ...scan }) as OrderRow[];
        rows = [...rows, ...unindexed].sort(bySort(sort)).slice(0, input.limit + 1);
        const indexedCount = count;
        count = () => indexedCount() + (prepared(unindexedCountSql(clauses)).get({ ...scan, cap }) as { n: number }).n;
      }
    }

    rows ??= [];
    const items = rows.slice(0, input.limit);
    const last = items[items.length - 1];
    const next = rows.length > input.limit && last ? encodeCursor(sort, last) : null;
    let total: HistoryResult['total'] = null;
    if (input.count && cursor === null) {
      const n = count();
      total = { count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
    }
    return { items: items.map(toView), next, total };
  }

  /** Matches by time: the index read in rowid order, merged with the (few) out-of-order rows. */
  function byTimeMatches(
    clauses: string[],
    params: Record<string, string | number>,
    match: string,
    cursor: { key: number; id: number } | null,
    limit: number,
    desc: boolean,
  ): OrderRow[] {
    const sort = desc ? SORTS.newest : SORTS.oldest;
    const at = cursor ? { cursorKey: cursor.key, cursorId: cursor.id } : {};
    let inOrder: OrderRow[] = [];
    const bound = cursor ? (prepared(boundSql(sort)).get(at) as { id: number } | undefined)?.id : undefined;
    if (!cursor || bound !== undefined) {
      inOrder = prepared(streamPageSql(clauses, sort, cursor !== null)).all({
        ...params,
        ...at,
        ...(cursor ? { bound } : {}),
        match,
        limit,
      }) as OrderRow[];
    }
    if (!anyOutOfOrder.get()?.any) return inOrder;
    const outOfOrder = prepared(outOfOrderPageSql(clauses, sort, cursor !== null)).all({ ...params, ...at, match, limit }) as OrderRow[];
    return [...inOrder, ...outOfOrder].sort(byTime(desc)).slice(0, limit);
  }

  return {
    search,

    /** The values present in the history for the filter lists (statuses, gateways, operators, profiles). */
    facets(): HistoryFacets {
      const all = (s: Statement<[], { v: string }>) => s.all().map((r) => r.v);
      return {
        statuses: all(facetStatements.statuses),
        financialStatuses: all(facetStatements.financialStatuses),
        gateways: all(facetStatements.gateways),
        operators: all(facetStatements.operators),
        profileIds: all(facetStatements.profileIds),
      };
    },

    /** The SQL and parameters of a whole export (the worker runs it on its own connection). */
    exportPlan(query: ParsedHistoryQuery): { sql: string; params: Record<string, string | number> } {
      const { clauses, params } = filterClauses(query.filters);
      const match = searchMatch(query.text);
      // What the list showed: an id typed whole is those orders.
      const exact = match === null ? null : exactIdOf(query.text);
      if (exact !== null && (prepared(exactAnySql(clauses)).get({ ...params, exact }) as { any: number }).any === 1) {
        return { sql: exportSql([EXACT_ID, ...clauses], SORTS[query.sort], false), params: { ...params, exact } };
      }
      // The export worker reads the index only: while it is being built, an export of a search would miss orders.
      if (match !== null && buildCursor?.get()) {
        throw new ServiceError('CONFLICT', 'The search index is still being built; export this search when it is done.', {
          _: { key: 'validation.history.indexBuilding' },
        });
      }
      // Text with nothing searchable in it matches nothing: an export of just the header.
      const none = query.text.trim() !== '' && match === null ? ['0'] : [];
      return { sql: exportSql([...none, ...clauses], SORTS[query.sort], match !== null), params: match ? { ...params, match } : params };
    },

    /**
     * The order form as it was filled in for this order, for "clone as new order".
     * Read from the request body as it was sent (so the IBAN is the full one). A clone
     * with a full IBAN is handed out only after its audit row is written (no row, no
     * clone); one without is recorded as usual. The new order gets a new order_id when created.
     */
    clone(key: OrderKey): ClonePrefill {
      const row = rowOf.get(key);
      if (!row) throw new ServiceError('NOT_FOUND', 'No such order in the history.');
      const prefill = prefillOf(row);
      const entry = { action: 'history.clone', orderId: row.order_id, details: { flow: row.flow, iban: Boolean(prefill.fields.iban) } };
      if (prefill.fields.iban) deps.audit.append(entry);
      else deps.audit.record(entry);
      return prefill;
    },
  };
}
export type HistoryService = ReturnType<typeof createHistoryService>;

type Json = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

/** The form fields an order was made from, read back from its stored request body. */
export function prefillOf(row: OrderRow): ClonePrefill {
  let body: Json = {};
  try {
    body = obj(JSON.parse(row.request_body));
  } catch {
    body = {};
  }
  const customer = obj(body.customer);
  const info = obj(body.gateway_info);
  const options = obj(body.payment_options);
  // A retention-masked IBAN ("NL91 **** … 4300") is no IBAN to send again.
  const ibanOf = (value: unknown) => (text(value).includes('*') ? '' : text(value));
  const formFlow: Exclude<Flow, 'advanced'> = row.flow === 'advanced' ? flowOf(row.type, row.gateway) : row.flow;
  const { order_id: _id, ...rest } = body;
  const days = typeof body.days_active === 'number' ? body.days_active : null;
  const seconds = typeof body.seconds_active === 'number' ? body.seconds_active : null;
  const lifetime =
    days !== null
      ? { lifetimeValue: String(days), lifetimeUnit: 'days' }
      : seconds !== null
        ? seconds % 3600 === 0
          ? { lifetimeValue: String(seconds / 3600), lifetimeUnit: 'hours' }
          : { lifetimeValue: String(Math.max(1, Math.round(seconds / 60))), lifetimeUnit: 'minutes' }
        : {};
  return {
    sourceOrderId: row.order_id,
    amount: row.amount,
    currency: row.currency,
    fields: {
      flow: formFlow,
      mode: row.type === 'redirect' ? 'redirect' : 'direct',
      gateway: row.gateway ?? '',
      currency: row.currency,
      description: row.description,
      ...lifetime,
      firstName: text(customer.first_name),
      lastName: text(customer.last_name),
      email: text(customer.email),
      locale: text(customer.locale),
      country: text(customer.country),
      ipAddress: text(customer.ip_address),
      redirectUrl: text(options.redirect_url),
      cancelUrl: text(options.cancel_url),
      iban: ibanOf(info.account_holder_iban) || ibanOf(info.account_id),
      holderName: text(info.account_holder_name),
      holderCity: text(info.account_holder_city),
      holderCountry: text(info.account_holder_country),
      bic: text(info.account_holder_bic),
      emandate: text(info.emandate),
      var1: text(body.var1),
      var2: text(body.var2),
      var3: text(body.var3),
      // An order written by hand comes back in the advanced editor, as it was sent (without its order_id).
      advanced: row.flow === 'advanced' ? '1' : '',
      rawBody: row.flow === 'advanced' ? JSON.stringify(rest, null, 2) : '',
    },
  };
}
