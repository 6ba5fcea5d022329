// The first-run welcome on the New order screen: one step at a time, each skippable, never a
// dialog: it takes no focus and blocks nothing; what main answers decides what is shown.
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { WelcomeProgress } from '@shared/accounts';
import { ok } from '@shared/result';
import NewOrder from '../../renderer/src/views/NewOrder.vue';
import { useAppStore } from '../../renderer/src/stores/app';
import { useEntryStore } from '../../renderer/src/stores/entry';
import type { UiLocale } from '../../renderer/src/i18n';
import { INFO, consoleSettings, flushPromises, order, setup } from './helpers';

enableAutoUnmount(afterEach);

const OPEN: WelcomeProgress = { operator: 'open', demoOrder: 'open', profile: 'open' };

/** New order with main's welcome progress as given; main's skip and name answers follow its rules. */
async function newOrder(progress: WelcomeProgress | null, options: { locale?: UiLocale; environment?: 'demo' | 'test' } = {}) {
  const ctx = setup(options.locale ?? 'en');
  let state = progress;
  const settingsNow = (over: Parameters<typeof consoleSettings>[0] = {}) =>
    consoleSettings({ welcome: state && Object.values(state).includes('open') ? { ...state } : null, ...over });
  const answer = () => ok(settingsNow());
  ctx.api.settings.get.mockImplementation(async () => answer());
  ctx.api.settings.skipWelcome.mockImplementation(async ({ step }) => {
    if (state) state = Object.fromEntries(Object.entries(state).map(([s, v]) => [s, v === 'open' && (step === 'all' || step === s) ? 'skipped' : v])) as WelcomeProgress;
    return answer();
  });
  ctx.api.settings.setOperator.mockImplementation(async ({ name }) => {
    if (state) state = { ...state, operator: 'done' };
    return ok(settingsNow({ operator: name }));
  });
  useAppStore(ctx.pinia).info = { ...INFO, environment: options.environment ?? 'demo', operator: 'anna' };
  const wrapper = ctx.mountIt(NewOrder);
  await flushPromises();
  const panel = () => wrapper.find('[data-testid="welcome"]');
  const button = (text: string) => wrapper.get('[data-testid="welcome"]').findAll('button').find((b) => b.text() === text)!;
  return { ...ctx, wrapper, panel, button, setState: (next: WelcomeProgress) => (state = next) };
}

describe('first-run welcome', () => {
  it('shows step 1 above the form without taking the keyboard from the amount', async () => {
    const f = await newOrder(OPEN);
    expect(f.panel().exists()).toBe(true);
    expect(f.panel().attributes('data-step')).toBe('operator');
    expect(f.panel().text()).toContain('Step 1 of 3');
    expect(f.panel().get('h3').text()).toBe('Your name as operator');
    // Not a dialog: no role, no modal, nothing inert; the form is all there and usable.
    expect(f.wrapper.find('[role="dialog"], [aria-modal]').exists()).toBe(false);
    expect(f.panel().find('[data-autofocus]').exists()).toBe(false);
    expect(f.wrapper.get('form.payment-form').attributes('inert')).toBeUndefined();
    // The name prefilled with who main says is at the keyboard.
    expect(f.wrapper.get<HTMLInputElement>('#welcome-operator').element.value).toBe('anna');
    expect(f.wrapper.get('label[for="welcome-operator"]').text()).toBe('Your name');
  });

  it('step 1 is done by saving the name (the existing operator setting); the keyboard moves to step 2', async () => {
    const f = await newOrder(OPEN);
    await f.wrapper.get('#welcome-operator').setValue('Anna de Wit');
    await f.panel().get('form').trigger('submit');
    await flushPromises();
    expect(f.api.settings.setOperator).toHaveBeenCalledExactlyOnceWith({ name: 'Anna de Wit' });
    expect(f.panel().attributes('data-step')).toBe('demoOrder');
    expect(f.panel().text()).toContain('Step 2 of 3');
    expect(document.activeElement).toBe(f.panel().get('h3').element);
  });

  it('a refused name is said under the field, and the step stays', async () => {
    const f = await newOrder(OPEN);
    f.api.settings.setOperator.mockResolvedValueOnce({
      ok: false,
      error: { code: 'VALIDATION', message: 'Check the name.', fields: { name: { key: 'validation.required' } } },
    });
    await f.wrapper.get('#welcome-operator').setValue('   ');
    await f.panel().get('form').trigger('submit');
    await flushPromises();
    expect(f.panel().attributes('data-step')).toBe('operator');
    expect(f.wrapper.get('#welcome-operator').attributes('aria-invalid')).toBe('true');
    expect(f.wrapper.get('#welcome-operator-error').text().length).toBeGreaterThan(3);
  });

  it('each step can be skipped; "Skip all" ends it and hands the keyboard back to the amount', async () => {
    const f = await newOrder(OPEN);
    await f.button('Skip this step').trigger('click');
    await flushPromises();
    expect(f.api.settings.skipWelcome).toHaveBeenLastCalledWith({ step: 'operator' });
    expect(f.panel().attributes('data-step')).toBe('demoOrder');

    await f.button('Skip this step').trigger('click');
    await flushPromises();
    expect(f.api.settings.skipWelcome).toHaveBeenLastCalledWith({ step: 'demoOrder' });
    expect(f.panel().attributes('data-step')).toBe('profile');
    // Step 3 points to the site profiles in Settings.
    const link = f.panel().get('a');
    expect(link.text()).toBe('Site profiles in Settings');
    expect(link.attributes('href')).toBe(f.router.resolve({ name: 'settings' }).href);

    await f.button('Skip all').trigger('click');
    await flushPromises();
    expect(f.api.settings.skipWelcome).toHaveBeenLastCalledWith({ step: 'all' });
    expect(f.panel().exists()).toBe(false);
    expect(document.activeElement?.id).toBe('amount');
  });

  it('step 2 is done when a Demo order was made: main says so once the result is in', async () => {
    const f = await newOrder({ operator: 'done', demoOrder: 'open', profile: 'open' });
    expect(f.panel().attributes('data-step')).toBe('demoOrder');
    await f.button('Go to the form').trigger('click');
    expect(document.activeElement?.id).toBe('amount');

    f.setState({ operator: 'done', demoOrder: 'done', profile: 'open' });
    const calls = f.api.settings.get.mock.calls.length;
    useEntryStore(f.pinia).result = order({ orderId: 'CON-20261130-211200-abcdef' });
    await flushPromises();
    expect(f.api.settings.get.mock.calls.length).toBe(calls + 1);
    expect(f.panel().attributes('data-step')).toBe('profile');
  });

  it('is never shown again once main says it is over, nor outside Demo', async () => {
    expect((await newOrder(null)).panel().exists()).toBe(false);
    expect((await newOrder({ operator: 'skipped', demoOrder: 'done', profile: 'skipped' })).panel().exists()).toBe(false);
    expect((await newOrder(OPEN, { environment: 'test' })).panel().exists()).toBe(false);
  });

  it('speaks the interface language (nl, fr)', async () => {
    const nl = await newOrder(OPEN, { locale: 'nl' });
    expect(nl.panel().get('h2').text()).toBe('Welkom');
    expect(nl.panel().text()).toContain('Stap 1 van 3');
    const fr = await newOrder(OPEN, { locale: 'fr' });
    expect(fr.panel().get('h2').text()).toBe('Bienvenue');
    expect(fr.panel().text()).toContain('Étape 1 sur 3');
  });
});
