import { Anchor, Center, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Center mih="60vh" component="main">
      <Stack align="center">
        <Title order={1}>{t('app.notFound')}</Title>
        <Text>{t('app.notFoundHelp')}</Text>
        <Anchor component={Link} to="/">
          {t('app.home')}
        </Anchor>
      </Stack>
    </Center>
  );
}
