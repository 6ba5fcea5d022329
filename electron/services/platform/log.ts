import { ibanLength, isIban } from '@shared/iban';

/**
 * A small structured logger whose every record passes through `redact`: API keys,
 * IBANs, names and e-mail addresses never reach a log line.
 */
export interface Logger {
  info(event: string, data?: Record<string, unknown>): void;
  warn(event: string, data?: Record<string, unknown>): void;
  error(event: string, data?: Record<string, unknown>): void;
}

const SECRET_KEYS = /^(api_?key|authorization|auth|password|secret|token)$/i;
const PERSONAL_KEYS =
  /^(iban|account_holder_\w+|account_id|account_iban|email|first_name|last_name|name|phone\d?|address\d?)$/i;
/**
 * An IBAN in any spelling: either case, grouped by spaces of any width, dashes, dots, slashes or
 * invisible characters ("nl91-abna-0417-1643-00"). A candidate is redacted when its country has
 * IBANs and, read to that country's length, it passes mod-97 or carries at least 8 digits (a typo
 * is still someone's account; "at 10 o'clock the shop opened" is not).
 */
const IBAN_SEPARATOR = '[\\s\\p{Z}\\p{Cf}\\u00ad\\-\\u2010-\\u2015\\u2212._/·]';
const IBAN_CANDIDATE = new RegExp(
  `(?<![\\p{L}\\p{N}])[A-Za-z]{2}(?:${IBAN_SEPARATOR}{0,3}[0-9]){2}(?:${IBAN_SEPARATOR}{0,3}[A-Za-z0-9]){8,32}`,
  'gu',
);

export function redactIbans(text: string): string {
  return text.replace(IBAN_CANDIDATE, (match) => {
    const length = ibanLength(match.slice(0, 2).toUpperCase());
    let compact = '';
    let end = 0;
    for (const ch of match) {
      end += ch.length;
      if (/[A-Za-z0-9]/.test(ch)) compact += ch.toUpperCase();
      if (compact.length === length) break;
    }
    const iban = length !== null && compact.length === length && (isIban(compact) || compact.replace(/\D/g, '').length >= 8);
    // The rest is read again: an IBAN may follow right after, or start inside a candidate that was none.
    return iban ? `[iban]${redactIbans(match.slice(end))}` : `${match[0]}${redactIbans(match.slice(1))}`;
  });
}
const EMAIL_LIKE = /[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/gi;

/**
 * Every known API key in `text` replaced by [redacted]: for what is logged and for what is
 * stored (an API or a proxy may echo the key in a response body or an error message).
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[redacted]');
  return out;
}

/** Deep-copy `value` with secrets and personal data replaced. Errors keep only safe facts. */
export function redact(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') {
    const s = scrubSecrets(value, secrets);
    return redactIbans(s.replace(/([?&]api_key=)[^&#\s]*/gi, '$1[redacted]')).replace(EMAIL_LIKE, '[email]');
  }
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: redact(value.message, secrets, depth + 1),
      ...(typeof code === 'string' ? { code } : {}),
      stack: redact(value.stack?.split('\n').slice(0, 6).join('\n') ?? '', secrets, depth + 1),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEYS.test(k) ? '[redacted]' : PERSONAL_KEYS.test(k) ? '[personal]' : redact(v, secrets, depth + 1);
    }
    return out;
  }
  return value;
}

export interface LogSink {
  write(line: string): void;
}

/** A JSON-lines logger over any sink; `secrets()` lists the values to scrub right now. */
export function createLogger(sink: LogSink, secrets: () => readonly string[] = () => []): Logger {
  const emit = (level: string, event: string, data?: Record<string, unknown>) =>
    sink.write(
      JSON.stringify({ t: new Date().toISOString(), level, event, ...(redact(data ?? {}, secrets()) as object) }),
    );
  return {
    info: (event, data) => emit('info', event, data),
    warn: (event, data) => emit('warn', event, data),
    error: (event, data) => emit('error', event, data),
  };
}

/** For tests and scripts that want to see what was logged. */
export function memoryLogger(secrets: () => readonly string[] = () => []): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ write: (l) => lines.push(l) }, secrets), { lines });
}

/**
 * Wrap any logger so that `secrets()` (every API key main knows right now) is scrubbed
 * from each record before it reaches the wrapped logger, whichever logger was injected.
 */
export function withSecrets(log: Logger, secrets: () => readonly string[]): Logger {
  const scrub = (data?: Record<string, unknown>) => redact(data ?? {}, secrets()) as Record<string, unknown>;
  return {
    info: (event, data) => log.info(event, scrub(data)),
    warn: (event, data) => log.warn(event, scrub(data)),
    error: (event, data) => log.error(event, scrub(data)),
  };
}
