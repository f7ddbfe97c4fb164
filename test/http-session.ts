// A signed-in browser, over real HTTP: the session cookie and CSRF token from POST /api/auth/login, sent with every
// request, to whichever server the test points it at (the scale-out test uses one session on two servers).

export const SESSION_COOKIE = 'o3care_session';

export interface HttpResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
}

export interface HttpSession {
  readonly cookie: string;
  readonly csrfToken: string;
  request<T = unknown>(
    baseUrl: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<HttpResponse<T>>;
}

export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResponse<T> & { setCookies: string[] }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text === '' ? null : JSON.parse(text)) as T,
    setCookies: response.headers.getSetCookie(),
  };
}

/** Signs in with username and password (accounts without a second factor, e.g. an administrator). */
export async function signInOverHttp(
  baseUrl: string,
  credentials: { readonly username: string; readonly password: string },
): Promise<HttpSession> {
  const login = await call<{ csrfToken?: string; secondFactorRequired?: boolean }>(
    baseUrl,
    'POST',
    '/api/auth/login',
    { body: credentials },
  );
  const cookie = login.setCookies
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (login.status !== 200 || !cookie || !login.body.csrfToken || login.body.secondFactorRequired)
    throw new Error(
      `sign-in as ${credentials.username} failed: ${login.status} ${JSON.stringify(login.body)}`,
    );
  const csrfToken = login.body.csrfToken;
  return {
    cookie,
    csrfToken,
    request: (url, method, path, body) =>
      call(url, method, path, {
        ...(body !== undefined ? { body } : {}),
        headers: { cookie, 'x-csrf-token': csrfToken },
      }),
  };
}
