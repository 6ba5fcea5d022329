/**
 * The main process sends API keys over HTTPS; with certificate checks off anyone on the
 * path could read them. Refuse to start rather than warn.
 */
export function assertTlsVerificationOn(env: NodeJS.ProcessEnv): void {
  if (env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    throw new Error(
      'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate checks, which would expose the ' +
        'MultiSafepay API keys. Unset it and start the console again.',
    );
  }
}
