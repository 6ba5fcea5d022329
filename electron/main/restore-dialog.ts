/**
 * The native confirmation of a restore: main shows what the backup would undo (orders,
 * site profiles and settings changed since; the audit trail is kept) and only the person at
 * the keyboard can answer. Text in the system's language (en, nl, fr).
 */
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';
import type { RestorePreview } from '@shared/history';

type Language = 'en' | 'nl' | 'fr';

const TEXT: Record<Language, { title: string; message: (p: RestorePreview, when: string) => string; detail: (p: RestorePreview) => string; cancel: string; restore: string }> = {
  en: {
    title: 'Restore a backup',
    message: (_p, when) => `Restore the backup of ${when} at the next start?`,
    detail: (p) =>
      [
        `${p.ordersAdded} order(s) made since will be gone from the history; ${p.ordersChanged} will go back to their earlier state.`,
        p.profilesChanged.length ? `Site profiles as they were then: ${p.profilesChanged.join(', ')}.` : '',
        p.settingsChanged.length ? `Settings as they were then: ${p.settingsChanged.join(', ')}.` : '',
        `The audit log is kept: ${p.auditRowsCarried} row(s) written since stay, with a row for the restore.`,
      ].filter(Boolean).join('\n'),
    cancel: 'Cancel',
    restore: 'Restore at next start',
  },
  nl: {
    title: 'Back-up terugzetten',
    message: (_p, when) => `De back-up van ${when} bij de volgende start terugzetten?`,
    detail: (p) =>
      [
        `${p.ordersAdded} order(s) van daarna verdwijnen uit de geschiedenis; ${p.ordersChanged} gaan terug naar hun eerdere staat.`,
        p.profilesChanged.length ? `Siteprofielen zoals toen: ${p.profilesChanged.join(', ')}.` : '',
        p.settingsChanged.length ? `Instellingen zoals toen: ${p.settingsChanged.join(', ')}.` : '',
        `Het auditlog blijft: ${p.auditRowsCarried} regel(s) van daarna blijven staan, met een regel voor het terugzetten.`,
      ].filter(Boolean).join('\n'),
    cancel: 'Annuleren',
    restore: 'Terugzetten bij volgende start',
  },
  fr: {
    title: 'Restaurer une sauvegarde',
    message: (_p, when) => `Restaurer la sauvegarde du ${when} au prochain démarrage ?`,
    detail: (p) =>
      [
        `${p.ordersAdded} commande(s) créée(s) depuis disparaîtront de l’historique ; ${p.ordersChanged} reviendront à leur état antérieur.`,
        p.profilesChanged.length ? `Profils du site tels qu’alors : ${p.profilesChanged.join(', ')}.` : '',
        p.settingsChanged.length ? `Réglages tels qu’alors : ${p.settingsChanged.join(', ')}.` : '',
        `Le journal d’audit est conservé : ${p.auditRowsCarried} ligne(s) écrite(s) depuis restent, avec une ligne pour la restauration.`,
      ].filter(Boolean).join('\n'),
    cancel: 'Annuler',
    restore: 'Restaurer au prochain démarrage',
  },
};

export function restoreConfirmation(deps: { dialog: Pick<Dialog, 'showMessageBox'>; window: () => BrowserWindow | null; locale: () => string }) {
  return async (preview: RestorePreview): Promise<boolean> => {
    const language = (['nl', 'fr'] as const).find((l) => deps.locale().toLowerCase().startsWith(l)) ?? 'en';
    const text = TEXT[language];
    const when = new Date(preview.createdAt).toLocaleString(language);
    const options: MessageBoxOptions = {
      type: 'warning',
      title: text.title,
      message: text.message(preview, when),
      detail: text.detail(preview),
      buttons: [text.cancel, text.restore],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const window = deps.window();
    const { response } = window ? await deps.dialog.showMessageBox(window, options) : await deps.dialog.showMessageBox(options);
    return response === 1;
  };
}
