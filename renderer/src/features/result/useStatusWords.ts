import { useI18n } from 'vue-i18n';

/** MultiSafepay's status code in words with the code after it ("Paid (completed)"); unknown codes as they are. */
export function useStatusWords() {
  const { t, te } = useI18n();
  return (code: string | null): string => {
    if (!code) return t('result.noStatus');
    const key = `mspStatus.${code}`;
    return te(key) ? `${t(key)} (${code})` : code;
  };
}
