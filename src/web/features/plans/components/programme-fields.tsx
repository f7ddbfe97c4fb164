// The wider programme around the ozone course (rehabilitation, hyperbaric oxygen…) and when each part runs.
import { Checkbox, Fieldset, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProgrammeComponent } from '../api/plans.ts';
import { PROGRAMME_COMPONENTS, PROGRAMME_TIMINGS } from '../api/plans.ts';

export function ProgrammeFields({
  value,
  onChange,
}: {
  readonly value: readonly ProgrammeComponent[];
  readonly onChange: (programme: ProgrammeComponent[]) => void;
}) {
  const { t } = useTranslation();
  const find = (component: ProgrammeComponent['component']) => value.find((p) => p.component === component);
  const replace = (component: ProgrammeComponent['component'], next: ProgrammeComponent | undefined) =>
    onChange([...value.filter((p) => p.component !== component), ...(next ? [next] : [])]);
  return (
    <Fieldset legend={t('plans.programme.legend')}>
      <Stack gap="sm">
        {PROGRAMME_COMPONENTS.map((component) => {
          const chosen = find(component);
          const name = t(`plans.programme.${component}`);
          return (
            <Group key={component} align="flex-end" wrap="wrap">
              <Checkbox
                label={name}
                checked={chosen !== undefined}
                onChange={(event) =>
                  replace(
                    component,
                    event.currentTarget.checked ? { component, timing: 'alongside' } : undefined,
                  )
                }
              />
              {chosen && (
                <>
                  <NativeSelect
                    label={t('plans.programme.timing', { component: name })}
                    value={chosen.timing}
                    data={PROGRAMME_TIMINGS.map((timing) => ({
                      value: timing,
                      label: t(`plans.timing.${timing}`),
                    }))}
                    onChange={(event) =>
                      replace(component, {
                        ...chosen,
                        timing: event.currentTarget.value as ProgrammeComponent['timing'],
                      })
                    }
                  />
                  <TextInput
                    label={t('plans.programme.note', { component: name })}
                    value={chosen.note ?? ''}
                    onChange={(event) => {
                      const note = event.currentTarget.value;
                      const { note: _previous, ...rest } = chosen;
                      replace(component, note ? { ...rest, note } : rest);
                    }}
                  />
                </>
              )}
            </Group>
          );
        })}
      </Stack>
    </Fieldset>
  );
}
