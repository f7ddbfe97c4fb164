// Patient education: what ozone therapy is here (an add-on, never a replacement), why ozone is never breathed in,
// and per technique what a session feels like, how long it takes, what the evidence does and does not show (with
// its sources), what the clinic checks first; then an honest FAQ. The words are the shared education dictionary.
import { Accordion, Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SourceId } from '../../../../clinical/sources.ts';
import { SOURCES } from '../../../../clinical/sources.ts';
import type { TechniqueCode } from '../../../../clinical/techniques.ts';
import { isProhibited, TECHNIQUE_CODES } from '../../../../clinical/techniques.ts';
import { Page } from '../../../components/page.tsx';
import { useMyPatientId, usePlans } from '../api/my-record.ts';

/** The parts of each technique's explanation, in reading order. */
const TECHNIQUE_PARTS = [
  'feels',
  'duration',
  'evidenceShows',
  'evidenceDoesNotShow',
  'checksFirst',
  'risks',
] as const;

/** The clinic's techniques a patient can read about: every one that is not prohibited outright. */
const OFFERED: readonly TechniqueCode[] = TECHNIQUE_CODES.filter((code) => !isProhibited(code));

function Citations({ list }: { readonly list: string }) {
  const { t } = useTranslation();
  const ids = list
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) return null;
  return (
    <Stack gap={2}>
      <Text size="xs" fw={600} c="gray.7">
        {t('portal.learn.sources')}
      </Text>
      <List size="xs" c="gray.7">
        {ids.map((id) => (
          <List.Item key={id}>{SOURCES.get(id as SourceId)?.citation ?? id}</List.Item>
        ))}
      </List>
    </Stack>
  );
}

function faqNumbers(exists: (key: string) => boolean): number[] {
  const numbers: number[] = [];
  for (let n = 1; exists(`faq.${n}.q`); n += 1) numbers.push(n);
  return numbers;
}

export function LearnPage() {
  const { t, i18n } = useTranslation();
  const plans = usePlans(useMyPatientId());
  const mine = new Set<string>(
    (plans.data ?? []).filter((p) => p.status === 'active').map((p) => p.technique),
  );
  // The patient's own techniques first, then the rest in the catalogue's order.
  const techniques = [...OFFERED].sort((a, b) => Number(mine.has(b)) - Number(mine.has(a)));
  const optional = (key: string) => (i18n.exists(key) ? t(key) : undefined);

  return (
    <Page title={t('portal.learn.title')} subtitle={t('portal.learn.subtitle')}>
      <Text>{t('education.intro')}</Text>
      <Citations list={optional('education.intro.citations') ?? ''} />

      <Paper withBorder p="md" component="section" aria-labelledby="learn-inhalation">
        <Stack gap="xs">
          <Title order={2} size="h3" id="learn-inhalation">
            {t('portal.learn.inhalation')}
          </Title>
          <Text size="sm">{t('education.inhalation.why')}</Text>
          <Citations list={optional('education.inhalation.citations') ?? ''} />
          {optional('education.prohibited.why') && <Text size="sm">{t('education.prohibited.why')}</Text>}
          <Citations list={optional('education.prohibited.citations') ?? ''} />
        </Stack>
      </Paper>

      <Stack gap="xs" component="section" aria-labelledby="learn-techniques">
        <Title order={2} size="h3" id="learn-techniques">
          {t('portal.learn.techniques')}
        </Title>
        <Accordion variant="separated" multiple order={3}>
          {techniques.map((code) => (
            <Accordion.Item key={code} value={code}>
              <Accordion.Control>
                <Group gap="xs">
                  <Text fw={600}>{t(`technique.${code}`)}</Text>
                  {mine.has(code) && (
                    <Badge color="blue.9" variant="filled">
                      {t('portal.learn.inYourPlan')}
                    </Badge>
                  )}
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  {TECHNIQUE_PARTS.map((part) => {
                    const body = optional(`education.${code}.${part}`);
                    return (
                      body && (
                        <Stack gap={2} key={part}>
                          <Title order={4} size="h6">
                            {t(`portal.learn.part.${part}`)}
                          </Title>
                          <Text size="sm">{body}</Text>
                        </Stack>
                      )
                    );
                  })}
                  <Citations list={optional(`education.${code}.citations`) ?? ''} />
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="learn-faq">
        <Title order={2} size="h3" id="learn-faq">
          {t('portal.learn.faq')}
        </Title>
        <Accordion variant="separated" order={3}>
          {faqNumbers((key) => i18n.exists(key)).map((n) => (
            <Accordion.Item key={n} value={String(n)}>
              <Accordion.Control>{t(`faq.${n}.q`)}</Accordion.Control>
              <Accordion.Panel>
                <Stack gap="xs">
                  <Text size="sm">{t(`faq.${n}.a`)}</Text>
                  <Citations list={optional(`faq.${n}.citations`) ?? ''} />
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      </Stack>
    </Page>
  );
}
