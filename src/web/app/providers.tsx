// Third-party state lives behind this one module (STYLE.md, bulletproof-react): Mantine, TanStack Query, i18next.
import type { CSSVariablesResolver } from '@mantine/core';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { isApiError } from '../lib/api-client.ts';
import { i18n } from '../lib/i18n.ts';
import { theme } from './theme.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not fix itself: retrying only delays the error the user needs to see.
      retry: (failures, error) => !(isApiError(error) && error.status < 500) && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});

/**
 * Mantine's light-scheme error red (red.6) and dimmed grey fail WCAG AA contrast on white (axe colour-contrast):
 * field errors and input help text use the darkest shades everywhere instead.
 */
const readableColours: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});

export function AppProviders({ children }: { readonly children: ReactNode }) {
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={readableColours}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
