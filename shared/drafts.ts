/**
 * What staff have typed into the order form, as typed (strings only), so a
 * crash or restart loses nothing. Kept by main in a table of its own, one per
 * site profile, and deleted when the order is submitted.
 */
import { z } from './zod';

export const DRAFT_FIELDS = [
  'flow', 'mode', 'gateway',
  'amountText', 'currency', 'description',
  'lifetimeValue', 'lifetimeUnit',
  'firstName', 'lastName', 'email', 'locale', 'country', 'ipAddress',
  'redirectUrl', 'cancelUrl',
  'iban', 'holderName', 'holderCity', 'holderCountry', 'bic', 'emandate',
  'var1', 'var2', 'var3',
  'advanced', 'rawBody',
] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];
export type DraftFields = Partial<Record<DraftField, string>>;

export const DraftInput = z.strictObject({
  fields: z.partialRecord(z.enum(DRAFT_FIELDS), z.string().max(40_000)),
});

export interface Draft {
  fields: DraftFields;
  savedAt: string;
}
