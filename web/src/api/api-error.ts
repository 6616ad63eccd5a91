/** An error from the admin API, read from its OpenAI-shaped envelope `{error: {message, type, code, param}}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly type: string | null;
  readonly param: string | null;
  readonly requestId: string | null;

  constructor(
    message: string,
    options: {
      status: number;
      code?: string | null;
      type?: string | null;
      param?: string | null;
      requestId?: string | null;
    },
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code ?? null;
    this.type = options.type ?? null;
    this.param = options.param ?? null;
    this.requestId = options.requestId ?? null;
  }
}

/** Thrown when the server could not be reached at all (status 0). */
export class NetworkError extends ApiError {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : 'Network error', { status: 0, code: 'network_error' });
    this.name = 'NetworkError';
  }
}

export async function readApiError(response: Response): Promise<ApiError> {
  const requestId = response.headers.get('x-request-id');
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as {
      error?: { message?: unknown; code?: unknown; type?: unknown; param?: unknown };
    };
    const error = body.error;
    if (error && typeof error.message === 'string') {
      return new ApiError(error.message, {
        status: response.status,
        code: typeof error.code === 'string' ? error.code : null,
        type: typeof error.type === 'string' ? error.type : null,
        param: typeof error.param === 'string' ? error.param : null,
        requestId,
      });
    }
  } catch {
    // Not JSON (a proxy's HTML page): fall back to the status line.
  }
  return new ApiError(`HTTP ${response.status} ${response.statusText}`.trim(), {
    status: response.status,
    requestId,
  });
}
