// Two library versions laid side by side, limit by limit: one row per technique, value and limit (soft minimum, soft
// maximum, hard maximum, and the course rules), with whether the two versions differ there. Pure: no React.
import type { LibraryVersion } from '../api/library.ts';

type Library = LibraryVersion['library'];
type Entry = NonNullable<Library['entries'][keyof Library['entries']]>;

export const RANGE_FIELDS = ['concentrationUgPerMl', 'gasVolumeMl', 'bloodVolumeMl', 'durationMin'] as const;
export type RangeField = (typeof RANGE_FIELDS)[number];
export const RANGE_LIMITS = ['softMin', 'softMax', 'hardMax'] as const;
export type RangeLimit = (typeof RANGE_LIMITS)[number];
const SCALAR_FIELDS = ['courseMaxSessions', 'minIntervalHours', 'maxStepUgPerMl'] as const;

export type ComparedField = RangeField | 'totalUg' | (typeof SCALAR_FIELDS)[number] | 'enabled';
export type ComparedLimit = RangeLimit | 'value';

export interface ComparisonRow {
  readonly technique: string;
  readonly field: ComparedField;
  readonly limit: ComparedLimit;
  /** Absent where the version sets no such limit. */
  readonly left: number | boolean | undefined;
  readonly right: number | boolean | undefined;
  readonly changed: boolean;
}

function rowsOfEntry(entry: Entry | undefined): Map<string, number> {
  const values = new Map<string, number>();
  if (!entry) return values;
  for (const field of RANGE_FIELDS) {
    const range = entry[field];
    if (range) for (const limit of RANGE_LIMITS) values.set(`${field}|${limit}`, range[limit]);
  }
  if (entry.totalUg) {
    values.set('totalUg|softMax', entry.totalUg.softMax);
    values.set('totalUg|hardMax', entry.totalUg.hardMax);
  }
  for (const field of SCALAR_FIELDS) {
    const value = entry[field];
    if (value !== undefined) values.set(`${field}|value`, value);
  }
  return values;
}

const FIELD_ORDER: readonly ComparedField[] = ['enabled', ...RANGE_FIELDS, 'totalUg', ...SCALAR_FIELDS];
const LIMIT_ORDER: readonly ComparedLimit[] = ['value', ...RANGE_LIMITS];

/** Every technique either version has an entry for or enables, in the order the left version lists them. */
export function compareLibraries(left: Library, right: Library): ComparisonRow[] {
  const techniques = [
    ...new Set([
      ...Object.keys(left.entries),
      ...left.enabledTechniques,
      ...Object.keys(right.entries),
      ...right.enabledTechniques,
    ]),
  ];
  const rows: ComparisonRow[] = [];
  for (const technique of techniques) {
    const leftValues = rowsOfEntry(left.entries[technique as keyof Library['entries']]);
    const rightValues = rowsOfEntry(right.entries[technique as keyof Library['entries']]);
    const leftEnabled = (left.enabledTechniques as readonly string[]).includes(technique);
    const rightEnabled = (right.enabledTechniques as readonly string[]).includes(technique);
    rows.push({
      technique,
      field: 'enabled',
      limit: 'value',
      left: leftEnabled,
      right: rightEnabled,
      changed: leftEnabled !== rightEnabled,
    });
    const keys = [...new Set([...leftValues.keys(), ...rightValues.keys()])].sort((a, b) => {
      const [fieldA, limitA] = a.split('|') as [ComparedField, ComparedLimit];
      const [fieldB, limitB] = b.split('|') as [ComparedField, ComparedLimit];
      return (
        FIELD_ORDER.indexOf(fieldA) - FIELD_ORDER.indexOf(fieldB) ||
        LIMIT_ORDER.indexOf(limitA) - LIMIT_ORDER.indexOf(limitB)
      );
    });
    for (const key of keys) {
      const [field, limit] = key.split('|') as [ComparedField, ComparedLimit];
      const leftValue = leftValues.get(key);
      const rightValue = rightValues.get(key);
      rows.push({
        technique,
        field,
        limit,
        left: leftValue,
        right: rightValue,
        changed: leftValue !== rightValue,
      });
    }
  }
  return rows;
}
