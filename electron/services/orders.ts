/**
 * Creating and following orders, so that money requests are never lost and
 * never doubled: validate (done by the gate) → generate the order_id → write the
 * intent row → POST once → store the exchange and what it means. An unclear
 * outcome stays `unknown` until GET /orders/{order_id} settles it.
 */
import type { OrderDetail, OrderView, PaymentLinkInput } from '../../shared/orders';
import type { z } from '../../shared/zod';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import { ServiceError } from './errors';
import { idText } from './json';
import type { Logger } from './log';
import type { ApiCall, MspClient } from './msp-client';
import { readAnswer } from './msp-client';
import { generateOrderId } from './order-id';
import type { Exchange, OrderKey, OrderStore, Outcome } from './order-store';
import type { Profile } from './profiles';

/** English words for MultiSafepay's error codes (the renderer has its own translations). */
const MSP_ERRORS: Record<number, string> = {
  1000: 'MultiSafepay reported an unknown error.',
  1001: 'The amount is not valid.',
  1002: 'This currency is not enabled for the account or the method.',
  1006: 'This order ID is already used at MultiSafepay.',
  1007: 'The IP address is not valid.',
  1008: 'The description is missing or too long.',
  1010: 'A var1–var3 field is not valid.',
  1016: 'Required data is missing.',
  1018: 'The country code is not valid.',
  1023: 'This payment method is not available on the account.',
  1032: 'The API key is invalid or not allowed here.',
};

function toExchange(call: ApiCall): Exchange {
  return {
    method: call.method,
    path: call.path,
    requestBody: call.requestBody,
    httpStatus: call.httpStatus,
    responseBody: call.responseBody,
    outcome: call.transport === 'answered' ? 'answered' : `${call.transport}:${call.reason ?? ''}`,
    startedAt: call.startedAt,
    durationMs: call.durationMs,
  };
}

const problemOf = (code: string | number, message: string) => ({ code: String(code), message });

/** What a create POST means for the order. Exported for the fault tests. */
export function classifyCreate(call: ApiCall, orderId: string): Outcome {
  if (call.transport === 'not_sent') {
    return { state: 'not_sent', problem: problemOf('not_sent', 'MultiSafepay could not be reached; nothing was sent.') };
  }
  if (call.transport === 'no_answer') {
    return { state: 'unknown', problem: problemOf('no_answer', `No answer from MultiSafepay (${call.reason}).`) };
  }
  // Rate limited: the server turned the request away before processing it.
  if (call.httpStatus === 429) {
    return { state: 'not_sent', problem: problemOf('rate_limited', 'MultiSafepay asked to slow down; nothing was created.') };
  }
  const reading = readAnswer(call);
  // A 5xx or an unreadable body may hide an order that was created: unknown, never "failed".
  if (reading.kind === 'unreadable' || (call.httpStatus ?? 0) >= 500) {
    return { state: 'unknown', problem: problemOf('unreadable', `MultiSafepay returned an unreadable answer (HTTP ${call.httpStatus}).`) };
  }
  if (reading.kind === 'api_error') {
    const code = reading.errorCode ?? 'api';
    return { state: 'rejected', problem: problemOf(code, MSP_ERRORS[Number(code)] ?? (reading.errorInfo || 'MultiSafepay refused the order.')) };
  }
  const data = reading.data;
  if (idText(data.order_id) !== orderId) {
    return { state: 'unknown', problem: problemOf('mismatch', 'The answer names another order; checking with MultiSafepay.') };
  }
  return {
    state: 'created',
    paymentUrl: typeof data.payment_url === 'string' ? data.payment_url : null,
    transactionId: idText(data.transaction_id),
    status: typeof data.status === 'string' ? data.status : null,
    financialStatus: typeof data.financial_status === 'string' ? data.financial_status : null,
    problem: null,
  };
}

export function createOrderService(deps: {
  store: OrderStore;
  client: () => MspClient;
  profile: () => Profile;
  /** Who is at the keyboard now (recorded on the order and in the audit log). */
  operator: () => string;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}) {
  const { store, clock, log } = deps;
  const keyOf = (orderId: string): OrderKey => {
    const profile = deps.profile();
    return { environment: profile.environment, profileId: profile.id, orderId };
  };

  function uniqueOrderId(): string {
    for (let i = 0; i < 5; i++) {
      const id = generateOrderId(clock.now());
      if (!store.exists(keyOf(id))) return id;
    }
    throw new ServiceError('CONFLICT', 'Could not find a free order ID; try again.');
  }

  function mustFind(orderId: string): { view: OrderView; row: number } {
    const key = keyOf(orderId);
    const row = store.rowId(key);
    const view = store.find(key);
    if (row === null || !view) throw new ServiceError('NOT_FOUND', 'No such order in this profile’s history.');
    return { view, row };
  }

  return {
    async create(input: z.output<typeof PaymentLinkInput>): Promise<OrderView> {
      const profile = deps.profile();
      const orderId = uniqueOrderId();
      const body = JSON.stringify({
        type: input.type,
        order_id: orderId,
        currency: input.currency,
        amount: input.amount,
        description: input.description,
      });
      let row: number;
      try {
        row = store.insertIntent({
          environment: profile.environment,
          profileId: profile.id,
          operator: deps.operator(),
          orderId,
          type: input.type,
          gateway: null,
          currency: input.currency,
          amount: input.amount,
          description: input.description,
          requestBody: body,
          now: clock.now(),
        });
      } catch (error) {
        log.error('orders.intent_failed', { error });
        throw new ServiceError('STORAGE', 'The order could not be saved locally, so it was not sent.');
      }
      const call = await deps.client().call('POST', '/orders', body);
      const outcome = classifyCreate(call, orderId);
      store.settle(row, toExchange(call), outcome, clock.now());
      log.info('orders.create', { orderId, state: outcome.state, httpStatus: call.httpStatus, ms: call.durationMs });
      deps.audit.record({ action: 'order.create', orderId, details: { state: outcome.state, amount: input.amount, currency: input.currency } });
      return mustFind(orderId).view;
    },

    /**
     * Re-read the order at MultiSafepay. This is also how an `unknown` create is
     * settled: found → created; "not found" (1006) → not_sent (nothing landed).
     */
    async refresh(orderId: string): Promise<OrderView> {
      const { view, row } = mustFind(orderId);
      const call = await deps.client().call('GET', `/orders/${encodeURIComponent(orderId)}`);
      const reading = call.transport === 'answered' ? readAnswer(call) : null;
      let outcome: Outcome = { state: view.state, problem: view.problem };
      if (reading?.kind === 'success') {
        const data = reading.data;
        outcome = {
          state: 'created',
          status: typeof data.status === 'string' ? data.status : null,
          financialStatus: typeof data.financial_status === 'string' ? data.financial_status : null,
          transactionId: idText(data.transaction_id),
          problem: null,
        };
      } else if (reading?.kind === 'api_error' && reading.errorCode === 1006 && view.state !== 'created') {
        outcome = { state: 'not_sent', problem: problemOf('not_found', 'MultiSafepay has no such order: nothing was created.') };
      }
      store.settle(row, toExchange(call), outcome, clock.now());
      if (call.transport !== 'answered') {
        throw new ServiceError('NETWORK', 'MultiSafepay could not be reached; the order is unchanged.');
      }
      return mustFind(orderId).view;
    },

    detail(orderId: string): OrderDetail {
      const detail = store.detail(orderId);
      if (!detail) throw new ServiceError('NOT_FOUND', 'No such order in the history.');
      return detail;
    },
  };
}
