// The order-details store: status watching (watchOrder) and what its answers update elsewhere.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { orderKeyText } from '@shared/order-key';
import { ok } from '@shared/result';
import { useEntryStore } from '../../renderer/src/stores/entry';
import { useOrderDetailsStore } from '../../renderer/src/stores/order-details';
import { detail, order, setup } from './helpers';

afterEach(() => vi.useRealTimers());

describe('order-details store', () => {
  it('watchOrder re-reads an unsettled order on the schedule until it is settled, and stops when asked', async () => {
    const { api } = setup('en');
    vi.useFakeTimers();
    const details = useOrderDetailsStore();
    const shown = order({ status: 'initialized' });
    api.orders.refresh.mockResolvedValue(ok(shown));
    api.orders.get.mockResolvedValue(ok(detail(shown)));
    const stop = details.watchOrder(shown.key, () => shown);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(api.orders.refresh).toHaveBeenCalledTimes(1);
    expect(details.lastChecked[orderKeyText(shown.key)]).toBeDefined();
    const paid = order({ status: 'completed', financialStatus: 'completed' });
    api.orders.refresh.mockResolvedValue(ok(paid));
    api.orders.get.mockResolvedValue(ok(detail(paid)));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(api.orders.refresh).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.orders.refresh).toHaveBeenCalledTimes(2); // settled: no more re-reads
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
