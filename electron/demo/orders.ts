/**
 * Orders of the demo API: checking a POST /orders body in the order the API
 * checks it (JSON, amount, currency, description, order_id, then the rest; the
 * first failing check is the error returned), the stored order, its status over time, and the JSON
 * views of it. Pure functions; the state lives in api.ts.
 *
 * Bodies are parsed with lossless-json, so numbers arrive as LosslessNumber and
 * "is this a JSON integer?" is answered from the literal itself.
 */
import { isIP } from 'node:net';
import { isLosslessNumber, LosslessNumber, parse } from 'lossless-json';
import { acceptsCurrency, ENABLED_CURRENCIES, findMethod, type DemoMethod } from './methods';

export const ORDER_TYPES = ['direct', 'redirect', 'paymentlink', 'checkout'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const DEFAULT_LINK_LIFETIME_MS = 30 * DAY;
const BANK_PAGE_EXPIRY_MS = 5 * DAY;

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

const isAbsent = (value: unknown) => value === undefined || value === null;

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
  checkIp(customer.forwarded_ip, 'customer.forwarded_ip');

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

/** An empty string counts as "not sent" (the seed pages send `forwarded_ip: ""`). */
function checkIp(value: unknown, field: string): void {
  if (isAbsent(value) || value === '') return;
  if (typeof value !== 'string' || isIP(value) === 0) reject(1007, `Invalid IP address in ${field}`);
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

// ---------------------------------------------------------------- lifecycle

/** The order's status from `at` on, until the next step. */
export interface Step {
  at: number;
  status: string;
  financial: string;
}

type Change = [afterMs: number, status: string, financial: string];

/** MultiSafepay's documented test IBANs: each ends in a fixed status a while after creation. */
const TEST_IBAN_SCRIPTS: ReadonlyMap<string, readonly Change[]> = new Map([
  ['NL87ABNA0000000001', [[2 * MINUTE, 'completed', 'completed']]],
  ['NL87ABNA0000000002', [[2 * MINUTE, 'declined', 'declined']]],
  ['NL87ABNA0000000003', [[2 * MINUTE, 'uncleared', 'uncleared'], [3 * MINUTE, 'completed', 'completed']]],
  ['NL87ABNA0000000004', [[2 * MINUTE, 'uncleared', 'uncleared'], [3 * MINUTE, 'declined', 'declined']]],
]);
const TEST_IBANS = new Set(TEST_IBAN_SCRIPTS.keys());

/** Any other mandate: checked and e-mandate generated after a day, collected after nine. */
const DIRECT_DEBIT_SCRIPT: readonly Change[] = [
  [DAY, 'uncleared', 'initialized'],
  [9 * DAY, 'completed', 'completed'],
];

/** Everything that will happen to an order if nobody acts, decided at creation. */
export function scheduleSteps(request: OrderRequest, createdAt: number, environment: 'test' | 'live'): Step[] {
  const changes: readonly Change[] = (() => {
    if (request.type !== 'direct') return [[request.lifetimeMs, 'expired', 'expired']];
    if (request.mandate) {
      const script = environment === 'test' ? TEST_IBAN_SCRIPTS.get(request.mandate.iban) : undefined;
      return script ?? DIRECT_DEBIT_SCRIPT;
    }
    return [[BANK_PAGE_EXPIRY_MS, 'expired', 'expired']];
  })();
  return [
    { at: createdAt, status: 'initialized', financial: 'initialized' },
    ...changes.map(([after, status, financial]) => ({ at: createdAt + after, status, financial })),
  ];
}

export interface DemoOrder {
  request: OrderRequest;
  transactionId: string;
  sessionId: string;
  paymentUrl: string;
  createdAt: number;
  steps: Step[];
}

/** The step in force at `now`: statuses are derived when read, never by timers. */
export function stepAt(order: DemoOrder, now: number): Step {
  let current = order.steps[0]!;
  for (const step of order.steps) if (step.at <= now) current = step;
  return current;
}

export const CUSTOMER_ACTIONS = {
  pay: { status: 'completed', financial: 'completed' },
  cancel: { status: 'void', financial: 'cancelled' },
  expire: { status: 'expired', financial: 'expired' },
} as const;
export type CustomerAction = keyof typeof CUSTOMER_ACTIONS;

/** A direct debit is collected by the bank; there is nothing for the customer to click. */
export const awaitsCustomer = (order: DemoOrder, now: number) =>
  order.request.mandate === null && stepAt(order, now).status === 'initialized';

/** The body of a cancel PATCH: status "cancelled" (required); exclude_order true or 1 (older docs). */
export function readCancel(text: string): { ok: true } | { ok: false; info: string } {
  let body: unknown;
  try {
    body = parse(text);
  } catch {
    return { ok: false, info: 'Invalid JSON' };
  }
  if (!isRecord(body) || body.status !== 'cancelled') return { ok: false, info: 'Invalid status: only "cancelled" is supported here' };
  const exclude = body.exclude_order;
  const flag = isLosslessNumber(exclude) ? exclude.value : exclude;
  if (!isAbsent(exclude) && flag !== true && flag !== '1' && flag !== false && flag !== '0') {
    return { ok: false, info: 'Invalid exclude_order' };
  }
  return { ok: true };
}

/**
 * Merchant cancel: possible while nobody has paid. For a direct debit, only until
 * the e-mandate went to the bank (financial status still initialized). The order
 * becomes `cancelled`; its financial status stays what it was (the API keeps the two apart).
 */
export function cancelOrder(order: DemoOrder, now: number): boolean {
  const step = stepAt(order, now);
  const open = order.request.mandate
    ? (step.status === 'initialized' || step.status === 'uncleared') && step.financial === 'initialized'
    : step.status === 'initialized';
  if (!open) return false;
  order.steps = [...order.steps.filter((s) => s.at <= now), { at: now, status: 'cancelled', financial: step.financial }];
  return true;
}

/** The customer's choice replaces whatever was still scheduled. False when it is too late. */
export function applyAction(order: DemoOrder, action: CustomerAction, now: number): boolean {
  if (!awaitsCustomer(order, now)) return false;
  order.steps = [...order.steps.filter((s) => s.at <= now), { at: now, ...CUSTOMER_ACTIONS[action] }];
  return true;
}

// ---------------------------------------------------------------- views

const AMSTERDAM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** API timestamps are Amsterdam local time without an offset, e.g. "2019-03-11T14:35:13". */
export function amsterdamTime(ms: number): string {
  const part: Record<string, string> = {};
  for (const p of AMSTERDAM.formatToParts(ms)) part[p.type] = p.value;
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}`;
}

/** Only the fields that were sent, with the input name `phone` shown as `phone1`. */
function customerView(customer: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(customer).map(([k, v]) => [k === 'phone' ? 'phone1' : k, v]));
}

/**
 * The order as GET /orders/{id} shows it (the fields the API returns). `transaction_id` is a
 * LosslessNumber so it serialises as a bare number literal.
 */
export function orderDetails(order: DemoOrder, now: number): Record<string, unknown> {
  const { request } = order;
  const step = stepAt(order, now);
  const iban = request.mandate ? maskIban(request.mandate.iban) : null;
  const holderName = request.mandate?.holderName ?? null;
  const gateway = request.method?.id ?? null;
  return {
    transaction_id: new LosslessNumber(order.transactionId),
    order_id: request.orderId,
    created: amsterdamTime(order.createdAt),
    modified: amsterdamTime(step.at),
    ...(step.status === 'completed' ? { completed: amsterdamTime(step.at) } : {}),
    currency: request.currency,
    amount: request.amount,
    amount_refunded: 0,
    description: request.description,
    items: request.items,
    status: step.status,
    financial_status: step.financial,
    reason: '',
    reason_code: '',
    fastcheckout: 'NO',
    customer: customerView(request.customer),
    payment_details: {
      type: gateway,
      account_id: iban,
      account_iban: iban,
      account_bic: request.mandate?.bic ?? null,
      account_holder_name: holderName,
      external_transaction_id: null,
      recurring_id: null,
      recurring_model: null,
      recurring_flow: null,
      issuer_id: null,
      response_code: null,
    },
    payment_methods: request.method
      ? [
          {
            type: request.method.id,
            payment_description: request.method.name,
            amount: request.amount,
            currency: request.currency,
            description: request.description,
            status: step.financial,
            external_transaction_id: null,
            ...(iban ? { account_iban: iban, account_holder_name: holderName } : {}),
          },
        ]
      : [],
    costs: [],
    related_transactions: null,
    var1: request.var1,
    var2: request.var2,
    var3: request.var3,
    custom_info: {
      custom_1: request.customInfo.custom_1 ?? null,
      custom_2: request.customInfo.custom_2 ?? null,
      custom_3: request.customInfo.custom_3 ?? null,
    },
  };
}

/** What POST /orders answers: the short link shape, or the whole order for direct. */
export function createdView(order: DemoOrder, now: number): Record<string, unknown> {
  if (order.request.type === 'direct') return { ...orderDetails(order, now), payment_url: order.paymentUrl };
  return { order_id: order.request.orderId, payment_url: order.paymentUrl, session_id: order.sessionId };
}
