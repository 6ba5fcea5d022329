/**
 * Drafts: what staff have typed into the order form, kept by main per site
 * profile (not as order rows), so a crash or restart loses nothing. The form
 * saves as it goes; submitting an order deletes the draft.
 */
import type { Draft, DraftFields } from '@shared/drafts';
import type { Clock } from '../platform/clock';
import type { DB } from '../storage/db';
import type { Profile } from '../accounts/active-profile';
import type { AuditLog } from '../accounts/audit';

export function createDraftStore(deps: { db: DB; profile: () => Profile; clock: Clock; audit: AuditLog }) {
  const { db, clock } = deps;
  const read = db.prepare<{ environment: string; profileId: string }, { fields: string; saved_at: number }>(
    'SELECT fields, saved_at FROM drafts WHERE environment = @environment AND profile_id = @profileId',
  );
  const write = db.prepare(`
    INSERT INTO drafts (environment, profile_id, fields, saved_at) VALUES (@environment, @profileId, @fields, @now)
    ON CONFLICT (environment, profile_id) DO UPDATE SET fields = excluded.fields, saved_at = excluded.saved_at`);
  const remove = db.prepare('DELETE FROM drafts WHERE environment = @environment AND profile_id = @profileId');

  const where = () => {
    const profile = deps.profile();
    return { environment: profile.environment, profileId: profile.id };
  };

  return {
    get(): { draft: Draft | null } {
      const row = read.get(where());
      if (!row) return { draft: null };
      let fields: DraftFields;
      try {
        fields = JSON.parse(row.fields) as DraftFields;
      } catch {
        return { draft: null };
      }
      // A full IBAN goes back to the window only with its audit row written first (no row: an error, no IBAN).
      const iban = typeof fields.iban === 'string' ? fields.iban.replace(/\s+/g, '') : '';
      if (iban) deps.audit.append({ action: 'draft.iban', details: { last4: iban.slice(-4) } });
      return { draft: { fields, savedAt: new Date(row.saved_at).toISOString() } };
    },
    save(fields: DraftFields): { savedAt: string } {
      const now = clock.now();
      // Nothing typed is nothing to keep.
      if (Object.values(fields).every((v) => v === undefined || v === '')) remove.run(where());
      else write.run({ ...where(), fields: JSON.stringify(fields), now });
      return { savedAt: new Date(now).toISOString() };
    },
    clear(): { cleared: boolean } {
      return { cleared: remove.run(where()).changes > 0 };
    },
  };
}
export type DraftStore = ReturnType<typeof createDraftStore>;
