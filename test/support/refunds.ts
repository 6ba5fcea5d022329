/** Helpers for refund and sync tests: a rig on a hand-moved clock shared with its demo server, and paid orders. */
import { manualClock } from '../../electron/services/platform/clock';
import type { OrderView } from '@shared/orders';
import type { Rig } from './services';
import { paymentLink, startRig } from './services';

export type ManualClock = ReturnType<typeof manualClock>;

export async function refundRig(extra: Parameters<typeof startRig>[0] = {}): Promise<{ rig: Rig; clock: ManualClock }> {
  const clock = manualClock();
  const rig = await startRig({
    ...extra,
    demo: { clock, ...extra.demo },
    services: { clock, requestTimeoutMs: 400, reconcileEveryMs: 0, syncCheckEveryMs: 0, backupCheckEveryMs: 0, ...extra.services },
  });
  return { rig, clock };
}

/** Press a button on the demo's payment (or bank) page, as the browser's form would. */
export async function press(rig: Rig, paymentUrl: string, action: 'pay' | 'cancel' | 'expire'): Promise<void> {
  const { pathname, search } = new URL(paymentUrl);
  const response = await fetch(`${rig.demo.url}${pathname.replace(/\/$/, '')}/${action}${search}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
    redirect: 'manual',
  });
  await response.arrayBuffer();
}

/** An order created through the console, paid on the demo page and read back (status completed). */
export async function paidOrder(rig: Rig, input: Parameters<typeof paymentLink>[0] = { amount: 4250 }): Promise<OrderView> {
  const created = await rig.value('orders.create', paymentLink(input));
  await press(rig, created.paymentUrl!, 'pay');
  return rig.value('orders.refresh', created.key);
}

/** Requests the demo received for this order's refunds, by method. */
export const refundRequests = (rig: Rig, orderId: string, method: 'POST' | 'PATCH') =>
  rig.demo.received.filter((r) => r.method === method && r.path.startsWith(`/orders/${orderId}/refunds`));
