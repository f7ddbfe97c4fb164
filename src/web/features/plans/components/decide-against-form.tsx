// "Decide against ozone": the documented decision not to use ozone, with its coded reason (`other` needs a comment).
import { Button, NativeSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { NoOzoneReason } from '../api/plans.ts';
import { decideAgainstOzone, NO_OZONE_REASONS } from '../api/plans.ts';

export function DecideAgainstForm({ patientId }: { readonly patientId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<NoOzoneReason | ''>('');
  const [comment, setComment] = useState('');
  const decide = useMutation({
    mutationFn: () =>
      decideAgainstOzone(patientId, {
        reason,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['patients', patientId] }),
  });
  const ready = reason !== '' && (reason !== 'other' || comment.trim() !== '');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="decide-against-title">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) decide.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="decide-against-title">
            {t('plans.against.title')}
          </Title>
          <NativeSelect
            label={t('plans.against.reason')}
            required
            value={reason}
            data={[
              { value: '', label: t('plans.against.choose') },
              ...NO_OZONE_REASONS.map((code) => ({ value: code, label: t(`decline.${code}`) })),
            ]}
            onChange={(event) => setReason(event.currentTarget.value as NoOzoneReason | '')}
          />
          <Textarea
            label={t('plans.against.comment')}
            required={reason === 'other'}
            autosize
            minRows={2}
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
          />
          <ProblemAlert error={decide.error} />
          {decide.isSuccess && (
            <Text role="status" size="sm">
              <Text span fw={700}>
                {t('plans.against.recorded')}
              </Text>{' '}
              {t(`decline.${decide.data.decision.reason ?? 'other'}`)}
            </Text>
          )}
          <Button type="submit" color="gray.8" disabled={!ready} loading={decide.isPending}>
            {t('plans.against.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
