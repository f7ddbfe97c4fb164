// The values of one session, one input per value the library entry limits, with the entry's usual range and hard
// limit beside each, and the field the server's check flagged marked in words and colour (never decided here).
import { Group, NumberInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DoseField, DoseValues, LibraryEntry, OrderCheck } from '../api/plans.ts';
import { DOSE_FIELDS } from '../api/plans.ts';

const UNIT: Readonly<Record<DoseField, string>> = {
  concentrationUgPerMl: 'µg/mL',
  gasVolumeMl: 'mL',
  bloodVolumeMl: 'mL',
  durationMin: 'min',
};

/** The values this entry asks for: the ones it has limits for. */
export const fieldsOf = (entry: LibraryEntry | undefined): DoseField[] =>
  entry ? DOSE_FIELDS.filter((field) => entry[field] !== undefined) : [];

export function DoseFields({
  entry,
  values,
  flags,
  onChange,
  idPrefix,
}: {
  readonly entry: LibraryEntry | undefined;
  readonly values: DoseValues;
  readonly flags: OrderCheck['flags'] | undefined;
  readonly onChange: (values: DoseValues) => void;
  readonly idPrefix: string;
}) {
  const { t } = useTranslation();
  const fields = fieldsOf(entry);
  if (fields.length === 0) return <Text size="sm">{t('plans.values.noneNeeded')}</Text>;
  return (
    <Group align="flex-start" grow wrap="wrap">
      {fields.map((field) => {
        const range = entry?.[field];
        const flag = flags?.[field];
        const unit = UNIT[field];
        return (
          <NumberInput
            key={field}
            id={`${idPrefix}-${field}`}
            label={`${t(`plans.field.${field}`)} (${unit})`}
            min={0}
            allowNegative={false}
            decimalScale={2}
            value={values[field] ?? ''}
            onChange={(value) => {
              const next = { ...values };
              if (typeof value === 'number') next[field] = value;
              else delete next[field];
              onChange(next);
            }}
            description={
              range
                ? t('plans.values.limits', {
                    softMin: range.softMin,
                    softMax: range.softMax,
                    hardMax: range.hardMax,
                    unit,
                  })
                : undefined
            }
            error={flag === 'hard-stop' ? t('plans.values.hardStop') : undefined}
            inputWrapperOrder={['label', 'description', 'input', 'error']}
            styles={
              flag === 'warning'
                ? { input: { borderColor: 'var(--mantine-color-orange-9)', borderWidth: 2 } }
                : undefined
            }
            inputContainer={(children) => (
              <>
                {children}
                {flag === 'warning' && (
                  <Text size="xs" fw={700} mt={4}>
                    <span aria-hidden>⚠ </span>
                    {t('plans.values.softWarning')}
                  </Text>
                )}
              </>
            )}
          />
        );
      })}
    </Group>
  );
}
