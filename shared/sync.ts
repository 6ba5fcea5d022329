/**
 * History sync: importing the account's transactions (GET /transactions) into the local
 * history, per site profile, resumable. The renderer starts it, polls its status, may cancel.
 */
import { z } from './zod';

export const SYNC_SCHEDULES = ['off', 'hourly', 'daily'] as const;
export type SyncSchedule = (typeof SYNC_SCHEDULES)[number];

/** `from`: the first run's start date (YYYY-MM-DD, Amsterdam); later runs continue from the last one. */
export const SyncStartInput = z.strictObject({
  from: z.iso.date().optional(),
});
export const SyncScheduleInput = z.strictObject({ schedule: z.enum(SYNC_SCHEDULES) });

export type SyncPhase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface SyncStatus {
  profileId: string;
  phase: SyncPhase;
  /** Transactions stored in this run so far, and pages read. */
  imported: number;
  pages: number;
  /** Of those, orders the console had not created (marked "created elsewhere"). */
  elsewhere: number;
  /** The window of the current (or interrupted) run, ISO; null when none. */
  windowFrom: string | null;
  windowUntil: string | null;
  /** An interrupted run waits to be resumed (its cursor is kept). */
  resumable: boolean;
  /** Everything created before this is in the history (ISO), null before the first full run. */
  syncedUntil: string | null;
  lastSyncedAt: string | null;
  schedule: SyncSchedule;
  /** English, for logs; the UI words the phase. */
  problem: string | null;
}
