/**
 * API keys, in main only:
 * - stored: encrypted by the SecretStore (safeStorage), kept as `v1:<base64>` so the
 *   scheme can change later; decrypted once into memory;
 * - session: memory only, for machines whose OS cannot protect stored keys (Linux
 *   basic_text) or by choice; gone when the console quits.
 * Every key this vault has seen stays on the logger's scrub list until the console quits.
 */
import type { Environment } from '@shared/orders';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import type { SecretStore } from './secrets';

/** The ciphertext tag: bump it (and keep reading the old one) if the scheme ever changes. */
export const KEY_SCHEME = 'v1';

export function encodeCipher(cipher: Uint8Array): string {
  return `${KEY_SCHEME}:${Buffer.from(cipher).toString('base64')}`;
}

/** The raw ciphertext of a stored value, or null when its scheme is not one we know. */
export function decodeCipher(stored: string): Uint8Array | null {
  const colon = stored.indexOf(':');
  if (colon < 0 || stored.slice(0, colon) !== KEY_SCHEME) return null;
  return new Uint8Array(Buffer.from(stored.slice(colon + 1), 'base64'));
}

/** What the vault needs of a profile row to find its key. */
export interface KeyedRow {
  id: string;
  environment: Environment;
  key_storage: string;
  key_cipher: string | null;
}

export function createKeyVault(deps: { secrets: SecretStore; log: Logger; demoApiKey: string }) {
  const { secrets, log } = deps;
  /** Decrypted stored keys and session-only keys, by profile id. */
  const keys = new Map<string, string>();
  /** Keys being checked or encrypted before they are saved (a log line meanwhile is scrubbed too). */
  const pending = new Set<string>();
  /** Keys replaced or deleted in this session. */
  const retired = new Set<string>();

  return {
    /** The key of a profile row (decrypted once), or null when it has none usable in this session. */
    load(row: KeyedRow): string | null {
      if (row.environment === 'demo') return deps.demoApiKey;
      const cached = keys.get(row.id);
      if (cached !== undefined) return cached;
      if (row.key_storage !== 'stored' || !row.key_cipher) return null;
      const cipher = decodeCipher(row.key_cipher);
      if (!cipher) {
        log.warn('profiles.key_scheme_unknown', { profileId: row.id });
        return null;
      }
      try {
        const plain = secrets.decrypt(cipher);
        keys.set(row.id, plain);
        return plain;
      } catch (error) {
        log.error('profiles.key_unreadable', { profileId: row.id, error });
        return null;
      }
    },
    set(id: string, apiKey: string): void {
      this.forget(id);
      keys.set(id, apiKey);
    },
    forget(id: string): void {
      const old = keys.get(id);
      if (old !== undefined) retired.add(old);
      keys.delete(id);
    },
    /** Run `use` with the key on the scrub list, for a key not kept yet (a check before saving). */
    async whilePending<T>(apiKey: string, use: () => Promise<T>): Promise<T> {
      pending.add(apiKey);
      try {
        return await use();
      } finally {
        pending.delete(apiKey);
      }
    },
    /** Encrypt and tag; an OS error is logged while the key is still on the scrub list, then classified. */
    encrypt(id: string, apiKey: string): string {
      pending.add(apiKey);
      try {
        return encodeCipher(secrets.encrypt(apiKey));
      } catch (error) {
        log.error('profiles.encrypt_failed', { profileId: id, error });
        throw new ServiceError('STORAGE', 'The OS secret storage could not encrypt the key; nothing was saved.');
      } finally {
        pending.delete(apiKey);
      }
    },
    /** Every API key this process knows right now: the logger scrubs them from every line. */
    knownKeys(): readonly string[] {
      return [...keys.values(), ...pending, ...retired];
    },
  };
}
export type KeyVault = ReturnType<typeof createKeyVault>;
