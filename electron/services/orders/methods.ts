/**
 * The payment methods the active site profile really has: GET /payment-methods,
 * kept per profile in SQLite exactly as received, so the forms work offline and
 * main can check a chosen gateway and its allowed amounts before sending.
 */
import type { MethodsView, PaymentMethod } from '@shared/methods';
import type { Clock } from '../platform/clock';
import type { DB } from '../storage/db';
import { ServiceError } from '../platform/errors';
import type { Logger } from '../platform/log';
import type { MspClient } from '../msp/client';
import { readAnswer } from '../msp/client';
import type { Profile } from '../accounts/active-profile';
import { createMethodStore } from './method-store';

const text = (v: unknown) => (typeof v === 'string' ? v : null);
const amount = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);
const codes = (v: unknown) => (Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string') : []);

/** One item of the list, or null when it is not shaped like a method (ignored, never guessed). */
function toMethod(item: unknown): PaymentMethod | null {
  if (!item || typeof item !== 'object') return null;
  const record = item as Record<string, unknown>;
  const id = text(record.id);
  if (!id) return null;
  const allowed = (record.allowed_amount ?? {}) as Record<string, unknown>;
  return {
    id: id.toUpperCase(),
    name: text(record.name) ?? id,
    allowedAmount: { min: amount(allowed.min) ?? 1, max: amount(allowed.max) },
    currencies: codes(record.allowed_currencies),
    countries: codes(record.allowed_countries),
  };
}

/** The methods in a stored GET /payment-methods answer; null when it is not a readable list. */
export function methodsOf(responseBody: string): PaymentMethod[] | null {
  const reading = readAnswer({ responseBody } as Parameters<typeof readAnswer>[0]);
  if (reading.kind !== 'success' || !Array.isArray(reading.data.items)) return null;
  return reading.data.items.map(toMethod).filter((m): m is PaymentMethod => m !== null);
}

export function createMethodService(deps: {
  db: DB;
  /** An API client with this profile's key and base URL. */
  client: (profile: Profile) => MspClient;
  profile: () => Profile;
  clock: Clock;
  log: Logger;
  orderCap: () => number;
}) {
  const { clock, log } = deps;
  const { read, write } = createMethodStore(deps.db);

  const where = (profile: Profile) => ({ environment: profile.environment, profileId: profile.id });

  function cached(profile: Profile): { methods: PaymentMethod[]; fetchedAt: number } | null {
    const row = read.get(where(profile));
    const methods = row ? methodsOf(row.response_body) : null;
    return row && methods ? { methods, fetchedAt: row.fetched_at } : null;
  }

  const view = (list: { methods: PaymentMethod[]; fetchedAt: number } | null): MethodsView => ({
    methods: list?.methods ?? [],
    fetchedAt: list ? new Date(list.fetchedAt).toISOString() : null,
    orderCap: deps.orderCap(),
  });

  async function refresh(profile: Profile = deps.profile()): Promise<MethodsView> {
    const call = await deps.client(profile).call('GET', '/payment-methods');
    if (call.transport !== 'answered') {
      throw new ServiceError('NETWORK', 'MultiSafepay could not be reached; the stored list of methods is unchanged.');
    }
    const reading = readAnswer(call);
    if (reading.kind === 'api_error') {
      if (reading.errorCode === 1032 || call.httpStatus === 401 || call.httpStatus === 403) {
        throw new ServiceError('AUTH', 'MultiSafepay refused the API key of this profile.');
      }
      throw new ServiceError('API_ERROR', `MultiSafepay refused the list of methods (${reading.errorCode ?? call.httpStatus}).`);
    }
    const methods = call.responseBody === null ? null : methodsOf(call.responseBody);
    if (!methods) throw new ServiceError('API_ERROR', `MultiSafepay returned an unreadable list of methods (HTTP ${call.httpStatus}).`);
    const now = clock.now();
    write.run({ ...where(profile), body: call.responseBody, now });
    log.info('methods.refresh', { count: methods.length });
    return view({ methods, fetchedAt: now });
  }

  return {
    /** From the local copy only: never calls MultiSafepay. */
    list: (): MethodsView => view(cached(deps.profile())),
    refresh: (): Promise<MethodsView> => refresh(),
    /** The list of the profile that will send, for a check before sending: the local copy, else fetched once; null when unavailable (offline). */
    async forCheck(profile: Profile): Promise<PaymentMethod[] | null> {
      const local = cached(profile);
      if (local) return local.methods;
      try {
        return (await refresh(profile)).methods;
      } catch (error) {
        log.warn('methods.unavailable', { error });
        return null;
      }
    },
  };
}
export type MethodService = ReturnType<typeof createMethodService>;
