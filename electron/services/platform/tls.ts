/**
 * TLS rules for every connection that carries an API key. The services factory
 * checks them too, so scripts and tests that never start Electron get the same
 * refusal as the app.
 */
import type { Environment } from '@shared/orders';

/** The main process sends API keys over HTTPS; with certificate checks off anyone on the path could read them. */
export function assertTlsVerificationOn(env: NodeJS.ProcessEnv): void {
  if (env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    throw new Error(
      'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate checks, which would expose the ' +
        'MultiSafepay API keys. Unset it and start the console again.',
    );
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * An API base URL must be https, except on this machine (the demo server, a local
 * staging proxy or an integration test), where plain http never leaves the computer.
 */
export function assertSafeBaseUrl(environment: Environment, raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`The ${environment} API base URL is not a URL.`);
  }
  if (url.username || url.password) throw new Error(`The ${environment} API base URL must not contain credentials.`);
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return;
  throw new Error(`The ${environment} API base URL must use https (plain http only on 127.0.0.1/localhost).`);
}

/**
 * Scripts and tests get the same refusal as the app: keys never travel without certificate checks.
 * Base-URL overrides come from main (MSP_TEST_API_URL) or tests, never the renderer; still, https or loopback only.
 */
export function assertSafeTransport(env: NodeJS.ProcessEnv, baseUrls: Partial<Record<Environment, string>>): void {
  assertTlsVerificationOn(env);
  for (const [environment, url] of Object.entries(baseUrls)) {
    if (url) assertSafeBaseUrl(environment as Environment, url);
  }
}
