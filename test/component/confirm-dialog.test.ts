// The one yes/no question (components/ConfirmDialog.vue) as its three users ask it — the links
// board's cancel, the refund panel's refund, the profiles' delete: the safe answer has the focus,
// Escape cancels (nothing is sent), and the keyboard is back on the button that asked.
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '@shared/result';
import type { LinkRow } from '@shared/tracking';
import LinkBoard from '../../renderer/src/features/links/LinkBoard.vue';
import RefundPanel from '../../renderer/src/features/refunds/RefundPanel.vue';
import SettingsView from '../../renderer/src/views/SettingsView.vue';
import { flushPromises, order, profileSummary, profilesState, setup } from './helpers';

enableAutoUnmount(afterEach);

/** What the browser does when Escape is pressed in a modal dialog: a cancelable `cancel` event. */
function pressEscape(): void {
  const dialog = document.querySelector<HTMLDialogElement>('dialog[open]');
  expect(dialog).not.toBeNull();
  dialog!.dispatchEvent(new Event('cancel', { cancelable: true }));
}

/** Focus the opener and press it, as a keyboard user would (Enter on a focused button). */
async function ask(opener: HTMLElement, how: 'click' | 'submit' = 'click'): Promise<void> {
  opener.focus();
  if (how === 'click') opener.click();
  else opener.closest('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
  await flushPromises();
  expect(document.querySelector('dialog[open]')).not.toBeNull();
  expect(document.activeElement?.hasAttribute('data-dialog-cancel')).toBe(true); // the safe answer first
}

async function escapeReturnsTo(opener: HTMLElement): Promise<void> {
  pressEscape();
  await flushPromises();
  expect(document.querySelector('dialog[open]')).toBeNull();
  expect(document.activeElement).toBe(opener);
}

describe('the confirmation question: Escape cancels, the focus goes back to the opener', () => {
  it('links board: cancel a link', async () => {
    const { api, mountIt } = setup();
    const row: LinkRow = {
      key: { environment: 'demo', profileId: 'demo', orderId: 'msp-20251121-0001' },
      amount: 4200,
      currency: 'EUR',
      description: 'Invoice 7',
      customerName: 'Anne de Vries',
      customerEmail: null,
      locale: 'nl_NL',
      paymentUrl: 'https://pay.example/x',
      status: 'initialized',
      createdAt: '2026-11-18T09:00:00.000Z',
      linkExpiresAt: '2026-11-21T12:00:00.000Z',
    };
    api.links.board.mockResolvedValue(ok({ now: '2026-11-21T09:00:00.000Z', rows: [row], counts: { open: 1, expiring: 0, unpaid: 1 } }));
    const wrapper = mountIt(LinkBoard);
    await flushPromises();
    const opener = wrapper.get<HTMLElement>('[data-testid="link-cancel"]').element;
    await ask(opener);
    await escapeReturnsTo(opener);
    expect(api.orders.cancel).not.toHaveBeenCalled();
  });

  it('refund panel: refund an amount', async () => {
    const { api, mountIt } = setup('en');
    const paid = order({ amount: 4250, status: 'completed', financialStatus: 'completed', customerName: 'Jansen' });
    const wrapper = mountIt(RefundPanel, { props: { order: paid } });
    await flushPromises();
    await wrapper.get('[data-testid="refund-amount"]').setValue('12.50');
    const opener = wrapper.get<HTMLElement>('[data-testid="refund-submit"]').element;
    await ask(opener, 'submit');
    await escapeReturnsTo(opener);
    expect(api.refunds.create).not.toHaveBeenCalled();
  });

  it('profiles: delete a profile', async () => {
    const { api, mountIt } = setup('en');
    const other = profileSummary({ id: 'p-test', name: 'Bakkerij Jansen (test)', environment: 'test', builtIn: false, active: false });
    api.profiles.list.mockResolvedValue(ok(profilesState([profileSummary(), other])));
    const wrapper = mountIt(SettingsView);
    await flushPromises();
    const opener = wrapper.get<HTMLElement>('[aria-label="Delete — profile Bakkerij Jansen (test)"]').element;
    await ask(opener);
    await escapeReturnsTo(opener);
    expect(api.profiles.delete).not.toHaveBeenCalled();
  });
});
