/**
 * The site profile orders are made for: which environment, which API key.
 * Until profiles can be configured, the console runs on the built-in Demo
 * profile, which talks to the loopback demo server with its public demo key.
 */
import type { Environment } from '../../shared/orders';
import { DEMO_API_KEY } from '../demo/server';

export interface Profile {
  id: string;
  name: string;
  environment: Environment;
  apiKey: string;
}

export const DEMO_PROFILE: Profile = { id: 'demo', name: 'Demo', environment: 'demo', apiKey: DEMO_API_KEY };

export const DEFAULT_BASE_URLS: Record<Exclude<Environment, 'demo'>, string> = {
  test: 'https://testapi.multisafepay.com/v1/json',
  live: 'https://api.multisafepay.com/v1/json',
};
