// Errors of the FHIR API as R4 OperationOutcome (DESIGN.md, Errors; STYLE.md after Medplum's small constructors):
// FhirError carries the HTTP status, the issue type (R4 issue-type, required binding) and, for a bad search
// parameter, its name as the issue's expression.

import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

export type IssueType = OperationOutcomeIssue['code'];

export class FhirError extends Error {
  override readonly name = 'FhirError';
  readonly status: number;
  readonly issue: IssueType;
  readonly expression: string | undefined;

  constructor(status: number, issue: IssueType, diagnostics: string, expression?: string) {
    super(diagnostics);
    this.status = status;
    this.issue = issue;
    this.expression = expression;
  }
}

export const isFhirError = (error: unknown): error is FhirError => error instanceof FhirError;

export const badRequest = (diagnostics: string, expression?: string) =>
  new FhirError(400, 'invalid', diagnostics, expression);
export const notFound = (diagnostics: string) => new FhirError(404, 'not-found', diagnostics);
export const unauthenticated = (diagnostics = 'sign in, or send a system client’s bearer token') =>
  new FhirError(401, 'login', diagnostics);
export const forbidden = (diagnostics: string) => new FhirError(403, 'forbidden', diagnostics);

export function operationOutcome(
  issue: IssueType,
  diagnostics: string,
  expression?: string,
  severity: OperationOutcomeIssue['severity'] = 'error',
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity,
        code: issue,
        diagnostics,
        ...(expression === undefined ? {} : { expression: [expression] }),
      },
    ],
  };
}
