// A dry run of the order check for the plan builder's live dose checking: the same engine call an order or a plan
// step gets (checkOrder with the patient's facts, history and the current approved library), answered with the
// findings and the library entry's limits, and nothing stored. The patient's record is read, so the reads are audited.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Evaluation } from '../../clinical/engine.ts';
import { checkOrder } from '../../clinical/engine.ts';
import type { LibraryEntry } from '../../clinical/library.ts';
import { totalLimitsOf } from '../../clinical/library.ts';
import { allow, PATIENT_SCOPE } from '../auth/route-guard.ts';
import { factsForPatient } from '../services/patient-facts.ts';
import { libraryForCare } from '../services/protocol-library.ts';
import {
  doseValues,
  evaluationView,
  goalStatement,
  libraryEntryView,
  severity,
  techniqueCode,
} from '../schemas/clinical.ts';
import { idParams } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { inCare } from './care-route.ts';

const draftOrder = z.strictObject({
  technique: techniqueCode,
  /** Defaults to the goal of the patient's current intake. */
  goal: goalStatement.optional(),
  values: doseValues,
});

const DOSE_FIELDS = ['concentrationUgPerMl', 'gasVolumeMl', 'bloodVolumeMl', 'durationMin'] as const;
type DoseField = (typeof DOSE_FIELDS)[number];

/** Which value a dose rule speaks about (total ozone is concentration × gas volume, so it flags both). */
const RULES_ABOUT: Readonly<Record<DoseField, readonly string[]>> = {
  concentrationUgPerMl: ['dose.concentration-', 'dose.total-', 'dose.escalation-'],
  gasVolumeMl: ['dose.volume-', 'dose.total-'],
  bloodVolumeMl: ['dose.blood-volume-'],
  durationMin: ['dose.duration-'],
};

const SEVERITY_RANK = { 'hard-stop': 2, warning: 1, info: 0 } as const;

/** The gravest dose finding about each value, so a form can flag the very field that is out of range. */
function flagsOf(evaluation: Evaluation): Partial<Record<DoseField, 'hard-stop' | 'warning'>> {
  const flags: Partial<Record<DoseField, 'hard-stop' | 'warning'>> = {};
  for (const field of DOSE_FIELDS) {
    for (const finding of evaluation.findings) {
      if (finding.severity === 'info') continue;
      if (!RULES_ABOUT[field].some((prefix) => finding.ruleId.startsWith(prefix))) continue;
      const current = flags[field];
      if (current === undefined || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[current])
        flags[field] = finding.severity;
    }
  }
  return flags;
}

/** The entry as a form shows it: its own limits, with the total derived when the entry does not state one. */
function limitsOf(entry: LibraryEntry): z.infer<typeof libraryEntryView> {
  const totalUg = totalLimitsOf(entry);
  return { ...entry, ...(totalUg ? { totalUg } : {}) };
}

export const orderCheckRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/patients/:id/order-check',
    {
      preValidation: allow('plan.write', PATIENT_SCOPE),
      schema: {
        tags: ['orders'],
        summary:
          'Check draft order values as an order would be checked, storing nothing: findings, the entry’s limits, and which values are out of range',
        params: idParams,
        body: draftOrder,
        response: withProblems({
          200: z.object({
            evaluation: evaluationView,
            library: z.object({ id: z.string(), version: z.string() }),
            /** The library entry for the technique, when it has one. */
            entry: libraryEntryView.optional(),
            /** The gravest dose finding about each value. */
            flags: z.partialRecord(z.enum(DOSE_FIELDS), severity.exclude(['info'])),
          }),
        }),
      },
    },
    async (request) =>
      inCare(request, async (trx, care) => {
        const { technique, goal, values } = request.body;
        const { facts, history } = await factsForPatient(trx, care, request.params.id, care.at);
        const library = await libraryForCare(trx, care);
        const statedGoal = goal ?? facts.intake?.goal;
        const evaluation = checkOrder(
          { technique, ...(statedGoal ? { goal: statedGoal } : {}), ...values },
          facts,
          history,
          { library: library.library, asOf: care.at },
        );
        const entry = library.library.entries[technique];
        return {
          evaluation,
          library: { id: library.id, version: library.library.version },
          ...(entry ? { entry: limitsOf(entry) } : {}),
          flags: flagsOf(evaluation),
        };
      }),
  );
};
