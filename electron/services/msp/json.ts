/**
 * Lossless JSON for MultiSafepay answers: integers beyond 2^53 (16–17 digit PSP
 * ids) are kept as their exact digit strings instead of being silently rounded.
 * Duplicate keys and other malformed bodies are parse failures, not guesses.
 */
import { isSafeNumber, parse } from 'lossless-json';

export function parseLossless(text: string): unknown {
  return parse(text, null, (digits) => (isSafeNumber(digits) ? Number(digits) : digits));
}

/** An API id (order_id, transaction_id) as exact text, whatever JSON type it arrived as. */
export function idText(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}
