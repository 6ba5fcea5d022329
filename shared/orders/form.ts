/**
 * The order-entry flows as staff fill them in: one strict zod schema per form
 * (camelCase, amounts in minor units), joined into `OrderInput`. The form runs it
 * as you type and the gate runs it again in main, as the `orders.create` input;
 * the other order-entry inputs of the contract live here too.
 */
import { z } from '@shared/zod';
import {
  checkCity,
  checkCountry,
  checkEmail,
  checkHolderName,
  checkIp,
  checkLocale,
  checkMandateReference,
  checkPersonName,
  checkReturnUrl,
  checkVar,
} from '@shared/customer';
import { CURRENCIES } from '@shared/money';
import { AmountMinor, Bic, Description, Gateway, Iban, LIFETIME_LIMITS, eurOnly, optional, ruled } from './fields';

/** Gateways a direct order can be made for from a form. */
export const BANK_DIRECT_GATEWAYS = ['KBC', 'CBC', 'INGHOME'] as const;

export const CustomerInput = z.strictObject({
  firstName: optional(checkPersonName),
  lastName: optional(checkPersonName),
  email: optional(checkEmail),
  locale: optional(checkLocale),
  country: optional(checkCountry),
  ipAddress: optional(checkIp),
});
export type CustomerInput = z.input<typeof CustomerInput>;

export const MandateInput = z.strictObject({
  iban: Iban,
  holderName: ruled(checkHolderName),
  holderCity: optional(checkCity),
  holderCountry: optional(checkCountry),
  bic: Bic,
  emandate: ruled(checkMandateReference),
});
export type MandateInput = z.input<typeof MandateInput>;

export const Lifetime = z
  .strictObject({ unit: z.enum(['days', 'seconds']), value: z.number().int() })
  .superRefine((lifetime, ctx) => {
    const max = LIFETIME_LIMITS[lifetime.unit];
    if (lifetime.value < 1 || lifetime.value > max) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `validation.lifetime.${lifetime.unit}`, params: { max } });
    }
  });

const common = {
  amount: AmountMinor,
  currency: z.enum(CURRENCIES),
  description: Description,
  customer: CustomerInput.optional(),
  var1: optional(checkVar),
  var2: optional(checkVar),
  var3: optional(checkVar),
};
const returnUrls = {
  redirectUrl: optional(checkReturnUrl),
  cancelUrl: optional(checkReturnUrl),
};

/** A payment link: any method on the payment page, or one chosen; a lifetime in days or seconds. */
export const PaymentLinkInput = z
  .strictObject({ type: z.literal('paymentlink'), ...common, gateway: Gateway.optional(), lifetime: Lifetime.optional() })
  .superRefine(eurOnly);
export type PaymentLinkInput = z.input<typeof PaymentLinkInput>;

/** A redirect order: the payment page, or one chosen method's page. */
export const RedirectInput = z
  .strictObject({ type: z.literal('redirect'), ...common, gateway: Gateway.optional(), ...returnUrls })
  .superRefine(eurOnly);
export type RedirectInput = z.input<typeof RedirectInput>;

/** SEPA Direct Debit, direct: the bank collects from the IBAN staff typed. */
export const DirectDebitInput = z
  .strictObject({ type: z.literal('direct'), gateway: z.literal('DIRDEB'), ...common, mandate: MandateInput, ...returnUrls })
  .superRefine(eurOnly);
export type DirectDebitInput = z.input<typeof DirectDebitInput>;

/** KBC, CBC or (legacy) ING Home'Pay, direct: the customer is sent straight to the bank. */
export const BankDirectInput = z
  .strictObject({ type: z.literal('direct'), gateway: z.enum(BANK_DIRECT_GATEWAYS), ...common, ...returnUrls })
  .superRefine(eurOnly);
export type BankDirectInput = z.input<typeof BankDirectInput>;

/** `orders.create`: every form flow, told apart by `type` (and, for direct, by `gateway`). */
export const OrderInput = z.discriminatedUnion('type', [
  PaymentLinkInput,
  RedirectInput,
  z.discriminatedUnion('gateway', [DirectDebitInput, BankDirectInput]),
]);
export type OrderInput = z.input<typeof OrderInput>;
export type ParsedOrderInput = z.output<typeof OrderInput>;

/** `orders.createRaw`: the longest request body the advanced editor may send (characters). */
export const RAW_BODY_MAX = 32_000;

/** `orders.precheck`: the facts a duplicate warning is looked up by (main normalises them). */
export const PrecheckInput = z.strictObject({
  amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  currency: z.enum(CURRENCIES),
  gateway: z.string().max(40).optional(),
  iban: z.string().max(100).optional(),
  email: z.string().max(300).optional(),
});
export type PrecheckInput = z.input<typeof PrecheckInput>;
