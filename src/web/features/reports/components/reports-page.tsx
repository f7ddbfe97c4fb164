// The clinic's reports: safety (adverse events per 1,000 sessions, hard-stop catches, overrides, library compliance),
// outcomes (responder rates by goal and technique) and decisions against ozone by reason. Each section shows a chart
// and its numbers in a table, and downloads those numbers as CSV. Nothing is computed here but percentages.
import { Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { DeclineReport, OutcomeReport, OverrideReport, SafetyReport } from '../api/reports.ts';
import { useDeclineReport, useOutcomeReport, useOverrideReport, useSafetyReport } from '../api/reports.ts';
import type { Column } from './report-section.tsx';
import { ReportSection } from './report-section.tsx';

/** A share (0–1) as a percentage with one decimal, as the table and the CSV show it. */
const percent = (share: number | undefined) =>
  share === undefined ? undefined : Math.round(share * 1000) / 10;
const oneDecimal = (value: number | undefined) =>
  value === undefined ? undefined : Math.round(value * 10) / 10;

function useLabels() {
  const { t, i18n } = useTranslation();
  return {
    technique: (code: string) => t(`technique.${code}`, { defaultValue: code }),
    goal: (code: string) => t(`goal.${code}`, { defaultValue: code }),
    rule: (id: string) => (i18n.exists(`rule.${id}.title`) ? `${t(`rule.${id}.title`)} (${id})` : id),
    overrideReason: (reason: string) =>
      reason === 'none' ? t('reports.noReason') : t(`override.${reason}`, { defaultValue: reason }),
    declineReason: (reason: string) => t(`decline.${reason}`, { defaultValue: reason }),
    action: (action: string) => t(`reports.action.${action}`, { defaultValue: action }),
  };
}

function ReportGroup({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function SafetySections({
  safety,
  overrides,
}: {
  readonly safety: SafetyReport;
  readonly overrides?: OverrideReport;
}) {
  const { t } = useTranslation();
  const label = useLabels();
  const ae = safety.adverseEvents;
  type AeRow = SafetyReport['adverseEvents']['byTechnique'][number];
  const aeColumns: Column<AeRow>[] = [
    { header: t('reports.column.technique'), value: (row) => label.technique(row.technique) },
    { header: t('reports.column.sessions'), value: (row) => row.sessions },
    { header: t('reports.column.adverseEvents'), value: (row) => row.adverseEvents },
    { header: t('reports.column.severe'), value: (row) => row.severeAdverseEvents },
    { header: t('reports.column.perThousand'), value: (row) => oneDecimal(row.perThousandSessions) },
  ];
  type RuleRow = SafetyReport['hardStopCatches']['byRule'][number];
  const catches = safety.hardStopCatches;
  type ReasonRow = OverrideReport['byReason'][number];
  type OverrideTechniqueRow = OverrideReport['byTechnique'][number];
  const compliance = safety.libraryCompliance;
  const complianceRows = [
    { kind: t('reports.compliance.orders'), ...compliance.orders },
    { kind: t('reports.compliance.sessions'), ...compliance.sessions },
  ];
  type ComplianceRow = (typeof complianceRows)[number];

  return (
    <ReportGroup title={t('reports.safety')}>
      <ReportSection<AeRow>
        id="report-adverse-events"
        title={t('reports.adverseEvents.title')}
        summary={t('reports.adverseEvents.summary', {
          events: ae.total.adverseEvents,
          sessions: ae.total.sessions,
          severe: ae.total.severeAdverseEvents,
          rate: oneDecimal(ae.total.perThousandSessions) ?? '—',
        })}
        rows={ae.byTechnique}
        columns={aeColumns}
        chart={{ label: (row) => label.technique(row.technique), value: (row) => row.perThousandSessions }}
        chartLabel={t('reports.column.perThousand')}
        csvName="adverse-events-per-1000-sessions.csv"
      />
      <ReportSection<RuleRow>
        id="report-hard-stops"
        title={t('reports.hardStops.title')}
        summary={
          <>
            {t('reports.hardStops.summary', { count: catches.total })}{' '}
            {catches.byAction.map((row) => `${label.action(row.action)}: ${row.count}`).join(' · ')}
          </>
        }
        rows={catches.byRule}
        columns={[
          { header: t('reports.column.rule'), value: (row) => label.rule(row.ruleId) },
          { header: t('reports.column.catches'), value: (row) => row.count },
        ]}
        chart={{ label: (row) => row.ruleId, value: (row) => row.count }}
        chartLabel={t('reports.column.catches')}
        csvName="hard-stop-catches.csv"
      />
      {overrides && (
        <>
          <ReportSection<ReasonRow>
            id="report-overrides-reason"
            title={t('reports.overridesByReason.title')}
            summary={t('reports.overrides.summary', {
              overridden: overrides.total.overridden,
              accepted: overrides.total.accepted,
              rate: percent(overrides.total.overrideRate) ?? '—',
            })}
            rows={overrides.byReason}
            columns={[
              { header: t('reports.column.reason'), value: (row) => label.overrideReason(row.reason) },
              { header: t('reports.column.overridden'), value: (row) => row.overridden },
              { header: t('reports.column.shareOfOverrides'), value: (row) => percent(row.share) },
            ]}
            chart={{ label: (row) => label.overrideReason(row.reason), value: (row) => row.overridden }}
            chartLabel={t('reports.column.overridden')}
            csvName="overrides-by-reason.csv"
          />
          <ReportSection<OverrideTechniqueRow>
            id="report-overrides-technique"
            title={t('reports.overridesByTechnique.title')}
            rows={overrides.byTechnique}
            columns={[
              { header: t('reports.column.technique'), value: (row) => label.technique(row.technique) },
              { header: t('reports.column.accepted'), value: (row) => row.accepted },
              { header: t('reports.column.overridden'), value: (row) => row.overridden },
              { header: t('reports.column.overrideRate'), value: (row) => percent(row.overrideRate) },
            ]}
            chart={{ label: (row) => label.technique(row.technique), value: (row) => row.overridden }}
            chartLabel={t('reports.column.overridden')}
            csvName="overrides-by-technique.csv"
          />
        </>
      )}
      <ReportSection<ComplianceRow>
        id="report-compliance"
        title={t('reports.compliance.title')}
        summary={
          compliance.current
            ? t('reports.compliance.summary', { version: compliance.current.version })
            : t('reports.compliance.noneApproved')
        }
        rows={complianceRows}
        columns={[
          { header: t('reports.column.record'), value: (row) => row.kind },
          { header: t('reports.column.total'), value: (row) => row.total },
          { header: t('reports.column.onCurrent'), value: (row) => row.onCurrent },
          { header: t('reports.column.compliance'), value: (row) => percent(row.share) },
        ]}
        chart={{ label: (row) => row.kind, value: (row) => percent(row.share) }}
        chartLabel={t('reports.column.compliance')}
        csvName="library-compliance.csv"
      />
    </ReportGroup>
  );
}

type ResponseRow = OutcomeReport['byGoal'][number] | OutcomeReport['byTechnique'][number];

function OutcomeSections({ outcomes }: { readonly outcomes: OutcomeReport }) {
  const { t } = useTranslation();
  const label = useLabels();
  const counts = (first: Column<ResponseRow>): Column<ResponseRow>[] => [
    first,
    { header: t('reports.column.plans'), value: (row) => row.plans },
    { header: t('reports.column.responders'), value: (row) => row.responders },
    { header: t('reports.column.nonResponders'), value: (row) => row.nonResponders },
    { header: t('reports.column.notEvaluable'), value: (row) => row.notEvaluable },
    { header: t('reports.column.responderRate'), value: (row) => percent(row.responderRate) },
  ];
  const goalOf = (row: ResponseRow) => ('goal' in row ? label.goal(row.goal) : '');
  const techniqueOf = (row: ResponseRow) => ('technique' in row ? label.technique(row.technique) : '');
  return (
    <ReportGroup title={t('reports.outcomes')}>
      <Text size="sm" c="gray.7">
        {t('reports.outcomes.explain', {
          responders: outcomes.total.responders,
          judged: outcomes.total.responders + outcomes.total.nonResponders,
          plans: outcomes.total.plans,
        })}
      </Text>
      <ReportSection<ResponseRow>
        id="report-responders-goal"
        title={t('reports.respondersByGoal.title')}
        rows={outcomes.byGoal}
        columns={counts({ header: t('reports.column.goal'), value: goalOf })}
        chart={{ label: goalOf, value: (row) => percent(row.responderRate) }}
        chartLabel={t('reports.column.responderRate')}
        csvName="responders-by-goal.csv"
      />
      <ReportSection<ResponseRow>
        id="report-responders-technique"
        title={t('reports.respondersByTechnique.title')}
        rows={outcomes.byTechnique}
        columns={counts({ header: t('reports.column.technique'), value: techniqueOf })}
        chart={{ label: techniqueOf, value: (row) => percent(row.responderRate) }}
        chartLabel={t('reports.column.responderRate')}
        csvName="responders-by-technique.csv"
      />
    </ReportGroup>
  );
}

function DeclineSection({ declines }: { readonly declines: DeclineReport }) {
  const { t } = useTranslation();
  const label = useLabels();
  type ReasonRow = DeclineReport['byReason'][number];
  return (
    <ReportGroup title={t('reports.declines')}>
      <ReportSection<ReasonRow>
        id="report-declines"
        title={t('reports.declines.title')}
        summary={t('reports.declines.summary', {
          noOzone: declines.noOzone,
          decisions: declines.decisions,
          share: percent(declines.noOzoneShare) ?? '—',
        })}
        rows={declines.byReason}
        columns={[
          { header: t('reports.column.reason'), value: (row) => label.declineReason(row.reason) },
          { header: t('reports.column.decisions'), value: (row) => row.count },
          { header: t('reports.column.shareOfDeclines'), value: (row) => percent(row.share) },
        ]}
        chart={{ label: (row) => label.declineReason(row.reason), value: (row) => row.count }}
        chartLabel={t('reports.column.decisions')}
        csvName="decisions-against-ozone.csv"
      />
    </ReportGroup>
  );
}

export function ReportsPage() {
  const { t } = useTranslation();
  const safety = useSafetyReport();
  const overrides = useOverrideReport();
  const outcomes = useOutcomeReport();
  const declines = useDeclineReport();
  const pending = safety.isPending || overrides.isPending || outcomes.isPending || declines.isPending;
  return (
    <Page title={t('reports.title')} subtitle={t('reports.subtitle')}>
      <ProblemAlert error={safety.error ?? overrides.error ?? outcomes.error ?? declines.error} />
      {pending && <Loader aria-label={t('app.loading')} />}
      {safety.data && (
        <SafetySections safety={safety.data} {...(overrides.data ? { overrides: overrides.data } : {})} />
      )}
      {outcomes.data && <OutcomeSections outcomes={outcomes.data} />}
      {declines.data && <DeclineSection declines={declines.data} />}
    </Page>
  );
}
