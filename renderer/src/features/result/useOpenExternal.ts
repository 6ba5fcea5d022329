/**
 * Hand a URL to the system (the browser for a payment page, the mail program for a `mailto:`)
 * through main's allowlist, and say in words how it went: `busy` while asking, `status` after.
 */
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useMessages } from '../../lib/issues';
import { useAppStore } from '../../stores/app';

export function useOpenExternal(keys: { opened: string; notOpened: string }) {
  const { t } = useI18n();
  const app = useAppStore();
  const { errorText } = useMessages();
  const status = ref<string | null>(null);
  const busy = ref(false);

  async function open(url: string): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    status.value = null;
    const answer = await app.openExternal(url);
    busy.value = false;
    if (!answer.ok) status.value = errorText(answer.error);
    else status.value = answer.value.opened ? t(keys.opened) : t(keys.notOpened);
  }

  return { status, busy, open };
}
