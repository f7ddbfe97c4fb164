// RFC 9457 problem details for /api errors (DESIGN.md, Errors): `type`, `title`, `status`, `detail`, and `errors[]`
// naming the JSON path of each bad field. Every error code is defined once, here.

export interface FieldError {
  /** JSON path of the bad field, e.g. `$.body.birthDate`. */
  readonly path: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  readonly requestId?: string;
  /**
   * The engine's findings that blocked the action: the hard stops (`clinical-hard-stop`), or the warnings still
   * waiting for a coded override reason (`override-required`).
   */
  readonly findings?: readonly unknown[];
}

export const PROBLEM_BASE = 'https://o3care.org/problems/';

/** The problem types o3care answers with; docs/api/problems.md describes each (kept in step by a test). */
export const PROBLEM_TYPES = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'Sign in first' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'clinical-hard-stop': { status: 422, title: 'Blocked by a clinical hard stop' },
  'override-required': { status: 422, title: 'A warning needs a coded override reason' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Internal error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

export type ProblemCode = keyof typeof PROBLEM_TYPES;

/** An error a route throws to answer with a problem; the error handler turns it into problem+json. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly code: ProblemCode;
  readonly errors: readonly FieldError[] | undefined;
  readonly findings: readonly unknown[] | undefined;

  constructor(
    code: ProblemCode,
    detail?: string,
    extra: { errors?: readonly FieldError[]; findings?: readonly unknown[] } = {},
  ) {
    super(detail ?? PROBLEM_TYPES[code].title);
    this.code = code;
    this.errors = extra.errors;
    this.findings = extra.findings;
  }
}

export const isHttpProblem = (error: unknown): error is HttpProblem => error instanceof HttpProblem;

export function problem(
  code: ProblemCode,
  detail?: string,
  extra: Partial<Pick<Problem, 'errors' | 'requestId' | 'findings'>> = {},
): Problem {
  const { status, title } = PROBLEM_TYPES[code];
  return {
    type: `${PROBLEM_BASE}${code}`,
    title,
    status,
    ...(detail !== undefined ? { detail } : {}),
    ...(extra.errors && extra.errors.length > 0 ? { errors: extra.errors } : {}),
    ...(extra.findings && extra.findings.length > 0 ? { findings: extra.findings } : {}),
    ...(extra.requestId !== undefined ? { requestId: extra.requestId } : {}),
  };
}

export const badRequest = (path: string, message: string): HttpProblem =>
  new HttpProblem('invalid-request', message, { errors: [{ path, message }] });
