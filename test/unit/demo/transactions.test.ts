// The demo's GET /transactions: newest first, cursor pagination with MultiSafepay's stop rule
// (the last page with data still has an `after` cursor; its page is empty with no cursors),
// exact 17-digit ids, created_from inclusive and created_until exclusive, the message-only 403.
import { describe, expect, it } from 'vitest';
import { call, DAY, demo, manualClock, START } from './support';

describe('demo GET /transactions', () => {
  it('pages newest first with cursors until an empty page, every seeded transaction exactly once', async () => {
    const server = await demo({ clock: manualClock() });
    server.seedTransactions(25, { from: START - 10 * DAY, until: START - DAY });
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const answer = await call(server, 'GET', `/transactions?limit=10${after ? `&after=${after}` : ''}`);
      expect(answer.status).toBe(200);
      pages++;
      const { data, pager } = answer.json;
      if (data.length === 0) {
        expect(pager.cursor).toEqual({ after: null, before: null });
        break;
      }
      // A page with data always points on, even the last one (fewer than `limit` items is no end).
      expect(pager.cursor.after).toEqual(expect.any(String));
      expect(pager.after).toContain('/v1/json/transactions?');
      seen.push(...data.map((t: { transaction_id: { value: string } }) => t.transaction_id.value));
      after = pager.cursor.after;
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen.every((id) => /^\d{17}$/.test(id))).toBe(true);
    // Newest first: ids were handed out oldest first.
    expect([...seen].sort((a, b) => (a < b ? 1 : -1))).toEqual(seen);
  });

  it('filters created_from (inclusive) and created_until (exclusive) in Unix seconds, and refuses bad parameters', async () => {
    const server = await demo({ clock: manualClock() });
    server.seedTransactions(9, { from: START - 3 * DAY, until: START });
    const all = (await call(server, 'GET', '/transactions?limit=100')).json.data as { created: string }[];
    const seconds = [...new Set(all.map((t) => t.created))];
    expect(seconds).toHaveLength(3); // three to a second
    const middle = Date.parse(`${seconds[1]}+01:00`) / 1000;
    const from = (await call(server, 'GET', `/transactions?created_from=${middle}`)).json.data;
    const until = (await call(server, 'GET', `/transactions?created_until=${middle}`)).json.data;
    expect(from.length + until.length).toBe(9);
    expect(from).toHaveLength(6);
    expect((await call(server, 'GET', '/transactions?limit=1001')).status).toBe(400);
    expect((await call(server, 'GET', '/transactions?after=nonsense')).status).toBe(400);
  });

  it('answers a bad key with the message-only 403', async () => {
    const server = await demo();
    const answer = await call(server, 'GET', '/transactions', undefined, { key: 'wrong' });
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({ message: 'Forbidden' });
  });
});
