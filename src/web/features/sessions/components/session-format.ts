// How the session screens write dates and dose values (units in the label, never guessed).
import type { TFunction } from 'i18next';

const DOSE_FIELDS = ['concentrationUgPerMl', 'gasVolumeMl', 'bloodVolumeMl', 'durationMin'] as const;
export type DoseField = (typeof DOSE_FIELDS)[number];
export { DOSE_FIELDS };

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDoseValues(values: Partial<Record<DoseField, number>>, t: TFunction): string {
  const parts = DOSE_FIELDS.filter((field) => values[field] !== undefined).map(
    (field) => `${t(`sessions.dose.${field}`)}: ${values[field]}`,
  );
  return parts.length > 0 ? parts.join(' · ') : t('sessions.dose.none');
}
