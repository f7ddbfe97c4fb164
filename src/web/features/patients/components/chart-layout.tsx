// PLACEHOLDER until the chart feature lands: renders the chart's child pages.
import { Outlet } from 'react-router';

export function ChartLayout() {
  return <Outlet />;
}
