/**
 * The order-entry form's state and rules, shared by the entry view and its field groups
 * (provided by the view, injected by the groups). The amount is parsed once, by `evaluate`;
 * the draft and its autosave are the entry store's.
 */
import { computed, inject, nextTick, provide, reactive, ref, watch } from 'vue';
import type { InjectionKey, Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useFormatLocale } from '../../lib/format';
import { readRawBody } from '@shared/orders/body';
import type { PrecheckInput } from '@shared/orders/form';
import { formatIban } from '@shared/iban';
import { formatMoney } from '@shared/money';
import type { DuplicateWarning } from '@shared/orders';
import type { Issue } from '@shared/result';
import {
  FIELD_ORDER,
  FLOW_KEYS,
  bodyTextOf,
  evaluate,
  fieldOfPath,
  gatewayOf,
  isEurOnly,
  needsMandate,
  typeOf,
} from '../../lib/entry-form';
import type { EntryDraft, FieldId } from '../../lib/entry-form';
import { liveDecision, useMessages } from '../../lib/issues';
import { useAppStore } from '../../stores/app';
import { useEntryStore } from '../../stores/entry';
import { useMethodsStore } from '../../stores/methods';

/** Problems worth showing while typing, before the field is left. */
const SHOW_AT_ONCE = new Set([
  'validation.text.cardNumber',
  'validation.text.control',
  'validation.text.invisible',
  'validation.text.illFormed',
  'validation.text.html',
  'validation.url.characters',
  'validation.description.tooLong',
  'validation.iban.nonAscii',
  'validation.iban.tooLong',
  'validation.iban.characters',
  'validation.var.tooLong',
  'validation.email.control',
]);
/** The draft key each field edits (for dropping main's message once the field changes). */
const DRAFT_KEY: Record<FieldId, keyof EntryDraft> = {
  amount: 'amountText',
  currency: 'currency',
  description: 'description',
  gateway: 'gateway',
  lifetime: 'lifetimeValue',
  firstName: 'firstName',
  lastName: 'lastName',
  email: 'email',
  locale: 'locale',
  country: 'country',
  ipAddress: 'ipAddress',
  redirectUrl: 'redirectUrl',
  cancelUrl: 'cancelUrl',
  iban: 'iban',
  holderName: 'holderName',
  holderCity: 'holderCity',
  holderCountry: 'holderCountry',
  bic: 'bic',
  emandate: 'emandate',
  var1: 'var1',
  var2: 'var2',
  var3: 'var3',
};
/** A method's limits arrive in minor units: shown as money. */
const MONEY_PARAMS: Record<string, 'min' | 'max'> = {
  'validation.amount.belowMethod': 'min',
  'validation.amount.aboveMethod': 'max',
};

function createEntryForm(form: Ref<HTMLFormElement | null>) {
  const { t } = useI18n();
  const formatLocale = useFormatLocale();
  const app = useAppStore();
  const entry = useEntryStore();
  const methods = useMethodsStore();
  const { issueText, errorText } = useMessages();

  const touched = reactive<Partial<Record<FieldId, boolean>>>({});
  const submitted = ref(false);
  /** Main's VALIDATION answer by field, and what the form held then: a message goes once its field changes. */
  const serverFields = ref<Record<string, Issue>>({});
  const serverDraft = ref<EntryDraft | null>(null);
  /** Warnings to confirm before the order goes out. */
  const pending = ref<{ duplicates: DuplicateWarning[]; checks: Issue[] } | null>(null);

  const draft = computed(() => entry.draft);
  const sending = computed(() => entry.status === 'sending');
  const advanced = computed(() => draft.value.advanced === '1');
  const flowKey = computed(() => FLOW_KEYS[draft.value.flow]);
  const evaluation = computed(() =>
    evaluate(draft.value, { locale: formatLocale.value, environment: app.environment, methods: methods.methods, orderCap: methods.orderCap }),
  );
  const currency = computed(() => (isEurOnly(draft.value) ? 'EUR' : draft.value.currency));

  // ---- what is shown under each field
  const amountPreview = computed(() => {
    const minor = evaluation.value.amount;
    return minor === null ? null : formatMoney(minor, currency.value, formatLocale.value);
  });
  const ibanPreview = computed(() => {
    const compact = draft.value.iban.replace(/\s+/g, '').toUpperCase();
    return evaluation.value.issues.iban || compact.length < 5 ? null : formatIban(compact);
  });

  function issueOf(field: FieldId): Issue | null {
    const issue = evaluation.value.issues[field] ?? null;
    if (issue && (touched[field] || submitted.value || SHOW_AT_ONCE.has(issue.key))) return issue;
    const server = serverFields.value[field];
    const key = DRAFT_KEY[field];
    return server && serverDraft.value && serverDraft.value[key] === draft.value[key] ? server : null;
  }
  function errorOf(field: FieldId): string | null {
    const issue = issueOf(field);
    if (!issue) return null;
    const money = MONEY_PARAMS[issue.key];
    const value = money ? Number(issue.params?.[money]) : NaN;
    const params =
      money && Number.isSafeInteger(value) ? { ...issue.params, [money]: formatMoney(value, currency.value, formatLocale.value) } : issue.params;
    return issueText(params ? { key: issue.key, params } : issue, currency.value);
  }
  function warningOf(field: FieldId): string | null {
    const warning = evaluation.value.warnings[field];
    return warning ? issueText(warning) : null;
  }
  function touch(field: FieldId): void {
    touched[field] = true;
  }

  /** Errors that belong to no field: the error code in words, plus any stray field issues. */
  const alertLines = computed<string[]>(() => {
    const error = entry.error;
    if (!error) return [];
    const lines = [errorText(error)];
    // A declined live order has nothing wrong with its fields: errorText already said what happened.
    if (!advanced.value && !liveDecision(error)) {
      for (const [field, issue] of Object.entries(error.fields ?? {})) {
        if (!fieldOfPath(field)) lines.push(issueText(issue, currency.value));
      }
    }
    return lines;
  });

  // ---- keeping things in step
  watch(
    () => draft.value.flow,
    (flow, before) => {
      if (flow !== 'paymentlink') void methods.ensure();
      // KBC/CBC keeps its bank in `gateway`; other forms start from "any method".
      if (before !== undefined && (flow === 'kbc-cbc') !== (before === 'kbc-cbc')) entry.draft.gateway = flow === 'kbc-cbc' ? 'KBC' : '';
      if (isEurOnly(draft.value)) entry.draft.currency = 'EUR';
    },
  );
  // A changed form outdates the warnings it was checked with (the store saves the draft).
  watch(draft, () => (pending.value = null), { deep: true });

  function focusId(id: string): void {
    form.value?.querySelector<HTMLElement>(`#${id}`)?.focus();
  }
  const startField = () => (advanced.value ? 'raw-body' : 'amount');

  async function focusFirstError(): Promise<void> {
    await nextTick();
    if (advanced.value) return focusId('raw-body');
    const first = FIELD_ORDER.find((f) => errorOf(f) && form.value?.querySelector(`#${f}`));
    if (first) focusId(first);
    else form.value?.querySelector<HTMLElement>('[role="alert"]')?.focus();
  }

  function toggleAdvanced(): void {
    if (!advanced.value) {
      const body = bodyTextOf(evaluation.value.input);
      if (body || !draft.value.rawBody) {
        entry.draft.rawBody =
          body || JSON.stringify({ type: typeOf(draft.value), currency: currency.value, amount: 1000, description: '' }, null, 2);
      }
    }
    entry.draft.advanced = advanced.value ? '' : '1';
    submitted.value = false;
    serverFields.value = {};
    void nextTick(() => focusId(startField()));
  }

  // ---- sending

  /** What main checks for look-alike orders before this one goes out. */
  function precheckFacts(): PrecheckInput | null {
    if (advanced.value) {
      const read = readRawBody(draft.value.rawBody);
      if (!read.ok) return null;
      const body = read.body;
      return {
        amount: body.amount,
        currency: body.currency,
        ...(body.gateway ? { gateway: body.gateway } : {}),
        ...(body.gateway_info?.account_holder_iban ? { iban: body.gateway_info.account_holder_iban } : {}),
        ...(body.customer?.email ? { email: body.customer.email } : {}),
      } as PrecheckInput;
    }
    const { input, amount } = evaluation.value;
    if (!input || amount === null) return null;
    const gateway = gatewayOf(draft.value);
    return {
      amount,
      currency: currency.value,
      ...(gateway ? { gateway } : {}),
      ...(needsMandate(draft.value) ? { iban: draft.value.iban } : {}),
      ...(draft.value.email.trim() ? { email: draft.value.email } : {}),
    } as PrecheckInput;
  }

  async function submit(): Promise<void> {
    if (sending.value) return; // one order per press, however often it is pressed
    submitted.value = true;
    const facts = precheckFacts();
    if (!facts) return focusFirstError();
    const found = await entry.precheck(facts);
    const checks = advanced.value
      ? []
      : Object.values(evaluation.value.warnings).filter((w): w is Issue => w?.key === 'validation.bic.countryMismatch');
    if ((found?.warnings.length ?? 0) > 0 || checks.length > 0) {
      pending.value = { duplicates: found?.warnings ?? [], checks };
      return;
    }
    await send();
  }

  async function send(): Promise<void> {
    pending.value = null;
    serverFields.value = {};
    const input = evaluation.value.input;
    const answer = advanced.value ? await entry.createRaw(draft.value.rawBody) : input ? await entry.create(input) : null;
    if (answer && !answer.ok) {
      const fields: Record<string, Issue> = {};
      for (const [path, issue] of Object.entries(answer.error.fields ?? {})) {
        fields[advanced.value ? path : (fieldOfPath(path) ?? path)] = issue;
      }
      serverFields.value = fields;
      serverDraft.value = { ...draft.value };
      await focusFirstError();
    }
  }

  async function backFromWarnings(): Promise<void> {
    pending.value = null;
    await nextTick();
    focusId(startField());
  }

  /** Back to the form, values kept, to fix and send again after a refused or unsent order. */
  async function editAgain(): Promise<void> {
    const problem = entry.result?.problem;
    entry.reopen();
    const field = problem?.field ? fieldOfPath(problem.field) : null;
    if (problem && field) {
      serverFields.value = { [field]: { key: `validation.api.${problem.code}` } };
      serverDraft.value = { ...draft.value };
    }
    await nextTick();
    focusId(field && form.value?.querySelector(`#${field}`) ? field : startField());
  }

  async function startNew(): Promise<void> {
    entry.reset();
    for (const key of Object.keys(touched) as FieldId[]) delete touched[key];
    submitted.value = false;
    serverFields.value = {};
    pending.value = null;
    await nextTick();
    focusId(startField());
  }

  const heading = computed(() => {
    if (advanced.value) return t('entry.heading.advanced');
    return draft.value.flow === 'paymentlink' ? t('form.heading') : t(`entry.heading.${flowKey.value}`);
  });

  return {
    draft,
    sending,
    advanced,
    flowKey,
    evaluation,
    currency,
    heading,
    amountPreview,
    ibanPreview,
    submitted,
    serverFields,
    pending,
    alertLines,
    errorOf,
    warningOf,
    touch,
    toggleAdvanced,
    submit,
    send,
    backFromWarnings,
    editAgain,
    startNew,
  };
}

export type EntryForm = ReturnType<typeof createEntryForm>;
const KEY: InjectionKey<EntryForm> = Symbol('entry-form');

/** In the entry view: create the form's state and hand it to the field groups below. */
export function provideEntryForm(form: Ref<HTMLFormElement | null>): EntryForm {
  const state = createEntryForm(form);
  provide(KEY, state);
  return state;
}

/** In a field group: the form's state, provided by the entry view. */
export function useEntryForm(): EntryForm {
  const state = inject(KEY);
  if (!state) throw new Error('useEntryForm() needs provideEntryForm() in the entry view');
  return state;
}
