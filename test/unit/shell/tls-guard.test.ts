import { describe, expect, it } from 'vitest';
import { assertTlsVerificationOn } from '../../../electron/main/tls-guard';

describe('assertTlsVerificationOn', () => {
  it("throws a clear error when NODE_TLS_REJECT_UNAUTHORIZED is '0'", () => {
    expect(() => assertTlsVerificationOn({ NODE_TLS_REJECT_UNAUTHORIZED: '0' })).toThrow(
      /NODE_TLS_REJECT_UNAUTHORIZED=0.*TLS certificate checks/s,
    );
  });

  it.each([{}, { NODE_TLS_REJECT_UNAUTHORIZED: '1' }, { NODE_TLS_REJECT_UNAUTHORIZED: '' }])(
    'accepts an environment that keeps verification on: %o',
    (env) => {
      expect(() => assertTlsVerificationOn(env)).not.toThrow();
    },
  );
});
