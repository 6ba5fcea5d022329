// Main's native dialogs: the live-order question (Cancel is the default and what Esc means) and
// the export save dialog, with Electron's `dialog` replaced by a fake.
import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, Dialog } from 'electron';
import { amountText, createNativeDialogs, languageOf, liveOrderBox } from '../../../electron/main/dialogs';
import type { LiveOrderQuestion } from '../../../electron/services/options';

const QUESTION: LiveOrderQuestion = { amount: 9_999_999, currency: 'EUR', profileName: 'Shop live', customer: 'Jan de Vries', action: 'create' };
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

function fakeDialog(response: number, save: { canceled: boolean; filePath?: string } = { canceled: true }) {
  return {
    showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response, checkboxChecked: false })),
    showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: save.canceled, filePath: save.filePath ?? '' })),
  };
}

function dialogs(dialog: ReturnType<typeof fakeDialog>, window: object | null = null, locale = 'en-GB') {
  return createNativeDialogs({
    dialog: dialog as unknown as Pick<Dialog, 'showMessageBox' | 'showSaveDialog'>,
    window: () => window as BrowserWindow | null,
    locale: () => locale,
    documentsDir: () => '/home/anna/Documents',
  });
}

describe('the live-order question', () => {
  it('shows amount, customer and profile, with Cancel first, default and the Esc answer', () => {
    const box = liveOrderBox(QUESTION, 'en-GB');
    expect(box).toMatchObject({ type: 'warning', buttons: ['Cancel', 'Create live order'], defaultId: 0, cancelId: 0, noLink: true });
    expect(plain(box.detail ?? '')).toContain('Amount: €99,999.99 (99,999.99 euros)');
    expect(box.detail).toContain('Customer: Jan de Vries');
    expect(box.detail).toContain('Site profile: Shop live');
    expect(box.message).toMatch(/LIVE/);
  });

  it('speaks the system language (nl, fr; English otherwise) and names the action', () => {
    expect(languageOf('nl-BE')).toBe('nl');
    expect(languageOf('fr_FR')).toBe('fr');
    expect(languageOf('de-DE')).toBe('en');
    const nl = liveOrderBox({ ...QUESTION, action: 'resend' }, 'nl-NL');
    expect(nl.buttons).toEqual(['Annuleren', 'Live order opnieuw versturen']);
    expect(plain(nl.detail ?? '')).toContain('Bedrag: € 99.999,99');
    const fr = liveOrderBox({ ...QUESTION, customer: '', action: 'recreate' }, 'fr-BE');
    expect(fr.buttons?.[0]).toBe('Annuler');
    expect(fr.detail).toContain('(non indiqué)');
    expect(plain(amountText(125, 'JPY', 'en'))).toBe('¥125 (125 Japanese yen)');
    expect(plain(amountText(5, 'EUR', 'en'))).toBe('€0.05 (0.05 euros)');
    // Beyond float precision the digits stay exact.
    expect(plain(amountText(900_719_925_474_099, 'EUR', 'en'))).toContain('(9,007,199,254,740.99 euros)');
  });

  it('is yes only for the send button; modal to the window when there is one', async () => {
    const window = { id: 1 };
    const yes = fakeDialog(1);
    expect(await dialogs(yes, window).confirmLiveOrder(QUESTION)).toBe(true);
    expect(yes.showMessageBox.mock.calls[0]?.[0]).toBe(window);
    const no = fakeDialog(0);
    expect(await dialogs(no).confirmLiveOrder(QUESTION)).toBe(false);
    expect(no.showMessageBox.mock.calls[0]?.[0]).toMatchObject({ cancelId: 0 });
    expect(await dialogs(fakeDialog(7)).confirmLiveOrder(QUESTION)).toBe(false);
  });
});

describe('the export save dialog', () => {
  it('suggests the name in Documents, CSV only, and returns the chosen path', async () => {
    const dialog = fakeDialog(0, { canceled: false, filePath: '/home/anna/exports/march.csv' });
    expect(await dialogs(dialog).chooseExportPath('history-20261130-120000.csv')).toBe('/home/anna/exports/march.csv');
    expect(dialog.showSaveDialog.mock.calls[0]?.[0]).toMatchObject({
      defaultPath: '/home/anna/Documents/history-20261130-120000.csv',
      filters: [{ extensions: ['csv'] }],
    });
  });

  it('is null when cancelled', async () => {
    expect(await dialogs(fakeDialog(0, { canceled: true })).chooseExportPath('x.csv')).toBeNull();
    expect(await dialogs(fakeDialog(0, { canceled: false, filePath: '' })).chooseExportPath('x.csv')).toBeNull();
  });
});
