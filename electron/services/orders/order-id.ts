/**
 * order_id is our only idempotency key at MultiSafepay, so main generates it once
 * per order: prefix + UTC time + random, [A-Za-z0-9_-], well under 50 characters,
 * never digits only (digit-only ids come back as JSON numbers and lose zeros).
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no 0/o/1/l: ids get read out on the phone

export function generateOrderId(now: number, prefix = 'CON'): string {
  const t = new Date(now).toISOString(); // 2026-11-21T09:00:00.000Z
  const stamp = `${t.slice(0, 10).replaceAll('-', '')}-${t.slice(11, 19).replaceAll(':', '')}`;
  const random = Array.from(randomBytes(6), (b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${prefix}-${stamp}-${random}`;
}

export const ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{1,50}$/;
