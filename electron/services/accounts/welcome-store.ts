/** What the first-run welcome asks the history: are there orders at all, is there one made in Demo. */
import type { DB } from '../storage/db';

export function createWelcomeStore(db: DB) {
  const anyOrder = db.prepare<[], { any: number }>('SELECT EXISTS (SELECT 1 FROM orders) AS any');
  const anyDemoOrder = db.prepare<[], { any: number }>("SELECT EXISTS (SELECT 1 FROM orders WHERE environment = 'demo') AS any");
  return {
    anyOrder: (): boolean => anyOrder.get()?.any === 1,
    anyDemoOrder: (): boolean => anyDemoOrder.get()?.any === 1,
  };
}
export type WelcomeStore = ReturnType<typeof createWelcomeStore>;
