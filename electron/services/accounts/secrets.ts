/**
 * Where API keys are kept encrypted. In the app this is Electron's safeStorage
 * (electron/main/secret-store.ts); in tests and scripts an in-memory stand-in.
 * The services never see how encryption works, only this interface.
 */
export interface SecretStore {
  /** False when the OS offers no real protection (Linux `basic_text`): never store silently then. */
  isProtected(): boolean;
  encrypt(plain: string): Uint8Array;
  decrypt(cipher: Uint8Array): string;
}

/** Reversible stand-in for tests; `protected` lets a test play the `basic_text` case. */
export function memorySecretStore(options: { protected?: boolean } = {}): SecretStore {
  const prefix = 'mem1:';
  return {
    isProtected: () => options.protected ?? true,
    encrypt: (plain) => new TextEncoder().encode(prefix + Buffer.from(plain).toString('base64')),
    decrypt: (cipher) => {
      const text = new TextDecoder().decode(cipher);
      if (!text.startsWith(prefix)) throw new Error('not a memory-store secret');
      return Buffer.from(text.slice(prefix.length), 'base64').toString();
    },
  };
}
