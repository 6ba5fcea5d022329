/**
 * The native dialogs behind the services' `dialogs` option: questions only the person at the
 * keyboard may answer, drawn by the operating system from main, where the renderer cannot reach.
 * Texts are in the system's language (en, nl or fr): main does not take the window's word for it.
 */
import { join } from 'node:path';
import type { BrowserWindow, Dialog, MessageBoxOptions, SaveDialogOptions } from 'electron';
import { currencyExponent, formatMoney } from '@shared/money';
import type { LiveOrderQuestion, ServicesDialogs } from '../services/options';

type Language = 'en' | 'nl' | 'fr';

const TEXT: Record<
  Language,
  {
    liveTitle: string;
    liveMessage: Record<LiveOrderQuestion['action'], string>;
    amount: string;
    customer: string;
    noCustomer: string;
    profile: string;
    liveWarning: string;
    cancel: string;
    send: Record<LiveOrderQuestion['action'], string>;
    exportTitle: string;
    csv: string;
  }
> = {
  en: {
    liveTitle: 'First live order of this session',
    liveMessage: {
      create: 'Create this LIVE order? The customer pays real money.',
      resend: 'Send this LIVE order again? The customer pays real money.',
      recreate: 'Cancel this LIVE order and create it again? The customer pays real money.',
    },
    amount: 'Amount',
    customer: 'Customer',
    noCustomer: '(none given)',
    profile: 'Site profile',
    liveWarning: 'Check the amount. Later live orders of this session are not asked about again.',
    cancel: 'Cancel',
    send: { create: 'Create live order', resend: 'Send live order again', recreate: 'Cancel and create again' },
    exportTitle: 'Export the history to CSV',
    csv: 'CSV (spreadsheet)',
  },
  nl: {
    liveTitle: 'Eerste live order van deze sessie',
    liveMessage: {
      create: 'Deze LIVE order aanmaken? De klant betaalt met echt geld.',
      resend: 'Deze LIVE order opnieuw versturen? De klant betaalt met echt geld.',
      recreate: 'Deze LIVE order annuleren en opnieuw aanmaken? De klant betaalt met echt geld.',
    },
    amount: 'Bedrag',
    customer: 'Klant',
    noCustomer: '(niet opgegeven)',
    profile: 'Siteprofiel',
    liveWarning: 'Controleer het bedrag. Volgende live orders in deze sessie worden niet meer gevraagd.',
    cancel: 'Annuleren',
    send: { create: 'Live order aanmaken', resend: 'Live order opnieuw versturen', recreate: 'Annuleren en opnieuw aanmaken' },
    exportTitle: 'Geschiedenis exporteren naar CSV',
    csv: 'CSV (spreadsheet)',
  },
  fr: {
    liveTitle: 'Première commande live de cette session',
    liveMessage: {
      create: 'Créer cette commande LIVE ? Le client paie avec de l’argent réel.',
      resend: 'Renvoyer cette commande LIVE ? Le client paie avec de l’argent réel.',
      recreate: 'Annuler cette commande LIVE et la recréer ? Le client paie avec de l’argent réel.',
    },
    amount: 'Montant',
    customer: 'Client',
    noCustomer: '(non indiqué)',
    profile: 'Profil du site',
    liveWarning: 'Vérifiez le montant. Les commandes live suivantes de cette session ne seront plus confirmées.',
    cancel: 'Annuler',
    send: { create: 'Créer la commande live', resend: 'Renvoyer la commande live', recreate: 'Annuler et recréer' },
    exportTitle: 'Exporter l’historique en CSV',
    csv: 'CSV (tableur)',
  },
};

export function languageOf(locale: string): Language {
  const language = locale.toLowerCase().split(/[-_]/)[0];
  return language === 'nl' || language === 'fr' ? language : 'en';
}

/** `€99,999.99` and, spelled out with the currency's name, `99,999.99 euros`: hard to misread. */
export function amountText(amount: number, currency: string, locale: string): string {
  const symbol = formatMoney(amount, currency, locale);
  try {
    // Exact digits from the integer, as formatMoney does: no float rounding in what the operator confirms.
    const exponent = currencyExponent(currency);
    const digits = String(amount).padStart(exponent + 1, '0');
    const decimal = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
    const named = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'name' }).format(decimal as unknown as number);
    return `${symbol} (${named})`;
  } catch {
    return `${symbol} (${currency})`;
  }
}

/** The message box for a session's first live order: Cancel is the default and what Esc means. */
export function liveOrderBox(question: LiveOrderQuestion, locale: string): MessageBoxOptions {
  const text = TEXT[languageOf(locale)];
  return {
    type: 'warning',
    title: text.liveTitle,
    message: text.liveMessage[question.action],
    detail: [
      `${text.amount}: ${amountText(question.amount, question.currency, locale)}`,
      `${text.customer}: ${question.customer || text.noCustomer}`,
      `${text.profile}: ${question.profileName}`,
      '',
      text.liveWarning,
    ].join('\n'),
    buttons: [text.cancel, text.send[question.action]],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
    normalizeAccessKeys: false,
  };
}

export function exportSaveOptions(suggestedName: string, documentsDir: string, locale: string): SaveDialogOptions {
  const text = TEXT[languageOf(locale)];
  return {
    title: text.exportTitle,
    defaultPath: join(documentsDir, suggestedName),
    filters: [{ name: text.csv, extensions: ['csv'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

export function createNativeDialogs(deps: {
  dialog: Pick<Dialog, 'showMessageBox' | 'showSaveDialog'>;
  /** The console window, as parent (modal) when there is one. */
  window: () => BrowserWindow | null;
  /** The system's locale (app.getLocale()). */
  locale: () => string;
  documentsDir: () => string;
}): Required<Pick<ServicesDialogs, 'confirmLiveOrder' | 'chooseExportPath'>> {
  return {
    async confirmLiveOrder(question) {
      const options = liveOrderBox(question, deps.locale());
      const parent = deps.window();
      const { response } = parent ? await deps.dialog.showMessageBox(parent, options) : await deps.dialog.showMessageBox(options);
      return response === 1;
    },
    async chooseExportPath(suggestedName) {
      const options = exportSaveOptions(suggestedName, deps.documentsDir(), deps.locale());
      const parent = deps.window();
      const { canceled, filePath } = parent ? await deps.dialog.showSaveDialog(parent, options) : await deps.dialog.showSaveDialog(options);
      return canceled || !filePath ? null : filePath;
    },
  };
}
