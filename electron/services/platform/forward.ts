/**
 * Channels answered by the service method of the same name: `history.search`
 * calls `history.search(input)` with the parsed input. Like VS Code's
 * ProxyChannel, it saves writing a line per channel where names already match;
 * a channel whose rules differ is written out in its domain's channels.ts.
 */
import type { ChannelName } from '@shared/contract';
import type { ServiceTable } from './gate';

type VerbOf<D extends string, C = ChannelName> = C extends `${D}.${infer V}` ? V : never;
type Slice<D extends string, V extends string> = { [C in `${D}.${V}` & ChannelName]: ServiceTable[C] };

export function forward<D extends string, V extends VerbOf<D>>(
  domain: D,
  service: { [K in V]: ServiceTable[`${D}.${K}` & ChannelName] },
  verbs: readonly V[],
): Slice<D, V> {
  const slice: Record<string, (input: unknown) => unknown> = {};
  for (const verb of verbs) {
    const method = service[verb] as (input: unknown) => unknown;
    slice[`${domain}.${verb}`] = (input) => method.call(service, input);
  }
  return slice as Slice<D, V>;
}
