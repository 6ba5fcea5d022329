import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok } from '@shared/result';
import App from '../../renderer/src/App.vue';
import EnvBadge from '../../renderer/src/components/EnvBadge.vue';
import { loadLocale, pickLocale } from '../../renderer/src/i18n';
import { useAppStore } from '../../renderer/src/stores/app';
import { INFO, detail, flushPromises, order, setup } from './helpers';

enableAutoUnmount(afterEach);

function press(key: string, code: string) {
  document.dispatchEvent(new KeyboardEvent('keydown', { key, code, altKey: true, bubbles: true }));
}

describe('App shell', () => {
  it('shows the product, a DEMO badge, the profile and the operator', async () => {
    const { api, mountIt } = setup('en');
    const wrapper = mountIt(App);
    await flushPromises();
    expect(api.app.info).toHaveBeenCalledWith({});
    expect(wrapper.text()).toContain('MultiSafepay console');
    const badge = wrapper.get('[data-testid="env-badge"]');
    expect(badge.text()).toBe('DEMO — no real money');
    expect(badge.classes()).toContain('env-badge--demo');
    expect(wrapper.get('[data-testid="profile-name"]').text()).toBe('Bakkerij Jansen');
    expect(wrapper.get('[data-testid="operator"]').text()).toBe('anna');
    expect(wrapper.get('h1').text()).toBe('New payment link');
    expect(document.title).toBe('MultiSafepay console');
  });

  it('keeps the badge on every view and treats live loudly', async () => {
    const { api, mountIt } = setup('en');
    api.app.info.mockResolvedValue(ok({ ...INFO, environment: 'live', demoOrigin: null }));
    const wrapper = mountIt(App);
    await flushPromises();
    expect(wrapper.get('[data-testid="env-badge"]').text()).toBe('LIVE — real money');
    expect(wrapper.get('.shell').classes()).toContain('env-live');
    await wrapper.get('.main-nav a[href$="/history"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('History');
    expect(wrapper.get('[data-testid="env-badge"]').text()).toBe('LIVE — real money');
  });

  it('renders the badge from the store alone', async () => {
    const { mountIt, pinia } = setup('fr');
    useAppStore(pinia).info = INFO;
    const wrapper = mountIt(EnvBadge);
    expect(wrapper.text()).toBe('DÉMO — pas d’argent réel');
  });

  it('switches language with the EN/NL/FR buttons, loading the language first (never a key on screen)', async () => {
    const { i18n, mountIt } = setup('en');
    const wrapper = mountIt(App);
    await flushPromises();
    expect(i18n.global.availableLocales).toEqual(['en']);
    const headings: string[] = [];
    const seen = new MutationObserver(() => headings.push(wrapper.get('h1').text()));
    seen.observe(wrapper.element, { subtree: true, childList: true, characterData: true });
    const nl = wrapper.findAll('button').find((b) => b.text() === 'NL')!;
    await nl.trigger('click');
    await loadLocale('nl'); // the store waits for this very load before it switches
    await flushPromises();
    seen.disconnect();
    expect(i18n.global.availableLocales).toContain('nl');
    expect(headings.filter((h) => h !== 'New payment link' && h !== 'Nieuwe betaallink')).toEqual([]);
    expect(headings.at(-1)).toBe('Nieuwe betaallink');
    expect(nl.attributes('aria-pressed')).toBe('true');
    expect(wrapper.get('h1').text()).toBe('Nieuwe betaallink');
    expect(wrapper.get('label[for="amount"]').text()).toBe('Bedrag');
    expect(document.documentElement.lang).toBe('nl');
    expect(document.title).toBe('MultiSafepay-console');
  });

  it('navigates with Alt+H and Alt+N, and the nav marks the current view', async () => {
    const { mountIt } = setup('en');
    const wrapper = mountIt(App);
    await flushPromises();
    expect(wrapper.get('.main-nav a[href$="/new"]').attributes('aria-current')).toBe('page');
    expect(wrapper.get('.main-nav a[href$="/history"]').attributes('aria-keyshortcuts')).toBe('Alt+H');
    press('h', 'KeyH');
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('History');
    expect(wrapper.get('.main-nav a[href$="/history"]').attributes('aria-current')).toBe('page');
    press('n', 'KeyN');
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('New payment link');
    expect(document.activeElement?.id).toBe('amount');
    expect(wrapper.text()).toContain('Alt+N');
  });

  it('goes back and forward with Alt+Left and Alt+Right', async () => {
    const { mountIt } = setup('en');
    const wrapper = mountIt(App);
    await flushPromises();
    press('h', 'KeyH');
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('History');
    press('ArrowLeft', 'ArrowLeft');
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('New payment link');
    press('ArrowRight', 'ArrowRight');
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('History');
  });

  it('opens an order from a link (#/history/<environment>/<profile>/<order>)', async () => {
    const { api, router, mountIt } = setup('en');
    api.orders.get.mockResolvedValue(ok(detail(order({ orderId: 'ord-9' }))));
    const wrapper = mountIt(App);
    await router.push('/history/demo/default/ord-9');
    await flushPromises();
    expect(api.orders.get).toHaveBeenCalledWith({ environment: 'demo', profileId: 'default', orderId: 'ord-9' });
    expect(wrapper.get('[data-testid="detail-order-id"]').text()).toBe('ord-9');
    await router.push('/history');
    await flushPromises();
    expect(wrapper.find('[data-testid="detail-order-id"]').exists()).toBe(false);
  });

  it('keeps what was typed when switching views', async () => {
    const { mountIt } = setup('en');
    const wrapper = mountIt(App);
    await flushPromises();
    await wrapper.get('#amount').setValue('42');
    press('h', 'KeyH');
    await flushPromises();
    press('n', 'KeyN');
    await flushPromises();
    expect(wrapper.get<HTMLInputElement>('#amount').element.value).toBe('42');
  });

  it('says so when the console settings cannot be read', async () => {
    const { api, mountIt } = setup('en');
    api.app.info.mockResolvedValue(fail('INTERNAL', 'boom'));
    const wrapper = mountIt(App);
    await flushPromises();
    expect(wrapper.get('.page-alert').text()).toContain('The console settings could not be read.');
    expect(wrapper.get('[data-testid="env-badge"]').text()).toBe('Environment not known yet');
  });

  it('picks the UI locale from the browser language', () => {
    expect(pickLocale(['nl-BE'])).toBe('nl');
    expect(pickLocale(['fr-CA', 'en'])).toBe('fr');
    expect(pickLocale(['de-DE', 'nl'])).toBe('nl');
    expect(pickLocale(['de-DE'])).toBe('en');
    expect(pickLocale([undefined])).toBe('en');
  });
});
