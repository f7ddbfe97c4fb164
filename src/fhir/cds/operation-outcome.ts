// The OperationOutcome a CDS service answers a refused call with (SPEC-INTEROP §3: 400 for a malformed request,
// 412 when the patient cannot be evaluated with the data given), naming the request path of the problem.

export type IssueCode =
  'invalid' | 'structure' | 'required' | 'not-found' | 'incomplete' | 'too-long' | 'exception';

export interface OperationOutcome {
  readonly resourceType: 'OperationOutcome';
  readonly issue: readonly {
    readonly severity: 'error' | 'fatal';
    readonly code: IssueCode;
    readonly diagnostics: string;
    readonly expression?: readonly string[];
  }[];
}

/**
 * One error issue. `expression` takes the request's JSON path without its `$.` (`context.patientId`), which is how
 * FHIR expressions name an element; the diagnostics keep the full path.
 */
export function operationOutcome(code: IssueCode, diagnostics: string, path?: string): OperationOutcome {
  const expression = path?.replace(/^\$\.?/, '');
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: code === 'exception' ? 'fatal' : 'error',
        code,
        diagnostics: diagnostics.slice(0, 2000),
        ...(expression ? { expression: [expression] } : {}),
      },
    ],
  };
}
