/** Words for the accounts feature's issues and key checks, environments translated. */
import { useI18n } from 'vue-i18n';
import type { KeyCheck } from '@shared/accounts';
import type { Environment } from '@shared/orders';
import type { Issue } from '@shared/result';
import { useMessages } from './issues';

const ENV_TAG: Record<Environment, string> = { demo: 'env.tagDemo', test: 'env.tagTest', live: 'env.tagLive' };

/**
 * The one table of environment tags ("Demo", "Test", "Live" in the UI language): history rows and
 * filters, the order summary, profiles and the audit log all name an environment through it.
 * Apart from useAccountText so a history row takes only this, not the issue helpers.
 */
export function useEnvName(): (env: unknown) => string {
  const { t } = useI18n();
  return (env) => (typeof env === 'string' && Object.hasOwn(ENV_TAG, env) ? t(ENV_TAG[env as Environment]) : String(env ?? ''));
}

export function useAccountText() {
  const { t } = useI18n();
  const { issueText, errorText } = useMessages();
  const envName = useEnvName();

  /** An issue from main, with environment names in the UI language. */
  function fieldText(issue: Issue): string {
    const params = { ...(issue.params ?? {}) };
    for (const name of ['environment', 'detected'] as const) {
      if (params[name] !== undefined) params[name] = envName(params[name]);
    }
    return issueText({ key: issue.key, params });
  }

  function checkText(check: KeyCheck | null): string {
    if (!check) return t('profiles.notChecked');
    const params = { environment: envName(check.environment), detected: envName(check.detected) };
    switch (check.status) {
      case 'ok':
        return t('profiles.checkOk', params);
      case 'invalid':
        return check.detected ? t('profiles.checkOther', params) : t('profiles.checkInvalid', params);
      case 'unreachable':
        return t('profiles.checkUnreachable');
      default:
        return t('profiles.checkUnexpected');
    }
  }

  return { envName, fieldText, checkText, errorText };
}
