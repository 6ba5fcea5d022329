// A cancel whose PATCH is unclear is settled by reading the order back; here that read-back fails
// too (no network). The result must say so honestly (not known yet, it will be checked), the PATCH
// is never sent a second time, and the tracker's next read-back settles the order, soon — not on
// the hourly schedule an older link would otherwise have.
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultMode } from '../../../../electron/demo/server';
import { FIRST_CHECK_DELAY_MS } from '../../../../electron/services/orders/order-store';
import type { Rig } from '../../../support/services';
import { paymentLink } from '../../../support/services';
import { refundRig } from '../../../support/refunds';
import type { ManualClock } from '../../../support/refunds';

let rig: Rig;
let clock: ManualClock;
afterEach(async () => rig?.close());

const MINUTE = 60_000;
const requests = (method: 'PATCH' | 'GET', orderId: string) =>
  rig.demo.received.filter((r) => r.method === method && r.path === `/orders/${orderId}`);

/** An unpaid link old enough to be on the hourly schedule, then a cancel whose PATCH and read-back both break. */
async function unclearCancel(patchFault: FaultMode) {
  ({ rig, clock } = await refundRig());
  const order = await rig.value('orders.create', paymentLink({ description: 'Unclear cancel' }));
  clock.advance(20 * MINUTE);
  await rig.services.reconcileNow(); // the checks of its first minutes are behind it
  const getsBefore = requests('GET', order.orderId).length;
  rig.demo.injectFault({ mode: patchFault, method: 'PATCH', path: `/orders/${order.orderId}` });
  rig.demo.injectFault({ mode: 'reset_before', method: 'GET', path: `/orders/${order.orderId}` });
  const result = await rig.call('orders.cancel', order.key);
  return { order, result, getsBefore };
}

describe('cancel: the PATCH is unclear and its read-back fails as well', () => {
  it('says "not known yet, will be checked", claims nothing, and the tracker finds the cancel that landed', async () => {
    const { order, result, getsBefore } = await unclearCancel('reset_after');
    expect(rig.demo.getOrder(order.orderId)?.status).toBe('cancelled'); // it did land
    expect(result).toMatchObject({ ok: false, error: { code: 'NETWORK', fields: { _: { key: 'validation.order.cancelUnknown' } } } });
    expect(!result.ok && result.error.message).toMatch(/not known yet/);
    // Nothing claimed: the console still shows what it last knew, and both attempts are in the timeline.
    const local = await rig.value('orders.get', order.key);
    expect(local).toMatchObject({ state: 'created', status: 'initialized' });
    expect(local.exchanges?.slice(-2).map((e) => [e.method, e.outcome])).toEqual([
      ['PATCH', expect.stringMatching(/^no_answer:/)],
      ['GET', expect.stringMatching(/^no_answer:/)],
    ]);
    expect(requests('PATCH', order.orderId)).toHaveLength(1);
    expect(requests('GET', order.orderId)).toHaveLength(getsBefore + 1);
    const audit = (await rig.value('audit.list', {})).items.find((e) => e.action === 'order.cancel');
    expect(audit?.details).toMatchObject({ accepted: false, unclear: true, settledByReadBack: 'unknown' });

    // Not before its time…
    clock.advance(FIRST_CHECK_DELAY_MS - 1_000);
    await rig.services.reconcileNow();
    expect(requests('GET', order.orderId)).toHaveLength(getsBefore + 1);
    // …then the tracker reads it back (a GET, never the PATCH again) and the order is cancelled.
    clock.advance(1_000);
    await rig.services.reconcileNow();
    expect(requests('GET', order.orderId)).toHaveLength(getsBefore + 2);
    expect(await rig.value('orders.get', order.key)).toMatchObject({ state: 'created', status: 'cancelled' });
    expect(requests('PATCH', order.orderId)).toHaveLength(1);
    // Final: no more reads.
    for (let i = 0; i < 3; i++) {
      clock.advance(60 * MINUTE);
      await rig.services.reconcileNow();
    }
    expect(requests('GET', order.orderId)).toHaveLength(getsBefore + 2);
    // Cancelling again is refused locally now: still one PATCH.
    expect(await rig.call('orders.cancel', order.key)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(requests('PATCH', order.orderId)).toHaveLength(1);
  });

  it('a cancel that never arrived: the tracker finds the order still open, and it can be cancelled then', async () => {
    const { order, result, getsBefore } = await unclearCancel('reset_before');
    expect(rig.demo.getOrder(order.orderId)?.status).toBe('initialized');
    expect(result).toMatchObject({ ok: false, error: { code: 'NETWORK', fields: { _: { key: 'validation.order.cancelUnknown' } } } });
    clock.advance(FIRST_CHECK_DELAY_MS);
    await rig.services.reconcileNow();
    expect(requests('GET', order.orderId)).toHaveLength(getsBefore + 2);
    expect(await rig.value('orders.get', order.key)).toMatchObject({ state: 'created', status: 'initialized' });
    expect(requests('PATCH', order.orderId)).toHaveLength(1);
    // Back on its own schedule (hourly for a link this old), and staff may cancel it now.
    clock.advance(30 * MINUTE);
    await rig.services.reconcileNow();
    expect(requests('GET', order.orderId)).toHaveLength(getsBefore + 2);
    expect((await rig.value('orders.cancel', order.key)).status).toBe('cancelled');
    expect(requests('PATCH', order.orderId)).toHaveLength(2);
  });
});
