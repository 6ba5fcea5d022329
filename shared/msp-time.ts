/**
 * MultiSafepay's timestamps are Amsterdam local time without an offset ("2019-03-11T14:35:13"),
 * and its business days are Amsterdam's. Both directions here, so main, the demo and the
 * renderer agree on what a date means.
 */
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

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function formattedParts(ms: number): Parts {
  const p: Record<string, string> = {};
  for (const part of AMSTERDAM.formatToParts(ms)) p[part.type] = part.value;
  return { year: +p.year!, month: +p.month!, day: +p.day!, hour: +p.hour!, minute: +p.minute!, second: +p.second! };
}

const asUtc = (p: Parts) => Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);

const HOUR = 3_600_000;
/** Since 1980 Amsterdam's offset changes only on whole UTC hours (EU summer time, 01:00 UTC). */
const WHOLE_HOUR_RULES_FROM = Date.UTC(1980, 0, 1);
const offsets = new Map<number, number>();

/**
 * Amsterdam wall-clock parts of `ms`. formatToParts is slow (it was most of a 100k-transaction
 * sync's time parsing dates), so the offset is looked up once per UTC hour and applied by hand.
 */
function partsOf(ms: number): Parts {
  if (!(ms >= WHOLE_HOUR_RULES_FROM)) return formattedParts(ms);
  const hour = Math.floor(ms / HOUR);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    offset = asUtc(formattedParts(hour * HOUR)) - hour * HOUR;
    if (offsets.size >= 50_000) offsets.clear();
    offsets.set(hour, offset);
  }
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** "2026-11-21T10:00:00" for ms epoch, Amsterdam wall-clock time. */
export function toMspTime(ms: number): string {
  const p = partsOf(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** Amsterdam wall-clock parts → ms epoch (the offset is looked up for that very moment). */
function fromParts(p: Parts): number {
  const guess = asUtc(p);
  const offset = asUtc(partsOf(guess)) - guess;
  const first = guess - offset;
  // Across a DST change the offset at the answer may differ from the offset at the guess.
  const again = asUtc(partsOf(first)) - first;
  return guess - again;
}

/** An API timestamp (Amsterdam local, optional fraction; an explicit offset or Z is honoured) → ms epoch, or null. */
export function fromMspTime(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return null;
  if (m[7]) {
    const ms = Date.parse(text.trim().replace(' ', 'T'));
    return Number.isFinite(ms) ? ms : null;
  }
  return fromParts({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! });
}

/** Midnight (Amsterdam) starting the business day after the one `ms` falls on (Saturdays and Sundays skipped). */
export function nextBusinessDayStart(ms: number): number {
  const p = partsOf(ms);
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day));
  do date.setUTCDate(date.getUTCDate() + 1);
  while (date.getUTCDay() === 0 || date.getUTCDay() === 6);
  return fromParts({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: 0, minute: 0, second: 0 });
}

/** Midnight (Amsterdam) ending the day `ms` falls on: when MultiSafepay hands the day's refunds to the bank. */
export function endOfMspDay(ms: number): number {
  const p = partsOf(ms);
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
  return fromParts({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: 0, minute: 0, second: 0 });
}
