// The view's timestamps: the fast ISO text must be exactly what toISOString gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iso } from '../../../../electron/services/orders/order-row';

describe('iso', () => {
  it('is the same text as Date#toISOString for any time', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.double({ min: -1e13, max: 1e13, noNaN: true })), (ms) => {
        expect(iso(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('at the edges of a day, a second and the range', () => {
    for (const ms of [0, 999, 1000, 59_999, 86_399_999, 86_400_000, 951_782_400_000, 1_735_689_599_999, 253_402_300_799_999]) {
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
