/**
 * The one wrapper every IPC handler goes through, in the app and in tests alike:
 * it checks the sender frame, refuses anything but plain data, caps the payload size, parses the payload with the
 * contract's strict schema, runs the service and returns a result envelope.
 * Nothing is thrown across IPC.
 */
import { MAX_PAYLOAD_BYTES, contract } from '@shared/contract';
import type { ChannelName, OutputOf, ParsedInputOf } from '@shared/contract';
import { fieldIssues } from '@shared/orders';
import { fail, ok } from '@shared/result';
import type { Result } from '@shared/result';
import { isConsoleFrame } from './app-origin';
import { ServiceError } from './errors';
import { plainDataProblem } from './plain-data';
import { toStorageError } from '../storage/storage-error';
import type { Logger } from './log';

/** Who sent an IPC call: the URL of the sending frame and whether it is the top frame. */
export interface Sender {
  url: string;
  isMainFrame: boolean;
}

export type Handler<C extends ChannelName> = (
  input: unknown,
  sender: Sender,
) => Promise<Result<OutputOf<C>>>;
export type HandlerTable = { [C in ChannelName]: Handler<C> };

/** The plain service functions behind the channels: parsed input in, value out (or ServiceError). */
export type ServiceTable = {
  [C in ChannelName]: (input: ParsedInputOf<C>) => Promise<OutputOf<C>> | OutputOf<C>;
};

/** Only our own renderer's top frame may call: the same rule as the window's navigation lock. */
export function isTrustedSender(sender: Sender, trustedOrigin: string): boolean {
  return isConsoleFrame(sender, trustedOrigin);
}

function payloadSize(input: unknown): number {
  try {
    return new TextEncoder().encode(JSON.stringify(input) ?? '').length;
  } catch {
    return Infinity; // cyclic or otherwise unserialisable: refuse
  }
}

export function createHandlers(
  services: ServiceTable,
  options: { trustedOrigin: string; log: Logger },
): HandlerTable {
  const table = {} as Record<ChannelName, Handler<ChannelName>>;
  for (const name of Object.keys(contract) as ChannelName[]) {
    const schema = contract[name].input;
    const run = services[name] as (input: unknown) => Promise<unknown> | unknown;
    table[name] = async (input, sender) => {
      if (!isTrustedSender(sender, options.trustedOrigin)) {
        options.log.warn('ipc.refused', { channel: name, reason: 'sender' });
        return fail('FORBIDDEN', 'This call did not come from the console window.');
      }
      // Before anything reads the payload (even JSON.stringify, which would call a toJSON).
      const notPlain = plainDataProblem(input);
      if (notPlain === 'size') {
        return fail('VALIDATION', 'The request is too large.', { _: { key: 'validation.tooLarge' } });
      }
      if (notPlain) {
        options.log.warn('ipc.refused', { channel: name, reason: `payload-${notPlain}` });
        return fail('VALIDATION', 'The request is not plain data.', { _: { key: 'validation.invalid' } });
      }
      if (payloadSize(input) > MAX_PAYLOAD_BYTES) {
        return fail('VALIDATION', 'The request is too large.', { _: { key: 'validation.tooLarge' } });
      }
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        return fail('VALIDATION', 'Some fields need attention.', fieldIssues(parsed.error));
      }
      try {
        return ok((await run(parsed.data)) as OutputOf<ChannelName>);
      } catch (error) {
        if (error instanceof ServiceError) return fail(error.code, error.message, error.fields);
        // Disk full, read-only folder, a lock held elsewhere, a damaged file: say what to do, not "a bug".
        const storage = toStorageError(error);
        if (storage) {
          options.log.error('ipc.storage', { channel: name, error });
          return fail(storage.code, storage.message, storage.fields);
        }
        options.log.error('ipc.failed', { channel: name, error });
        return fail('INTERNAL', 'Something went wrong in the console. The details are in its log.');
      }
    };
  }
  return table as HandlerTable;
}
