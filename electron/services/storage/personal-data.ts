/**
 * Personal data in the order history: revealing a masked IBAN (audited first,
 * revealed after) and retention, which masks IBANs and names of orders older than
 * N months while keeping the financial facts (order_id, amount, currency, dates,
 * statuses, transaction_id) for the bookkeeping period.
 *
 * The orders schema belongs to order entry, so the personal columns are found by
 * name at run time (`iban`, `*_iban`, `*name`, `email`…) rather than hard-coded, and
 * the JSON bodies kept beside each order (the request as sent, every exchange) are
 * masked by key.
 */
import type { OrderKey } from '@shared/order-key';
import type { RevealedIban } from '@shared/accounts';
import { maskIban as maskCompactIban } from '@shared/iban';
import type { AuditService } from '../accounts/audit-log';
import type { Clock } from '../platform/clock';
import type { DB } from './db';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import type { SettingsStore } from '../accounts/settings';
import { SETTING } from '../accounts/settings';

/** Columns of `orders` that hold an IBAN in full (not its last 4 or a masked copy). */
const IBAN_COLUMN = /^(?:\w+_)?iban$/i;
/** Columns of `orders` that hold a person's name or contact. */
const NAME_COLUMN = /^(?:customer_|account_holder_|holder_)?(?:first_name|last_name|name|full_name|email|phone\d?)$|^account_holder(?:_name)?$/i;
/** Keys in stored JSON bodies to mask. */
const IBAN_KEYS = ['iban', 'account_iban', 'account_holder_iban', 'account_id'];
const NAME_KEYS = ['account_holder_name', 'first_name', 'last_name', 'email', 'phone', 'phone1', 'phone2', 'address1', 'address2', 'house_number'];
const IBAN_LIKE = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){10,30}\b/g;
/** Which text columns hold JSON bodies. */
const BODY_COLUMNS: Record<string, string[]> = { orders: ['request_body'], exchanges: ['request_body', 'response_body'] };

/** "NL91 **** **** **** 4300", the same form order entry shows, from any spacing or case. */
export const maskIban = (iban: string) => maskCompactIban(iban.replace(/\s+/g, '').toUpperCase());

/** "Jan de Vries" → "J. d. V.": enough to recognise an entry, not to identify a person. */
export function maskName(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '';
  if (name.includes('@')) return '***@***';
  return words.map((w) => `${[...w][0]}.`).join(' ');
}

const jsonKey = (keys: string[]) => new RegExp(`("(?:${keys.join('|')})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)(")`, 'g');
const IBAN_KEY_RE = jsonKey(IBAN_KEYS);
const NAME_KEY_RE = jsonKey(NAME_KEYS);

/**
 * Mask personal values in a raw JSON body by key, keeping everything else byte for
 * byte (17-digit ids stay bare numbers). Anything IBAN-shaped left over is masked too.
 */
export function maskBody(body: string): string {
  // Values are JSON string contents: unescape, mask, escape again, so the body stays valid JSON.
  const masked = (mask: (v: string) => string) => (_m: string, open: string, value: string, close: string) => {
    let plain: string;
    try {
      plain = JSON.parse(`"${value}"`) as string;
    } catch {
      plain = value;
    }
    return `${open}${plain ? JSON.stringify(mask(plain)).slice(1, -1) : ''}${close}`;
  };
  return body
    .replace(IBAN_KEY_RE, masked(maskIban))
    .replace(NAME_KEY_RE, masked(maskName))
    .replace(IBAN_LIKE, (iban) => maskIban(iban));
}

/** Only the IBANs of a raw body masked: what the raw request/response views show without a reveal. */
export const maskIbansIn = (body: string): string => body.replace(IBAN_LIKE, (iban) => maskIban(iban));

/** `from` minus `months` calendar months (UTC), clamped to the month's end (31 March − 1 → 28/29 Feb). */
export function monthsBefore(from: number, months: number): number {
  const d = new Date(from);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

export function createPersonalData(deps: {
  db: DB;
  clock: Clock;
  settings: SettingsStore;
  audit: AuditService;
  log: Logger;
}) {
  const { db, clock, settings, audit, log } = deps;

  const columnsOf = (table: string): string[] =>
    (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);

  /**
   * Statements prepared once, on first use (the columns they touch are read from the
   * schema, so any IBAN or name column a migration adds is masked too; a read-only
   * history may lack tables, so nothing is prepared before it is needed).
   */
  let prepared: ReturnType<typeof prepare> | null = null;
  const statements = () => (prepared ??= prepare());
  function prepare() {
    const orderColumns = columnsOf('orders');
    const ibanColumns = orderColumns.filter((c) => IBAN_COLUMN.test(c));
    const nameColumns = orderColumns.filter((c) => NAME_COLUMN.test(c));
    const exchangeColumns = columnsOf('exchanges');
    const orderBodyCols = BODY_COLUMNS.orders!.filter((c) => orderColumns.includes(c));
    const exchangeBodyCols = BODY_COLUMNS.exchanges!.filter((c) => exchangeColumns.includes(c));
    const orderCols = [...ibanColumns, ...nameColumns, ...orderBodyCols];
    const hasDrafts = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'drafts'").get() !== undefined;
    return {
      ibanColumns,
      nameColumns,
      orderBodyCols,
      exchangeBodyCols,
      due: db.prepare<{ cutoff: number }, Record<string, unknown> & { id: number }>(
        `SELECT o.* FROM orders o LEFT JOIN retention_masked m ON m.order_row = o.id
         WHERE o.created_at < @cutoff AND m.order_row IS NULL`,
      ),
      dropDrafts: hasDrafts ? db.prepare('DELETE FROM drafts WHERE saved_at < @cutoff') : null,
      updateOrder: orderCols.length ? db.prepare(`UPDATE orders SET ${orderCols.map((c) => `"${c}" = @${c}`).join(', ')} WHERE id = @id`) : null,
      exchangesOf: db.prepare<{ id: number }, Record<string, string | null> & { id: number }>(
        `SELECT id, ${exchangeBodyCols.map((c) => `"${c}"`).join(', ') || 'NULL AS none'} FROM exchanges WHERE order_row = @id`,
      ),
      updateExchange: exchangeBodyCols.length
        ? db.prepare(`UPDATE exchanges SET ${exchangeBodyCols.map((c) => `"${c}" = @${c}`).join(', ')} WHERE id = @id`)
        : null,
      markMasked: db.prepare('INSERT INTO retention_masked (order_row, masked_at) VALUES (@id, @now)'),
      ibanOf: db.prepare<OrderKey, { id: number; iban: string | null; masked: number | null }>(
        `SELECT o.id, ${ibanColumns[0] ? `o."${ibanColumns[0]}"` : 'NULL'} AS iban, m.order_row AS masked
         FROM orders o LEFT JOIN retention_masked m ON m.order_row = o.id
         WHERE o.environment = @environment AND o.profile_id = @profileId AND o.order_id = @orderId`,
      ),
    };
  }

  function applyRetention(): { masked: number; cutoff: number } | null {
    const months = settings.get<number>(SETTING.retentionMonths);
    if (!months) return null;
    const cutoff = monthsBefore(clock.now(), months);
    db.pragma('secure_delete = ON'); // freed space is zeroed: old text does not linger in the file
    const { ibanColumns, nameColumns, orderBodyCols, exchangeBodyCols, updateOrder, updateExchange, exchangesOf, markMasked } = statements();
    const due = statements().due.all({ cutoff });
    // Unsent drafts hold what staff typed (IBANs, names): one older than the period is dropped whole.
    const draftsDropped = statements().dropDrafts?.run({ cutoff }).changes ?? 0;
    if (due.length === 0) {
      if (draftsDropped) db.pragma('wal_checkpoint(TRUNCATE)');
      return { masked: 0, cutoff };
    }

    const now = clock.now();
    db.transaction(() => {
      for (const order of due) {
        const values: Record<string, unknown> = { id: order.id };
        for (const c of ibanColumns) values[c] = typeof order[c] === 'string' && order[c] ? maskIban(order[c] as string) : order[c];
        for (const c of nameColumns) values[c] = typeof order[c] === 'string' && order[c] ? maskName(order[c] as string) : order[c];
        for (const c of orderBodyCols) values[c] = typeof order[c] === 'string' ? maskBody(order[c] as string) : order[c];
        updateOrder?.run(values);
        if (updateExchange) {
          for (const exchange of exchangesOf.all({ id: order.id })) {
            const next: Record<string, unknown> = { id: exchange.id };
            for (const c of exchangeBodyCols) next[c] = typeof exchange[c] === 'string' ? maskBody(exchange[c] as string) : exchange[c];
            updateExchange.run(next);
          }
        }
        markMasked.run({ id: order.id, now });
      }
    })();
    // Move the new pages out of the WAL and empty it, so the old text is not kept there either.
    db.pragma('wal_checkpoint(TRUNCATE)');
    settings.set(SETTING.lastRetention, { at: new Date(now).toISOString(), masked: due.length });
    audit.record({ action: 'retention.apply', details: { months, masked: due.length, before: new Date(cutoff).toISOString() } });
    log.info('retention.applied', { months, masked: due.length });
    return { masked: due.length, cutoff };
  }

  return {
    applyRetention,

    /** The full IBAN of one order, after the audit entry is written (no entry, no reveal). */
    revealIban(key: OrderKey): RevealedIban {
      const row = statements().ibanOf.get(key);
      if (!row) throw new ServiceError('NOT_FOUND', 'No such order in the history.');
      if (row.masked !== null) {
        throw new ServiceError('NOT_FOUND', 'This IBAN was removed under the retention setting.', { _: { key: 'validation.iban.removed' } });
      }
      if (!row.iban) throw new ServiceError('NOT_FOUND', 'This order has no IBAN.', { _: { key: 'validation.iban.none' } });
      audit.append({
        action: 'iban.reveal',
        orderId: key.orderId,
        profile: { id: key.profileId, environment: key.environment },
        details: { last4: row.iban.replace(/\s+/g, '').slice(-4) } });
      return { orderId: key.orderId, iban: row.iban };
    },
  };
}
export type PersonalData = ReturnType<typeof createPersonalData>;
