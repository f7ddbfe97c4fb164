// Outcomes: record a measure of the patient's goal (baseline, review or follow-up), see each measure's trajectory with
// its MCID line and the review point, and the engine's continue / reassess / stop recommendation for the course.
import {
  Badge,
  Button,
  Group,
  Loader,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { GoalCode, OutcomeMeasureCode } from '../../../../clinical/goals.ts';
import { GOALS, OUTCOME_MEASURES } from '../../../../clinical/goals.ts';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useSession } from '../../auth/api/session.ts';
import type { CourseReview, OutcomePhase } from '../api/outcomes.ts';
import {
  OUTCOME_PHASES,
  useCourseReview,
  useIntake,
  useOutcomes,
  usePlans,
  useRecordOutcome,
} from '../api/outcomes.ts';
import { OutcomeTrajectory } from './outcome-trajectory.tsx';

const RECOMMENDATION_COLOR = { continue: 'green.9', reassess: 'orange.9', stop: 'red.9' } as const;

export function OutcomesPage() {
  const { t } = useTranslation();
  const { patientId = '' } = useParams();
  const plans = usePlans(patientId);
  const intake = useIntake(patientId);
  const outcomes = useOutcomes(patientId);
  const user = useSession().data?.user;
  const plan = plans.data?.find((candidate) => candidate.status === 'active') ?? plans.data?.[0];
  const review = useCourseReview(plan?.id);
  const goalCode: GoalCode | undefined = plan?.goal.code ?? intake.data?.intake.intake.goal?.code;
  const goalMeasures: readonly OutcomeMeasureCode[] = goalCode ? GOALS[goalCode].outcomeMeasures : [];
  const recorded = outcomes.data ?? [];
  const shownMeasures = [
    ...goalMeasures,
    ...new Set(recorded.map((v) => v.measure).filter((m) => !goalMeasures.includes(m))),
  ].filter((measure) => recorded.some((v) => v.measure === measure));
  const mayRecord = user?.actions.includes('outcome.write') ?? false;
  const loading = plans.isPending || intake.isPending || outcomes.isPending;

  return (
    <Page
      title={t('outcomes.title')}
      subtitle={goalCode ? t('outcomes.goal', { goal: t(`goal.${goalCode}`) }) : t('outcomes.noGoal')}
    >
      {loading && <Loader size="sm" aria-label={t('outcomes.loading')} />}
      <ProblemAlert error={plans.error ?? intake.error ?? outcomes.error} />
      {plan && <CourseRecommendation review={review.data} error={review.error} />}
      {/* Only once the recorded values are in: the form's first phase (baseline or review) is chosen from them. */}
      {mayRecord && goalMeasures.length > 0 && outcomes.data !== undefined && (
        <RecordOutcomeForm
          patientId={patientId}
          measures={goalMeasures}
          planId={plan?.id}
          hasBaseline={recorded.some((v) => v.phase === 'baseline')}
        />
      )}
      {!loading && shownMeasures.length === 0 && <Text>{t('outcomes.none')}</Text>}
      {shownMeasures.map((measure) => (
        <OutcomeTrajectory
          key={measure}
          measure={measure}
          values={recorded.filter((v) => v.measure === measure)}
          review={review.data}
        />
      ))}
    </Page>
  );
}

function CourseRecommendation({
  review,
  error,
}: {
  readonly review: CourseReview | undefined;
  readonly error: unknown;
}) {
  const { t } = useTranslation();
  if (error) return <ProblemAlert error={error} />;
  if (!review) return null;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="course-review-heading">
      <Stack gap={4}>
        <Title order={2} size="h4" id="course-review-heading">
          {t('outcomes.recommendation', { recommendation: t(`recommendation.${review.recommendation}`) })}
        </Title>
        <Text size="sm">{t(`recommendation.${review.recommendation}.explain`)}</Text>
        <Group gap="xs">
          <Badge variant="outline" c="dark.9" color={RECOMMENDATION_COLOR[review.recommendation]}>
            {t(`recommendation.${review.recommendation}`)}
          </Badge>
          <Text size="sm">
            {t('outcomes.response')}: {t(`response.${review.response}`)}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

function RecordOutcomeForm({
  patientId,
  measures,
  planId,
  hasBaseline,
}: {
  readonly patientId: string;
  readonly measures: readonly OutcomeMeasureCode[];
  readonly planId: string | undefined;
  readonly hasBaseline: boolean;
}) {
  const { t } = useTranslation();
  const record = useRecordOutcome(patientId);
  const [measure, setMeasure] = useState<OutcomeMeasureCode>(measures[0]!);
  const [phase, setPhase] = useState<OutcomePhase>(hasBaseline ? 'review' : 'baseline');
  const [value, setValue] = useState<number | ''>('');
  const [saved, setSaved] = useState(false);

  const submit = () => {
    if (value === '') return;
    setSaved(false);
    record.mutate(
      { measure, value, phase, ...(planId ? { planId } : {}) },
      {
        onSuccess: () => {
          setValue('');
          setSaved(true);
          if (phase === 'baseline') setPhase('review');
        },
      },
    );
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="record-outcome-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="record-outcome-heading">
          {t('outcomes.record')}
        </Title>
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('outcomes.measure')}
            value={measure}
            onChange={(event) => setMeasure(event.currentTarget.value as OutcomeMeasureCode)}
            data={measures.map((code) => ({ value: code, label: t(`measure.${code}`) }))}
          />
          <NativeSelect
            label={t('outcomes.phaseLabel')}
            value={phase}
            onChange={(event) => setPhase(event.currentTarget.value as OutcomePhase)}
            data={OUTCOME_PHASES.map((code) => ({ value: code, label: t(`outcomes.phase.${code}`) }))}
          />
          <NumberInput
            label={t('outcomes.value', { unit: t(`measure.${measure}.unit`) })}
            value={value}
            decimalScale={2}
            onChange={(next) => setValue(typeof next === 'number' ? next : '')}
            description={OUTCOME_MEASURES[measure].licensed ? t('outcomes.licensed') : undefined}
          />
          <Button onClick={submit} disabled={value === ''} loading={record.isPending}>
            {t('outcomes.save')}
          </Button>
        </Group>
        {saved && (
          <Text size="sm" role="status">
            {t('outcomes.saved')}
          </Text>
        )}
        <ProblemAlert error={record.error} />
      </Stack>
    </Paper>
  );
}
