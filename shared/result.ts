/**
 * The result envelope every IPC handler returns. Nothing is thrown across IPC:
 * main classifies failures into this closed set of codes and the renderer maps
 * them to words.
 */
export const ERROR_CODES = [
  'VALIDATION', // input broke a rule; `fields` says which field, when it can
  'FORBIDDEN', // the call came from a frame we do not trust
  'NOT_FOUND', // the thing asked for does not exist (locally or at MultiSafepay)
  'CONFLICT', // the request clashes with what is already there
  'API_ERROR', // MultiSafepay answered and refused
  'AUTH', // MultiSafepay refused the API key
  'NETWORK', // MultiSafepay could not be reached
  'STORAGE', // the local database failed
  'INTERNAL', // a bug: logged in main, never detailed to the renderer
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A message the renderer translates: an i18n key and its parameters. */
export interface Issue {
  key: string;
  params?: Record<string, string | number>;
}

export interface AppError {
  code: ErrorCode;
  /** English fallback for logs and scripts; the UI translates `code` and `fields`. */
  message: string;
  fields?: Record<string, Issue>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(
  code: ErrorCode,
  message: string,
  fields?: Record<string, Issue>,
): Result<T> => ({ ok: false, error: fields ? { code, message, fields } : { code, message } });
