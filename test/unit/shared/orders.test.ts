import { describe, expect, it } from 'vitest';
import { PaymentLinkInput } from '@shared/orders/form';
import { checkDescription, containsCardNumber, fieldIssues } from '@shared/orders';

describe('containsCardNumber', () => {
  it('finds Luhn-valid 13–19 digit runs, spaced or dashed', () => {
    expect(containsCardNumber('4111 1111 1111 1111')).toBe(true);
    expect(containsCardNumber('card 4111-1111-1111-1111 thanks')).toBe(true);
    expect(containsCardNumber('invoice 5555555555554444')).toBe(true);
  });
  it('leaves ordinary numbers alone', () => {
    expect(containsCardNumber('Invoice 2026-0042, 3 items')).toBe(false);
    expect(containsCardNumber('4111 1111 1111 1112')).toBe(false); // fails Luhn
    expect(containsCardNumber('phone 0612345678')).toBe(false);
  });
});

describe('checkDescription', () => {
  it('accepts plain text up to 200 UTF-16 units', () => {
    expect(checkDescription('Phone order 123')).toBeNull();
    expect(checkDescription('x'.repeat(200))).toBeNull();
  });
  it('names each problem', () => {
    expect(checkDescription('   ')?.key).toBe('validation.description.required');
    expect(checkDescription('x'.repeat(201))?.key).toBe('validation.description.tooLong');
    expect(checkDescription('🇳🇱'.repeat(51))?.key).toBe('validation.description.tooLong');
    expect(checkDescription('<b>Invoice</b><script>x</script>')?.key).toBe('validation.text.html');
    expect(checkDescription('line\nbreak')?.key).toBe('validation.text.control');
    expect(checkDescription('nul\u0000')?.key).toBe('validation.text.control');
    expect(checkDescription('evil\u202etxt.exe')?.key).toBe('validation.text.control');
    expect(checkDescription('pay 4111 1111 1111 1111')?.key).toBe('validation.text.cardNumber');
  });
});

describe('PaymentLinkInput', () => {
  const good = { type: 'paymentlink', amount: 1250, currency: 'EUR', description: '  Phone order  ' };
  it('accepts a payment link and trims the description', () => {
    const parsed = PaymentLinkInput.parse(good);
    expect(parsed.description).toBe('Phone order');
  });
  it('reports field-level issues as i18n keys', () => {
    const r = PaymentLinkInput.safeParse({ ...good, amount: 0, description: '' });
    expect(r.success).toBe(false);
    if (r.success) return;
    const fields = fieldIssues(r.error);
    expect(fields.amount?.key).toBe('validation.amount.positive');
    expect(fields.description?.key).toBe('validation.description.required');
  });
  it('rejects unknown keys (the renderer cannot set order_id, status or a key)', () => {
    for (const extra of [{ order_id: 'mine' }, { status: 'created' }, { api_key: 'x' }]) {
      const r = PaymentLinkInput.safeParse({ ...good, ...extra });
      expect(r.success).toBe(false);
      if (!r.success) expect(fieldIssues(r.error)._?.key).toBe('validation.unknownField');
    }
  });
  it('rejects __proto__ and constructor keys', () => {
    const r = PaymentLinkInput.safeParse(JSON.parse('{"type":"paymentlink","amount":1,"currency":"EUR","description":"x","__proto__":{"a":1}}'));
    expect(r.success).toBe(false);
  });
  it('rejects wrong types', () => {
    for (const amount of ['100', null, [1], 10.5, Number.NaN]) {
      expect(PaymentLinkInput.safeParse({ ...good, amount }).success).toBe(false);
    }
    expect(PaymentLinkInput.safeParse({ ...good, currency: 'eur' }).success).toBe(false);
    expect(PaymentLinkInput.safeParse({ ...good, currency: 'XXX' }).success).toBe(false);
  });
});
