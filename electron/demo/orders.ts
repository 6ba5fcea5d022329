/**
 * Orders of the demo API, as they arrive: checking a POST /orders body in the order the API
 * checks it (JSON, amount, currency, description, order_id, then the rest; the
 * first failing check is the error returned), the stored order, its status over time, and the JSON
 * views of it. Pure functions; the state lives in api.ts.
 *
 * Bodies are parsed with lossless-json, so numbers arrive as LosslessNumber and
 * "is this a JSON integer?" is answered from the literal itself.
 */
import { isIP } from 'node:net';
import { isLosslessNumber, parse } from 'lossless-json';
import { acceptsCurrency, ENABLED_CURRENCIES, findMethod, type DemoMethod } from './methods';

export const ORDER_TYPES = ['direct', 'redirect', 'paymentlink', 'checkout'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
const DEFAULT_LINK_LIFETIME_MS = 30 * DAY;
export const BANK_PAGE_EXPIRY_MS = 5 * DAY;

export interface OrderRequest {
  type: OrderType;
  orderId: string;
  amount: number;
  currency: string;
  description: string;
  method: DemoMethod | null;
  var1: string | null;
  var2: string | null;
  var3: string | null;
  /** The customer object as sent (values untouched, so numbers echo as sent). */
  customer: Record<string, unknown>;
  customInfo: Record<string, unknown>;
  items: unknown;
  /** DIRDEB direct only. */
  mandate: { iban: string; holderName: string; bic: string | null } | null;
  redirectUrl: string | null;
  cancelUrl: string | null;
  /** Payment link lifetime; seconds_active wins over days_active. */
  lifetimeMs: number;
}

export type Checked = { ok: true; request: OrderRequest } | { ok: false; code: number; info: string };

export interface CheckContext {
  legacyIngHomePay: boolean;
  /** The four documented test IBANs are accepted (and scripted) only on test. */
  environment: 'test' | 'live';
  orderIdTaken(orderId: string): boolean;
}

class Rejection extends Error {
  constructor(
    readonly code: number,
    readonly info: string,
  ) {
    super(info);
  }
}

function reject(code: number, info: string): never {
  throw new Rejection(code, info);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}

export const isAbsent = (value: unknown) => value === undefined || value === null;

/** A JSON integer literal (no fraction, no exponent) that fits a JS number. */
function jsonInteger(value: unknown): number | null {
  if (!isLosslessNumber(value) || !/^-?\d+$/.test(value.value)) return null;
  const n = Number(value.value);
  return Number.isSafeInteger(n) ? n : null;
}

function optionalObject(body: Record<string, unknown>, field: string): Record<string, unknown> {
  const value = body[field];
  if (isAbsent(value)) return {};
  return isRecord(value) ? value : reject(1016, `Invalid ${field}`);
}

/** Check a POST /orders body; the first failing check decides the error code. */
export function checkOrder(text: string, context: CheckContext): Checked {
  try {
    return { ok: true, request: readOrder(text, context) };
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, code: error.code, info: error.info };
    throw error;
  }
}

function readOrder(text: string, context: CheckContext): OrderRequest {
  let body: unknown;
  try {
    body = parse(text);
  } catch {
    return reject(1016, 'Invalid JSON');
  }
  if (!isRecord(body)) return reject(1016, 'Missing required data');

  const amount = jsonInteger(body.amount);
  if (amount === null || amount < 1) reject(1001, 'Invalid amount');

  const method = typeof body.gateway === 'string' ? findMethod(body.gateway, context.legacyIngHomePay) : undefined;
  const currency = body.currency;
  if (typeof currency !== 'string' || !ENABLED_CURRENCIES.includes(currency)) reject(1002, 'Invalid currency');
  if (method && !acceptsCurrency(method, currency)) reject(1002, `Currency not supported by ${method.id}`);

  const description = body.description;
  if (typeof description !== 'string' || description.trim() === '' || description.length > 200) {
    reject(1008, 'Invalid description');
  }

  const orderId = body.order_id;
  if (typeof orderId !== 'string' || orderId.length < 1 || orderId.length > 50) reject(1006, 'Invalid order ID');
  if (context.orderIdTaken(orderId)) reject(1006, 'Invalid order ID: already used for this website');

  const vars = (['var1', 'var2', 'var3'] as const).map((field) => {
    const value = body[field];
    if (isAbsent(value)) return null;
    return typeof value === 'string' && value.length <= 100 ? value : reject(1010, `Invalid ${field}`);
  });

  const customer = optionalObject(body, 'customer');
  const gatewayInfo = optionalObject(body, 'gateway_info');
  checkCountry(customer.country, 'customer.country');
  checkCountry(gatewayInfo.account_holder_country, 'gateway_info.account_holder_country');
  checkIp(customer.ip_address, 'customer.ip_address');
  checkIp(customer.forwarded_ip, 'customer.forwarded_ip', 4);

  const type = readType(body.type);
  if (!isAbsent(body.gateway) && !method) reject(1023, 'Invalid gateway');
  if (type === 'direct' && !method) reject(1023, 'A direct order needs a gateway');
  if (type === 'direct' && method?.direct === null) reject(1023, `${method.id} does not support direct orders`);

  const mandate = type === 'direct' && method?.direct === 'direct_debit' ? readMandate(gatewayInfo, context) : null;

  const paymentOptions = optionalObject(body, 'payment_options');
  checkNotificationUrl(paymentOptions.notification_url);
  const lifetimeMs = readLifetime(body);
  const customInfo = optionalObject(body, 'custom_info');

  return {
    type,
    orderId,
    amount,
    currency,
    description,
    method: method ?? null,
    var1: vars[0] ?? null,
    var2: vars[1] ?? null,
    var3: vars[2] ?? null,
    customer,
    customInfo,
    items: body.items ?? null,
    mandate,
    redirectUrl: typeof paymentOptions.redirect_url === 'string' ? paymentOptions.redirect_url : null,
    cancelUrl: typeof paymentOptions.cancel_url === 'string' ? paymentOptions.cancel_url : null,
    lifetimeMs,
  };
}

function readType(value: unknown): OrderType {
  if (isAbsent(value)) return 'redirect';
  return ORDER_TYPES.find((t) => t === value) ?? reject(1016, 'Invalid type');
}

/** ISO 3166-1 alpha-2, officially assigned codes. */
const COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
    'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE ' +
    'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM ' +
    'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC ' +
    'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
    'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO ' +
    'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

function checkCountry(value: unknown, field: string): void {
  if (isAbsent(value)) return;
  if (typeof value !== 'string' || !COUNTRIES.has(value)) reject(1018, `Invalid country code in ${field}`);
}

/**
 * An empty string counts as "not sent" (the seed pages send `forwarded_ip: ""`). The Customer
 * schema allows IPv4 or IPv6 for ip_address and IPv4 only for forwarded_ip.
 */
function checkIp(value: unknown, field: string, only?: 4): void {
  if (isAbsent(value) || value === '') return;
  const version = typeof value === 'string' ? isIP(value) : 0;
  if (version === 0 || (only !== undefined && version !== only)) reject(1007, `Invalid IP address in ${field}`);
}

function readMandate(info: Record<string, unknown>, context: CheckContext): NonNullable<OrderRequest['mandate']> {
  const required = (field: string): string => {
    const value = info[field];
    if (typeof value === 'string' && value.trim() !== '') return value;
    return reject(1016, `Missing required data: gateway_info.${field}`);
  };
  required('account_id');
  const holderName = required('account_holder_name');
  const iban = normalizeIban(required('account_holder_iban'));
  required('emandate');
  const isTestIban = context.environment === 'test' && TEST_IBANS.has(iban);
  if (!isTestIban && !isValidIban(iban)) reject(1016, 'Invalid IBAN in gateway_info.account_holder_iban');
  const bic = info.account_holder_bic;
  return { iban, holderName, bic: typeof bic === 'string' ? bic : null };
}

function checkNotificationUrl(value: unknown): void {
  if (isAbsent(value)) return;
  const https = typeof value === 'string' && value.length <= 150 && URL.parse(value)?.protocol === 'https:';
  if (!https) reject(1016, 'Invalid payment_options.notification_url: https, at most 150 characters');
}

function readLifetime(body: Record<string, unknown>): number {
  const seconds = body.seconds_active;
  const days = body.days_active;
  if (!isAbsent(seconds)) {
    const n = jsonInteger(seconds);
    if (n === null || n < 1 || n > 31_536_000) reject(1016, 'Invalid seconds_active');
    return n * 1000;
  }
  if (!isAbsent(days)) {
    const n = jsonInteger(days);
    if (n === null || n < 1 || n > 365) reject(1016, 'Invalid days_active');
    return n * DAY;
  }
  return DEFAULT_LINK_LIFETIME_MS;
}

// ---------------------------------------------------------------- IBANs

export const normalizeIban = (iban: string) => iban.replace(/\s+/g, '').toUpperCase();

export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  return remainder === 1;
}

/** Responses show only the last four characters, like a site that does not unmask IBANs. */
export const maskIban = (iban: string) => `*** ${iban.slice(-4)}`;

export type Change = [afterMs: number, status: string, financial: string];

/** MultiSafepay's documented test IBANs: each ends in a fixed status a while after creation. */
export const TEST_IBAN_SCRIPTS: ReadonlyMap<string, readonly Change[]> = new Map([
  ['NL87ABNA0000000001', [[2 * MINUTE, 'completed', 'completed']]],
  ['NL87ABNA0000000002', [[2 * MINUTE, 'declined', 'declined']]],
  ['NL87ABNA0000000003', [[2 * MINUTE, 'uncleared', 'uncleared'], [3 * MINUTE, 'completed', 'completed']]],
  ['NL87ABNA0000000004', [[2 * MINUTE, 'uncleared', 'uncleared'], [3 * MINUTE, 'declined', 'declined']]],
]);
export const TEST_IBANS = new Set(TEST_IBAN_SCRIPTS.keys());
