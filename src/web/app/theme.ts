// The app's Mantine theme. Mantine's default primary shade fails WCAG AA contrast (axe, colour-contrast), so the
// primary colour uses a darker shade and `autoContrast` picks readable text on every filled surface. The darkest
// shades of the warm palettes are still too light for white text (orange.9 is 4.0:1, green.9 4.4:1), so they are
// replaced with shades that reach at least 4.5:1 on white, both ways round (filled badges and outlined text).
import type { MantineColorsTuple } from '@mantine/core';
import { createTheme, DEFAULT_THEME } from '@mantine/core';

/** The palette with its two darkest shades replaced. */
function darkened(
  name: keyof typeof DEFAULT_THEME.colors,
  shade8: string,
  shade9: string,
): MantineColorsTuple {
  const colours = [...(DEFAULT_THEME.colors[name] ?? [])];
  colours[8] = shade8;
  colours[9] = shade9;
  return colours as unknown as MantineColorsTuple;
}

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 9,
  autoContrast: true,
  luminanceThreshold: 0.4,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  colors: {
    orange: darkened('orange', '#b34a0c', '#9c3d00'),
    yellow: darkened('yellow', '#7a5a00', '#664b00'),
    green: darkened('green', '#22723a', '#1b5e20'),
    lime: darkened('lime', '#4a6b00', '#3d5a00'),
    teal: darkened('teal', '#0b6b52', '#085c47'),
    cyan: darkened('cyan', '#0a6478', '#085566'),
  },
});
