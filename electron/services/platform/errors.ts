import type { ErrorCode, Issue } from '@shared/result';

/**
 * Thrown inside services for an expected, classified failure. The gate turns it
 * into an `{ ok: false }` envelope; anything else thrown becomes INTERNAL.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, Issue>,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
