/**
 * The audit log: who did what, recorded for every order action (create, cancel,
 * resend, recreate, refund, export, key and profile changes, reveals).
 * The accounts work makes this an append-only, hash-chained table; services only
 * ever see this interface.
 */
import type { Environment } from '@shared/orders';

export interface AuditEntry {
  /** e.g. 'order.create', 'order.cancel', 'profile.update', 'iban.reveal' */
  action: string;
  orderId?: string;
  /** The profile the action concerns, when not the active one (an order of another profile). */
  profile?: { id: string; environment: Environment };
  /** Small, already-masked facts (never a key, never a full IBAN). */
  details?: Record<string, string | number | boolean | null>;
}

export interface AuditLog {
  /** Never throws: for actions that already happened. */
  record(entry: AuditEntry): void;
  /** Throws when the row cannot be written: for anything (a full IBAN) that must not happen unaudited. */
  append(entry: AuditEntry): unknown;
}
