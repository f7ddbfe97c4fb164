// Consent (/patients/:patientId/consent): the technique's template in the patient's language, the patient's signature
// on this screen (drawn, or typed for keyboard users) or in the portal, and the physician's countersignature.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Loader,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useSession } from '../../auth/api/session.ts';
import type { Consent, ConsentTemplate, Patient } from '../api/consents.ts';
import {
  countersign,
  recordScreenSignature,
  templateFor,
  useConsents,
  useConsentTemplates,
  usePatient,
  usePatientPlans,
} from '../api/consents.ts';
import { SignaturePad } from './signature-pad.tsx';

/** Mantine's dimmed grey (input descriptions) falls short of 4.5:1 on white; this page uses a darker one. */
const READABLE_DIMMED = { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' } as CSSProperties;

const day = (iso: string) => iso.slice(0, 10);

function ConsentStatus({ consent }: { readonly consent: Consent }) {
  const { t } = useTranslation();
  const [color, key] = consent.withdrawn
    ? ['gray.7', 'consent.status.withdrawn']
    : consent.countersignature
      ? ['green.9', 'consent.status.standing']
      : ['orange.9', 'consent.status.awaitingCountersignature'];
  return (
    <Text span size="sm" fw={700}>
      <span
        aria-hidden
        style={{
          display: 'inline-block',
          width: 10,
          height: 10,
          borderRadius: 5,
          marginRight: 4,
          background: `var(--mantine-color-${color.replace('.', '-')})`,
        }}
      />
      {t(key)}
    </Text>
  );
}

function ConsentCard({
  consent,
  template,
  canCountersign,
}: {
  readonly consent: Consent;
  readonly template: ConsentTemplate | undefined;
  readonly canCountersign: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sign = useMutation({
    mutationFn: () => countersign(consent.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['patients', consent.patientId, 'consents'] }),
  });
  const title = template?.title ?? consent.techniques.map((tech) => t(`technique.${tech}`)).join(', ');
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`consent-${consent.id}`}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Title order={3} size="h5" id={`consent-${consent.id}`}>
            {title}
          </Title>
          <ConsentStatus consent={consent} />
        </Group>
        <Text size="sm">
          {t('consent.card.signed', {
            name: consent.patientSignature.name,
            date: day(consent.patientSignature.signedAt),
            method: t(`consent.method.${consent.patientSignature.method}`),
          })}
        </Text>
        {consent.countersignature && (
          <Text size="sm">{t('consent.card.countersigned', { date: day(consent.countersignature.at) })}</Text>
        )}
        <Text size="sm" c="gray.7">
          {t('consent.card.validUntil', { date: day(consent.validUntil) })}
        </Text>
        <ProblemAlert error={sign.error} />
        {canCountersign && !consent.countersignature && !consent.withdrawn && (
          <Group>
            <Button onClick={() => sign.mutate()} loading={sign.isPending}>
              {t('consent.countersign')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function TemplateText({
  template,
  patient,
}: {
  readonly template: ConsentTemplate;
  readonly patient?: Patient;
}) {
  const { t, i18n } = useTranslation();
  const wanted = patient?.preferredLanguage;
  const mismatch = wanted && template.language.split('-')[0] !== wanted.split('-')[0];
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Title order={3} size="h5">
          {template.title}
        </Title>
        <Badge variant="outline" color="blue.9" radius="sm">
          {t('consent.template.language', { language: template.language })}
        </Badge>
        <Text size="xs" c="gray.7">
          {t('consent.template.version', { version: template.version })}
        </Text>
      </Group>
      {mismatch && <Alert color="orange">{t('consent.template.noTranslation', { language: wanted })}</Alert>}
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lang={template.language}>
        {template.body}
      </Text>
      <Text size="sm" fw={600}>
        {t('consent.template.discussed')}
      </Text>
      <List size="sm">
        {template.discussionItems.map((item) => (
          <List.Item key={item}>
            {i18n.exists(`consent.discussion.${item}`) ? t(`consent.discussion.${item}`) : item}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

function SignOnScreen({
  patientId,
  template,
  technique,
  defaultName,
}: {
  readonly patientId: string;
  readonly template: ConsentTemplate;
  readonly technique: string;
  readonly defaultName: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [drawn, setDrawn] = useState(false);
  const [typed, setTyped] = useState(false);
  const [name, setName] = useState(defaultName);
  const [read, setRead] = useState(false);
  const record = useMutation({
    mutationFn: () =>
      recordScreenSignature(patientId, {
        templateId: template.id,
        techniques: [technique],
        name: name.trim(),
      }),
    onSuccess: () => {
      setDrawn(false);
      setTyped(false);
      setRead(false);
      return queryClient.invalidateQueries({ queryKey: ['patients', patientId, 'consents'] });
    },
  });
  const ready = name.trim() !== '' && read && (drawn || typed);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) record.mutate();
      }}
    >
      <Stack gap="sm">
        <Checkbox
          label={t('consent.sign.read')}
          checked={read}
          onChange={(event) => setRead(event.currentTarget.checked)}
        />
        <TextInput
          label={t('consent.sign.name')}
          required
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
        />
        <SignaturePad key={record.data?.consent.id ?? 'new'} drawn={drawn} onDrawnChange={setDrawn} />
        <Checkbox
          label={t('consent.sign.typed')}
          description={t('consent.sign.typedHelp')}
          checked={typed}
          onChange={(event) => setTyped(event.currentTarget.checked)}
        />
        <ProblemAlert error={record.error} />
        {record.isSuccess && (
          <Text role="status" size="sm">
            <Text span fw={700}>
              {t('consent.sign.recorded')}
            </Text>{' '}
            {t('consent.sign.recordedDetail')}
          </Text>
        )}
        <Group>
          <Button type="submit" disabled={!ready} loading={record.isPending}>
            {t('consent.sign.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ConsentPage() {
  const { t } = useTranslation();
  const patientId = useParams().patientId ?? '';
  const session = useSession();
  const actions: readonly string[] = session.data?.user?.actions ?? [];
  const templates = useConsentTemplates();
  const consents = useConsents(patientId);
  const patient = usePatient(patientId);
  const plans = usePatientPlans(patientId);
  const [chosenTechnique, setChosenTechnique] = useState<string>();
  const [method, setMethod] = useState<'screen' | 'portal'>('screen');

  const all = templates.data?.templates ?? [];
  const covered = [...new Set(all.flatMap((template) => template.techniques))];
  const planned = plans.data?.plans.find((plan) => plan.status === 'active')?.technique;
  const technique = chosenTechnique ?? (planned && covered.includes(planned) ? planned : covered[0]);
  const template = technique
    ? templateFor(all, technique, patient.data?.patient.preferredLanguage)
    : undefined;
  const byId = new Map(all.map((tpl) => [tpl.id, tpl]));
  const person = patient.data?.patient;
  const defaultName = [person?.givenName, person?.familyName].filter(Boolean).join(' ');

  return (
    <Page title={t('consent.title')} subtitle={t('consent.subtitle')}>
      <Stack gap="md" style={READABLE_DIMMED}>
        {(templates.isPending || consents.isPending) && <Loader aria-label={t('app.loading')} />}
        <ProblemAlert error={templates.error ?? consents.error} />

        <Stack gap="sm" component="section" aria-labelledby="consents-on-record">
          <Title order={2} size="h4" id="consents-on-record">
            {t('consent.onRecord')}
          </Title>
          {consents.data && consents.data.consents.length === 0 && (
            <Alert color="gray">{t('consent.none')}</Alert>
          )}
          {consents.data?.consents.map((consent) => (
            <ConsentCard
              key={consent.id}
              consent={consent}
              template={byId.get(consent.templateId)}
              canCountersign={actions.includes('consent.countersign')}
            />
          ))}
        </Stack>

        {actions.includes('consent.sign-as-patient') && templates.data && (
          <Paper withBorder p="md" component="section" aria-labelledby="consent-new">
            <Stack gap="md">
              <Title order={2} size="h4" id="consent-new">
                {t('consent.new')}
              </Title>
              {covered.length === 0 ? (
                <Alert color="orange">{t('consent.noTemplates')}</Alert>
              ) : (
                <NativeSelect
                  label={t('consent.technique')}
                  value={technique ?? ''}
                  data={covered.map((code) => ({ value: code, label: t(`technique.${code}`) }))}
                  onChange={(event) => setChosenTechnique(event.currentTarget.value)}
                />
              )}
              {template && technique && (
                <>
                  <TemplateText template={template} {...(person ? { patient: person } : {})} />
                  <Radio.Group
                    name="signing-method"
                    label={t('consent.method.label')}
                    value={method}
                    onChange={(value) => setMethod(value === 'portal' ? 'portal' : 'screen')}
                  >
                    <Group mt="xs">
                      <Radio value="screen" label={t('consent.method.screen')} />
                      <Radio value="portal" label={t('consent.method.portalChoice')} />
                    </Group>
                  </Radio.Group>
                  {method === 'screen' ? (
                    <SignOnScreen
                      key={template.id}
                      patientId={patientId}
                      template={template}
                      technique={technique}
                      defaultName={defaultName}
                    />
                  ) : (
                    <Alert color="blue" title={t('consent.portal.title')}>
                      {t('consent.portal.text')}
                    </Alert>
                  )}
                </>
              )}
            </Stack>
          </Paper>
        )}
      </Stack>
    </Page>
  );
}
