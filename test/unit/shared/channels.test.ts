// The preload's channel-name list cannot drift from the contract: same names, same order.
// Imported through the `@shared` alias on purpose (it proves Vitest resolves it).
import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, buildApi } from '@shared/channels';
import { CHANNELS, contract } from '@shared/contract';

describe('CHANNEL_NAMES', () => {
  it('is exactly the contract’s channels, in the contract’s order', () => {
    expect([...CHANNEL_NAMES]).toEqual(Object.keys(contract));
    expect([...CHANNEL_NAMES]).toEqual(CHANNELS);
  });
});

describe('buildApi', () => {
  it('maps api.<domain>.<verb>(input) to invoke("<domain>.<verb>", input), {} when no input', async () => {
    const invoke = vi.fn(async (channel: string, input: unknown) => ({ channel, input }));
    const api = buildApi(invoke);
    expect(Object.keys(api).sort()).toEqual([...new Set(CHANNEL_NAMES.map((c) => c.split('.')[0]))].sort());
    for (const name of CHANNEL_NAMES) {
      const [domain, verb] = name.split('.') as [string, string];
      expect(typeof (api as unknown as Record<string, Record<string, unknown>>)[domain]?.[verb], name).toBe('function');
    }
    const key = { environment: 'demo', profileId: 'demo', orderId: 'CON-1' } as const;
    await expect(api.orders.get(key)).resolves.toEqual({ channel: 'orders.get', input: key });
    await expect((api.app.info as (i?: unknown) => Promise<unknown>)()).resolves.toEqual({ channel: 'app.info', input: {} });
    expect(invoke).toHaveBeenCalledTimes(2);
  });
});
