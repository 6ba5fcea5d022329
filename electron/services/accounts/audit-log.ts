/**
 * The audit log: an append-only SQLite table (UPDATE and DELETE are refused by
 * triggers) whose rows are chained by hash, so a row changed or removed behind
 * the console's back shows up when the chain is verified.
 *
 *   hash = sha256(prev_hash + "\n" + canonical row content)
 *
 * The first row's prev_hash is 64 zeros. The canonical content is a JSON array of
 * the row's columns in a fixed order, with `details` as the stored text (itself
 * canonical JSON: sorted keys, primitives only).
 */
import { createHash } from 'node:crypto';
import type { AuditItem, AuditPage, AuditVerification } from '@shared/accounts';
import { isEnvironment } from '@shared/accounts';
import type { Environment } from '@shared/orders';
import type { AuditEntry, AuditLog } from './audit';
import type { Clock } from '../platform/clock';
import type { DB } from '../storage/db';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import { redact } from '../platform/log';

export const GENESIS_HASH = '0'.repeat(64);
const DETAIL_TEXT_MAX = 200;

export interface AuditRow {
  id: number;
  at: number;
  operator: string;
  action: string;
  profile_id: string | null;
  environment: string | null;
  order_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

type Details = Record<string, string | number | boolean | null>;

/** Primitives only, sorted keys, short strings, redacted: what may go into a row. */
export function canonicalDetails(details: AuditEntry['details'], secrets: readonly string[] = []): string {
  const clean: Details = {};
  for (const key of Object.keys(details ?? {}).sort()) {
    const value = details![key];
    if (value === null || typeof value === 'boolean') clean[key] = value;
    else if (typeof value === 'number') clean[key] = Number.isFinite(value) ? value : null;
    else if (typeof value === 'string') clean[key] = String(redact(value.slice(0, DETAIL_TEXT_MAX), secrets));
  }
  return JSON.stringify(clean);
}

export function rowContent(row: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  return JSON.stringify([row.id, row.at, row.operator, row.action, row.profile_id, row.environment, row.order_id, row.details]);
}

export function chainHash(prevHash: string, content: string): string {
  return createHash('sha256').update(`${prevHash}\n${content}`, 'utf8').digest('hex');
}

function toItem(row: AuditRow): AuditItem {
  let details: Details = {};
  try {
    const parsed: unknown = JSON.parse(row.details);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) details = parsed as Details;
  } catch {
    details = {};
  }
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    operator: row.operator,
    action: row.action,
    profileId: row.profile_id,
    environment: isEnvironment(row.environment) ? row.environment : null,
    orderId: row.order_id,
    details,
  };
}

export interface AuditService extends AuditLog {
  /** Append and return the entry; throws STORAGE when it cannot be written (use before revealing anything). */
  append(entry: AuditEntry): AuditItem;
  /** Append; a failure is logged, never thrown (order actions that already happened must not look failed). */
  record(entry: AuditEntry): void;
  list(query: { limit: number; before: number | null }): AuditPage;
  verify(): AuditVerification;
}

export function createAuditLog(deps: {
  db: DB;
  clock: Clock;
  operator: () => string;
  /** The active profile when the action happens. */
  profile: () => { id: string; environment: Environment };
  log: Logger;
  /** Known API keys, scrubbed from details as a last line of defence. */
  secrets?: () => readonly string[];
}): AuditService {
  const { db } = deps;
  const last = db.prepare<[], { id: number; hash: string }>('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(`
    INSERT INTO audit (id, at, operator, action, profile_id, environment, order_id, details, prev_hash, hash)
    VALUES (@id, @at, @operator, @action, @profile_id, @environment, @order_id, @details, @prev_hash, @hash)`);
  const page = db.prepare<{ before: number; limit: number }, AuditRow>(
    'SELECT * FROM audit WHERE id < @before ORDER BY id DESC LIMIT @limit',
  );
  const all = db.prepare<[], AuditRow>('SELECT * FROM audit ORDER BY id');

  // Read the head and write the next row in one IMMEDIATE transaction: no other writer between.
  const appendRow = db.transaction((entry: AuditEntry): AuditRow => {
    const head = last.get();
    const profile = entry.profile ?? deps.profile();
    const base = {
      id: (head?.id ?? 0) + 1,
      at: deps.clock.now(),
      operator: deps.operator(),
      action: entry.action.slice(0, 60),
      profile_id: profile.id,
      environment: profile.environment,
      order_id: entry.orderId ?? null,
      details: canonicalDetails(entry.details, deps.secrets?.() ?? []),
    };
    const prev_hash = head?.hash ?? GENESIS_HASH;
    const row: AuditRow = { ...base, prev_hash, hash: chainHash(prev_hash, rowContent(base)) };
    insert.run(row);
    return row;
  });

  return {
    append(entry) {
      try {
        return toItem(appendRow.immediate(entry));
      } catch (error) {
        deps.log.error('audit.failed', { action: entry.action, error });
        throw new ServiceError('STORAGE', 'The audit log could not be written, so the action was not done.');
      }
    },
    record(entry) {
      try {
        appendRow.immediate(entry);
      } catch (error) {
        deps.log.error('audit.failed', { action: entry.action, orderId: entry.orderId, error });
      }
    },
    list({ limit, before }) {
      const rows = page.all({ before: before ?? Number.MAX_SAFE_INTEGER, limit: limit + 1 });
      const items = rows.slice(0, limit).map(toItem);
      const tail = items[items.length - 1];
      return { items, next: rows.length > limit && tail ? tail.id : null };
    },
    verify() {
      let prev = GENESIS_HASH;
      let count = 0;
      for (const row of all.iterate()) {
        count++;
        const expected = chainHash(prev, rowContent(row));
        if (row.prev_hash !== prev || row.hash !== expected) {
          return { ok: false, count, brokenAt: row.id, headHash: null };
        }
        prev = row.hash;
      }
      return { ok: true, count, brokenAt: null, headHash: count ? prev : null };
    },
  };
}

/** What can be audited is audited; a read-only history cannot take the entry, so it is logged instead. */
export function auditOrLog(audit: AuditLog, readOnly: boolean, log: Logger): (entry: AuditEntry) => void {
  return (entry) => {
    if (readOnly) log.warn('audit.read_only', { action: entry.action, details: entry.details ?? {} });
    else audit.record(entry);
  };
}
