// The entry store: the draft and its autosave belong here, not to the view.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DRAFT_SAVE_DELAY_MS, useEntryStore } from '../../renderer/src/stores/entry';
import { setup } from './helpers';

afterEach(() => vi.useRealTimers());

describe('entry store', () => {
  it('saves the draft wherever it is changed from, shortly after the change', async () => {
    const { api } = setup('en');
    vi.useFakeTimers();
    const entry = useEntryStore();
    entry.draft.description = 'Typed without the form on screen';
    await vi.advanceTimersByTimeAsync(DRAFT_SAVE_DELAY_MS);
    expect(api.drafts.save).toHaveBeenCalledTimes(1);
    expect(api.drafts.save.mock.calls[0]![0].fields).toMatchObject({ description: 'Typed without the form on screen' });
  });
});
