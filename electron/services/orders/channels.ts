/** Order entry's slice of the handler table: orders, payment methods, drafts. */
import type { LiveGuard } from '../accounts/live-guard';
import type { ServiceTable } from '../platform/gate';
import { forward } from '../platform/forward';
import { maskIbansIn } from '../storage/personal-data';
import type { DraftStore } from './drafts';
import type { MethodService } from './methods';
import type { OrderCancel } from './order-cancel';
import type { OrderService, SendGuard } from './order-service';
import type { createPrecheck } from './precheck';
import type { RefundService } from './refunds';

type Slice = Pick<
  ServiceTable,
  | `orders.${'create' | 'createRaw' | 'precheck' | 'get' | 'refresh' | 'resend' | 'recreate' | 'cancel'}`
  | `methods.${'list' | 'refresh'}`
  | `drafts.${'get' | 'save' | 'clear'}`
  | `refunds.${'list' | 'create' | 'cancel' | 'refresh'}`
>;

export function orderChannels(deps: {
  orders: OrderService;
  cancels: OrderCancel;
  precheck: ReturnType<typeof createPrecheck>;
  methods: MethodService;
  drafts: DraftStore;
  liveGuard: LiveGuard;
  refunds: RefundService;
}): Slice {
  const { orders, cancels } = deps;
  // The first live order of a session is confirmed in main's native dialog: after validation, before anything is written or sent.
  const guard: SendGuard = (facts, profile, action) => deps.liveGuard.check(facts, profile, action);
  const mask = (body: string | null) => (body === null ? null : maskIbansIn(body));
  return {
    'orders.create': (input) => orders.create(input, guard),
    'orders.createRaw': ({ body }) => orders.createRaw(body, guard),
    'orders.resend': (key) => orders.resend(key, guard),
    'orders.recreate': (key) => cancels.recreate(key, guard),
    'orders.precheck': (input) => deps.precheck(input),
    ...forward('orders', orders, ['refresh']),
    ...forward('orders', cancels, ['cancel']),
    // Raw bodies keep every byte except full IBANs: seeing one is a reveal, which is audited.
    'orders.get': (key) => {
      const detail = orders.detail(key);
      return { ...detail, exchanges: detail.exchanges.map((e) => ({ ...e, requestBody: mask(e.requestBody), responseBody: mask(e.responseBody) })) };
    },
    ...forward('methods', deps.methods, ['list', 'refresh']),
    ...forward('drafts', deps.drafts, ['get', 'clear']),
    'drafts.save': ({ fields }) => deps.drafts.save(fields),
    ...forward('refunds', deps.refunds, ['list', 'create', 'cancel', 'refresh']),
  };
}
