/**
 * The audit log: who did what, recorded for every order action (create, cancel,
 * resend, recreate, refund, export, key and profile changes, reveals).
 * The accounts work makes this an append-only, hash-chained table; services only
 * ever see this interface.
 */
export interface AuditEntry {
  /** e.g. 'order.create', 'order.cancel', 'profile.update', 'iban.reveal' */
  action: string;
  orderId?: string;
  /** Small, already-masked facts (never a key, never a full IBAN). */
  details?: Record<string, string | number | boolean | null>;
}

export interface AuditLog {
  record(entry: AuditEntry): void;
}
