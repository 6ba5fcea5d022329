import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * The browser the end-to-end tests drive: $CHROMIUM_PATH, else a system Chromium.
 * Playwright's own browser download cannot work on a closed network, so we never rely on it.
 */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH points at ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found for the end-to-end tests. Install one (Debian/Ubuntu: "sudo apt-get install -y chromium") ' +
        'or set CHROMIUM_PATH to a Chromium/Chrome executable.',
    );
  }
  return found;
}
