// Every page's frame: one h1 (the page title), an optional line under it, and the page's content.
import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function Page({
  title,
  subtitle,
  actions,
  children,
}: {
  readonly title: string;
  readonly subtitle?: ReactNode;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
}) {
  return (
    <Stack gap="md" component="section" aria-label={title}>
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={1} size="h2">
            {title}
          </Title>
          {subtitle && (
            <Text size="sm" c="gray.7">
              {subtitle}
            </Text>
          )}
        </Stack>
        {actions}
      </Group>
      {children}
    </Stack>
  );
}
