// Response schemas of the CDS Hooks routes (every route declares its responses: STYLE.md, Fastify), and the body of
// a feedback call (CDS Hooks 2.0, "Feedback").

import { z } from 'zod';
import { CDS_HOOKS, CDS_SERVICE_IDS } from '../../fhir/cds/services.ts';

const text = z.string().min(1);

const coding = z.strictObject({ system: text, code: text, display: text.optional() });

export const discoveryResponse = z.strictObject({
  services: z
    .array(
      z.strictObject({
        hook: z.enum(CDS_HOOKS),
        title: text,
        description: text,
        id: z.enum(CDS_SERVICE_IDS),
        prefetch: z.record(z.string(), text),
        usageRequirements: text,
        extension: z.record(z.string(), z.array(z.enum(CDS_HOOKS)).min(1).readonly()),
      }),
    )
    .readonly(),
});

const card = z.strictObject({
  uuid: text,
  summary: text.max(139),
  detail: text.optional(),
  indicator: z.enum(['info', 'warning', 'critical']),
  source: z.strictObject({ label: text, topic: coding }),
  suggestions: z
    .array(
      z.strictObject({
        label: text,
        uuid: text,
        isRecommended: z.boolean(),
        actions: z
          .array(
            z.strictObject({
              type: z.literal('update'),
              description: text,
              resource: z.record(z.string(), z.unknown()),
            }),
          )
          .min(1)
          .readonly(),
      }),
    )
    .min(1)
    .readonly()
    .optional(),
  selectionBehavior: z.literal('at-most-one').optional(),
  overrideReasons: z.array(coding).min(1).readonly().optional(),
});

export const cardsResponse = z.strictObject({ cards: z.array(card).readonly() });

export const operationOutcomeResponse = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z
    .array(
      z.object({
        severity: z.enum(['error', 'fatal']),
        code: text,
        diagnostics: text,
        expression: z.array(text).min(1).optional(),
      }),
    )
    .min(1),
});

export const serviceParams = z.strictObject({ id: z.string().max(256) });

const MAX_FEEDBACK = 100;

export const feedbackBody = z.looseObject({
  feedback: z
    .array(
      z
        .looseObject({
          card: z.string().min(1).max(256),
          outcome: z.enum(['accepted', 'overridden']),
          acceptedSuggestions: z
            .array(z.looseObject({ id: z.string().min(1).max(256) }))
            .min(1)
            .optional(),
          overrideReason: z
            .looseObject({
              reason: z
                .looseObject({ system: z.string().min(1).max(2048), code: z.string().min(1).max(256) })
                .optional(),
              userComment: z.string().min(1).max(2000).optional(),
            })
            .optional(),
          outcomeTimestamp: z.iso.datetime({ offset: true }),
        })
        // CDS Hooks 2.0: acceptedSuggestions is "Required for accepted outcomes"; a reason only explains an override.
        .refine((f) => f.outcome !== 'accepted' || f.acceptedSuggestions !== undefined, {
          message: 'an accepted outcome lists its acceptedSuggestions',
          path: ['acceptedSuggestions'],
        })
        .refine((f) => f.outcome === 'overridden' || f.overrideReason === undefined, {
          message: 'overrideReason is only sent with an overridden outcome',
          path: ['overrideReason'],
        }),
    )
    .min(1)
    .max(MAX_FEEDBACK),
});

export type FeedbackBody = z.infer<typeof feedbackBody>;
