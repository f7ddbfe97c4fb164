// PLACEHOLDER until its feature lands: the route exists so the app builds and navigation works.
import { Text } from '@mantine/core';
import { Page } from '../../../components/page.tsx';

export function ReportsPage() {
  return (
    <Page title="ReportsPage">
      <Text>Not built yet.</Text>
    </Page>
  );
}
