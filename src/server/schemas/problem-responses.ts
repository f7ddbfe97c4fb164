// The problem+json body every error status answers with, declared as a response schema on every route (so the
// OpenAPI document shows it, and an error body can carry nothing but these fields).

import { z } from 'zod';
import { findingView } from './clinical.ts';

export const fieldErrorView = z.object({ path: z.string(), message: z.string() });

export const problemView = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(fieldErrorView).readonly().optional(),
    requestId: z.string().optional(),
    findings: z.array(findingView).readonly().optional(),
  })
  .describe('RFC 9457 problem details; the codes are listed in docs/api/problems.md');

/** One entry per status of PROBLEM_TYPES (problem.test.ts keeps the two in step). */
export const PROBLEM_RESPONSES = {
  400: problemView,
  401: problemView,
  403: problemView,
  404: problemView,
  409: problemView,
  413: problemView,
  415: problemView,
  422: problemView,
  429: problemView,
  500: problemView,
  503: problemView,
} as const;

/** A route's response schemas: its success statuses and every problem status. */
export const withProblems = <T extends Record<number, z.ZodType>>(
  success: T,
): T & typeof PROBLEM_RESPONSES => ({
  ...success,
  ...PROBLEM_RESPONSES,
});
