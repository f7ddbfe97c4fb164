// The frame around every page: a header with the user, language and sign-out, and navigation that shows only what
// the user's role may do (the server's own permission table, sent with the session).
import { AppShell, Burger, Button, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, Outlet, useLocation, useNavigate } from 'react-router';
import { LanguagePicker } from '../components/language-picker.tsx';
import type { SessionUser } from '../features/auth/api/session.ts';
import { signOut } from '../features/auth/api/session.ts';
import { useIdleLock } from '../features/auth/hooks/use-idle-lock.ts';
import { whenSignedOut } from '../lib/api-client.ts';

export interface NavItem {
  readonly to: string;
  readonly labelKey: string;
  /** The server action the page needs (auth/permissions.ts); absent = every user of this shell. */
  readonly action?: SessionUser['actions'][number];
}

export const CLINIC_NAV: readonly NavItem[] = [
  { to: '/today', labelKey: 'nav.today', action: 'patient.list' },
  { to: '/patients', labelKey: 'nav.patients', action: 'patient.list' },
  { to: '/library', labelKey: 'nav.library', action: 'library.read' },
  { to: '/reports', labelKey: 'nav.reports', action: 'report.read' },
  { to: '/audit', labelKey: 'nav.audit', action: 'audit.read' },
];

export const PORTAL_NAV: readonly NavItem[] = [
  { to: '/portal', labelKey: 'nav.portal.home' },
  { to: '/portal/intake', labelKey: 'nav.portal.intake' },
  { to: '/portal/learn', labelKey: 'nav.portal.learn' },
  { to: '/portal/consent', labelKey: 'nav.portal.consent' },
  { to: '/portal/plan', labelKey: 'nav.portal.plan' },
  { to: '/portal/questionnaires', labelKey: 'nav.portal.questionnaires' },
  { to: '/portal/access-log', labelKey: 'nav.portal.accessLog' },
];

export function Shell({
  user,
  nav,
  children,
}: {
  user: SessionUser;
  nav: readonly NavItem[];
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  useIdleLock(true);
  useEffect(() => {
    whenSignedOut(() => {
      queryClient.clear();
      void navigate(`/sign-in?next=${encodeURIComponent(location.pathname)}`, { replace: true });
    });
  }, [navigate, queryClient, location.pathname]);
  useEffect(close, [location.pathname, close]);

  const allowed = nav.filter((item) => item.action === undefined || user.actions.includes(item.action));
  const leave = async () => {
    await signOut().catch(() => undefined);
    queryClient.clear();
    void navigate('/sign-in', { replace: true });
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Text fw={700} size="lg">
              o3care
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="sm" data-testid="signed-in-user">
              {user.displayName} · {t(`role.${user.role}`)}
            </Text>
            <LanguagePicker />
            <Button variant="default" size="xs" onClick={() => void leave()}>
              {t('auth.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.main')}>
        {allowed.map((item) => (
          <NavLink
            key={item.to}
            component={RouterLink}
            to={item.to}
            end={item.to === '/portal'}
            label={t(item.labelKey)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>{children ?? <Outlet />}</AppShell.Main>
    </AppShell>
  );
}
