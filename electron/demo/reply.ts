/**
 * The demo API's request and answer shapes, and MultiSafepay's envelope:
 * `{ success: true, data }` or `{ success: false, data: {}, error_code, error_info }`.
 */
export interface ApiRequest {
  method: string;
  /** Relative to /v1/json, without the query. */
  path: string;
  params: URLSearchParams;
  body: string;
  apiKey: string | null;
}

export interface ApiReply {
  status: number;
  payload: unknown;
  /** The PSP ID of the order the request created or read, if any. */
  transactionId?: string;
}

export const success = (data: unknown, transactionId?: string): ApiReply => ({
  status: 200,
  payload: { success: true, data },
  ...(transactionId === undefined ? {} : { transactionId }),
});

export const failure = (status: number, code: number, info: string): ApiReply => ({
  status,
  payload: { success: false, data: {}, error_code: code, error_info: info },
});

export const NOT_FOUND = failure(404, 1000, 'Not found');

/** A PATCH of an unknown order or refund: the documented 410 with error 1000 and `data: ""`. */
export const GONE: ApiReply = { status: 410, payload: { success: false, data: '', error_code: 1000, error_info: 'Not found' } };
