import { describe, expect, it } from 'vitest';
import type { DemoServer } from '../../../electron/demo/server';
import { call, DAY, demo, directDebit, manualClock, MINUTE, paymentLink } from './support';

async function statusOf(server: DemoServer, orderId: unknown) {
  const data = (await call(server, 'GET', `/orders/${String(orderId)}`)).json.data;
  return `${data.status}/${data.financial_status}`;
}

describe('statuses over time (derived lazily from the clock)', () => {
  it('expires an unpaid payment link after the default 30 days', async () => {
    const clock = manualClock();
    const server = await demo({ clock });
    const body = paymentLink();
    await call(server, 'POST', '/orders', body);
    clock.advance(30 * DAY - 1);
    expect(await statusOf(server, body.order_id)).toBe('initialized/initialized');
    clock.advance(1);
    expect(await statusOf(server, body.order_id)).toBe('expired/expired');
    const data = (await call(server, 'GET', `/orders/${String(body.order_id)}`)).json.data;
    expect(data.modified).not.toBe(data.created);
  });

  it('uses days_active, and seconds_active wins when both are set', async () => {
    const clock = manualClock();
    const server = await demo({ clock });
    const days = paymentLink({ type: 'redirect', days_active: 2 });
    const seconds = paymentLink({ days_active: 2, seconds_active: 90 });
    await call(server, 'POST', '/orders', days);
    await call(server, 'POST', '/orders', seconds);
    clock.advance(90_000);
    expect(await statusOf(server, seconds.order_id)).toBe('expired/expired');
    expect(await statusOf(server, days.order_id)).toBe('initialized/initialized');
    clock.advance(2 * DAY);
    expect(await statusOf(server, days.order_id)).toBe('expired/expired');
  });

  it('rejects out-of-range lifetimes with 1016', async () => {
    const server = await demo();
    for (const extra of [{ days_active: 0 }, { days_active: 366 }, { seconds_active: 31_536_001 }, { seconds_active: '60' }]) {
      const answer = await call(server, 'POST', '/orders', paymentLink(extra));
      expect(String(answer.json.error_code)).toBe('1016');
    }
  });

  it('expires KBC/CBC direct orders after 5 days unpaid', async () => {
    const clock = manualClock();
    const server = await demo({ clock });
    const body = paymentLink({ type: 'direct', gateway: 'CBC', days_active: 1 });
    await call(server, 'POST', '/orders', body);
    clock.advance(5 * DAY - 1);
    expect(await statusOf(server, body.order_id)).toBe('initialized/initialized');
    clock.advance(1);
    expect(await statusOf(server, body.order_id)).toBe('expired/expired');
  });

  it.each([
    ['NL87ABNA0000000001', ['initialized/initialized', 'completed/completed', 'completed/completed']],
    ['NL87ABNA0000000002', ['initialized/initialized', 'declined/declined', 'declined/declined']],
    ['NL87ABNA0000000003', ['initialized/initialized', 'uncleared/uncleared', 'completed/completed']],
    ['NL87ABNA0000000004', ['initialized/initialized', 'uncleared/uncleared', 'declined/declined']],
  ])('follows the test IBAN scenario of %s (at 1:59, 2:00, 3:00)', async (iban, expected) => {
    const clock = manualClock();
    const server = await demo({ clock });
    const body = directDebit(iban);
    await call(server, 'POST', '/orders', body);
    const seen: string[] = [];
    clock.advance(2 * MINUTE - 1000);
    seen.push(await statusOf(server, body.order_id));
    clock.advance(1000);
    seen.push(await statusOf(server, body.order_id));
    clock.advance(MINUTE);
    seen.push(await statusOf(server, body.order_id));
    expect(seen).toEqual(expected);
    clock.advance(365 * DAY); // direct debit never expires
    expect(await statusOf(server, body.order_id)).toBe(expected[2]);
  });

  it('moves any other mandate to uncleared after a day and completed after nine', async () => {
    const clock = manualClock();
    const server = await demo({ clock });
    const body = directDebit('DE89370400440532013000');
    await call(server, 'POST', '/orders', body);
    clock.advance(DAY - 1);
    expect(await statusOf(server, body.order_id)).toBe('initialized/initialized');
    clock.advance(1);
    expect(await statusOf(server, body.order_id)).toBe('uncleared/initialized');
    clock.advance(8 * DAY - 1);
    expect(await statusOf(server, body.order_id)).toBe('uncleared/initialized');
    clock.advance(1);
    expect(await statusOf(server, body.order_id)).toBe('completed/completed');
    const data = (await call(server, 'GET', `/orders/${String(body.order_id)}`)).json.data;
    expect(data.completed).toBe(data.modified);
  });
});
