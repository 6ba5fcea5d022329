import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { formatMoney } from '@shared/money';
import { ok } from '@shared/result';
import SettingsView from '../../renderer/src/views/SettingsView.vue';
import { consoleSettings, flushPromises, plain, profilesState, setup } from './helpers';

enableAutoUnmount(afterEach);

async function mountSettings(locale: 'en' | 'nl' = 'en', settings = consoleSettings()) {
  const ctx = setup(locale);
  ctx.api.profiles.list.mockResolvedValue(ok(profilesState()));
  ctx.api.settings.get.mockResolvedValue(ok(settings));
  const wrapper = ctx.mountIt(SettingsView);
  await flushPromises();
  return { ...ctx, wrapper };
}

const submit = async (wrapper: Awaited<ReturnType<typeof mountSettings>>['wrapper']) => {
  wrapper.get('#order-cap').element.closest('form')!.dispatchEvent(new Event('submit'));
  await flushPromises();
};

describe('Settings: limit per order', () => {
  it('shows the current limit and saves a new one typed in the UI locale, as minor units', async () => {
    const { api, wrapper } = await mountSettings('nl');
    expect(wrapper.text()).toContain(formatMoney(10_000_000, 'EUR', 'nl'));
    await wrapper.get('#order-cap').setValue('2.500,50');
    expect(wrapper.get('#order-cap-preview').text()).toContain(formatMoney(250050, 'EUR', 'nl'));
    await submit(wrapper);
    expect(api.settings.setOrderCap).toHaveBeenCalledWith({ minor: 250050 });
    expect(api.methods.list).toHaveBeenCalled(); // the entry form's limit follows
  });

  it('refuses an amount that does not parse, under the field, without asking main', async () => {
    const { api, wrapper } = await mountSettings('en');
    await wrapper.get('#order-cap').setValue('12,5x');
    await submit(wrapper);
    expect(wrapper.get('#order-cap-error').text()).not.toBe('');
    expect(wrapper.get('#order-cap').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get<HTMLInputElement>('#order-cap').element.value).toBe('12,5x');
    expect(api.settings.setOrderCap).not.toHaveBeenCalled();
  });

  it('refuses a limit above €100,000.00 under the field, with the maximum, without asking main', async () => {
    const { api, wrapper } = await mountSettings('en');
    await wrapper.get('#order-cap').setValue('21,474,836.47');
    await submit(wrapper);
    expect(plain(wrapper.get('#order-cap-error').text())).toBe('The amount may be at most €100,000.00.');
    expect(api.settings.setOrderCap).not.toHaveBeenCalled();
  });

  it('shows a custom limit in the field and goes back to the standard limit', async () => {
    const { api, wrapper } = await mountSettings('en', consoleSettings({ orderCapMinor: 50000, orderCapIsDefault: false }));
    expect(wrapper.get<HTMLInputElement>('#order-cap').element.value).toBe('500.00');
    const useDefault = wrapper.findAll('button').find((b) => b.text() === 'Use the standard limit');
    expect(useDefault).toBeDefined();
    await useDefault!.trigger('click');
    await flushPromises();
    expect(api.settings.setOrderCap).toHaveBeenCalledWith({ minor: null });
  });
});
