/**
 * The payment methods activated on the demo website: the source for
 * GET /payment-methods, GET /gateways and the gateway checks of POST /orders.
 */

/** Currencies enabled on the demo account (the 1002 check when no gateway narrows them). */
export const ENABLED_CURRENCIES: readonly string[] = [
  'EUR', 'GBP', 'USD', 'CHF', 'DKK', 'NOK', 'SEK', 'PLN', 'CZK',
];

/** Where a direct order sends the customer: a fake bank, or nowhere (the bank collects). */
export type DirectFlow = 'bank_page' | 'direct_debit';

export interface DemoMethod {
  id: string;
  name: string;
  /** Empty means every enabled currency. */
  currencies: readonly string[];
  /** Empty means every country. */
  countries: readonly string[];
  preferredCountries: readonly string[];
  minAmount: number;
  maxAmount: number | null;
  /** How `type: "direct"` works for this method; null when only redirect is supported. */
  direct: DirectFlow | null;
  /** Retired methods, offered only while legacy mode is on. */
  legacy: boolean;
}

/** Defaults: EUR only, every country, from 1 cent, no maximum, redirect only. */
function method(id: string, name: string, details: Partial<DemoMethod> = {}): DemoMethod {
  return {
    id,
    name,
    currencies: ['EUR'],
    countries: [],
    preferredCountries: [],
    minAmount: 1,
    maxAmount: null,
    direct: null,
    legacy: false,
    ...details,
  };
}

const BELGIUM = { countries: ['BE'], preferredCountries: ['BE'] };

const METHODS: readonly DemoMethod[] = [
  method('IDEAL', 'iDEAL', { preferredCountries: ['NL'], maxAmount: 5_000_000 }),
  method('BANKTRANS', 'Bank transfer', { currencies: [] }),
  method('DIRDEB', 'SEPA Direct Debit', { minAmount: 100, maxAmount: 1_000_000, direct: 'direct_debit' }),
  method('KBC', 'KBC', { ...BELGIUM, direct: 'bank_page' }),
  method('CBC', 'CBC', { ...BELGIUM, direct: 'bank_page' }),
  // Bancontact's gateway id is MISTERCASH in every published enum (there is no BANCONTACT id).
  method('MISTERCASH', 'Bancontact', BELGIUM),
  // Retired 2021-12-06; only the legacy mode still offers it.
  method('INGHOME', "ING Home'Pay", { ...BELGIUM, direct: 'bank_page', legacy: true }),
];

/** The methods on offer right now. */
export function activeMethods(legacyIngHomePay: boolean): DemoMethod[] {
  return METHODS.filter((m) => !m.legacy || legacyIngHomePay);
}

/** An offered method by gateway ID (case-insensitive, like the real API). */
export function findMethod(id: string, legacyIngHomePay: boolean): DemoMethod | undefined {
  const wanted = id.toUpperCase();
  return activeMethods(legacyIngHomePay).find((m) => m.id === wanted);
}

export function acceptsCurrency(method: DemoMethod, currency: string): boolean {
  if (!ENABLED_CURRENCIES.includes(currency)) return false;
  return method.currencies.length === 0 || method.currencies.includes(currency);
}

export interface MethodFilter {
  amount?: number;
  currency?: string;
  country?: string;
}

/** Read the optional list filters; malformed values are ignored rather than rejected. */
export function methodFilter(params: URLSearchParams): MethodFilter {
  const filter: MethodFilter = {};
  const amount = params.get('amount');
  if (amount !== null && /^\d{1,15}$/.test(amount)) filter.amount = Number(amount);
  const currency = params.get('currency');
  if (currency) filter.currency = currency.toUpperCase();
  const country = params.get('country');
  if (country) filter.country = country.toUpperCase();
  return filter;
}

export function matchesFilter(method: DemoMethod, filter: MethodFilter): boolean {
  if (filter.amount !== undefined) {
    if (filter.amount < method.minAmount) return false;
    if (method.maxAmount !== null && filter.amount > method.maxAmount) return false;
  }
  if (filter.currency !== undefined && !acceptsCurrency(method, filter.currency)) return false;
  if (filter.country !== undefined && method.countries.length > 0 && !method.countries.includes(filter.country)) {
    return false;
  }
  return true;
}

/** One item of GET /payment-methods (schemas/PaymentMethod.yaml). */
export function paymentMethodItem(method: DemoMethod): Record<string, unknown> {
  const icon = method.id.toLowerCase();
  return {
    additional_data: {},
    allowed_amount: { min: method.minAmount, max: method.maxAmount },
    allowed_countries: [...method.countries],
    allowed_currencies: method.currencies.length > 0 ? [...method.currencies] : [...ENABLED_CURRENCIES],
    apps: {
      fastcheckout: { is_enabled: false },
      payment_components: { has_fields: false, is_enabled: false },
    },
    brands: [],
    icon_urls: {
      large: `https://media.multisafepay.com/img/methods/3x/${icon}.png`,
      medium: `https://media.multisafepay.com/img/methods/2x/${icon}.png`,
      vector: `https://media.multisafepay.com/img/methods/svg/${icon}.svg`,
    },
    id: method.id,
    name: method.name,
    preferred_countries: [...method.preferredCountries],
    required_customer_data: [],
    shopping_cart_required: false,
    tokenization: { is_enabled: false, models: null },
    type: 'payment-method',
  };
}

/** One item of GET /gateways. */
export function gatewayItem(method: DemoMethod): { id: string; description: string } {
  return { id: method.id, description: method.name };
}
