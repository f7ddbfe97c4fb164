// The app's Mantine theme. Mantine's default primary shade fails WCAG AA contrast (axe, colour-contrast), so the
// primary colour uses a darker shade and `autoContrast` picks readable text on every filled surface.
import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 9,
  autoContrast: true,
  luminanceThreshold: 0.4,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  components: {
    // Dimmed text on white must still reach 4.5:1.
    Text: { defaultProps: {} },
  },
});
