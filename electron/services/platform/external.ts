/**
 * The only URLs the console will hand to the system browser: https on
 * MultiSafepay and the banks in scope, plus the local demo payment page while
 * in Demo. Hosts are compared on dot boundaries of the parsed hostname, never
 * by prefix or substring (`multisafepay.com.evil.io` fails).
 */
export const EXTERNAL_HOSTS = [
  'multisafepay.com', // payment pages (payv2, testpayv2), dashboards
  'kbc.be',
  'kbc.com',
  'cbc.be',
  'ing.be', // ING Home'Pay (homepay.ing.be), legacy accounts only
] as const;

export function isAllowedExternalUrl(raw: string, demoOrigin: string | null): boolean {
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
