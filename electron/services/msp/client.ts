/**
 * The one way main talks to the MultiSafepay API: got, configured so that a
 * money request is sent at most once and every outcome is classified.
 * - never retried by the library (our own reconcile loop decides, by GET);
 * - a hard `timeout.request`, so a hung or slow-loris answer ends;
 * - a response size cap; the raw body is kept exactly as received, but for any API key in it;
 * - the API key travels in a header and is never part of a URL, a stored
 *   request or an error returned to the renderer.
 */
import got, { RequestError, TimeoutError } from 'got';
import { scrubSecrets } from '../platform/log';
import { parseLossless } from './json';

export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Errors raised before a single byte of the request could reach the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_INVALID_URL',
]);
const BEFORE_SEND_TIMEOUTS = new Set(['lookup', 'connect', 'secureConnect']);
const TLS_FAILURE = /^(CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_)/;

export interface ApiCall {
  method: 'GET' | 'POST' | 'PATCH';
  /** Path relative to the base URL, query included, never the key. */
  path: string;
  requestBody: string | null;
  startedAt: number;
  durationMs: number;
  /**
   * answered: an HTTP response arrived in full · not_sent: refused before anything left ·
   * no_answer: it may have arrived (timeout, reset, size cap) and we cannot tell.
   */
  transport: 'answered' | 'not_sent' | 'no_answer';
  /** Short technical reason for not_sent / no_answer (an error code, never a URL). */
  reason: string | null;
  httpStatus: number | null;
  responseBody: string | null;
  /** The Retry-After header of an answer (a 429's), as sent: seconds or an HTTP date. */
  retryAfter?: string | null;
}

/** What an answered call says, read by body (never by HTTP status alone). */
export type Reading =
  | { kind: 'success'; data: Record<string, unknown> }
  | { kind: 'api_error'; errorCode: number | null; errorInfo: string }
  | { kind: 'unreadable' };

export function readAnswer(call: ApiCall): Reading {
  if (call.responseBody === null) return { kind: 'unreadable' };
  let body: unknown;
  try {
    body = parseLossless(call.responseBody);
  } catch {
    return { kind: 'unreadable' };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { kind: 'unreadable' };
  const envelope = body as Record<string, unknown>;
  if (envelope.success === true) {
    const data = envelope.data;
    return { kind: 'success', data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : { items: data } };
  }
  const code = Number(envelope.error_code);
  if (envelope.success === false || Number.isFinite(code) || typeof envelope.message === 'string') {
    const info = typeof envelope.error_info === 'string' ? envelope.error_info : typeof envelope.message === 'string' ? envelope.message : '';
    return { kind: 'api_error', errorCode: Number.isFinite(code) ? code : null, errorInfo: info.slice(0, 300) };
  }
  return { kind: 'unreadable' };
}

export interface MspClient {
  call(method: ApiCall['method'], path: string, body?: string): Promise<ApiCall>;
}

export function createMspClient(options: {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  now: () => number;
  /** Every other API key main knows; they and this client's key are scrubbed from every answer. */
  secrets?: () => readonly string[];
}): MspClient {
  const http = got.extend({
    retry: { limit: 0 },
    timeout: { lookup: 5000, connect: 5000, secureConnect: 5000, request: options.timeoutMs },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
    headers: { accept: 'application/json', 'user-agent': 'msp-operator-console' },
  });
  const base = options.baseUrl.replace(/\/+$/, '');

  return {
    async call(method, path, body) {
      const startedAt = options.now();
      const started = performance.now();
      const abort = new AbortController();
      const finish = (rest: Pick<ApiCall, 'transport' | 'reason' | 'httpStatus' | 'responseBody' | 'retryAfter'>): ApiCall => ({
        method,
        path,
        requestBody: body ?? null,
        startedAt,
        durationMs: Math.round(performance.now() - started),
        ...rest,
      });
      try {
        const request = http(`${base}${path}`, {
          method,
          signal: abort.signal,
          headers: {
            api_key: options.apiKey,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body }),
        });
        request.on('downloadProgress', (progress) => {
          if (progress.transferred > MAX_RESPONSE_BYTES) abort.abort(new Error('ERR_BODY_TOO_LARGE'));
        });
        const response = await request;
        // An API or a proxy that echoes the key (a debug field, an error message) must not get it stored:
        // the body is kept as received except for the keys, from here on (exchanges, problems, backups).
        const responseBody = scrubSecrets(response.body, [options.apiKey, ...(options.secrets?.() ?? [])]);
        const retryAfter = response.headers['retry-after'];
        return finish({
          transport: 'answered',
          reason: null,
          httpStatus: response.statusCode,
          responseBody,
          ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
        });
      } catch (error) {
        return finish(classifyFailure(error));
      }
    },
  };
}

function classifyFailure(error: unknown): Pick<ApiCall, 'transport' | 'reason' | 'httpStatus' | 'responseBody'> {
  const code = error instanceof RequestError ? error.code : error instanceof Error ? error.name : 'ERR_UNKNOWN';
  const notSent =
    NOT_SENT_CODES.has(code) ||
    TLS_FAILURE.test(code) ||
    (error instanceof TimeoutError && BEFORE_SEND_TIMEOUTS.has(error.event));
  const reason = error instanceof TimeoutError ? `ETIMEDOUT:${error.event}` : aborted(error) ?? code;
  return { transport: notSent ? 'not_sent' : 'no_answer', reason, httpStatus: null, responseBody: null };
}

function aborted(error: unknown): string | null {
  const cause = error instanceof Error ? (error as { cause?: unknown }).cause : undefined;
  return cause instanceof Error && cause.message === 'ERR_BODY_TOO_LARGE' ? 'ERR_BODY_TOO_LARGE' : null;
}
