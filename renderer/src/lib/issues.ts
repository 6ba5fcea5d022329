/** Turn Issues (i18n keys + params) and AppErrors into words in the UI locale. */
import { useI18n } from 'vue-i18n';
import { useFormatLocale } from './format';
import { formatMoney } from '@shared/money';
import type { AppError, Issue } from '@shared/result';

const LIVE_DECISIONS = new Set(['validation.liveDeclined', 'validation.liveBusy', 'validation.liveUnavailable']);

/** Main's refusal of a live order because the operator did not confirm it (or could not), if it is one. */
export function liveDecision(error: AppError | null | undefined): Issue | null {
  const issue = error?.fields?._;
  return issue && LIVE_DECISIONS.has(issue.key) ? issue : null;
}

export function useMessages() {
  const { t, te } = useI18n();
  const formatLocale = useFormatLocale();

  function issueText(issue: Issue, currency = 'EUR'): string {
    const params: Record<string, string | number> = { ...(issue.params ?? {}) };
    // The cap comes in minor units: show it as money.
    if (issue.key === 'validation.amount.overCap' && params.cap !== undefined) {
      const cap = Number(params.cap);
      if (Number.isSafeInteger(cap)) params.cap = formatMoney(cap, currency, formatLocale.value);
    }
    const key = issue.key.startsWith('validation.') && te(issue.key) ? issue.key : 'validation.invalid';
    return t(key, params);
  }

  function errorText(error: AppError): string {
    // The operator's own answer in main's live-order dialog: say that, not "some fields need attention".
    const decision = liveDecision(error);
    if (decision) return issueText(decision);
    // A storage problem carries its own words (disk full, read-only folder, in use, damaged).
    const own = error.fields?._;
    if (error.code === 'STORAGE' && own && te(own.key)) return issueText(own);
    const key = `errors.${error.code}`;
    return te(key) ? t(key) : t('errors.INTERNAL');
  }

  return { issueText, errorText };
}
