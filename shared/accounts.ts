/**
 * Accounts domain: site profiles, the operator at the keyboard, the audit log and
 * retention. The schemas run in the renderer as staff type and again in main as
 * the authority. No type here can carry an API key out of main: profiles are
 * described to the renderer by `ProfileSummary`, which holds at most a masked hint.
 */
import { LOCALES, checkReturnUrl } from './customer';
import { MAX_MINOR_UNITS, checkMinorUnits } from './money';
import { z } from './zod';
import { ENVIRONMENTS } from './orders';
import { checkDescription, checkFreeText, codePoints, isBlank, isIllFormed, normaliseText } from './text';
import { FORMAT_REGIONS } from './format-locale';
import type { FormatRegion } from './format-locale';
import type { Environment } from './orders';
import type { Issue } from './result';

export const PROFILE_NAME_MAX = 60;
export const OPERATOR_MAX = 60;
export const API_KEY_MAX = 200;
export const RETENTION_MONTHS_MAX = 120;


/** The built-in Demo profile: always there, never edited, never deleted. */
export const BUILTIN_DEMO_ID = 'demo';

const issue = (key: string, params?: Record<string, string | number>): Issue =>
  params ? { key, params } : { key };

/**
 * Names and other short labels staff type (profile name, operator): the free-text rules
 * of shared/text.ts; nothing visible counts as empty; at most `max` code points.
 */
export function checkLabel(raw: string, max: number): Issue | null {
  if (isIllFormed(raw)) return issue('validation.text.illFormed');
  const text = normaliseText(raw);
  if (isBlank(text)) return issue('validation.required');
  const found = checkFreeText(text);
  if (found) return found;
  if (codePoints(text) > max) return issue('validation.tooLong', { max });
  return null;
}

/**
 * An API key as pasted: MultiSafepay's are 40 hex-ish characters; we only insist on
 * printable ASCII without spaces so a stray newline or a pasted sentence is caught.
 */
export function checkApiKey(raw: string): Issue | null {
  if (raw.trim() === '') return issue('validation.apiKey.required');
  if (!/^[\x21-\x7e]+$/.test(raw.trim())) return issue('validation.apiKey.format');
  if (raw.trim().length < 8) return issue('validation.apiKey.format');
  return null;
}

const refine = (check: (v: string) => Issue | null) => (value: string, ctx: z.RefinementCtx) => {
  const found = check(value);
  if (found) ctx.addIssue({ code: 'custom', message: found.key, params: found.params ?? {} });
};

const trimmed = normaliseText;
/** Blank → null; else the rule, and the value it returns (the normalised URL, the normalised text). */
const optionalText = (check: (v: string) => Issue | null, value: (v: string) => string = trimmed) =>
  z
    .string()
    .max(10_000)
    .superRefine(refine((v) => (v.trim() === '' ? null : check(v))))
    .transform((v) => (v.trim() === '' ? null : value(v)));

/** Profile default URLs follow the same rule as an order's return URLs. */
const returnUrlIssue = (raw: string): Issue | null => {
  const checked = checkReturnUrl(raw);
  return checked.ok ? null : checked.issue;
};
/** The URL the rule checked (`new URL(text).href`), so the profile stores what an order will send. */
const checkedUrl = (raw: string): string => {
  const checked = checkReturnUrl(raw);
  return checked.ok ? checked.value : raw;
};

export const ProfileDefaultsInput = z.strictObject({
  redirectUrl: optionalText(returnUrlIssue, checkedUrl).default(null),
  cancelUrl: optionalText(returnUrlIssue, checkedUrl).default(null),
  locale: z.enum(LOCALES).nullable().default(null),
  /** Payment link lifetime in days (MultiSafepay `days_active`, 1–365); null: MultiSafepay's 30. */
  linkExpiryDays: z.number().int().min(1).max(365).nullable().default(null),
  /** A starting description for new orders: the description's own rule (shared/text.ts). */
  descriptionTemplate: optionalText(checkDescription).default(null),
});
export type ProfileDefaults = z.output<typeof ProfileDefaultsInput>;

export const EMPTY_DEFAULTS: ProfileDefaults = {
  redirectUrl: null,
  cancelUrl: null,
  locale: null,
  linkExpiryDays: null,
  descriptionTemplate: null,
};

/**
 * Create (no id) or edit (id) a profile. `apiKey` omitted keeps the stored key;
 * `keepForSession` keeps a new key in memory only (required where the OS cannot
 * protect stored keys). Demo profiles never take a key: they use the demo server's.
 */
export const ProfileSaveInput = z.strictObject({
  id: z.string().min(1).max(40).regex(/^[a-z0-9_-]+$/).optional(),
  name: z.string().max(10_000).superRefine(refine((v) => checkLabel(v, PROFILE_NAME_MAX))).transform(trimmed),
  environment: z.enum(ENVIRONMENTS),
  apiKey: z
    .string()
    .max(API_KEY_MAX)
    .superRefine(refine(checkApiKey))
    .transform((v) => v.trim())
    .optional(),
  keepForSession: z.boolean().default(false),
  defaults: ProfileDefaultsInput.default(EMPTY_DEFAULTS),
});
export type ProfileSaveInput = z.input<typeof ProfileSaveInput>;

export const ProfileIdInput = z.strictObject({ id: z.string().min(1).max(40).regex(/^[a-z0-9_-]+$/) });
/** Deleting needs an explicit `confirm: true`, so no code path deletes by accident. */
export const ProfileDeleteInput = z.strictObject({
  id: z.string().min(1).max(40).regex(/^[a-z0-9_-]+$/),
  confirm: z.literal(true),
});

export const OperatorInput = z.strictObject({
  name: z.string().max(10_000).superRefine(refine((v) => checkLabel(v, OPERATOR_MAX))).transform(trimmed),
});

export const RetentionInput = z.strictObject({
  /** Mask IBANs and names of orders older than this many months; null: keep until changed. */
  months: z.number().int().min(1).max(RETENTION_MONTHS_MAX).nullable(),
});

/**
 * The highest per-order cap that means anything: every order's amount is refused above
 * MAX_MINOR_UNITS (€100,000.00) whatever the setting, so a larger cap is refused too.
 */
export const ORDER_CAP_MAX = MAX_MINOR_UNITS;
export const OrderCapInput = z.strictObject({
  /** The largest amount of one manual order in minor units; null: back to the built-in default. */
  minor: z
    .number()
    .int()
    .superRefine((minor, ctx) => {
      const issue = checkMinorUnits(minor, ORDER_CAP_MAX);
      if (issue) ctx.addIssue({ code: 'custom', message: issue.key, params: issue.params ?? {} });
    })
    .nullable(),
});

/** Dates and numbers in this region's style; null: automatic (the operating system's region). */
export const FormatRegionInput = z.strictObject({ region: z.enum(FORMAT_REGIONS).nullable() });

/** The first-run welcome's steps, one at a time, in this order. */
export const WELCOME_STEPS = ['operator', 'demoOrder', 'profile'] as const;
export type WelcomeStep = (typeof WELCOME_STEPS)[number];
/** open: still to show · done: main saw it happen (a name set, a Demo order made, a test/live profile) · skipped. */
export type WelcomeStepState = 'open' | 'done' | 'skipped';
export type WelcomeProgress = Record<WelcomeStep, WelcomeStepState>;
/** Skip one step of the welcome, or all of it; steps become done by themselves (main sees them happen). */
export const WelcomeSkipInput = z.strictObject({ step: z.enum([...WELCOME_STEPS, 'all']) });

export const AuditListInput = z.strictObject({
  limit: z.number().int().min(1).max(500).default(100),
  /** Entries with an id below this one (the next, older page). */
  before: z.number().int().min(1).nullable().default(null),
});

/** How a key is kept. builtin: the demo server's public key; session: memory only, gone at restart. */
export type KeyStorage = 'builtin' | 'stored' | 'session' | 'none';

/**
 * The result of a cheap authenticated call with a key.
 * ok: it works in `environment` · invalid: refused (1032/401/403) · unreachable: no answer ·
 * unexpected: an answer we cannot read. `detected` names the environment where a refused key
 * does work (a live key saved as test, and the reverse), when we could tell.
 */
export interface KeyCheck {
  status: 'ok' | 'invalid' | 'unreachable' | 'unexpected';
  environment: Environment;
  detected: Environment | null;
  checkedAt: string;
}

export interface ProfileSummary {
  id: string;
  name: string;
  environment: Environment;
  builtIn: boolean;
  active: boolean;
  keyStorage: KeyStorage;
  /** Last 4 characters of the key, e.g. "…1a2b"; null when there is none. */
  keyHint: string | null;
  /** False when the key is session-only and this session has not been given it yet. */
  keyAvailable: boolean;
  lastCheck: KeyCheck | null;
  defaults: ProfileDefaults;
}

export interface ProfilesState {
  profiles: ProfileSummary[];
  activeId: string;
  /** False on machines where stored keys would not be protected (Linux basic_text). */
  storageProtected: boolean;
  /** Names of deleted profiles, so history can still say whose orders they were. */
  deletedNames: Record<string, string>;
}

export interface ProfileSaved {
  profile: ProfileSummary;
  check: KeyCheck | null;
  state: ProfilesState;
}

export interface ConsoleSettings {
  operator: string;
  retentionMonths: number | null;
  /** The largest amount of one manual order, in minor units: the setting, else the built-in default. */
  orderCapMinor: number;
  orderCapIsDefault: boolean;
  /** When retention last masked anything (ISO), and how many orders. */
  lastRetention: { at: string; masked: number } | null;
  /** The region chosen for dates and numbers; null: automatic, the operating system's (`systemRegion`). */
  formatRegion: FormatRegion | null;
  /** The operating system's region as main read it ("GB"); null when it names none. */
  systemRegion: string | null;
  /**
   * The first-run welcome while it has a step open; null when it is over (every step done or
   * skipped) or was never due (not a first start in Demo).
   */
  welcome: WelcomeProgress | null;
}

export interface AuditItem {
  id: number;
  at: string;
  operator: string;
  action: string;
  profileId: string | null;
  environment: Environment | null;
  orderId: string | null;
  details: Record<string, string | number | boolean | null>;
}

export interface AuditPage {
  items: AuditItem[];
  /** Pass as `before` for the next (older) page; null at the end. */
  next: number | null;
}

export interface AuditVerification {
  ok: boolean;
  count: number;
  /** The id of the first entry whose hash does not match, or null. */
  brokenAt: number | null;
  /** The hash of the newest entry (note it down to detect removal of the newest entries). */
  headHash: string | null;
}

export interface RevealedIban {
  orderId: string;
  iban: string;
}

/** Last 4 of a key for the hint; never more. */
export function keyHintOf(key: string): string {
  return `…${key.slice(-4)}`;
}

export function isEnvironment(value: unknown): value is Environment {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}
