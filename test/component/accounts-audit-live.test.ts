import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditItem } from '@shared/accounts';
import { fail, ok } from '@shared/result';
import App from '../../renderer/src/App.vue';
import AuditView from '../../renderer/src/views/AuditView.vue';
import HistoryView from '../../renderer/src/views/HistoryView.vue';
import NewOrder from '../../renderer/src/views/NewOrder.vue';
import { INFO, flushPromises, order, plain, profileSummary, profilesState, setup } from './helpers';

enableAutoUnmount(afterEach);

const entry = (over: Partial<AuditItem>): AuditItem => ({
  id: 1,
  at: '2026-11-21T09:00:00.000Z',
  operator: 'anna',
  action: 'profile.create',
  profileId: 'demo',
  environment: 'demo',
  orderId: null,
  details: {},
  ...over,
});

function press(key: string, code: string) {
  document.dispatchEvent(new KeyboardEvent('keydown', { key, code, altKey: true, bubbles: true }));
}

describe('Audit log view', () => {
  it('lists entries newest first with who, what, where, and verifies the chain', async () => {
    const { api, mountIt } = setup('en');
    api.audit.list.mockResolvedValue(
      ok({
        items: [
          entry({ id: 3, action: 'iban.reveal', orderId: 'CON-1', details: { last4: '4300' } }),
          entry({ id: 2, action: 'operator.change', details: { from: 'tester', to: 'anna' } }),
          entry({ id: 1, action: 'something.new' }),
        ],
        next: null,
      }),
    );
    api.audit.verify.mockResolvedValue(ok({ ok: true, count: 3, brokenAt: null, headHash: 'ab'.repeat(32) }));
    const wrapper = mountIt(AuditView);
    await flushPromises();
    const rows = wrapper.findAll('[data-testid="audit-row"]');
    expect(rows.map((r) => r.findAll('td')[3]!.text())).toEqual(['IBAN shown', 'Operator changed', 'something.new']);
    expect(rows[0]!.text()).toContain('CON-1');
    expect(rows[0]!.text()).toContain('last4: 4300');
    expect(rows[1]!.text()).toContain('from: tester · to: anna');

    await wrapper.findAll('button').find((b) => b.text() === 'Verify the log')!.trigger('click');
    await flushPromises();
    expect(plain(wrapper.get('[data-testid="audit-verify"]').text())).toBe(
      'The log is intact: 3 entries, each linked to the one before. Latest link: abababababababab',
    );
  });

  it('says where the chain breaks', async () => {
    const { api, mountIt } = setup('nl');
    api.audit.verify.mockResolvedValue(ok({ ok: false, count: 2, brokenAt: 2, headHash: null }));
    const wrapper = mountIt(AuditView);
    await flushPromises();
    expect(wrapper.text()).toContain('Nog geen regels.');
    await wrapper.findAll('button').find((b) => b.text() === 'Log controleren')!.trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="audit-verify"]').text()).toBe(
      'De log is buiten de console gewijzigd: de keten breekt bij regel 2.',
    );
  });

  it('pages with the id of the last entry', async () => {
    const { api, mountIt } = setup('en');
    api.audit.list.mockResolvedValueOnce(ok({ items: [entry({ id: 200 })], next: 200 }));
    api.audit.list.mockResolvedValueOnce(ok({ items: [entry({ id: 100 })], next: null }));
    const wrapper = mountIt(AuditView);
    await flushPromises();
    await wrapper.findAll('button').find((b) => b.text() === 'Load more')!.trigger('click');
    await flushPromises();
    expect(api.audit.list).toHaveBeenLastCalledWith({ limit: 100, before: 200 });
    expect(wrapper.findAll('[data-testid="audit-row"]')).toHaveLength(2);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Load more')).toBe(false);
  });
});

describe('Live mode', () => {
  it('frames the whole window, colours the header and says it in words, on every view', async () => {
    const { api, mountIt } = setup('en');
    api.app.info.mockResolvedValue(ok({ ...INFO, environment: 'live', profileName: 'Bakkerij Jansen', demoOrigin: null }));
    const wrapper = mountIt(App);
    await flushPromises();
    expect(wrapper.get('.shell').classes()).toContain('env-live');
    expect(wrapper.get('[data-testid="live-banner"]').text()).toBe('LIVE — orders charge customers real money');
    expect(wrapper.get('[data-testid="live-hint"]').text()).toContain('confirmed in a separate system window');
    press('s', 'KeyS');
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('Settings');
    expect(wrapper.find('[data-testid="live-banner"]').exists()).toBe(true);
    press('a', 'KeyA');
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('Audit log');
    expect(wrapper.get('.main-nav a[href$="/audit"]').attributes('aria-current')).toBe('page');
  });

  it('shows no banner outside live', async () => {
    const { mountIt } = setup('en');
    const wrapper = mountIt(App);
    await flushPromises();
    expect(wrapper.find('[data-testid="live-banner"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="live-hint"]').exists()).toBe(false);
    expect(wrapper.get('.shell').classes()).not.toContain('env-live');
  });

  it('the operator name in the header opens Settings', async () => {
    const { mountIt } = setup('en');
    const wrapper = mountIt(App);
    await flushPromises();
    await wrapper.get('[data-testid="operator"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('Settings');
    expect(document.activeElement?.id).toBe('operator-name');
  });
});

describe('The first live order of a session (confirmed in main\'s native dialog)', () => {
  const declined = fail('VALIDATION', 'not confirmed', { _: { key: 'validation.liveDeclined', params: { amount: 125000, currency: 'EUR' } } });

  async function submitLive(locale: 'en' | 'nl' | 'fr') {
    const ctx = setup(locale);
    ctx.api.orders.create.mockResolvedValueOnce(declined);
    const wrapper = ctx.mountIt(NewOrder);
    await wrapper.get('#amount').setValue('1250');
    await wrapper.get('#description').setValue('Phone order');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    return { ...ctx, wrapper };
  }

  it('the window only asks main to create: it has no way to confirm, and says plainly when the operator said no', async () => {
    const { api, wrapper } = await submitLive('en');
    expect(api.orders.create).toHaveBeenCalledTimes(1);
    expect('live' in api).toBe(false);
    const alert = wrapper.get('[role="alert"]').text();
    expect(alert).toContain('The live order was not confirmed, so nothing was sent.');
    expect(alert).not.toContain('Some fields need attention');
    expect(wrapper.find('[data-testid="order-result"]').exists()).toBe(false);
  });

  it('says it in Dutch and French too', async () => {
    expect((await submitLive('nl')).wrapper.get('[role="alert"]').text()).toContain('De live order is niet bevestigd');
    expect((await submitLive('fr')).wrapper.get('[role="alert"]').text()).toContain('La commande live n’a pas été confirmée');
  });
});

describe('History: profiles and IBANs', () => {
  it('names the profile of each order, deleted ones too, and reveals a masked IBAN on request', async () => {
    const { api, mountIt } = setup('en');
    api.profiles.list.mockResolvedValue(
      ok(
        profilesState([profileSummary(), profileSummary({ id: 'p-test', name: 'Shop test', environment: 'test', builtIn: false, active: false })], {
          deletedNames: { 'p-old': 'Old shop' },
        }),
      ),
    );
    api.history.search.mockResolvedValue(
      ok({
        items: [
          order({ orderId: 'CON-3', profileId: 'p-test', environment: 'test', ibanMasked: 'NL91 **** **** **** 4300' }),
          order({ orderId: 'CON-2', profileId: 'demo' }),
          order({ orderId: 'CON-1', profileId: 'p-old' }),
        ],
        next: null,
        total: null,
      }),
    );
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    expect(wrapper.findAll('[data-testid="history-profile"]').map((c) => c.text())).toEqual([
      'Shop test',
      'Demo',
      'Old shop (deleted)',
    ]);
    expect(wrapper.findAll('[data-testid="iban"]').map((c) => c.text())).toEqual(['NL91 **** **** **** 4300']);

    const show = wrapper.get('[aria-label="Show — the full IBAN of order CON-3 (recorded in the audit log)"]');
    await show.trigger('click');
    await flushPromises();
    expect(api.privacy.revealIban).toHaveBeenCalledWith(expect.objectContaining({ orderId: 'CON-3', environment: expect.any(String), profileId: expect.any(String) }));
    expect(wrapper.get('[data-testid="iban"]').text()).toBe('NL91ABNA0417164300');
    expect(history()).toBeNull(); // the click did not open the order
    await wrapper.get('[aria-label="Hide — the IBAN of order CON-3"]').trigger('click');
    expect(wrapper.get('[data-testid="iban"]').text()).toBe('NL91 **** **** **** 4300');

    function history() {
      return wrapper.find('.back').exists() ? 'opened' : null;
    }
  });

  it('says why an IBAN cannot be shown', async () => {
    const { api, mountIt } = setup('en');
    api.history.search.mockResolvedValue(ok({ items: [order({ orderId: 'CON-9', ibanMasked: 'NL91 **** **** **** 4300' })], next: null, total: null }));
    api.privacy.revealIban.mockResolvedValue(fail('NOT_FOUND', 'gone', { _: { key: 'validation.iban.removed' } }));
    const wrapper = mountIt(HistoryView);
    await flushPromises();
    await wrapper.get('[aria-label^="Show — the full IBAN"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="alert"].bad').text()).toBe('This IBAN was removed under the retention setting.');
    expect(wrapper.get('[data-testid="iban"]').text()).toBe('NL91 **** **** **** 4300');
  });
});
