/**
 * Every schema version, oldest first, one file each; `db.ts` applies the ones a database
 * does not have yet (by PRAGMA user_version). Never edit a released version: add a file.
 * Versions only increase; a number may be skipped (branches reserve theirs), never reused.
 */
import type { Migration } from './migration';
import { migration as v1 } from './0001-orders';
import { migration as v2 } from './0002-order-entry';
import { migration as v3 } from './0003-accounts';
import { migration as v4 } from './0004-history';
import { migration as v5 } from './0005-needs-review';
import { migration as v6 } from './0006-audit-chain';
import { migration as v7 } from './0007-tracking';
import { migration as v8 } from './0008-refunds-sync';
import { migration as v9 } from './0009-history-speed';
import { migration as v10 } from './0010-fts-backfill';

export type { Migration } from './migration';

export const MIGRATIONS: readonly Migration[] = [v1, v2, v3, v4, v5, v6, v7, v8, v9, v10];
