// Sign-in: username and password, then the six-digit TOTP code for roles that have a second factor. Errors say
// what went wrong without telling which of username or password was wrong (the server never says either).
import {
  Alert,
  Button,
  Center,
  Paper,
  PasswordInput,
  PinInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../../lib/api-client.ts';
import { LanguagePicker } from '../../../components/language-picker.tsx';
import { sessionQuery, signIn, submitTotp } from '../api/session.ts';
import type { SessionView } from '../api/session.ts';

function homeOf(view: SessionView): string {
  return view.user?.role === 'patient' ? '/portal' : '/today';
}

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const finish = (view: SessionView) => {
    queryClient.setQueryData(sessionQuery.queryKey, view);
    const next = params.get('next');
    void navigate(next?.startsWith('/') && !next.startsWith('//') ? next : homeOf(view), { replace: true });
  };

  const failed = (cause: unknown) => {
    if (isApiError(cause) && cause.status === 429) setError(t('auth.tooMany'));
    else if (isApiError(cause) && cause.status < 500)
      setError(t(step === 'password' ? 'auth.wrong' : 'auth.wrongCode'));
    else setError(t('auth.unavailable'));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (step === 'password') {
        const view = await signIn(username, password);
        if (view.authenticated) finish(view);
        else setStep('totp');
      } else {
        finish(await submitTotp(code));
      }
    } catch (cause) {
      failed(cause);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={400} maw="100%">
        <form onSubmit={(event) => void submit(event)} noValidate>
          <Stack>
            <Title order={1} size="h2">
              o3care
            </Title>
            {params.get('locked') === '1' && (
              <Alert color="blue" title={t('auth.lockedTitle')}>
                {t('auth.locked')}
              </Alert>
            )}
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            {step === 'password' ? (
              <>
                <TextInput
                  label={t('auth.username')}
                  autoComplete="username"
                  required
                  value={username}
                  onChange={(event) => setUsername(event.currentTarget.value)}
                />
                <PasswordInput
                  label={t('auth.password')}
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(event) => setPassword(event.currentTarget.value)}
                />
              </>
            ) : (
              <Stack gap={4}>
                <Text component="label" htmlFor="totp-code" fw={500} size="sm">
                  {t('auth.totp')}
                </Text>
                <PinInput
                  id="totp-code"
                  length={6}
                  type="number"
                  oneTimeCode
                  autoFocus
                  value={code}
                  onChange={setCode}
                  aria-label={t('auth.totp')}
                />
                <Text size="sm" c="gray.7">
                  {t('auth.totpHelp')}
                </Text>
              </Stack>
            )}
            <Button type="submit" loading={busy}>
              {step === 'password' ? t('auth.signIn') : t('auth.verify')}
            </Button>
            <LanguagePicker />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
