/**
 * One circuit breaker per site profile for the tracker's calls to MultiSafepay. After
 * `threshold` failures in a row (no answer, 5xx, an HTML page) the profile is left alone for a
 * cool-down (open); then one call probes (half-open): an answer closes it, a failure opens it
 * again for twice as long (up to a ceiling). A 429 pauses the profile until its Retry-After.
 * Other profiles carry on. Time comes from the caller, so tests move a clock.
 */
import type { TrackingState } from '@shared/tracking';

export const BREAKER_THRESHOLD = 5;
export const BREAKER_COOL_DOWN_MS = 60_000;
export const BREAKER_MAX_COOL_DOWN_MS = 15 * 60_000;
/** A 429 without a usable Retry-After waits this long. */
export const RATE_LIMIT_DEFAULT_MS = 60_000;

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when neither. */
export function retryAfterMs(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

interface Circuit {
  state: 'closed' | 'open' | 'half_open';
  failures: number;
  coolDownMs: number;
  /** open: when the probe may go · rate limited: when calls may resume. */
  openUntil: number;
  pausedUntil: number;
}

export interface BreakerView {
  profile: string;
  state: TrackingState;
  failures: number;
  retryAt: number | null;
}

export function createBreakers(options: { threshold?: number; coolDownMs?: number; maxCoolDownMs?: number } = {}) {
  const threshold = options.threshold ?? BREAKER_THRESHOLD;
  const baseCoolDown = options.coolDownMs ?? BREAKER_COOL_DOWN_MS;
  const maxCoolDown = options.maxCoolDownMs ?? BREAKER_MAX_COOL_DOWN_MS;
  const circuits = new Map<string, Circuit>();
  const of = (profile: string): Circuit => {
    let circuit = circuits.get(profile);
    if (!circuit) circuits.set(profile, (circuit = { state: 'closed', failures: 0, coolDownMs: baseCoolDown, openUntil: 0, pausedUntil: 0 }));
    return circuit;
  };

  return {
    /** May a call for this profile go now? An open circuit past its cool-down lets one probe through. */
    allow(profile: string, now: number): boolean {
      const c = of(profile);
      if (now < c.pausedUntil) return false;
      if (c.state === 'closed') return true;
      if (c.state === 'open' && now >= c.openUntil) {
        c.state = 'half_open';
        return true;
      }
      return false;
    },
    /** MultiSafepay answered (whatever it said): the profile is healthy. */
    succeeded(profile: string): void {
      const c = of(profile);
      c.state = 'closed';
      c.failures = 0;
      c.coolDownMs = baseCoolDown;
    },
    failed(profile: string, now: number): void {
      const c = of(profile);
      c.failures++;
      if (c.state === 'half_open') {
        c.coolDownMs = Math.min(c.coolDownMs * 2, maxCoolDown);
        c.state = 'open';
        c.openUntil = now + c.coolDownMs;
      } else if (c.state === 'closed' && c.failures >= threshold) {
        c.state = 'open';
        c.openUntil = now + c.coolDownMs;
      }
    },
    rateLimited(profile: string, until: number): void {
      const c = of(profile);
      c.pausedUntil = Math.max(c.pausedUntil, until);
      // A 429 is an answer: the half-open probe reached MultiSafepay.
      if (c.state === 'half_open') c.state = 'closed';
    },
    /** When calls for this profile may go again (0: now). */
    resumeAt(profile: string): number {
      const c = of(profile);
      return Math.max(c.pausedUntil, c.state === 'open' ? c.openUntil : 0);
    },
    views(now: number): BreakerView[] {
      return [...circuits.entries()].map(([profile, c]) => {
        const state: TrackingState = c.state !== 'closed' ? c.state : now < c.pausedUntil ? 'rate_limited' : 'ok';
        const retryAt = state === 'ok' ? null : state === 'rate_limited' ? c.pausedUntil : Math.max(c.openUntil, c.pausedUntil);
        return { profile, state, failures: c.failures, retryAt };
      });
    },
  };
}
export type Breakers = ReturnType<typeof createBreakers>;
