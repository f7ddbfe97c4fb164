// The browser's session: read it, sign in (password, then TOTP), sign out. The CSRF token the server returns is
// handed to the fetcher here, the only place that sees it.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SessionView } from '../../../../server/auth/schemas.ts';
import { api, setCsrfToken } from '../../../lib/api-client.ts';

export type { SessionView };
export type SessionUser = NonNullable<SessionView['user']>;
export type Role = SessionUser['role'];

function remember(view: SessionView): SessionView {
  setCsrfToken(view.csrfToken);
  return view;
}

export const fetchSession = async (): Promise<SessionView> =>
  remember(await api<SessionView>('/api/auth/session'));

export const sessionQuery = queryOptions({ queryKey: ['session'], queryFn: fetchSession, staleTime: 60_000 });

export const useSession = () => useQuery(sessionQuery);

export const signIn = async (username: string, password: string): Promise<SessionView> =>
  remember(await api<SessionView>('/api/auth/login', { method: 'POST', body: { username, password } }));

export const submitTotp = async (code: string): Promise<SessionView> =>
  remember(await api<SessionView>('/api/auth/totp', { method: 'POST', body: { code } }));

export async function signOut(): Promise<void> {
  await api('/api/auth/logout', { method: 'POST', body: {} });
  setCsrfToken(undefined);
}
