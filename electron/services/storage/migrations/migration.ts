import type { DB } from '../db';

/** One schema version: `up` brings a database at the previous version to this one (run inside the upgrade transaction). */
export interface Migration {
  version: number;
  up(db: DB): void;
}
