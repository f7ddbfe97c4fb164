// PLACEHOLDER until its feature lands: the route exists so the app builds and navigation works.
import { Text } from '@mantine/core';
import { Page } from '../../../components/page.tsx';

export function LearnPage() {
  return (
    <Page title="LearnPage">
      <Text>Not built yet.</Text>
    </Page>
  );
}
