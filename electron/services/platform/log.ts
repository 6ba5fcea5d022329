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
const IBAN_LIKE = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){10,30}\b/g;
const EMAIL_LIKE = /[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/gi;

/** Deep-copy `value` with secrets and personal data replaced. Errors keep only safe facts. */
export function redact(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') {
    let s = value;
    for (const secret of secrets) if (secret) s = s.split(secret).join('[redacted]');
    return s.replace(/([?&]api_key=)[^&#\s]*/gi, '$1[redacted]').replace(IBAN_LIKE, '[iban]').replace(EMAIL_LIKE, '[email]');
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
