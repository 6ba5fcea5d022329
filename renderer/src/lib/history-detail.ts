/**
 * An order's stored exchanges as a timeline: each call with its time, method,
 * path, HTTP status, duration and outcome, the status it brought (when it changed),
 * and a line diff between successive response bodies, pretty-printed without
 * touching a token (16–17 digit transaction ids stay exact).
 */
import { diffArrays } from 'diff';
import type { OrderExchange } from '@shared/orders';
import { isJson, prettyOrRaw } from './pretty-json';

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string } | { kind: 'gap'; count: number };

/**
 * Above this many changed lines the diff is not worked out (the bodies are still shown):
 * Myers' cost grows with the number of edits, so this bounds the work, not the body size.
 */
const DIFF_EDITS_MAX = 2_000;

/**
 * A line diff (Myers, from the `diff` package), with unchanged runs longer than
 * 2 × `context` folded into gaps. Null when the bodies differ in too many lines to compare.
 */
export function lineDiff(before: string, after: string, context = 2): DiffLine[] | null {
  const changes = diffArrays(before.split('\n'), after.split('\n'), { maxEditLength: DIFF_EDITS_MAX });
  if (!changes) return null;
  const lines: DiffLine[] = [];
  // Within one change block, removed lines come before added ones (as the old LCS diff showed them).
  for (const change of changes) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    for (const text of change.value) lines.push({ kind, text });
  }
  return fold(lines, context);
}

function fold(lines: DiffLine[], context: number): DiffLine[] {
  const changed = lines.map((l) => l.kind === 'added' || l.kind === 'removed');
  const keep = lines.map((_, k) => {
    for (let d = -context; d <= context; d++) if (changed[k + d]) return true;
    return false;
  });
  const out: DiffLine[] = [];
  for (let k = 0; k < lines.length; k++) {
    if (keep[k]) out.push(lines[k]!);
    else {
      const last = out[out.length - 1];
      if (last?.kind === 'gap') last.count++;
      else out.push({ kind: 'gap', count: 1 });
    }
  }
  return out;
}

export type Outcome = 'answered' | 'not_sent' | 'no_answer';

export interface TimelineEntry {
  at: string;
  method: string;
  path: string;
  httpStatus: number | null;
  durationMs: number;
  outcome: Outcome;
  /** Why it was not sent or not answered (a technical code such as ECONNREFUSED or timeout). */
  reason: string | null;
  /** The status and financial status this answer brought, when they changed. */
  status: string | null;
  financialStatus: string | null;
  /** MultiSafepay's error code, when it refused. */
  errorCode: string | null;
  request: string | null;
  response: string | null;
  /** Against the previous response body; null for the first one or when there is nothing to compare. */
  diff: DiffLine[] | null;
  /** The answer was the same, word for word, as the previous one. */
  unchanged: boolean;
}

function read(body: string | null): { status: string | null; financialStatus: string | null; errorCode: string | null } {
  const none = { status: null, financialStatus: null, errorCode: null };
  if (body === null || !isJson(body)) return none;
  const parsed = JSON.parse(body) as unknown;
  if (!parsed || typeof parsed !== 'object') return none;
  const envelope = parsed as { success?: unknown; data?: unknown; error_code?: unknown };
  const data = envelope.data && typeof envelope.data === 'object' ? (envelope.data as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return {
    status: text(data.status),
    financialStatus: text(data.financial_status),
    errorCode: envelope.success === false && envelope.error_code !== undefined ? String(envelope.error_code) : null,
  };
}

export function timelineOf(exchanges: readonly OrderExchange[]): TimelineEntry[] {
  let status: string | null = null;
  let financial: string | null = null;
  let previous: string | null = null;
  return exchanges.map((ex) => {
    const [kind, ...rest] = ex.outcome.split(':');
    const outcome: Outcome = kind === 'not_sent' || kind === 'no_answer' ? kind : 'answered';
    const facts = read(ex.responseBody);
    const entry: TimelineEntry = {
      at: ex.startedAt,
      method: ex.method,
      path: ex.path,
      httpStatus: ex.httpStatus,
      durationMs: ex.durationMs,
      outcome,
      reason: outcome === 'answered' ? null : rest.join(':') || null,
      status: facts.status !== null && facts.status !== status ? facts.status : null,
      financialStatus: facts.financialStatus !== null && facts.financialStatus !== financial ? facts.financialStatus : null,
      errorCode: facts.errorCode,
      request: ex.requestBody === null ? null : prettyOrRaw(ex.requestBody),
      response: ex.responseBody === null ? null : prettyOrRaw(ex.responseBody),
      diff: null,
      unchanged: false,
    };
    if (entry.response !== null && previous !== null) {
      entry.unchanged = entry.response === previous;
      entry.diff = entry.unchanged ? null : lineDiff(previous, entry.response);
    }
    if (facts.status !== null) status = facts.status;
    if (facts.financialStatus !== null) financial = facts.financialStatus;
    if (entry.response !== null) previous = entry.response;
    return entry;
  });
}
