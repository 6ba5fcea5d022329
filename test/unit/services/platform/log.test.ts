import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryLogger, redact, redactIbans } from '../../../../electron/services/platform/log';
import { PROPERTY_TIMEOUT_MS, RUNS } from '../../../support/hostile';

describe('redact', () => {
  it('removes keys, secrets, IBANs and e-mail addresses, deeply', () => {
    const out = JSON.stringify(
      redact(
        {
          headers: { api_key: 'k-123' },
          url: 'http://x/orders?api_key=k-123&a=1',
          nested: { note: 'debit NL91ABNA0417164300 for jan@example.nl', first_name: 'Jan' },
          text: 'key k-123 inside',
        },
        ['k-123'],
      ),
    );
    expect(out).not.toContain('k-123');
    expect(out).not.toContain('NL91ABNA0417164300');
    expect(out).not.toContain('jan@example.nl');
    expect(out).not.toContain('Jan"');
  });
  it('keeps only safe facts of an error', () => {
    const error = Object.assign(new Error('POST http://x/orders?api_key=SECRET failed'), {
      code: 'ECONNRESET',
      options: { headers: { api_key: 'SECRET' } },
    });
    const out = JSON.stringify(redact(error, ['SECRET']));
    expect(out).toContain('ECONNRESET');
    expect(out).not.toContain('SECRET');
    expect(out).not.toContain('options');
  });
  it('is what the logger writes', () => {
    const log = memoryLogger(() => ['canary-key']);
    log.error('x', { error: new Error('canary-key leaked'), email: 'a@b.nl' });
    expect(log.lines.join('\n')).not.toMatch(/canary-key|a@b\.nl/);
  });
  it('redacts IBANs in any spelling: case, spaces of any width, dashes, dots, invisible characters', () => {
    for (const iban of [
      'NL91ABNA0417164300',
      'nl91abna0417164300',
      'NL91 ABNA 0417 1643 00',
      'nl91 abna 0417 1643 00',
      'NL91-ABNA-0417-1643-00',
      'nl91.abna.0417.1643.00',
      'NL91\u00a0ABNA\u202f0417\u20091643\u300000',
      'NL91\u200bABNA\u200b0417164300',
      'NL 91 ABNA 0417 1643 00',
      'NL91ABNA0417164301', // a typo is still an account number
      'NL87ABNA0000000001', // MultiSafepay test IBAN
      'de89 3704 0044 0532 0130 00',
      'GB29–NWBK–6016–1331–9268–19',
    ]) {
      const out = redactIbans(`debit ${iban} today`);
      expect(out, iban).toBe('debit [iban] today');
    }
    expect(redactIbans('NL91ABNA0417164300,BE68539007547034')).toBe('[iban],[iban]');
    expect(redactIbans('ref XX12 NL91 ABNA 0417 1643 00')).toBe('ref XX12 [iban]');
  });
  it('leaves ordinary text alone', () => {
    for (const text of ['at 10 o clock the shop opened', 'order CON-20261130-120000-abcdef', 'Invoice 2026-11-30', 'HTTP 502 from upstream proxy'])
      expect(redactIbans(text)).toBe(text);
  });
  it('property: a valid IBAN in any spelling cannot be read back from the redacted text', () => {
    const mod97 = (digits: string) => [...digits].reduce((r, d) => (r * 10 + Number(d)) % 97, 0);
    const numeric = (s: string) => [...s].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
    const bban = fc.oneof(
      fc.tuple(fc.constant('NL'), fc.stringMatching(/^[A-Z]{4}\d{10}$/)),
      fc.tuple(fc.constant('DE'), fc.stringMatching(/^\d{18}$/)),
      fc.tuple(fc.constant('GB'), fc.stringMatching(/^[A-Z]{4}\d{14}$/)),
      fc.tuple(fc.constant('FR'), fc.stringMatching(/^\d{10}[A-Z0-9]{11}\d{2}$/)),
    );
    const iban = bban.map(([country, rest]) => `${country}${String(98 - mod97(numeric(`${rest}${country}00`))).padStart(2, '0')}${rest}`);
    const spelling = fc.tuple(fc.boolean(), fc.constantFrom('', ' ', '-', '.', '\u00a0', '\u202f', '\u200b', '\u2013', ' - '), fc.constantFrom(4, 2, 3));
    let cases = 0;
    fc.assert(
      fc.property(iban, spelling, fc.constantFrom('', 'debit ', 'IBAN: ', '{"iban_text":"'), (compact, [lower, separator, size], before) => {
        cases++;
        const groups = compact.match(new RegExp(`.{1,${size}}`, 'g'))!;
        const written = groups.map((g) => (lower ? g.toLowerCase() : g)).join(separator);
        const out = redactIbans(`${before}${written} ok`);
        const squeezed = out.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
        expect(squeezed).not.toContain(compact.slice(-8));
        expect(out).toContain('[iban]');
      }),
      { numRuns: RUNS },
    );
    console.log(`IBAN redaction property: ${cases} cases tried`);
  }, PROPERTY_TIMEOUT_MS);
});
