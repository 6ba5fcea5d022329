import { describe, expect, it } from 'vitest';
import { memoryLogger, redact } from '../../../../electron/services/platform/log';

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
});
