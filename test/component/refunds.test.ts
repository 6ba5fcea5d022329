// The refund panel and the sync panel with a fake window.api: amounts typed in the UI locale
// are parsed to minor units and confirmed in words before anything is sent; main's field-level
// refusals show under the field; a pending refund can be cancelled; the sync is started with a
// date, polled, cancelled, scheduled.
import { afterEach, describe, expect, it, vi } from 'vitest';
import RefundPanel from '../../renderer/src/features/refunds/RefundPanel.vue';
import SyncPanel from '../../renderer/src/features/history/SyncPanel.vue';
import { fail, ok } from '@shared/result';
import { flushPromises, order, plain, refundsView, refundView, setup, syncStatus } from './helpers';

afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
});

const paid = () => order({ amount: 4250, status: 'completed', financialStatus: 'completed', customerName: 'Jansen' });

describe('refund panel', () => {
  it('parses "12,50" in Dutch, asks "12,50 van 42,50 terugbetalen aan Jansen?", then sends 1250 minor units', async () => {
    const { api, mountIt } = setup('nl');
    const o = paid();
    const wrapper = mountIt(RefundPanel, { props: { order: o } });
    await flushPromises();
    expect(plain(wrapper.get('[data-testid="refund-remainder"]').text())).toContain('€ 42,50');
    await wrapper.get('[data-testid="refund-amount"]').setValue('12,50');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(api.refunds.create).not.toHaveBeenCalled();
    const dialog = document.querySelector('dialog[open] [data-dialog-body]')!;
    expect(plain(dialog.textContent ?? '')).toBe('€ 12,50 van € 42,50 terugbetalen aan Jansen?');
    (document.querySelector('[data-dialog-confirm]') as HTMLButtonElement).click();
    await flushPromises();
    expect(api.refunds.create).toHaveBeenCalledExactlyOnceWith({ key: o.key, amount: 1250, full: false });
    expect(wrapper.get('[data-testid="refund-list"]').text()).toContain('17472052901237122');
  });

  it('refuses an amount above the remainder before asking, and shows main’s reason under the field', async () => {
    const { api, mountIt } = setup('en');
    const o = paid();
    api.refunds.list.mockResolvedValue(ok(refundsView({ key: o.key, remainder: 1000, refunded: 3250 })));
    const wrapper = mountIt(RefundPanel, { props: { order: o } });
    await flushPromises();
    await wrapper.get('[data-testid="refund-amount"]').setValue('10.01');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(plain(wrapper.get('#refund-amount-error').text())).toBe('That is more than can still be refunded (€10.00).');
    expect(document.querySelector<HTMLDialogElement>('dialog')?.open).toBe(false);

    api.refunds.create.mockResolvedValue(
      fail('VALIDATION', 'same', { amount: { key: 'refund.sameAmountRecently', params: { after: '2025-11-21T14:10:00.000Z' } } }),
    );
    await wrapper.get('[data-testid="refund-amount"]').setValue('5');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    (document.querySelector('[data-dialog-confirm]') as HTMLButtonElement).click();
    await flushPromises();
    expect(wrapper.get('#refund-amount-error').text()).toContain('less than 5 minutes ago');
    expect(wrapper.get('#refund-amount').attributes('aria-invalid')).toBe('true');
  });

  it('says why an order cannot be refunded, warns about direct debit, and cancels a pending refund', async () => {
    const { api, mountIt } = setup('fr');
    const o = paid();
    api.refunds.list.mockResolvedValue(
      ok(refundsView({ key: o.key, chargebackRisk: true, refusal: { key: 'refund.fullyRefunded' }, remainder: 0, refunds: [refundView({ amount: 4250 })] })),
    );
    const wrapper = mountIt(RefundPanel, { props: { order: o } });
    await flushPromises();
    expect(wrapper.get('[data-testid="refund-refusal"]').text()).toBe('Cette commande est entièrement remboursée.');
    expect(wrapper.find('[data-testid="refund-chargeback-risk"]').exists()).toBe(true);
    expect(wrapper.find('form').exists()).toBe(false);
    const cancel = wrapper.get('button[aria-label^="Annuler le remboursement"]');
    await cancel.trigger('click');
    await flushPromises();
    (document.querySelectorAll('[data-dialog-confirm]')[1] as HTMLButtonElement).click();
    await flushPromises();
    expect(api.refunds.cancel).toHaveBeenCalledExactlyOnceWith({ key: o.key, refundOrderId: 'CON-20251121-140000-abc123-R1' });
  });
});

describe('sync panel', () => {
  it('asks a start date on the first run, polls progress, cancels, sets the schedule', async () => {
    vi.useFakeTimers();
    const { api, mountIt } = setup('en');
    const wrapper = mountIt(SyncPanel);
    await flushPromises();
    await wrapper.get('[data-testid="sync-from"]').setValue('2025-10-01');
    await wrapper.get('[data-testid="sync-start"]').trigger('click');
    await flushPromises();
    expect(api.sync.start).toHaveBeenCalledExactlyOnceWith({ from: '2025-10-01' });
    expect(wrapper.find('[data-testid="sync-progress"]').exists()).toBe(true);
    api.sync.status.mockResolvedValue(ok(syncStatus({ phase: 'running', imported: 1500, pages: 3 })));
    await vi.advanceTimersByTimeAsync(500);
    expect(wrapper.get('[data-testid="sync-status"]').text()).toContain('1,500 transactions (3 pages)');
    await wrapper.get('[data-testid="sync-cancel"]').trigger('click');
    await flushPromises();
    expect(api.sync.cancel).toHaveBeenCalledOnce();
    expect(wrapper.get('[data-testid="sync-start"]').text()).toBe('Resume the sync');
    await wrapper.get('#sync-schedule').setValue('hourly');
    await flushPromises();
    expect(api.sync.setSchedule).toHaveBeenCalledExactlyOnceWith({ schedule: 'hourly' });
  });
});

describe('refund panel, unclear refunds', () => {
  it('reads the order back once on opening when a refund is unclear, and never asks for it again', async () => {
    const { api, mountIt } = setup('en');
    const o = paid();
    api.refunds.list.mockResolvedValue(ok(refundsView({ key: o.key, refunds: [refundView({ state: 'unknown', status: null, refundId: null, cancellable: false })] })));
    api.refunds.refresh.mockResolvedValue(ok(refundsView({ key: o.key, refunded: 1250, remainder: 3000, refunds: [refundView()] })));
    const wrapper = mountIt(RefundPanel, { props: { order: o } });
    await flushPromises();
    expect(api.refunds.refresh).toHaveBeenCalledExactlyOnceWith(o.key);
    expect(api.refunds.create).not.toHaveBeenCalled();
    expect(wrapper.get('[data-testid="refund-remainder"]').text()).toContain('€30.00');
  });
});
