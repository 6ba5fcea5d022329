/** The payment_methods table: each profile's last GET /payment-methods answer, as received. */
import type { DB } from '../storage/db';

export function createMethodStore(db: DB) {
  const read = db.prepare<{ environment: string; profileId: string }, { response_body: string; fetched_at: number }>(
    'SELECT response_body, fetched_at FROM payment_methods WHERE environment = @environment AND profile_id = @profileId',
  );
  const write = db.prepare<{ environment: string; profileId: string; body: string | null; now: number }>(`
    INSERT INTO payment_methods (environment, profile_id, response_body, fetched_at)
    VALUES (@environment, @profileId, @body, @now)
    ON CONFLICT (environment, profile_id) DO UPDATE SET response_body = excluded.response_body, fetched_at = excluded.fetched_at`);
  return { read, write };
}
