/**
 * The app refuses to start with TLS verification off. The rule itself lives with the
 * services (electron/services/tls.ts), which enforce it as well, so scripts and tests
 * that never start Electron are refused the same way.
 */
export { assertTlsVerificationOn } from '../services/platform/tls';
