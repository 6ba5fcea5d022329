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
import type { AuditService } from '../accounts/audit-log';
import type { Clock } from '../platform/clock';
import { hasTable } from './db';
import type { DB } from './db';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import type { SettingsStore } from '../accounts/settings';
import { SETTING } from '../accounts/settings';
import { maskIban, maskIbansAnywhere } from './iban-scan';

/** Columns of `orders` that hold an IBAN in full (not its last 4 or a masked copy). */
const IBAN_COLUMN = /^(?:\w+_)?iban$/i;
/** Columns of `orders` that hold a person's name or contact. */
const NAME_COLUMN = /^(?:customer_|account_holder_|holder_)?(?:first_name|last_name|name|full_name|email|phone\d?)$|^account_holder(?:_name)?$/i;
/** Keys in stored JSON bodies to mask. */
const IBAN_KEYS = ['iban', 'account_iban', 'account_holder_iban', 'account_id'];
const NAME_KEYS = ['account_holder_name', 'first_name', 'last_name', 'email', 'phone', 'phone1', 'phone2', 'address1', 'address2', 'house_number'];
/** Which text columns hold JSON bodies. */
const BODY_COLUMNS: Record<string, string[]> = { orders: ['request_body'], exchanges: ['request_body', 'response_body'] };

export { maskIban };

/** "Jan de Vries" → "J. d. V.": enough to recognise an entry, not to identify a person. */
export function maskName(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '';
  if (name.includes('@')) return '***@***';
  return words.map((w) => `${[...w][0]}.`).join(' ');
}

const jsonKey = (keys: string[]) => new RegExp(`("(?:${keys.join('|')})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)(")`, 'gi');
const IBAN_KEY_RE = jsonKey(IBAN_KEYS);
const NAME_KEY_RE = jsonKey(NAME_KEYS);

/**
 * Mask personal values in a raw JSON body by key, keeping everything else byte for
 * byte (17-digit ids stay bare numbers). Any IBAN left over, in any case or spacing, is masked too.
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
  return maskIbansAnywhere(body.replace(IBAN_KEY_RE, masked(maskIban)).replace(NAME_KEY_RE, masked(maskName)));
}

/** Only the IBANs of a raw body masked: what the raw request/response views show without a reveal. */
export const maskIbansIn = (body: string): string => maskIbansAnywhere(body);

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

const columnsOf = (db: DB, table: string): { name: string; type: string }[] =>
  db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(table) as { name: string; type: string }[];

/**
 * Masking for one database (the live history, or a backup file): statements prepared once.
 * The columns they touch are read from the schema, so any IBAN or name column a migration
 * adds is masked too; every other text column (description, notes …) has its IBANs masked.
 */
export function prepareMasking(db: DB) {
  const orderColumns = columnsOf(db, 'orders');
  const names = orderColumns.map((c) => c.name);
  const ibanColumns = names.filter((c) => IBAN_COLUMN.test(c));
  const nameColumns = names.filter((c) => NAME_COLUMN.test(c));
  const orderBodyCols = BODY_COLUMNS.orders!.filter((c) => names.includes(c));
  const freeText = orderColumns
    .filter((c) => c.type.toUpperCase() === 'TEXT' && ![...ibanColumns, ...nameColumns, ...orderBodyCols].includes(c.name))
    .map((c) => c.name);
  const exchangeNames = columnsOf(db, 'exchanges').map((c) => c.name);
  const exchangeBodyCols = BODY_COLUMNS.exchanges!.filter((c) => exchangeNames.includes(c));
  const orderCols = [...ibanColumns, ...nameColumns, ...orderBodyCols, ...freeText];
  const updateOrder = orderCols.length ? db.prepare(`UPDATE orders SET ${orderCols.map((c) => `"${c}" = @${c}`).join(', ')} WHERE id = @id`) : null;
  const exchangesOf = db.prepare<{ id: number }, Record<string, string | null> & { id: number }>(
    `SELECT id, ${exchangeBodyCols.map((c) => `"${c}"`).join(', ') || 'NULL AS none'} FROM exchanges WHERE order_row = @id`,
  );
  const updateExchange = exchangeBodyCols.length
    ? db.prepare(`UPDATE exchanges SET ${exchangeBodyCols.map((c) => `"${c}" = @${c}`).join(', ')} WHERE id = @id`)
    : null;
  const markMasked = db.prepare('INSERT INTO retention_masked (order_row, masked_at) VALUES (@id, @now)');
  const due = db.prepare<{ cutoff: number }, Record<string, unknown> & { id: number }>(
    `SELECT o.* FROM orders o LEFT JOIN retention_masked m ON m.order_row = o.id
     WHERE o.created_at < @cutoff AND m.order_row IS NULL`,
  );
  const dropDrafts = hasTable(db, 'drafts') ? db.prepare('DELETE FROM drafts WHERE saved_at < @cutoff') : null;
  const text = (v: unknown, mask: (s: string) => string) => (typeof v === 'string' && v ? mask(v) : v);

  return {
    ibanColumns,
    /** Mask every order older than `cutoff` not masked yet; drafts older than it are dropped whole. */
    run(cutoff: number, now: number): { masked: number; draftsDropped: number } {
      const orders = due.all({ cutoff });
      // Unsent drafts hold what staff typed (IBANs, names): one older than the period is dropped whole.
      const draftsDropped = dropDrafts?.run({ cutoff }).changes ?? 0;
      if (orders.length === 0) return { masked: 0, draftsDropped };
      db.transaction(() => {
        for (const order of orders) {
          const values: Record<string, unknown> = { id: order.id };
          for (const c of ibanColumns) values[c] = text(order[c], maskIban);
          for (const c of nameColumns) values[c] = text(order[c], maskName);
          for (const c of orderBodyCols) values[c] = text(order[c], maskBody);
          for (const c of freeText) values[c] = text(order[c], maskIbansAnywhere);
          updateOrder?.run(values);
          if (updateExchange) {
            for (const exchange of exchangesOf.all({ id: order.id })) {
              const next: Record<string, unknown> = { id: exchange.id };
              for (const c of exchangeBodyCols) next[c] = text(exchange[c], maskBody);
              updateExchange.run(next);
            }
          }
          markMasked.run({ id: order.id, now });
        }
      })();
      return { masked: orders.length, draftsDropped };
    },
  };
}

/**
 * Make what was masked or deleted leave the file: the full-text index drops its old terms
 * (deleted entries otherwise stay in its segments until merged), VACUUM rewrites the file
 * (secure_delete zeroed what was freed), and the WAL is emptied.
 */
export function eraseFreedSpace(db: DB): void {
  if (hasTable(db, 'orders_fts')) db.exec("INSERT INTO orders_fts (orders_fts) VALUES ('optimize')");
  db.exec('VACUUM');
  if (db.pragma('journal_mode', { simple: true }) === 'wal') db.pragma('wal_checkpoint(TRUNCATE)');
}

export function createPersonalData(deps: {
  db: DB;
  clock: Clock;
  settings: SettingsStore;
  audit: AuditService;
  log: Logger;
}) {
  const { db, clock, settings, audit, log } = deps;

  /** Prepared on first use: a read-only history may lack tables, so nothing is prepared before it is needed. */
  let prepared: ReturnType<typeof prepare> | null = null;
  const statements = () => (prepared ??= prepare());
  function prepare() {
    const masking = prepareMasking(db);
    const ibanColumns = masking.ibanColumns;
    return {
      masking,
      ibanOf: db.prepare<OrderKey, { id: number; iban: string | null; masked: number | null }>(
        `SELECT o.id, ${ibanColumns[0] ? `o."${ibanColumns[0]}"` : 'NULL'} AS iban, m.order_row AS masked
         FROM orders o LEFT JOIN retention_masked m ON m.order_row = o.id
         WHERE o.environment = @environment AND o.profile_id = @profileId AND o.order_id = @orderId`,
      ),
    };
  }
  /** Backups, exports and set-aside files: wired by the factory once they exist. */
  let files: ((cutoff: number) => { backupsMasked: number; filesDeleted: number }) | null = null;

  function applyRetention(): { masked: number; cutoff: number } | null {
    const months = settings.get<number>(SETTING.retentionMonths);
    if (!months) return null;
    const cutoff = monthsBefore(clock.now(), months);
    const now = clock.now();
    const { masked, draftsDropped } = statements().masking.run(cutoff, now);
    if (masked + draftsDropped > 0) eraseFreedSpace(db);
    // Copies count too: a backup, an export or a set-aside file would otherwise keep what was erased here.
    let elsewhere = { backupsMasked: 0, filesDeleted: 0 };
    try {
      elsewhere = files?.(cutoff) ?? elsewhere;
    } catch (error) {
      log.error('retention.files_failed', { error });
    }
    if (masked === 0 && elsewhere.backupsMasked + elsewhere.filesDeleted === 0) return { masked: 0, cutoff };
    settings.set(SETTING.lastRetention, { at: new Date(now).toISOString(), masked });
    audit.record({ action: 'retention.apply', details: { months, masked, before: new Date(cutoff).toISOString(), ...elsewhere } });
    log.info('retention.applied', { months, masked, ...elsewhere });
    return { masked, cutoff };
  }

  return {
    applyRetention,
    /** Retention over the copies of the history (backups, exports, set-aside files). */
    setFileRetention(apply: (cutoff: number) => { backupsMasked: number; filesDeleted: number }): void {
      files = apply;
    },

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
