// The window's side of tracking: the change feed re-reads changed orders (no manual refresh),
// the calm banner per profile, a clicked notification opens the order; and the link board.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ok } from '@shared/result';
import type { LinkRow } from '@shared/tracking';
import App from '../../renderer/src/App.vue';
import LinkBoard from '../../renderer/src/features/links/LinkBoard.vue';
import TrackingBanner from '../../renderer/src/features/tracking/TrackingBanner.vue';
import { useTrackingStore } from '../../renderer/src/stores/tracking';
import { detail, flushPromises, order, setup } from './helpers';

afterEach(() => {
  useTrackingStore().stop();
  document.body.innerHTML = '';
});

const row = (over: Partial<LinkRow> = {}): LinkRow => ({
  key: { environment: 'demo', profileId: 'demo', orderId: 'CON-1' },
  amount: 4200,
  currency: 'EUR',
  description: 'Phone order 7',
  customerName: 'Anne de Vries',
  customerEmail: null,
  locale: 'nl_NL',
  paymentUrl: 'https://pay.example/CON-1',
  status: 'initialized',
  createdAt: '2026-11-18T09:00:00.000Z',
  linkExpiresAt: '2026-11-21T12:00:00.000Z',
  ...over,
});

describe('the tracking feed', () => {
  it('re-reads each changed order locally, keeps the cursor, and opens an order a notification asked for', async () => {
    const { api } = setup();
    const key = { environment: 'demo' as const, profileId: 'demo', orderId: 'CON-9' };
    api.tracking.changes
      .mockResolvedValueOnce(ok({ cursor: 10, changes: [], profiles: [], open: null }))
      .mockResolvedValueOnce(
        ok({
          cursor: 12,
          changes: [
            { id: 11, key, at: '2026-11-21T09:00:05.000Z', state: 'created', status: 'initialized', financialStatus: 'initialized' },
            { id: 12, key, at: '2026-11-21T09:00:10.000Z', state: 'created', status: 'completed', financialStatus: 'completed' },
          ],
          profiles: [],
          open: key,
        }),
      );
    api.orders.get.mockResolvedValue(ok(detail(order({ key, orderId: 'CON-9', status: 'completed' }))));
    const tracking = useTrackingStore();
    const opened = vi.fn();
    tracking.start(opened, 60_000);
    await flushPromises();
    expect(api.tracking.changes).toHaveBeenLastCalledWith({ since: 0 });
    await tracking.poll();
    expect(api.tracking.changes).toHaveBeenLastCalledWith({ since: 10 });
    // Two changes of one order: one local re-read, and never a call to MultiSafepay (no refresh).
    expect(api.orders.get).toHaveBeenCalledTimes(1);
    expect(api.orders.refresh).not.toHaveBeenCalled();
    expect(tracking.cursor).toBe(12);
    expect(opened).toHaveBeenCalledWith(key);
  });

  it('says calmly which profile MultiSafepay is not answering for, and when it tries again', async () => {
    const { api, mountIt } = setup('nl');
    api.tracking.changes.mockResolvedValue(
      ok({
        cursor: 0,
        changes: [],
        profiles: [{ environment: 'test', profileId: 'p-1', profileName: 'Winkel', state: 'open', failures: 5, retryAt: '2026-11-21T13:05:00.000Z' }],
        open: null,
      }),
    );
    const wrapper = mountIt(TrackingBanner);
    await useTrackingStore().poll();
    await flushPromises();
    expect(wrapper.get('[data-state="open"]').text()).toMatch(/MultiSafepay antwoordt niet voor profiel Winkel; .* om \d\d?:\d\d/);
  });
});

describe('the payment-link board', () => {
  it('shows main’s rows with age and expiry, switches views with their counts, and says there is no extend', async () => {
    const { api, mountIt } = setup();
    api.links.board.mockResolvedValue(ok({ now: '2026-11-21T09:00:00.000Z', rows: [row()], counts: { open: 4, expiring: 1, unpaid: 1 } }));
    const wrapper = mountIt(LinkBoard);
    await flushPromises();
    expect(api.links.board).toHaveBeenCalledWith({ view: 'open', unpaidDays: 3 });
    const first = wrapper.get('[data-testid="link-row"]');
    expect(first.text()).toContain('Anne de Vries');
    expect(first.text()).toContain('€42.00');
    expect(first.text()).toContain('3 days ago');
    expect(first.text()).toContain('in 3 hours');
    expect(wrapper.text()).toContain('Expiring within 24 hours (1)');
    expect(wrapper.get('[data-testid="links-no-extend"]').text()).toContain('cannot extend');

    await wrapper.get('[data-testid="links-view-unpaid"]').setValue(true);
    expect(api.links.board).toHaveBeenLastCalledWith({ view: 'unpaid', unpaidDays: 3 });
    await wrapper.get('[data-testid="links-unpaid-days"]').setValue('5');
    expect(api.links.board).toHaveBeenLastCalledWith({ view: 'unpaid', unpaidDays: 5 });
  });

  it('cancels a link with its full key after a question, then reloads', async () => {
    const { api, mountIt } = setup();
    api.links.board.mockResolvedValue(ok({ now: '2026-11-21T09:00:00.000Z', rows: [row()], counts: { open: 1, expiring: 0, unpaid: 1 } }));
    api.orders.cancel.mockResolvedValue(ok(order({ status: 'cancelled' })));
    const wrapper = mountIt(LinkBoard);
    await flushPromises();
    await wrapper.get('[data-testid="link-cancel"]').trigger('click');
    expect(api.orders.cancel).not.toHaveBeenCalled();
    await wrapper.get('dialog [data-dialog-confirm]').trigger('click');
    await flushPromises();
    expect(api.orders.cancel).toHaveBeenCalledWith(row().key);
    expect(api.links.board).toHaveBeenCalledTimes(2);
  });
});

describe('the board in the shell', () => {
  it('is in the navigation and opens with Alt+L, the keyboard on its heading', async () => {
    const { api, mountIt } = setup('fr');
    const wrapper = mountIt(App);
    await flushPromises();
    const nav = wrapper.get('[data-testid="nav-links"]');
    expect(nav.text()).toBe('Liens de paiement');
    expect(nav.attributes('aria-keyshortcuts')).toBe('Alt+L');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'l', code: 'KeyL', altKey: true, bubbles: true }));
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('Liens de paiement');
    expect(document.activeElement?.id).toBe('links-heading');
    expect(nav.attributes('aria-current')).toBe('page');
    expect(api.links.board).toHaveBeenCalledWith({ view: 'open', unpaidDays: 3 });
    wrapper.unmount();
  });
});
