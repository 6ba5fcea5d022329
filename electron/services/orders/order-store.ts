/**
 * The orders repository: small named methods over statements prepared once,
 * named parameters only. Multi-row writes go in one transaction.
 */
import type { OrderKey } from '@shared/order-key';
import type { DuplicateWarning, Environment, LocalState, OrderDetail, OrderExchange, OrderView } from '@shared/orders';
import type { Flow } from '@shared/orders';
import { scrubSecrets } from '../platform/log';
import type { DB } from '../storage/db';
import type { Exchange, NewOrder, OrderRow, Outcome } from './order-row';
import { FIRST_CHECK_DELAY_MS, iso, keyOf, toView } from './order-row';
import { nextTrackAt } from './track-schedule';
import type { Tracked } from './track-schedule';

/** Who made an order: this console, or elsewhere (imported by the history sync). */
type Origin = OrderRow['origin'];

/** The columns a write compares (timeline) and schedules by. */
const TRACKED_COLUMNS =
  'id, state, status, financial_status, gateway, created_at, link_expires_at, status_changed_at, next_check_at, check_attempts';
type TrackedColumns = Pick<
  OrderRow,
  'id' | 'state' | 'status' | 'financial_status' | 'gateway' | 'created_at' | 'link_expires_at' | 'status_changed_at' | 'next_check_at' | 'check_attempts'
>;

const trackedOf = (row: TrackedColumns): Tracked => ({
  state: row.state,
  status: row.status,
  gateway: row.gateway,
  createdAt: row.created_at,
  linkExpiresAt: row.link_expires_at,
  statusChangedAt: row.status_changed_at,
});

export type { Exchange, NewOrder, OrderKey, OrderRow, Outcome };
export { FIRST_CHECK_DELAY_MS, keyOf, toView };

/**
 * `secrets` lists every API key main knows: whatever came from the API is scrubbed of them
 * before it is written (the client already does so; this holds for every writer of answers).
 */
export function createOrderStore(db: DB, secrets: () => readonly string[] = () => []) {
  const scrub = <T extends string | null | undefined>(text: T): T => (typeof text === 'string' ? (scrubSecrets(text, secrets()) as T) : text);
  const insert = db.prepare<NewOrder & { state: LocalState; ibanLast4: string | null }>(`
    INSERT INTO orders (environment, profile_id, operator, order_id, type, gateway, currency, amount,
                        description, state, request_body, created_at, updated_at,
                        flow, customer_name, customer_email, customer_locale, iban, iban_last4,
                        account_holder_name, emandate, link_expires_at, replaces)
    VALUES (@environment, @profileId, @operator, @orderId, @type, @gateway, @currency, @amount,
            @description, @state, @requestBody, @now, @now,
            @flow, @customerName, @customerEmail, @customerLocale, @iban, @ibanLast4,
            @accountHolderName, @emandate, @linkExpiresAt, @replaces)`);
  const byKey = db.prepare<OrderKey, OrderRow>(`
    SELECT * FROM orders
    WHERE environment = @environment AND profile_id = @profileId AND order_id = @orderId`);
  const update = db.prepare(`
    UPDATE orders SET
      state = @state,
      status = coalesce(@status, status),
      financial_status = coalesce(@financialStatus, financial_status),
      transaction_id = coalesce(@transactionId, transaction_id),
      payment_url = coalesce(@paymentUrl, payment_url),
      completed_at = coalesce(completed_at, @completedAt),
      problem_code = @problemCode,
      problem_message = @problemMessage,
      status_changed_at = CASE WHEN coalesce(@status, status) IS NOT status THEN @now ELSE status_changed_at END,
      updated_at = @now
    WHERE id = @id
    RETURNING ${TRACKED_COLUMNS}`);
  const byId = db.prepare<{ id: number }, OrderRow>('SELECT * FROM orders WHERE id = @id');
  // Only what a write compares and schedules by: settle runs on every answer, keep it light.
  const trackedById = db.prepare<{ id: number }, TrackedColumns>(`SELECT ${TRACKED_COLUMNS} FROM orders WHERE id = @id`);
  const addChange = db.prepare(`
    INSERT INTO order_status_changes (order_row, at, state, status, financial_status)
    VALUES (@id, @at, @state, @status, @financialStatus)`);
  const addExchange = db.prepare(`
    INSERT INTO exchanges (order_row, environment, method, path, request_body, http_status,
                           response_body, outcome, started_at, duration_ms)
    SELECT @orderRow, environment, @method, @path, @requestBody, @httpStatus,
           @responseBody, @outcome, @startedAt, @durationMs
    FROM orders WHERE id = @orderRow`);
  const exchangesOf = db.prepare<{ orderRow: number }, Omit<OrderExchange, 'startedAt'> & { startedAt: number }>(`
    SELECT method, path, request_body AS requestBody, http_status AS httpStatus,
           response_body AS responseBody, outcome, started_at AS startedAt, duration_ms AS durationMs
    FROM exchanges WHERE order_row = @orderRow ORDER BY id`);
  const changesOf = db.prepare<{ orderRow: number }, { at: number; state: LocalState; status: string | null; financialStatus: string | null }>(`
    SELECT at, state, status, financial_status AS financialStatus
    FROM order_status_changes WHERE order_row = @orderRow ORDER BY id`);


  // Duplicate warnings look at orders that may have reached MultiSafepay (not refused, not unsent;
  // one marked for review may well be there).
  const recentSame = db.prepare<
    { environment: string; profileId: string; amount: number; currency: string; since: number; iban: string | null; email: string | null },
    OrderRow
  >(`
    SELECT * FROM orders
    WHERE environment = @environment AND profile_id = @profileId AND amount = @amount AND currency = @currency
      AND created_at >= @since AND state IN ('sending', 'created', 'unknown', 'needs_review')
      AND ((@iban IS NOT NULL AND iban = @iban) OR (@email IS NOT NULL AND lower(customer_email) = lower(@email)))
    ORDER BY created_at DESC LIMIT 5`);
  const recentDebits = db.prepare<{ environment: string; profileId: string; since: number; iban: string }, OrderRow>(`
    SELECT * FROM orders
    WHERE environment = @environment AND profile_id = @profileId AND iban = @iban AND gateway = 'DIRDEB'
      AND created_at >= @since AND state IN ('sending', 'created', 'unknown', 'needs_review')
    ORDER BY created_at DESC LIMIT 5`);
  // Every profile's orders, whatever their state: each is checked with its own profile's key. The
  // console's own and imported ones apart, so a backlog of imported orders never delays ours.
  const dueOf = (origin: Origin) =>
    db.prepare<{ now: number; limit: number }, OrderRow>(`
    SELECT * FROM orders
    WHERE next_check_at IS NOT NULL AND next_check_at <= @now AND origin = '${origin}'
    ORDER BY next_check_at, id LIMIT @limit`);
  const dueForCheck = { console: dueOf('console'), elsewhere: dueOf('elsewhere') };
  const scheduleCheck = db.prepare('UPDATE orders SET next_check_at = @at, check_attempts = @attempts WHERE id = @id');
  const interruptedChanges = db.prepare(`
    INSERT INTO order_status_changes (order_row, at, state, status, financial_status)
    SELECT id, @now, 'unknown', status, financial_status FROM orders WHERE state = 'sending'`);
  const interrupted = db.prepare(`
    UPDATE orders SET state = 'unknown', problem_code = 'interrupted',
      problem_message = 'The console stopped while sending; checking with MultiSafepay.',
      next_check_at = @now, check_attempts = 0, updated_at = @now
    WHERE state = 'sending'`);
  // After a start the newest 1,000 unclear orders not yet due are checked at once; older ones keep
  // their backoff (15 min at most). Bounded: rewriting every unclear row took ~0.8 s at 30,000.
  const checkUnknownNow = db.prepare(`
    UPDATE orders SET next_check_at = @now
    WHERE id IN (SELECT id FROM orders WHERE state = 'unknown' AND (next_check_at IS NULL OR next_check_at > @now)
                 ORDER BY created_at DESC LIMIT 1000)`);
  const markReplaced = db.prepare('UPDATE orders SET replaced_by = @replacedBy, updated_at = @now WHERE id = @id');
  const resending = db.prepare(`
    UPDATE orders SET state = 'sending', problem_code = NULL, problem_message = NULL, updated_at = @now
    WHERE id = @id AND state = 'not_sent'`);

  /**
   * After every write: a change of state or status is kept with its time (the timeline), and the
   * next check follows from what the order now is. An unclear order keeps the reconciler's backoff.
   */
  function afterWrite(before: TrackedColumns, after: TrackedColumns, now: number): void {
    if (after.state !== before.state || after.status !== before.status || after.financial_status !== before.financial_status) {
      addChange.run({ id: after.id, at: now, state: after.state, status: after.status, financialStatus: after.financial_status });
    }
    const unclear = after.state === 'unknown' || after.state === 'sending';
    const keepBackoff = unclear && (before.state === 'unknown' || before.state === 'sending') && before.next_check_at !== null;
    if (keepBackoff) return;
    const at = unclear ? now + FIRST_CHECK_DELAY_MS : nextTrackAt(trackedOf(after), now);
    if (at !== after.next_check_at || after.check_attempts !== 0) scheduleCheck.run({ id: after.id, at, attempts: 0 });
  }

  // One transaction: the intent and its first change cost one commit (one fsync), as before.
  const insertIntent = db.transaction((order: NewOrder): number => {
    const ibanLast4 = order.iban ? order.iban.slice(-4) : null;
    const id = Number(insert.run({ ...order, ibanLast4, state: 'sending' }).lastInsertRowid);
    addChange.run({ id, at: order.now, state: 'sending', status: null, financialStatus: null });
    return id;
  });

  const settle = db.transaction((id: number, exchange: Exchange | null, outcome: Outcome, now: number) => {
    const before = trackedById.get({ id });
    if (!before) return;
    if (exchange) addExchange.run({ orderRow: id, ...exchange, responseBody: scrub(exchange.responseBody) });
    const after = update.get({
      id,
      now,
      state: outcome.state,
      status: scrub(outcome.status) ?? null,
      financialStatus: scrub(outcome.financialStatus) ?? null,
      transactionId: scrub(outcome.transactionId) ?? null,
      paymentUrl: scrub(outcome.paymentUrl) ?? null,
      completedAt: outcome.completedAt ?? null,
      problemCode: scrub(outcome.problem?.code) ?? null,
      problemMessage: scrub(outcome.problem?.message) ?? null,
    }) as TrackedColumns;
    afterWrite(before, after, now);
  });

  const warning = (kind: DuplicateWarning['kind']) => (row: OrderRow): DuplicateWarning => ({
    kind,
    orderId: row.order_id,
    amount: row.amount,
    currency: row.currency,
    createdAt: iso(row.created_at),
  });

  return {
    /** Write the intent row before anything is sent. Returns its row id. */
    insertIntent(order: NewOrder): number {
      return insertIntent(order);
    },
    /** Put a `not_sent` order back to `sending` before it is posted again. False if it is not `not_sent`. */
    markResending(id: number, now: number): boolean {
      return resending.run({ id, now }).changes === 1;
    },
    markReplaced(id: number, replacedBy: string, now: number): void {
      markReplaced.run({ id, replacedBy, now });
    },
    /** Orders that may have reached MultiSafepay with the same amount and IBAN or e-mail since `since`. */
    sameAmountSince(query: {
      environment: Environment;
      profileId: string;
      amount: number;
      currency: string;
      since: number;
      iban: string | null;
      email: string | null;
    }): DuplicateWarning[] {
      if (query.iban === null && query.email === null) return [];
      return recentSame.all(query).map((row) =>
        warning(query.iban !== null && row.iban === query.iban ? 'sameIbanAmount' : 'sameEmailAmount')(row),
      );
    },
    /** Direct debits from this IBAN since `since` (MultiSafepay allows one per IBAN per 24 hours). */
    debitsSince(query: { environment: Environment; profileId: string; iban: string; since: number }): DuplicateWarning[] {
      return recentDebits.all(query).map(warning('ibanDebitedToday'));
    },
    /** After a crash: rows left `sending` become `unknown`; the newest 1,000 unclear rows are checked now. */
    recoverInterrupted(now: number): number {
      return db.transaction(() => {
        interruptedChanges.run({ now });
        const changed = interrupted.run({ now }).changes;
        checkUnknownNow.run({ now });
        return changed;
      })();
    },
    /** Unsettled orders (of any profile) whose next check is due: the console's own, or those the sync imported. */
    dueForCheck(now: number, origin: Origin = 'console', limit = 20): { id: number; key: OrderKey; attempts: number; state: LocalState }[] {
      if (limit <= 0) return [];
      return dueForCheck[origin].all({ now, limit }).map((row) => ({ id: row.id, key: keyOf(row), attempts: row.check_attempts, state: row.state }));
    },
    /** After a check that stored nothing: the next one by the order's schedule, not before `notBefore`. */
    reschedule(id: number, now: number, notBefore = 0): void {
      const row = byId.get({ id });
      if (!row) return;
      const at = nextTrackAt(trackedOf(row), now);
      scheduleCheck.run({ id, at: at === null ? null : Math.max(at, notBefore), attempts: 0 });
    },
    /** When the reconciler should ask next (null: not any more) and how often it has asked. */
    scheduleCheck(id: number, at: number | null, attempts: number): void {
      scheduleCheck.run({ id, at, attempts });
    },
    exists(key: OrderKey): boolean {
      return byKey.get(key) !== undefined;
    },
    rowId(key: OrderKey): number | null {
      return byKey.get(key)?.id ?? null;
    },
    find(key: OrderKey): OrderView | null {
      const row = byKey.get(key);
      return row ? toView(row) : null;
    },
    /** What main needs to send an order again or recreate it (never given to the renderer). */
    stored(key: OrderKey): { requestBody: string; iban: string | null; flow: Flow } | null {
      const row = byKey.get(key);
      return row ? { requestBody: row.request_body, iban: row.iban, flow: row.flow } : null;
    },
    /**
     * Store one request/response pair and what it means for the order, atomically.
     * `exchange` null: a re-read that changed nothing is not kept a second time.
     */
    settle(id: number, exchange: Exchange | null, outcome: Outcome, now: number): void {
      settle(id, exchange, outcome, now);
    },
    /**
     * Run several writes as one transaction (one commit: one fsync under synchronous=FULL); the
     * store's own transactions inside become savepoints. IMMEDIATE: the write lock is taken first.
     */
    atomically<T>(writes: () => T): T {
      return db.transaction(writes).immediate();
    },
    /** Keep a request/response pair in the order's timeline (a refund's, a refund cancel's) without changing the order. */
    addExchange(id: number, exchange: Exchange): void {
      addExchange.run({ orderRow: id, ...exchange, responseBody: scrub(exchange.responseBody) });
    },
    detail(key: OrderKey): OrderDetail | null {
      const row = byKey.get(key);
      if (!row) return null;
      const exchanges = exchangesOf.all({ orderRow: row.id }).map((e) => ({ ...e, startedAt: iso(e.startedAt) }));
      const statusChanges = changesOf.all({ orderRow: row.id }).map((c) => ({ ...c, at: iso(c.at) }));
      return { ...toView(row), exchanges, statusChanges };
    },
  };
}
export type OrderStore = ReturnType<typeof createOrderStore>;
