/**
 * types: the in-process HTTP contract. Handlers are plain async functions from a parsed request to a
 * response, so every resource is tested without a socket (hono's `app.request` habit); server.ts
 * adapts them to node:http.
 */

/** ApiRequest is a parsed HTTP request. Form bodies are merged into `params` like Prometheus does. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly params: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** ApiResponse is what a handler returns. A non-string body is sent as JSON. */
export interface ApiResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string | Buffer | object;
}

/** Handler serves one route. */
export type Handler = (req: ApiRequest) => Promise<ApiResponse> | ApiResponse;

/** Route binds a method and an exact path (or a prefix ending in `/*`) to a handler. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly handler: Handler;
}

/** ok wraps data in Prometheus' `{status:"success", data}` envelope. */
export function ok(data: unknown, warnings?: string[]): ApiResponse {
  return { status: 200, body: warnings?.length ? { status: 'success', data, warnings } : { status: 'success', data } };
}

/** fail returns Prometheus' error envelope; errorType is one of bad_data, execution, timeout, internal, not_found. */
export function fail(status: number, errorType: string, error: string): ApiResponse {
  return { status, body: { status: 'error', errorType, error } };
}
