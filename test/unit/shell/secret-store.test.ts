import { describe, expect, it, vi } from 'vitest';
import type { SafeStorage } from 'electron';
import { safeStorageSecretStore } from '../../../electron/main/secret-store';

// secret-store.ts takes safeStorage as a parameter; nothing may load the real module.
vi.mock('electron', () => ({}));

type Backend = ReturnType<SafeStorage['getSelectedStorageBackend']>;

function fakeSafeStorage(options: { available: boolean; backend: Backend }) {
  return {
    isEncryptionAvailable: vi.fn(() => options.available),
    getSelectedStorageBackend: vi.fn(() => options.backend),
    encryptString: vi.fn((plain: string) => Buffer.from(`enc:${[...plain].reverse().join('')}`)),
    decryptString: vi.fn((cipher: Buffer) => {
      const text = cipher.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided');
      return [...text.slice(4)].reverse().join('');
    }),
  };
}

const store = (fake: ReturnType<typeof fakeSafeStorage>, platform: NodeJS.Platform) =>
  safeStorageSecretStore(fake as unknown as SafeStorage, platform);

describe('safeStorageSecretStore', () => {
  it('treats Linux basic_text as unprotected even when encryption is "available", and refuses to encrypt', () => {
    const fake = fakeSafeStorage({ available: true, backend: 'basic_text' });
    const secrets = store(fake, 'linux');
    expect(secrets.isProtected()).toBe(false);
    expect(() => secrets.encrypt('msp-api-key')).toThrow(/refusing to store/);
    expect(fake.encryptString).not.toHaveBeenCalled();
  });

  it('treats Linux "unknown" (asked before ready) as unprotected', () => {
    const fake = fakeSafeStorage({ available: true, backend: 'unknown' });
    expect(store(fake, 'linux').isProtected()).toBe(false);
    expect(() => store(fake, 'linux').encrypt('k')).toThrow();
    expect(fake.encryptString).not.toHaveBeenCalled();
  });

  it.each(['linux', 'darwin', 'win32'] as const)('is unprotected and refuses to encrypt on %s without encryption', (platform) => {
    const fake = fakeSafeStorage({ available: false, backend: 'gnome_libsecret' });
    const secrets = store(fake, platform);
    expect(secrets.isProtected()).toBe(false);
    expect(() => secrets.encrypt('k')).toThrow();
    expect(fake.encryptString).not.toHaveBeenCalled();
  });

  it.each(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'] as const)(
    'round-trips through safeStorage with the Linux %s backend',
    (backend) => {
      const fake = fakeSafeStorage({ available: true, backend });
      const secrets = store(fake, 'linux');
      expect(secrets.isProtected()).toBe(true);
      const cipher = secrets.encrypt('msp-api-key-1234');
      expect(cipher).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(cipher).toString()).not.toContain('msp-api-key-1234');
      expect(secrets.decrypt(new Uint8Array(cipher))).toBe('msp-api-key-1234');
      expect(fake.encryptString).toHaveBeenCalledOnce();
      expect(fake.decryptString).toHaveBeenCalledOnce();
    },
  );

  it('does not consult the Linux-only backend on macOS and Windows', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const fake = fakeSafeStorage({ available: true, backend: 'unknown' });
      const secrets = store(fake, platform);
      expect(secrets.isProtected()).toBe(true);
      expect(secrets.decrypt(secrets.encrypt('k'))).toBe('k');
      expect(fake.getSelectedStorageBackend).not.toHaveBeenCalled();
    }
  });

  it('lets a decryption failure surface instead of returning garbage', () => {
    const secrets = store(fakeSafeStorage({ available: true, backend: 'kwallet6' }), 'linux');
    expect(() => secrets.decrypt(new TextEncoder().encode('tampered'))).toThrow();
  });
});
