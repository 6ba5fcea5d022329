/**
 * The one way stores reach `window.api`: never throws, always a Result. If the
 * bridge is missing or an IPC call rejects, that becomes an INTERNAL error.
 */
import type { Api } from '@shared/contract';
import { fail } from '@shared/result';
import type { Result } from '@shared/result';

export async function callApi<T>(run: (api: Api) => Promise<Result<T>>): Promise<Result<T>> {
  const api = typeof window === 'undefined' ? undefined : (window.api as Api | undefined);
  if (!api) return fail('INTERNAL', 'The console bridge (window.api) is not available.');
  try {
    const result = await run(api);
    if (result && typeof result === 'object' && 'ok' in result) return result;
    return fail('INTERNAL', 'The console answered with something unexpected.');
  } catch (error) {
    return fail('INTERNAL', error instanceof Error ? error.message : String(error));
  }
}
