// The order-details store: status watching (watchOrder) and what its answers update elsewhere.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { orderKeyText } from '@shared/order-key';
import { ok } from '@shared/result';
import { useEntryStore } from '../../renderer/src/stores/entry';
import { useOrderDetailsStore } from '../../renderer/src/stores/order-details';
import { detail, order, setup } from './helpers';

afterEach(() => vi.useRealTimers());

describe('order-details store', () => {
  it('watchOrder reads an open order from main’s record (main polls MultiSafepay) until it is settled, and stops when asked', async () => {
    const { api } = setup('en');
    vi.useFakeTimers();
    const details = useOrderDetailsStore();
    const shown = order({ status: 'initialized' });
    api.orders.get.mockResolvedValue(ok(detail(shown)));
    const stop = details.watchOrder(shown.key, () => shown);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(api.orders.get).toHaveBeenCalledTimes(1);
    expect(details.lastChecked[orderKeyText(shown.key)]).toBeDefined();
    const paid = order({ status: 'completed', financialStatus: 'completed' });
    api.orders.get.mockResolvedValue(ok(detail(paid)));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(api.orders.get).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.orders.get).toHaveBeenCalledTimes(2); // settled: no more reads
    // Never a GET at MultiSafepay from the window for an order it has: Retry-After and the breaker hold.
    expect(api.orders.refresh).not.toHaveBeenCalled();
    stop();
  });

  it('watchOrder re-reads an unclear order at MultiSafepay to settle it while staff wait', async () => {
    const { api } = setup('en');
    vi.useFakeTimers();
    const details = useOrderDetailsStore();
    const unclear = order({ state: 'unknown', status: null });
    const settled = order({ status: 'initialized' });
    api.orders.refresh.mockResolvedValue(ok(settled));
    api.orders.get.mockResolvedValue(ok(detail(settled)));
    const stop = details.watchOrder(unclear.key, () => unclear);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(api.orders.refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(api.orders.refresh).toHaveBeenCalledTimes(1);
    stop();
  });

  it('stops re-reading once stopped, settled or not', async () => {
    const { api } = setup('en');
    vi.useFakeTimers();
    const details = useOrderDetailsStore();
    const shown = order({ status: 'initialized' });
    const stop = details.watchOrder(shown.key, () => shown);
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.orders.refresh).not.toHaveBeenCalled();
  });

  it('after "cancel and create again" the entry result becomes the new order', async () => {
    const { api } = setup('en');
    const entry = useEntryStore();
    entry.result = order({ orderId: 'ord-1', paymentUrl: null });
    entry.status = 'done';
    api.orders.get.mockResolvedValue(ok(detail(order({ orderId: 'ord-1' }))));
    api.orders.recreate.mockResolvedValue(ok(order({ orderId: 'ord-1-2', replaces: 'ord-1' })));
    const made = await useOrderDetailsStore().act('recreate', entry.result.key);
    expect(made?.orderId).toBe('ord-1-2');
    expect(entry.result?.orderId).toBe('ord-1-2');
  });
});
