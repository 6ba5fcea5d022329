// The StorageBanner for a failed check remembered from an earlier start: it says since when, and
// once a check passes again, calmly, that a restart makes the history writable.
import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ok } from '@shared/result';
import App from '../../renderer/src/App.vue';
import { formatDateTime } from '../../renderer/src/lib/format';
import { useAppStore } from '../../renderer/src/stores/app';
import { INFO, flushPromises, plain, setup } from './helpers';

enableAutoUnmount(afterEach);
afterEach(() => vi.useRealTimers());

describe('a failed check, remembered', () => {
  it('says since when; a passing check then says a restart is enough', async () => {
    vi.useFakeTimers();
    const { api, mountIt } = setup('nl');
    const since = '2026-11-30T21:12:00.000Z';
    const storage = { readOnly: true, problem: 'The order history failed its integrity check (x).', restoredFrom: null, cause: 'damaged' as const, damagedSince: since };
    api.app.info.mockResolvedValue(ok({ ...INFO, storage: { ...storage, checking: true, writableAtRestart: false } }));
    const wrapper = mountIt(App);
    await flushPromises();
    const banner = wrapper.get('[data-testid="read-only-banner"]');
    expect(banner.attributes('role')).toBe('alert');
    const when = formatDateTime(since, useAppStore().formatLocale);
    expect(plain(banner.text())).toContain(`De controle is op ${when} mislukt`);
    expect(banner.findAll('button').some((b) => b.text() === 'Back-ups openen')).toBe(true);

    // The check runs again meanwhile (main is asked every 2 s) and passes.
    api.app.info.mockResolvedValue(ok({ ...INFO, storage: { ...storage, problem: null, checking: false, writableAtRestart: true } }));
    await vi.advanceTimersByTimeAsync(2_000);
    await flushPromises();
    expect(wrapper.find('[data-testid="read-only-banner"]').exists()).toBe(false);
    const note = wrapper.get('[data-testid="writable-at-restart-banner"]');
    expect(note.attributes('role')).toBe('status');
    expect(plain(note.text())).toBe('De ordergeschiedenis is door de controle gekomen. Start de console opnieuw om weer orders aan te maken.');
    // Nothing runs any more: no more asking.
    const calls = api.app.info.mock.calls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.app.info.mock.calls.length).toBe(calls);
  });

  it('in English and French too, with the date in the format locale', async () => {
    for (const [locale, words] of [
      ['en', 'It failed its check on'],
      ['fr', 'Sa vérification a échoué le'],
    ] as const) {
      const { api, mountIt } = setup(locale);
      api.app.info.mockResolvedValue(
        ok({ ...INFO, storage: { readOnly: true, problem: 'x', restoredFrom: null, cause: 'damaged', damagedSince: '2026-11-30T21:12:00.000Z' } }),
      );
      const wrapper = mountIt(App);
      await flushPromises();
      const text = plain(wrapper.get('[data-testid="read-only-banner"]').text());
      expect(text).toContain(`${words} ${formatDateTime('2026-11-30T21:12:00.000Z', useAppStore().formatLocale)}`);
      wrapper.unmount();
    }
  });
});
