import type { Environment } from '@shared/orders';

/** MultiSafepay's API per environment; Demo's is the demo server the factory starts or is given. */
export const DEFAULT_BASE_URLS: Record<Exclude<Environment, 'demo'>, string> = {
  test: 'https://testapi.multisafepay.com/v1/json',
  live: 'https://api.multisafepay.com/v1/json',
};
