/**
 * SecretStore over Electron's safeStorage. Linux may fall back to `basic_text` (a
 * hard-coded password) while still reporting encryption as available, so that backend
 * counts as unprotected and nothing is ever encrypted with it.
 */
import type { SafeStorage } from 'electron';
import type { SecretStore } from '../services/accounts/secrets';

export function safeStorageSecretStore(
  safeStorage: SafeStorage,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  // The SecretStore interface is synchronous, so the (deprecated in 45) sync calls are used.
  const isProtected = (): boolean => {
    if (!safeStorage.isEncryptionAvailable()) return false;
    if (platform !== 'linux') return true;
    // `unknown` means "asked before ready": no evidence of a real keyring, so no.
    const backend = safeStorage.getSelectedStorageBackend();
    return backend !== 'basic_text' && backend !== 'unknown';
  };
  return {
    isProtected,
    encrypt(plain) {
      if (!isProtected()) {
        throw new Error('No protected OS secret storage is available; refusing to store the key.');
      }
      return safeStorage.encryptString(plain);
    },
    decrypt(cipher) {
      return safeStorage.decryptString(Buffer.from(cipher));
    },
  };
}
