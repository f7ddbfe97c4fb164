// Search results as R4 searchset Bundles: every entry with its fullUrl (the resource's absolute URL on this server)
// and search.mode `match`, `total` when known, and self / next / previous links (R4 http.html#paging).

import type { Bundle, BundleLink, Resource } from '@medplum/fhirtypes';

export interface SearchPage {
  /** The server's FHIR base, e.g. `https://clinic.example/fhir/R4`. */
  readonly base: string;
  readonly resources: readonly Resource[];
  /** Matches in the whole result, all pages together. */
  readonly total: number;
  readonly self: string;
  readonly next?: string;
  readonly previous?: string;
}

export const fullUrlOf = (base: string, resource: Resource): string =>
  `${base}/${resource.resourceType}/${resource.id ?? ''}`;

export function searchsetBundle(page: SearchPage, id: string): Bundle {
  const link: BundleLink[] = [{ relation: 'self', url: page.self }];
  if (page.next !== undefined) link.push({ relation: 'next', url: page.next });
  if (page.previous !== undefined) link.push({ relation: 'previous', url: page.previous });
  return {
    resourceType: 'Bundle',
    id,
    type: 'searchset',
    total: page.total,
    link,
    ...(page.resources.length > 0
      ? {
          entry: page.resources.map((resource) => ({
            fullUrl: fullUrlOf(page.base, resource),
            resource,
            search: { mode: 'match' as const },
          })),
        }
      : {}),
  };
}
