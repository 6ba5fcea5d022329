/**
 * The payment methods an account really has (GET /payment-methods: each with its
 * allowed amounts in eurocents and its currencies, an empty list meaning all),
 * as the forms offer them, and the amount/currency rules they bring.
 */
import type { Issue } from './result';

export interface PaymentMethod {
  /** Gateway ID, e.g. DIRDEB. */
  id: string;
  name: string;
  /** Minor units; `max: null` means no upper limit. */
  allowedAmount: { min: number; max: number | null };
  /** Empty means every currency / country. */
  currencies: string[];
  countries: string[];
}

export interface MethodsView {
  methods: PaymentMethod[];
  /** When the list was fetched from MultiSafepay (ISO), or null when it never was. */
  fetchedAt: string | null;
  /** The largest amount (minor units) one manual order may carry. */
  orderCap: number;
}

/** The method's own limits for this amount and currency, if it refuses them. */
export function methodIssue(method: PaymentMethod, amount: number, currency: string): Issue | null {
  if (method.currencies.length > 0 && !method.currencies.includes(currency)) {
    return { key: 'validation.currency.notForMethod', params: { method: method.name } };
  }
  if (amount < method.allowedAmount.min) {
    return { key: 'validation.amount.belowMethod', params: { min: method.allowedAmount.min, method: method.name } };
  }
  if (method.allowedAmount.max !== null && amount > method.allowedAmount.max) {
    return { key: 'validation.amount.aboveMethod', params: { max: method.allowedAmount.max, method: method.name } };
  }
  return null;
}

/** INGHOME was retired by MultiSafepay on this date; forms explain its absence. */
export const INGHOME_RETIRED = '2021-12-06';
