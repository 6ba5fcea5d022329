import { describe, expect, it, vi } from 'vitest';
import { restoreConfirmation } from '../../../electron/main/restore-dialog';
import type { RestorePreview } from '@shared/history';

const preview: RestorePreview = {
  name: 'console-20261120-020000.sqlite3',
  createdAt: '2026-11-20T02:00:00.000Z',
  ordersAdded: 12,
  ordersChanged: 3,
  ordersInBackup: 400,
  ordersNow: 412,
  profilesChanged: ['Shop NL'],
  settingsChanged: ['entry.orderCapMinor'],
  auditRowsCarried: 40,
};

describe('the native restore confirmation', () => {
  it('shows what the restore undoes and is yes only for the restore button', async () => {
    const showMessageBox = vi.fn(async () => ({ response: 1, checkboxChecked: false }));
    const confirm = restoreConfirmation({ dialog: { showMessageBox } as never, window: () => null, locale: () => 'nl-BE' });
    expect(await confirm(preview)).toBe(true);
    const options = (showMessageBox.mock.calls[0] as unknown as [{ detail: string; buttons: string[]; cancelId: number }])[0];
    expect(options.detail).toContain('12 order(s) van daarna verdwijnen');
    expect(options.detail).toContain('Shop NL');
    expect(options.detail).toContain('40 regel(s)');
    expect(options).toMatchObject({ buttons: ['Annuleren', 'Terugzetten bij volgende start'], cancelId: 0 });
    showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    expect(await confirm(preview)).toBe(false);
  });
});
