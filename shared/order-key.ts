/**
 * The key of one order in the local history. MultiSafepay's order_id is unique
 * per site only, so the same id may exist in two profiles or environments: every
 * channel that names an order names it by all three, and main uses the order's
 * own profile (its key and base URL) whichever profile is active.
 */
import { z } from './zod';
import { ENVIRONMENTS } from './orders';

export const OrderKey = z.strictObject({
  environment: z.enum(ENVIRONMENTS),
  profileId: z.string().min(1).max(40),
  orderId: z.string().min(1).max(50).regex(/^[A-Za-z0-9_-]+$/),
});
export type OrderKey = z.output<typeof OrderKey>;

/** One string per order, for maps and DOM keys (order ids never contain `|`). */
export const orderKeyText = (key: OrderKey): string => `${key.environment}|${key.profileId}|${key.orderId}`;
