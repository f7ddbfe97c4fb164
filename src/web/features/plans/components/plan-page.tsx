// The decision after screening (/patients/:patientId/plan): the patient's plans with their orders, the plan builder
// with live dose checking, and the documented decision against ozone.
import { Alert, Anchor, Loader, Stack, Title } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useSession } from '../../auth/api/session.ts';
import { useCurrentLibrary, useIntake, useOrders, usePlans, useScreening } from '../api/plans.ts';
import { DecideAgainstForm } from './decide-against-form.tsx';
import { PlanBuilder } from './plan-builder.tsx';
import { PlanCard } from './plan-list.tsx';

/** Mantine's dimmed grey (input descriptions) falls short of 4.5:1 on white; this page uses a darker one. */
const READABLE_DIMMED = { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' } as CSSProperties;

export function PlanPage() {
  const { t } = useTranslation();
  const patientId = useParams().patientId ?? '';
  const session = useSession();
  const actions: readonly string[] = session.data?.user?.actions ?? [];
  const plans = usePlans(patientId);
  const orders = useOrders(patientId);
  const intake = useIntake(patientId);
  const screening = useScreening(patientId);
  const library = useCurrentLibrary();
  const goal = intake.data?.intake.intake.goal;
  const entries = library.data?.library.entries ?? {};
  const canPlan = actions.includes('plan.write');
  const loading = plans.isPending || intake.isPending || screening.isPending || library.isPending;

  return (
    <Page title={t('plans.title')} subtitle={t('plans.subtitle')}>
      <Stack gap="md" style={READABLE_DIMMED}>
        {loading && <Loader aria-label={t('app.loading')} />}
        <ProblemAlert error={plans.error ?? library.error} />

        <Stack gap="sm" component="section" aria-labelledby="plans-existing">
          <Title order={2} size="h4" id="plans-existing">
            {t('plans.existing')}
          </Title>
          {plans.data && plans.data.plans.length === 0 && <Alert color="gray">{t('plans.none')}</Alert>}
          {plans.data?.plans.map((plan) => (
            <PlanCard
              key={plan.id}
              plan={plan}
              orders={(orders.data?.orders ?? []).map((o) => o.order).filter((o) => o.planId === plan.id)}
              entry={entries[plan.technique]}
              canOrder={actions.includes('order.write')}
            />
          ))}
        </Stack>

        {canPlan && !loading && (
          <>
            {!goal?.code || intake.error || screening.error ? (
              <Alert color="orange" title={t('plans.needIntake.title')}>
                {t('plans.needIntake.text')}{' '}
                <Anchor component={Link} to={`/patients/${encodeURIComponent(patientId)}/intake`}>
                  {t('plans.needIntake.link')}
                </Anchor>
              </Alert>
            ) : !library.data ? (
              <Alert color="orange">{t('plans.noLibrary')}</Alert>
            ) : (
              screening.data && (
                <PlanBuilder
                  patientId={patientId}
                  goal={{ code: goal.code, ...(goal.text ? { text: goal.text } : {}) }}
                  screening={screening.data.screening}
                  entries={entries}
                  libraryVersion={library.data.library.version}
                />
              )
            )}
          </>
        )}

        {actions.includes('decision.write') && <DecideAgainstForm patientId={patientId} />}
      </Stack>
    </Page>
  );
}
