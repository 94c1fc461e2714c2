// Stable error codes: the CLI prints them, the API maps them to HTTP statuses, tests assert on them.
export const ERROR_CODES = {
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, exitCode: 3 },
  CORRUPT_INPUT: { status: 422, retryable: false, exitCode: 3 },
  EMPTY_INPUT: { status: 422, retryable: false, exitCode: 3 },
  IMAGE_TOO_LARGE: { status: 413, retryable: false, exitCode: 3 },
  ENCRYPTED_PDF: { status: 422, retryable: false, exitCode: 3 },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, exitCode: 3 },
  INPUT_NOT_FOUND: { status: 404, retryable: false, exitCode: 4 },
  MODEL_MISSING: { status: 500, retryable: false, exitCode: 5 },
  MODEL_CORRUPT: { status: 500, retryable: false, exitCode: 5 },
  PROVIDER_UNAVAILABLE: { status: 500, retryable: false, exitCode: 5 },
  INVALID_ARGUMENT: { status: 400, retryable: false, exitCode: 2 },
  OUTPUT_FAILED: { status: 500, retryable: true, exitCode: 6 },
  DISK_FULL: { status: 507, retryable: true, exitCode: 6 },
  UNAUTHORIZED: { status: 401, retryable: false, exitCode: 7 },
  FORBIDDEN: { status: 403, retryable: false, exitCode: 7 },
  NOT_FOUND: { status: 404, retryable: false, exitCode: 4 },
  CONFLICT: { status: 409, retryable: false, exitCode: 2 },
  VALIDATION_FAILED: { status: 422, retryable: false, exitCode: 2 },
  RATE_LIMITED: { status: 429, retryable: true, exitCode: 1 },
  CANCELED: { status: 409, retryable: false, exitCode: 8 },
  SERVER_UNREACHABLE: { status: 503, retryable: true, exitCode: 9 },
  INTERNAL: { status: 500, retryable: true, exitCode: 1 },
} as const satisfies Record<string, { status: number; retryable: boolean; exitCode: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error the user can act on: a stable code, a one-line message, structured details. */
export class OcrDeskError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OcrDeskError';
    this.code = code;
    this.details = details;
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }
}

export function isOcrDeskError(e: unknown): e is OcrDeskError {
  return e instanceof OcrDeskError;
}

/** The one JSON error shape of the API (and of `--format json` failures in the CLI). */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: Record<string, unknown> };
}

export function toErrorBody(e: unknown): ErrorBody {
  if (isOcrDeskError(e)) return { error: { code: e.code, message: e.message, details: e.details } };
  const message = e instanceof Error ? e.message : String(e);
  return { error: { code: 'INTERNAL', message, details: {} } };
}
