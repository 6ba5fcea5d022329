// A cancel whose PATCH is unclear is settled by reading the order back; here that read-back fails
// too (no network). The result must say so honestly (not known yet, it will be checked), the PATCH
// is never sent a second time, and the tracker's next read-back settles the order, soon — not on
// the hourly schedule an older link would otherwise have.
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderKey } from '@shared/order-key';
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

// While a cancel's outcome is not known, the order row says so (problem `cancel_unknown`), and a
// second cancel reads the order back before anything is sent: exactly one PATCH until MultiSafepay
// shows the order still open. The note is in the database, so a restart keeps it.
describe('cancel again while the first cancel is not known', () => {
  const problemOf = async (key: OrderKey) => (await rig.value('orders.get', key)).problem?.code ?? null;

  it('the first cancel landed: a second cancel whose read-back fails sends nothing, a third finds it cancelled — one PATCH in all', async () => {
    const { order, getsBefore } = await unclearCancel('reset_after');
    expect(rig.demo.getOrder(order.orderId)?.status).toBe('cancelled');
    expect(await problemOf(order.key)).toBe('cancel_unknown');

    // A restart in between: what was sent is remembered with the order, not in memory.
    await rig.restart();
    expect(await problemOf(order.key)).toBe('cancel_unknown');

    rig.demo.injectFault({ mode: 'reset_before', method: 'GET', path: `/orders/${order.orderId}` });
    const second = await rig.call('orders.cancel', order.key);
    expect(second).toMatchObject({ ok: false, error: { code: 'NETWORK', fields: { _: { key: 'validation.order.cancelStillUnknown' } } } });
    expect(!second.ok && second.error.message).toMatch(/still not known/);
    expect(requests('PATCH', order.orderId)).toHaveLength(1);
    expect(requests('GET', order.orderId)).toHaveLength(getsBefore + 2);
    expect(await rig.value('orders.get', order.key)).toMatchObject({ state: 'created', status: 'initialized', problem: { code: 'cancel_unknown' } });

    const third = await rig.value('orders.cancel', order.key);
    expect(third).toMatchObject({ state: 'created', status: 'cancelled', problem: null });
    expect(requests('PATCH', order.orderId)).toHaveLength(1);
    expect(requests('GET', order.orderId)).toHaveLength(getsBefore + 3);

    const cancels = (await rig.value('audit.list', {})).items.filter((e) => e.action === 'order.cancel').map((e) => e.details);
    expect(cancels).toHaveLength(3);
    expect(cancels).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ accepted: false, unclear: true, settledByReadBack: 'unknown' }),
        expect.objectContaining({ accepted: false, sent: false, earlierCancel: 'unknown' }),
        expect.objectContaining({ accepted: true, sent: false, earlierCancel: 'cancelled' }),
      ]),
    );
    // Settled: cancelling once more is refused locally.
    expect(await rig.call('orders.cancel', order.key)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(requests('PATCH', order.orderId)).toHaveLength(1);
  });

  it('the first cancel never arrived: the second cancel reads the order back, finds it open, and only then sends its PATCH', async () => {
    const { order, getsBefore } = await unclearCancel('reset_before');
    expect(rig.demo.getOrder(order.orderId)?.status).toBe('initialized');
    expect(await problemOf(order.key)).toBe('cancel_unknown');

    const second = await rig.value('orders.cancel', order.key);
    expect(second).toMatchObject({ state: 'created', status: 'cancelled', problem: null });
    expect(rig.demo.getOrder(order.orderId)?.status).toBe('cancelled');
    expect(requests('PATCH', order.orderId)).toHaveLength(2);
    // The read-back came before the second PATCH, and the PATCH was read back after.
    const detail = await rig.value('orders.get', order.key);
    expect(detail.exchanges?.slice(-5).map((e) => [e.method, e.outcome.split(':')[0]])).toEqual([
      ['PATCH', 'no_answer'],
      ['GET', 'no_answer'],
      ['GET', 'answered'],
      ['PATCH', 'answered'],
      ['GET', 'answered'],
    ]);
    expect(requests('GET', order.orderId)).toHaveLength(getsBefore + 3);
  });

  it('a read-back by the tracker settles the note, so the next cancel goes straight out', async () => {
    const { order } = await unclearCancel('reset_before');
    clock.advance(FIRST_CHECK_DELAY_MS);
    await rig.services.reconcileNow();
    expect(await problemOf(order.key)).toBeNull();
    const getsBefore = requests('GET', order.orderId).length;
    expect((await rig.value('orders.cancel', order.key)).status).toBe('cancelled');
    // One PATCH and its read-back: no read-back first.
    expect(requests('GET', order.orderId)).toHaveLength(getsBefore + 1);
    expect(requests('PATCH', order.orderId)).toHaveLength(2);
  });

  it('two presses at once: the second is refused while the first is being sent, one PATCH', async () => {
    ({ rig, clock } = await refundRig());
    const order = await rig.value('orders.create', paymentLink({ description: 'Double press' }));
    const [first, second] = await Promise.all([rig.call('orders.cancel', order.key), rig.call('orders.cancel', order.key)]);
    expect(first).toMatchObject({ ok: true, value: { status: 'cancelled' } });
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { _: { key: 'validation.order.cancelInFlight' } } } });
    expect(requests('PATCH', order.orderId)).toHaveLength(1);
  });
});
