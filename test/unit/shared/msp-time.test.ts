// MultiSafepay's timestamps (Amsterdam wall-clock time, no offset) both ways, across summer
// time, and the business-day rule KBC/CBC refunds wait for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endOfMspDay, fromMspTime, nextBusinessDayStart, toMspTime } from '@shared/msp-time';

describe('MultiSafepay time', () => {
  it('reads Amsterdam wall-clock time in winter and summer, and writes it back', () => {
    expect(fromMspTime('2026-01-15T10:00:00')).toBe(Date.UTC(2026, 0, 15, 9));
    expect(fromMspTime('2025-05-14T08:50:32')).toBe(Date.UTC(2025, 4, 14, 6, 50, 32));
    expect(fromMspTime('2025-05-14 08:50:32.123')).toBe(Date.UTC(2025, 4, 14, 6, 50, 32));
    expect(fromMspTime('2025-05-14T08:50:32Z')).toBe(Date.UTC(2025, 4, 14, 8, 50, 32));
    // Around both summer-time changes (not inside the hour repeated in October: wall-clock text is ambiguous there).
    for (const ms of [Date.UTC(2026, 2, 29, 0, 59, 59), Date.UTC(2026, 2, 29, 1, 0, 0), Date.UTC(2026, 9, 25, 2, 30), Date.UTC(2026, 10, 21, 9)]) {
      expect(fromMspTime(toMspTime(ms))).toBe(ms);
    }
    for (const bad of ['', '2025-05-14', 'yesterday', 42, null]) expect(fromMspTime(bad)).toBeNull();
  });

  it('writes exactly what Intl says for any moment (the offset is cached per hour)', () => {
    const intl = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Amsterdam',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    const around = [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(1980, 0, 1)];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
          fc.constantFrom(...around).chain((at) => fc.integer({ min: at - 2 * 3_600_000, max: at + 2 * 3_600_000 })),
        ),
        (ms) => {
          expect(toMspTime(ms)).toBe(intl.format(ms).replace(' ', 'T'));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('the next business day starts at midnight in Amsterdam, skipping the weekend', () => {
    const friday = Date.UTC(2026, 10, 20, 15); // Friday 16:00 in Amsterdam
    expect(nextBusinessDayStart(friday)).toBe(Date.UTC(2026, 10, 22, 23)); // Monday 00:00 CET
    const saturday = Date.UTC(2026, 10, 21, 9);
    expect(nextBusinessDayStart(saturday)).toBe(Date.UTC(2026, 10, 22, 23));
    const monday = Date.UTC(2026, 10, 23, 10);
    expect(nextBusinessDayStart(monday)).toBe(Date.UTC(2026, 10, 23, 23)); // Tuesday 00:00
    // Late evening UTC is already the next day in Amsterdam.
    expect(nextBusinessDayStart(Date.UTC(2026, 10, 23, 23, 30))).toBe(Date.UTC(2026, 10, 24, 23));
    expect(endOfMspDay(monday)).toBe(Date.UTC(2026, 10, 23, 23));
  });
});
