import { ApiError, NetworkError, readApiError } from './api-error';

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue | QueryValue[]>;

/** A list answer of the admin API: keyset paging through `next_cursor` (pass it back as `cursor`). */
export interface ListResponse<T> {
  object: 'list';
  data: T[];
  next_cursor: string | null;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * The typed client for `/admin` (the only API the console talks to, besides `/v1` in the Playground).
 * Every call sends the admin key as a Bearer token; an error envelope becomes a thrown `ApiError`, and a
 * 401 also calls `onUnauthorized` (the session then returns to the sign-in page).
 */
export class ApiClient {
  constructor(
    private readonly key: string,
    private readonly onUnauthorized: () => void = () => {},
    private readonly baseUrl = '',
  ) {}

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, { query, signal });
  }
  post<T>(path: string, body?: unknown, query?: Query): Promise<T> {
    return this.request<T>('POST', path, { body, query });
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body });
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path, {});
  }

  /** Any method; `path` is absolute (`/admin/keys`), and `query` drops null/undefined/'' values. */
  async request<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const response = await this.fetch(method, path, options);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text.length === 0 ? undefined : JSON.parse(text)) as T;
  }

  /** The raw `Response` (after the error check), for streaming (`/v1/chat/completions`) and CSV. */
  async fetch(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.key}` };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path + queryString(options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (error) {
      if ((error as { name?: string }).name === 'AbortError') throw error;
      throw new NetworkError(error);
    }
    if (!response.ok) {
      const error = await readApiError(response);
      if (response.status === 401) this.onUnauthorized();
      throw error;
    }
    return response;
  }
}

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item === null || item === undefined || item === '') continue;
      params.append(name, String(item));
    }
  }
  const text = params.toString();
  return text.length > 0 ? `?${text}` : '';
}

export { ApiError };
