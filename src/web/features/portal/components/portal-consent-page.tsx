// Consent in the portal: the consent texts the clinic prepared for the techniques of the patient's plan, in their
// language, to read and sign (typed name and a confirmation), and the consents they have given with where each stands.
// Whether a consent covers a session is the server's call at signing; this page only shows what is on record.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { Consent, ConsentTemplate } from '../api/my-record.ts';
import {
  useConsents,
  useConsentTemplates,
  useMyPatientId,
  usePlans,
  useSignConsent,
} from '../api/my-record.ts';
import { consentsToSign, consentStatus } from '../lib/consent-status.ts';

const STATUS_COLOR = {
  'in-force': '#1b5e20',
  'awaiting-countersignature': '#a63c06',
  withdrawn: 'gray.7',
  expired: 'gray.7',
} as const;

function ConsentToSign({
  template,
  patientId,
  defaultName,
  onSigned,
}: {
  readonly template: ConsentTemplate;
  readonly patientId: string;
  readonly defaultName: string;
  readonly onSigned: (title: string) => void;
}) {
  const { t } = useTranslation();
  const sign = useSignConsent(patientId);
  const [name, setName] = useState(defaultName);
  const [understood, setUnderstood] = useState(false);
  const headingId = `consent-${template.id}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() && understood)
      sign.mutate(
        { templateId: template.id, name: name.trim() },
        { onSuccess: () => onSigned(template.title) },
      );
  };
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={headingId}>
          {template.title}
        </Title>
        <Text size="sm" c="gray.7">
          {t('portal.consent.covers')}: {template.techniques.map((code) => t(`technique.${code}`)).join(', ')}{' '}
          · {t('portal.consent.version', { version: template.version })}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {template.body}
        </Text>
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            {t('portal.consent.discussed')}
          </Text>
          <List size="sm">
            {template.discussionItems.map((item) => (
              <List.Item key={item}>{t(`portal.consent.item.${item}`, { defaultValue: item })}</List.Item>
            ))}
          </List>
        </Stack>
        <Stack gap="sm" component="form" onSubmit={submit} aria-label={t('portal.consent.signHere')}>
          <TextInput
            label={t('portal.consent.name')}
            description={t('portal.consent.nameHelp')}
            descriptionProps={{ c: 'gray.7' }}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            required
            maxLength={300}
          />
          <Checkbox
            label={t('portal.consent.understood')}
            checked={understood}
            onChange={(event) => setUnderstood(event.currentTarget.checked)}
          />
          <ProblemAlert error={sign.error} />
          <Group>
            <Button type="submit" disabled={!understood || !name.trim()} loading={sign.isPending}>
              {t('portal.consent.sign')}
            </Button>
          </Group>
        </Stack>
      </Stack>
    </Paper>
  );
}

function GivenConsent({ consent, title }: { readonly consent: Consent; readonly title: string | undefined }) {
  const { t, i18n } = useTranslation();
  const status = consentStatus(consent, new Date());
  return (
    <Paper withBorder p="sm">
      <Stack gap={4}>
        <Group gap="xs">
          <Badge color={STATUS_COLOR[status]} variant="filled">
            {t(`portal.consent.status.${status}`)}
          </Badge>
          <Text fw={600} size="sm">
            {title ?? consent.techniques.map((code) => t(`technique.${code}`)).join(', ')}
          </Text>
        </Group>
        <Text size="sm">
          {t('portal.consent.signedOn', {
            date: new Date(consent.patientSignature.signedAt).toLocaleDateString(i18n.language),
            name: consent.patientSignature.name,
          })}
        </Text>
        <Text size="sm" c="gray.7">
          {t('portal.consent.validUntil', {
            date: new Date(consent.validUntil).toLocaleDateString(i18n.language),
          })}
        </Text>
      </Stack>
    </Paper>
  );
}

export function PortalConsentPage() {
  const { t, i18n } = useTranslation();
  const patientId = useMyPatientId();
  const plans = usePlans(patientId);
  const consents = useConsents(patientId);
  const templates = useConsentTemplates();
  const error = plans.error ?? consents.error ?? templates.error;
  const ready = plans.isSuccess && consents.isSuccess && templates.isSuccess;
  const toSign = ready
    ? consentsToSign({
        plans: plans.data,
        consents: consents.data,
        templates: templates.data,
        language: i18n.language,
        now: new Date(),
      })
    : [];
  const [justSigned, setJustSigned] = useState<string | undefined>();
  const titleOf = (templateId: string) => templates.data?.find((tpl) => tpl.id === templateId)?.title;

  return (
    <Page title={t('portal.consent.title')} subtitle={t('portal.consent.subtitle')}>
      <ProblemAlert error={error} />
      <Stack gap="sm" component="section" aria-labelledby="consent-to-sign">
        <Title order={2} size="h3" id="consent-to-sign">
          {t('portal.consent.toSign')}
        </Title>
        {justSigned && (
          <Alert color="#1b5e20" role="status" title={t('portal.consent.signed')}>
            {justSigned}: {t('portal.consent.signedHelp')}
          </Alert>
        )}
        {ready && toSign.length === 0 && <Text size="sm">{t('portal.consent.nothingToSign')}</Text>}
        {patientId &&
          toSign.map((template) => (
            <ConsentToSign
              key={template.id}
              template={template}
              patientId={patientId}
              defaultName=""
              onSigned={setJustSigned}
            />
          ))}
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="consent-given">
        <Title order={2} size="h3" id="consent-given">
          {t('portal.consent.given')}
        </Title>
        {consents.data?.length === 0 && <Text size="sm">{t('portal.consent.noneGiven')}</Text>}
        {[...(consents.data ?? [])].reverse().map((consent) => (
          <GivenConsent key={consent.id} consent={consent} title={titleOf(consent.templateId)} />
        ))}
        <Text size="sm" c="gray.7">
          {t('portal.consent.rightToStop')}
        </Text>
      </Stack>
    </Page>
  );
}
