// Pages behind sign-in: no session sends the user to the sign-in page (and back afterwards); a signed-in user of
// the wrong kind (a patient in the clinic app, staff in the portal) goes to their own home.
import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { SessionUser } from '../features/auth/api/session.ts';
import { useSession } from '../features/auth/api/session.ts';

export function homeOf(user: SessionUser): string {
  return user.role === 'patient' ? '/portal' : user.role === 'admin' ? '/reports' : '/today';
}

export function RequireSession({
  audience,
  children,
}: {
  readonly audience: 'clinic' | 'patient';
  readonly children: (user: SessionUser) => ReactNode;
}) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending)
    return (
      <Center mih="50vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  const user = session.data?.authenticated ? session.data.user : undefined;
  if (!user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  const isPatient = user.role === 'patient';
  if ((audience === 'patient') !== isPatient) return <Navigate to={homeOf(user)} replace />;
  return <>{children(user)}</>;
}

/** `/`: straight to the user's home, or to sign-in. */
export function HomeRedirect() {
  const session = useSession();
  if (session.isPending) return null;
  const user = session.data?.authenticated ? session.data.user : undefined;
  return <Navigate to={user ? homeOf(user) : '/sign-in'} replace />;
}
