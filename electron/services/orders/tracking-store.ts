/**
 * What tracking reads and writes besides the order rows: the status-change feed (timeline,
 * the renderer's poll, notifications owed) and the payment-link board's indexed queries.
 * Statements are prepared once.
 */
import type { OrderKey } from '@shared/order-key';
import type { Environment, LocalState } from '@shared/orders';
import type { LinkRow, LinkView, StatusChange, TrackedChange } from '@shared/tracking';
import type { DB } from '../storage/db';
import { iso } from './order-row';
import type { OrderRow } from './order-row';

interface ChangeRow {
  id: number;
  at: number;
  state: LocalState;
  status: string | null;
  financial_status: string | null;
  environment: Environment;
  profile_id: string;
  order_id: string;
}

export interface Notice {
  changeId: number;
  key: OrderKey;
  status: string;
  amount: number;
  currency: string;
  description: string;
  /** Imported orders' changes are marked, not notified. */
  origin: OrderRow['origin'];
}

type BoardRow = Pick<
  OrderRow,
  | 'environment' | 'profile_id' | 'order_id' | 'amount' | 'currency' | 'description' | 'customer_name' | 'customer_email'
  | 'customer_locale' | 'payment_url' | 'status' | 'created_at' | 'link_expires_at'
>;

const DAY = 24 * 60 * 60_000;
const FEED_LIMIT = 200;
const BOARD_LIMIT = 500;

/** Open: a payment link MultiSafepay has, not paid or ended, and not past its expiry. */
const OPEN_LINKS = `
  FROM orders
  WHERE environment = @environment AND type = 'paymentlink' AND state = 'created'
    AND link_expires_at > @now AND coalesce(status, 'initialized') = 'initialized'`;
const VIEW_SQL: Record<LinkView, string> = {
  open: OPEN_LINKS,
  expiring: `${OPEN_LINKS} AND link_expires_at <= @now + ${DAY}`,
  unpaid: `${OPEN_LINKS} AND created_at <= @now - @unpaidDays * ${DAY}`,
};

export function createTrackingStore(db: DB) {
  const feed = db.prepare<{ since: number }, ChangeRow>(`
    SELECT c.id, c.at, c.state, c.status, c.financial_status, o.environment, o.profile_id, o.order_id
    FROM order_status_changes c JOIN orders o ON o.id = c.order_row
    WHERE c.id > @since ORDER BY c.id LIMIT ${FEED_LIMIT}`);
  const last = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM order_status_changes');
  const owed = db.prepare<[], ChangeRow & { amount: number; currency: string; description: string; origin: OrderRow['origin'] }>(`
    SELECT c.id, c.at, c.state, c.status, c.financial_status, o.environment, o.profile_id, o.order_id,
           o.amount, o.currency, o.description, o.origin
    FROM order_status_changes c JOIN orders o ON o.id = c.order_row
    WHERE c.notified_at IS NULL AND c.status IN ('completed', 'declined', 'expired')
    ORDER BY c.id LIMIT 50`);
  const notified = db.prepare('UPDATE order_status_changes SET notified_at = @at WHERE id = @id');
  type BoardParams = { environment: Environment; now: number; unpaidDays?: number };
  const prepareView = (sql: string) => ({
    rows: db.prepare<BoardParams, BoardRow>(`
      SELECT environment, profile_id, order_id, amount, currency, description, customer_name, customer_email,
             customer_locale, payment_url, status, created_at, link_expires_at
      ${sql} ORDER BY link_expires_at, id LIMIT ${BOARD_LIMIT}`),
    count: db.prepare<BoardParams, { n: number }>(`SELECT count(*) AS n ${sql}`),
  });
  const board = { open: prepareView(VIEW_SQL.open), expiring: prepareView(VIEW_SQL.expiring), unpaid: prepareView(VIEW_SQL.unpaid) };

  const keyOfChange = (row: ChangeRow): OrderKey => ({ environment: row.environment, profileId: row.profile_id, orderId: row.order_id });
  const change = (row: ChangeRow): StatusChange => ({ at: iso(row.at), state: row.state, status: row.status, financialStatus: row.financial_status });

  return {
    /** Changes after `since` (oldest first) and the cursor to pass next. */
    changesSince(since: number): { cursor: number; changes: TrackedChange[] } {
      const rows = feed.all({ since });
      const cursor = rows.length ? rows.at(-1)!.id : Math.max(since, 0);
      return { cursor, changes: rows.map((row) => ({ id: row.id, key: keyOfChange(row), ...change(row) })) };
    },
    /** Where the feed stands now (a renderer starting up begins here, not with the whole history). */
    latest(): number {
      return last.get()?.id ?? 0;
    },
    /** Paid, declined or expired changes no notification has gone out for yet. */
    owedNotices(): Notice[] {
      return owed.all().map((row) => ({
        changeId: row.id,
        key: keyOfChange(row),
        status: row.status!,
        amount: row.amount,
        currency: row.currency,
        description: row.description,
        origin: row.origin,
      }));
    },
    markNotified(changeId: number, at: number): void {
      notified.run({ id: changeId, at });
    },
    board(environment: Environment, view: LinkView, now: number, unpaidDays: number): { rows: LinkRow[]; counts: Record<LinkView, number> } {
      const params = (v: LinkView): BoardParams => (v === 'unpaid' ? { environment, now, unpaidDays } : { environment, now });
      const rows = board[view].rows.all(params(view)).map(
        (r): LinkRow => ({
          key: { environment: r.environment, profileId: r.profile_id, orderId: r.order_id },
          amount: r.amount,
          currency: r.currency,
          description: r.description,
          customerName: r.customer_name,
          customerEmail: r.customer_email,
          locale: r.customer_locale,
          paymentUrl: r.payment_url,
          status: r.status,
          createdAt: iso(r.created_at),
          linkExpiresAt: r.link_expires_at === null ? null : iso(r.link_expires_at),
        }),
      );
      const counts = { open: 0, expiring: 0, unpaid: 0 };
      for (const v of Object.keys(counts) as LinkView[]) counts[v] = board[v].count.get(params(v))!.n;
      return { rows, counts };
    },
  };
}
export type TrackingStore = ReturnType<typeof createTrackingStore>;
