// Transport-neutral request/response, so $batch parts run through the same handlers as HTTP requests.
export interface ApiRequest {
  readonly method: string;
  /** Path below the API root plus query, e.g. `contacts(…)?$select=a` (no leading slash). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Token subject of the caller (for limits and the sandbox log). */
  readonly subject: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Body chunks (written in order; a page of rows is streamed, not joined). */
  readonly body: readonly (string | Buffer)[];
}

export const JSON_CT = 'application/json; odata.metadata=minimal';

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ApiResponse {
  return {
    status,
    headers: { 'Content-Type': JSON_CT, 'OData-Version': '4.0', ...headers },
    body: [JSON.stringify(body)],
  };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'OData-Version': '4.0', ...headers }, body: [] };
}

/** Thrown by handlers to answer with a Web API error body `{"error":{"code","message"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toResponse(): ApiResponse {
    return jsonResponse(this.status, { error: { code: this.code, message: this.message } }, this.headers);
  }
}
