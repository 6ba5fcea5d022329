/**
 * Does an API key work, and where? One cheap authenticated call (GET /gateways)
 * through the same got client as orders, so the key travels only in a header
 * and nothing about the key can come back in an error.
 */
import type { KeyCheck } from '@shared/accounts';
import type { Environment } from '@shared/orders';
import type { ApiCall, MspClient } from '../msp/client';
import { readAnswer } from '../msp/client';

export type KeyCheckStatus = KeyCheck['status'];

/** 1032 is MultiSafepay's "invalid API key"; 401/403 are how gateways and proxies refuse one. */
export function classifyKeyCall(call: ApiCall): KeyCheckStatus {
  if (call.transport !== 'answered') return 'unreachable';
  const reading = readAnswer(call);
  if (reading.kind === 'api_error' && reading.errorCode === 1032) return 'invalid';
  if (call.httpStatus === 401 || call.httpStatus === 403) return 'invalid';
  if (reading.kind === 'success' && call.httpStatus !== null && call.httpStatus < 300) return 'ok';
  return 'unexpected';
}

/**
 * Check `apiKey` in `environment`. When test or live refuses it, ask the other one
 * too, so "this is your live key, the profile says test" can be said plainly.
 */
export async function checkKey(
  environment: Environment,
  apiKey: string,
  deps: { client: (environment: Environment, apiKey: string) => MspClient; now: () => number },
): Promise<KeyCheck> {
  const status = classifyKeyCall(await deps.client(environment, apiKey).call('GET', '/gateways'));
  let detected: Environment | null = status === 'ok' ? environment : null;
  if (status === 'invalid' && environment !== 'demo') {
    const other: Environment = environment === 'test' ? 'live' : 'test';
    const second = classifyKeyCall(await deps.client(other, apiKey).call('GET', '/gateways'));
    if (second === 'ok') detected = other;
  }
  return { status, environment, detected, checkedAt: new Date(deps.now()).toISOString() };
}
