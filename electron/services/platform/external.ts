/**
 * The only URLs the console will hand to the system browser: https on
 * MultiSafepay and the banks in scope, the local demo payment page while
 * in Demo, and a plain `mailto:` draft for the customer. Hosts are compared on dot boundaries of the parsed hostname, never
 * by prefix or substring (`multisafepay.com.evil.io` fails).
 */
export const EXTERNAL_HOSTS = [
  'multisafepay.com', // payment pages (payv2, testpayv2), dashboards
  'kbc.be',
  'kbc.com',
  'cbc.be',
  'ing.be', // ING Home'Pay (homepay.ing.be), legacy accounts only
] as const;

/**
 * "E-mail to customer": a `mailto:` to at most one plain address (or none), with only a subject
 * and a body. It opens the operator's own mail program with a draft; nothing is sent by itself.
 */
const MAILTO = /^mailto:([^?#,;%\s]*)(\?[^#]*)?$/i;
const MAILTO_PARAMS = new Set(['subject', 'body']);

function isAllowedMailto(raw: string): boolean {
  const m = MAILTO.exec(raw);
  if (!m) return false;
  const address = m[1] ?? '';
  if (address !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) return false;
  const query = new URLSearchParams((m[2] ?? '').slice(1));
  return [...query.keys()].every((key) => MAILTO_PARAMS.has(key.toLowerCase()));
}

export function isAllowedExternalUrl(raw: string, demoOrigin: string | null): boolean {
  if (/^mailto:/i.test(raw)) return isAllowedMailto(raw);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (demoOrigin && `${url.protocol}//${url.host}` === demoOrigin) return true;
  if (url.protocol !== 'https:' || url.port !== '') return false;
  const host = url.hostname.toLowerCase();
  return EXTERNAL_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}
