// Every screen that names an environment takes its words from the one table (useEnvName in
// lib/account-text.ts): the history row and filter, the order summary, the profiles table and the
// audit log say the same thing in each language — French calls live "Production", not "Live".
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '@shared/result';
import type { Environment } from '@shared/orders';
import HistoryRow from '../../renderer/src/features/history/HistoryRow.vue';
import HistorySearch from '../../renderer/src/features/history/HistorySearch.vue';
import OrderSummary from '../../renderer/src/features/result/OrderSummary.vue';
import SettingsView from '../../renderer/src/views/SettingsView.vue';
import { flushPromises, order, profileSummary, profilesState, setup } from './helpers';

enableAutoUnmount(afterEach);

const WORDS: Record<'en' | 'nl' | 'fr', Record<Environment, string>> = {
  en: { demo: 'Demo', test: 'Test', live: 'Live' },
  nl: { demo: 'Demo', test: 'Test', live: 'Live' },
  fr: { demo: 'Démo', test: 'Test', live: 'Production' },
};

describe('environment tags: one table, every screen', () => {
  for (const [locale, words] of Object.entries(WORDS) as ['en' | 'nl' | 'fr', Record<Environment, string>][]) {
    it(`${locale}: history row, history filter, order summary and profiles table agree`, async () => {
      const { api, mountIt } = setup(locale);
      for (const environment of ['demo', 'test', 'live'] as const) {
        const live = order({ environment });
        const row = mountIt(HistoryRow, { props: { order: live, index: 0, active: false, ibanColumn: false, ibanInline: false } });
        expect(row.get(`.tag--${environment}`).text()).toBe(words[environment]);
        const summary = mountIt(OrderSummary, { props: { order: live, typeShown: false } });
        expect(summary.get(`.tag--${environment}`).text()).toBe(words[environment]);
      }

      const search = mountIt(HistorySearch);
      await flushPromises();
      const options = search.get('#history-filter-environment').findAll('option').slice(1);
      expect(options.map((o) => [o.attributes('value'), o.text()])).toEqual([
        ['demo', words.demo],
        ['test', words.test],
        ['live', words.live],
      ]);

      api.profiles.list.mockResolvedValue(ok(profilesState([profileSummary(), profileSummary({ id: 'p-live', name: 'Shop', environment: 'live' })])));
      const settings = mountIt(SettingsView);
      await flushPromises();
      expect(settings.get('[data-testid="profile-row"] .tag--live').text()).toBe(words.live);
    });
  }
});
