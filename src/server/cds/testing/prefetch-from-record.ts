// Test helper: a record Bundle (as `o3care check --record` reads it) split into a CDS Hooks prefetch the way a CDS
// client's FHIR server would answer the templates of SPEC-INTEROP §3 (searchset Bundles, resources the searches
// reference as `include` entries). Resources no template asks for (a Consent, a MedicationRequest) are left out and
// returned, with the Bundle of what was sent, so a test can run `o3care check` on exactly the same data.

import { PREFETCH_KEYS } from '../../../fhir/cds/services.ts';

type Resource = { readonly resourceType: string; readonly id?: string } & Record<string, unknown>;
type Entry = { readonly resource?: Resource; readonly fullUrl?: string } & Record<string, unknown>;

const KEY_OF: Readonly<Record<string, string>> = {
  Condition: 'conditions',
  Observation: 'observations',
  MedicationStatement: 'medications',
  AllergyIntolerance: 'allergies',
  Procedure: 'procedures',
  QuestionnaireResponse: 'intake',
};

/** Types a search never returns for this patient but may include (`_include`): the referenced resources. */
const INCLUDED = new Set([
  'Medication',
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'Location',
  'Device',
]);

export interface SplitRecord {
  readonly patientId: string;
  readonly prefetch: Record<string, unknown>;
  /** The Bundle of the resources sent, for `o3care check`. */
  readonly sent: { resourceType: 'Bundle'; type: 'collection'; entry: Entry[] };
  /** Resource types left out. */
  readonly dropped: readonly string[];
}

export function prefetchFromRecord(record: { entry?: readonly Entry[] }): SplitRecord {
  const entries = record.entry ?? [];
  const patient = entries.find((e) => e.resource?.resourceType === 'Patient')?.resource;
  if (patient?.id === undefined) throw new Error('the record has no Patient with an id');
  const searches = new Map<string, Entry[]>(PREFETCH_KEYS.filter((k) => k !== 'patient').map((k) => [k, []]));
  const sent: Entry[] = [];
  const dropped: string[] = [];
  for (const entry of entries) {
    const type = entry.resource?.resourceType;
    if (type === undefined || type === 'Patient') continue;
    const key = KEY_OF[type];
    if (key !== undefined) {
      const list = searches.get(key) ?? [];
      searches.set(key, list);
      list.push({ ...entry, search: { mode: 'match' } });
      sent.push(entry);
    } else if (INCLUDED.has(type)) {
      searches.get('medications')!.push({ ...entry, search: { mode: 'include' } });
      sent.push(entry);
    } else {
      dropped.push(type);
    }
  }
  const prefetch: Record<string, unknown> = { patient };
  for (const [key, list] of searches) {
    prefetch[key] =
      list.length === 0 && key !== 'intake'
        ? null
        : { resourceType: 'Bundle', type: 'searchset', total: list.length, entry: list };
  }
  if ((searches.get('intake') ?? []).length === 0) delete prefetch.intake;
  const patientEntry = entries.find((e) => e.resource === patient)!;
  return {
    patientId: patient.id,
    prefetch,
    sent: { resourceType: 'Bundle', type: 'collection', entry: [patientEntry, ...sent] },
    dropped,
  };
}
