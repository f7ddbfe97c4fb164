// Every page of the clinic app and the patient portal. Pages load on demand (React Router `lazy`), so the first
// download holds only the shell and the sign-in page; each feature's page arrives as its own chunk.
import { createBrowserRouter, RouterProvider } from 'react-router';
import { SignInPage } from '../features/auth/components/sign-in-page.tsx';
import { CLINIC_NAV, PORTAL_NAV, Shell } from './app-shell.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { HomeRedirect, RequireSession } from './require-session.tsx';

/** `lazy` wants `{ Component }`; our modules export named components. */
const page =
  <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) =>
  async () => ({ Component: (await load())[name] });

const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/', element: <HomeRedirect /> },
  {
    element: (
      <RequireSession audience="clinic">{(user) => <Shell user={user} nav={CLINIC_NAV} />}</RequireSession>
    ),
    children: [
      {
        path: '/today',
        lazy: page(() => import('../features/today/components/today-page.tsx'), 'TodayPage'),
      },
      {
        path: '/patients',
        lazy: page(() => import('../features/patients/components/patient-list-page.tsx'), 'PatientListPage'),
      },
      {
        path: '/patients/:patientId',
        lazy: page(() => import('../features/patients/components/chart-layout.tsx'), 'ChartLayout'),
        children: [
          {
            index: true,
            lazy: page(
              () => import('../features/patients/components/chart-summary-page.tsx'),
              'ChartSummaryPage',
            ),
          },
          {
            path: 'intake',
            lazy: page(() => import('../features/intake/components/intake-page.tsx'), 'IntakePage'),
          },
          {
            path: 'records',
            lazy: page(() => import('../features/patients/components/records-page.tsx'), 'RecordsPage'),
          },
          {
            path: 'timeline',
            lazy: page(() => import('../features/timeline/components/timeline-page.tsx'), 'TimelinePage'),
          },
          {
            path: 'screening',
            lazy: page(() => import('../features/screening/components/screening-page.tsx'), 'ScreeningPage'),
          },
          {
            path: 'plan',
            lazy: page(() => import('../features/plans/components/plan-page.tsx'), 'PlanPage'),
          },
          {
            path: 'consent',
            lazy: page(() => import('../features/consent/components/consent-page.tsx'), 'ConsentPage'),
          },
          {
            path: 'sessions',
            lazy: page(() => import('../features/sessions/components/sessions-page.tsx'), 'SessionsPage'),
          },
          {
            path: 'sessions/:sessionId',
            lazy: page(
              () => import('../features/sessions/components/session-runner-page.tsx'),
              'SessionRunnerPage',
            ),
          },
          {
            path: 'outcomes',
            lazy: page(() => import('../features/outcomes/components/outcomes-page.tsx'), 'OutcomesPage'),
          },
        ],
      },
      {
        path: '/library',
        lazy: page(() => import('../features/library/components/library-page.tsx'), 'LibraryPage'),
      },
      {
        path: '/reports',
        lazy: page(() => import('../features/reports/components/reports-page.tsx'), 'ReportsPage'),
      },
      {
        path: '/audit',
        lazy: page(() => import('../features/audit/components/audit-page.tsx'), 'AuditPage'),
      },
    ],
  },
  {
    path: '/portal',
    element: (
      <RequireSession audience="patient">{(user) => <Shell user={user} nav={PORTAL_NAV} />}</RequireSession>
    ),
    children: [
      {
        index: true,
        lazy: page(() => import('../features/portal/components/portal-home-page.tsx'), 'PortalHomePage'),
      },
      {
        path: 'intake',
        lazy: page(() => import('../features/portal/components/portal-intake-page.tsx'), 'PortalIntakePage'),
      },
      {
        path: 'learn',
        lazy: page(() => import('../features/portal/components/learn-page.tsx'), 'LearnPage'),
      },
      {
        path: 'consent',
        lazy: page(
          () => import('../features/portal/components/portal-consent-page.tsx'),
          'PortalConsentPage',
        ),
      },
      {
        path: 'plan',
        lazy: page(() => import('../features/portal/components/portal-plan-page.tsx'), 'PortalPlanPage'),
      },
      {
        path: 'questionnaires',
        lazy: page(
          () => import('../features/portal/components/questionnaires-page.tsx'),
          'QuestionnairesPage',
        ),
      },
      {
        path: 'access-log',
        lazy: page(() => import('../features/portal/components/access-log-page.tsx'), 'AccessLogPage'),
      },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
