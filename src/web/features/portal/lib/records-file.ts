// Reads a records file the patient picked, in the browser only: a FHIR JSON (an IPS bundle or a single resource) is
// summarised by resource type so they can see it is the right file; a PDF is recognised by name. Nothing is uploaded:
// the portal has no upload route for patients (the clinic imports records at arrival).

export type RecordsFileSummary =
  | {
      readonly kind: 'fhir';
      readonly name: string;
      readonly resources: readonly (readonly [string, number])[];
    }
  | { readonly kind: 'pdf'; readonly name: string }
  | { readonly kind: 'unreadable'; readonly name: string };

const MAX_BYTES = 20 * 1024 * 1024;

function resourceTypes(json: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (resource: unknown) => {
    if (resource && typeof resource === 'object' && 'resourceType' in resource) {
      const type = String(resource.resourceType);
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
  };
  if (json && typeof json === 'object' && 'entry' in json && Array.isArray(json.entry)) {
    for (const entry of (json as { entry: unknown[] }).entry)
      add(entry && typeof entry === 'object' ? (entry as { resource?: unknown }).resource : undefined);
  } else add(json);
  return counts;
}

export async function summariseRecordsFile(file: File): Promise<RecordsFileSummary> {
  const name = file.name;
  if (file.type === 'application/pdf' || name.toLowerCase().endsWith('.pdf')) return { kind: 'pdf', name };
  if (file.size > MAX_BYTES) return { kind: 'unreadable', name };
  try {
    const counts = resourceTypes(JSON.parse(await file.text()));
    if (counts.size === 0) return { kind: 'unreadable', name };
    return { kind: 'fhir', name, resources: [...counts.entries()].sort((a, b) => b[1] - a[1]) };
  } catch {
    return { kind: 'unreadable', name };
  }
}
