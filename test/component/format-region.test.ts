// Dates, times and amounts follow the region (Settings, else the OS as main reports it) within the
// interface language: one format locale from the app store, used by every screen.
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '@shared/result';
import OrderSummary from '../../renderer/src/features/result/OrderSummary.vue';
import FormatRegionSection from '../../renderer/src/features/settings/FormatRegionSection.vue';
import NewOrder from '../../renderer/src/views/NewOrder.vue';
import { useAppStore } from '../../renderer/src/stores/app';
import { useConsoleSettingsStore } from '../../renderer/src/stores/console-settings';
import type { UiLocale } from '../../renderer/src/i18n';
import { INFO, consoleSettings, flushPromises, order, plain, setup } from './helpers';

enableAutoUnmount(afterEach);

// 21:12 local time (what every screen shows), on 30 November 2026.
const AT = new Date(2026, 10, 30, 21, 12).toISOString();

async function summary(locale: UiLocale, formatRegion: string | null) {
  const ctx = setup(locale);
  useAppStore(ctx.pinia).info = { ...INFO, formatRegion };
  const wrapper = ctx.mountIt(OrderSummary, { props: { order: order({ createdAt: AT, amount: 100050 }), typeShown: true } });
  await flushPromises();
  return { ...ctx, wrapper, text: plain(wrapper.text()) };
}

describe('format locale', () => {
  it('en with region GB shows "30 Nov 2026, 21:12"; with US "Nov 30, 2026, 9:12 PM"', async () => {
    const gb = await summary('en', 'GB');
    expect(useAppStore(gb.pinia).formatLocale).toBe('en-GB');
    expect(gb.text).toContain('30 Nov 2026, 21:12');
    expect(gb.text).not.toContain('PM');
    const us = await summary('en', 'US');
    expect(us.text).toContain('Nov 30, 2026, 9:12 PM');
    expect(plain(us.wrapper.get('[data-testid="result-amount"]').text())).toContain('€1,000.50');
  });

  it('keeps the words in the interface language and the region’s style (fr + BE, nl + BE)', async () => {
    const fr = await summary('fr', 'BE');
    expect(useAppStore(fr.pinia).formatLocale).toBe('fr-BE');
    expect(fr.text).toContain('30 nov. 2026, 21:12');
    expect(plain(fr.wrapper.get('[data-testid="result-amount"]').text())).toContain('1 000,50 €');
    const nl = await summary('nl', null);
    expect(useAppStore(nl.pinia).formatLocale).toBe('nl');
  });

  it('follows a change of region at once, on screens already shown', async () => {
    const s = await summary('en', 'US');
    useAppStore(s.pinia).info = { ...INFO, formatRegion: 'GB' };
    await flushPromises();
    expect(plain(s.wrapper.text())).toContain('30 Nov 2026, 21:12');
  });

  it('the entry form shows and reads amounts in the format locale (en + BE: "1.234,56", "1.234" is a thousand)', async () => {
    const ctx = setup('en');
    useAppStore(ctx.pinia).info = { ...INFO, formatRegion: 'BE' };
    const wrapper = ctx.mountIt(NewOrder);
    await flushPromises();
    expect(wrapper.text()).toContain('1.234,56');
    await wrapper.get('#amount').setValue('1.234');
    await wrapper.get('#amount').trigger('blur');
    await flushPromises();
    expect(wrapper.find('#amount-error').exists()).toBe(false);
    // The same text in US style reads two ways, so it is refused with the unambiguous spellings.
    useAppStore(ctx.pinia).info = { ...INFO, formatRegion: 'US' };
    await flushPromises();
    expect(wrapper.get('#amount').attributes('aria-invalid')).toBe('true');
  });
});

describe('Settings: region for dates and numbers', () => {
  it('offers Automatic (naming the system’s region) and a short list; saving reloads what the window formats with', async () => {
    const ctx = setup('en');
    ctx.api.settings.get.mockResolvedValue(ok(consoleSettings({ systemRegion: 'GB' })));
    ctx.api.app.info.mockResolvedValue(ok({ ...INFO, formatRegion: 'BE' }));
    await useConsoleSettingsStore(ctx.pinia).load();
    const wrapper = ctx.mountIt(FormatRegionSection);
    await flushPromises();
    const select = wrapper.get<HTMLSelectElement>('#format-region');
    const options = select.findAll('option');
    expect(options[0]!.text()).toBe('Automatic (from the system: United Kingdom)');
    expect(options.map((o) => o.attributes('value'))).toEqual(expect.arrayContaining(['', 'BE', 'NL', 'LU', 'FR', 'DE', 'GB', 'IE', 'US']));
    expect(wrapper.get('label[for="format-region"]').text()).toBe('Region');
    expect(plain(wrapper.get('[data-testid="format-region-preview"]').text())).toBe('Looks like: 30 Nov 2026, 21:12 · €1,234.56');

    await select.setValue('US');
    expect(plain(wrapper.get('[data-testid="format-region-preview"]').text())).toBe('Looks like: Nov 30, 2026, 9:12 PM · €1,234.56');
    await select.setValue('BE');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(ctx.api.settings.setFormatRegion).toHaveBeenCalledExactlyOnceWith({ region: 'BE' });
    expect(useAppStore(ctx.pinia).formatLocale).toBe('en-BE');
    expect(wrapper.text()).toContain('Saved.');

    await select.setValue('');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(ctx.api.settings.setFormatRegion).toHaveBeenLastCalledWith({ region: null });
  });
});
