// Shows a failed request as the server explained it: the problem's detail and each field it named.
import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../lib/api-client.ts';

export function ProblemAlert({ error, title }: { readonly error: unknown; readonly title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problem = isApiError(error) ? error.problem : undefined;
  const detail = problem?.detail ?? (error instanceof Error ? error.message : t('app.unexpectedError'));
  return (
    <Alert color="red" role="alert" title={title ?? problem?.title ?? t('app.requestFailed')}>
      {detail}
      {problem?.errors && problem.errors.length > 0 && (
        <List size="sm" mt="xs">
          {problem.errors.map((fieldError) => (
            <List.Item key={`${fieldError.path}:${fieldError.message}`}>
              <code>{fieldError.path}</code>: {fieldError.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
