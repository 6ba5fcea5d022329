/**
 * The seal on this installation's backups: an HMAC-SHA256 over each backup's record
 * (name, size, SHA-256, schema version), keyed with a secret only this installation
 * holds. Restore takes only a file whose record carries a valid seal, so a file planted
 * in the backups folder (or a genuine one edited) is refused, whatever it contains.
 *
 * The secret is 32 random bytes, kept in `<dataDir>/backup-key` encrypted by the same
 * SecretStore as the API keys (safeStorage in the app). Where the store offers no real
 * protection (Linux `basic_text`) the secret lives for this session only: backups made
 * in an earlier session cannot be verified and are refused with words saying so.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../accounts/secrets';

const KEY_FILE = 'backup-key';
const TAG = 'v1:';

export interface BackupSeal {
  sign(text: string): string;
  verify(text: string, mac: string): boolean;
  /** False when the secret is for this session only (no protected secret store). */
  persistent: boolean;
}

function loadKey(dataDir: string, secrets: SecretStore): Buffer | null {
  try {
    const text = readFileSync(join(dataDir, KEY_FILE), 'utf8').trim();
    if (!text.startsWith(TAG)) return null;
    const hex = secrets.decrypt(Buffer.from(text.slice(TAG.length), 'base64'));
    return /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
  } catch {
    return null; // no file yet, or the OS store cannot decrypt it (another user or machine)
  }
}

export function createBackupSeal(dataDir: string, secrets: SecretStore): BackupSeal {
  let key = secrets.isProtected() ? loadKey(dataDir, secrets) : null;
  let persistent = key !== null;
  if (!key) {
    key = randomBytes(32);
    if (secrets.isProtected()) {
      const file = join(dataDir, KEY_FILE);
      writeFileSync(`${file}.tmp`, TAG + Buffer.from(secrets.encrypt(key.toString('hex'))).toString('base64'), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
      persistent = true;
    }
  }
  const secret = key;
  const sign = (text: string) => createHmac('sha256', secret).update(text, 'utf8').digest('hex');
  return {
    sign,
    verify(text, mac) {
      const expected = Buffer.from(sign(text), 'hex');
      const given = Buffer.from(/^[0-9a-f]{64}$/.test(mac) ? mac : '', 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    persistent,
  };
}
