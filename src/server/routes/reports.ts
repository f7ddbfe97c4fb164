// Reports: the override rate (DESIGN.md, Reports: "override rates"), by reason and by technique, from both places a
// clinician answers o3care's warnings: the overrides stored when an order or session is signed through the API
// (detected issues), and the feedback other systems send about o3care's CDS cards (accepted or overridden).
//
// A warning signed through the API is overridden by construction (it cannot be signed otherwise; a clinician who
// heeds it changes the order, and that is not recorded as an answer), so accepted answers come from CDS feedback
// only. The rate is overridden / (accepted + overridden) over the answers counted.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OVERRIDE_REASON_SYSTEM } from '../../fhir/urls.ts';
import { audit } from '../../store/audit-context.ts';
import type { FeedbackCount, TimeRange } from '../../store/cds-feedback.repository.ts';
import { countCdsFeedback } from '../../store/cds-feedback.repository.ts';
import type { StoredOverrideCount } from '../../store/override-report.repository.ts';
import { countStoredOverrides } from '../../store/override-report.repository.ts';
import { allow } from '../auth/route-guard.ts';
import { instantDate } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { careContext } from './care-route.ts';

const answers = {
  accepted: z.number().int(),
  overridden: z.number().int(),
  overrideRate: z.number().optional(),
};

const overrideReportView = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  total: z.object(answers),
  bySource: z.object({
    api: z.object({ overridden: z.number().int() }),
    cds: z.object(answers),
  }),
  byReason: z
    .array(z.object({ reason: z.string(), overridden: z.number().int(), share: z.number() }))
    .readonly(),
  byTechnique: z
    .array(
      z.object({
        technique: z.string(),
        ...answers,
        byReason: z.array(z.object({ reason: z.string(), overridden: z.number().int() })).readonly(),
      }),
    )
    .readonly(),
});

type OverrideReport = z.infer<typeof overrideReportView>;

/** o3care's own reasons by code; another system's as `system|code`; an override without a reason as `none`. */
function reasonOf(count: FeedbackCount): string {
  if (count.reasonCode === null) return 'none';
  return count.reasonSystem === OVERRIDE_REASON_SYSTEM
    ? count.reasonCode
    : `${count.reasonSystem}|${count.reasonCode}`;
}

const rate = (accepted: number, overridden: number) =>
  accepted + overridden > 0 ? { overrideRate: overridden / (accepted + overridden) } : {};

class Tally {
  accepted = 0;
  overridden = 0;
  readonly reasons = new Map<string, number>();
  add(outcome: 'accepted' | 'overridden', reason: string, count: number): void {
    if (outcome === 'accepted') this.accepted += count;
    else {
      this.overridden += count;
      this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + count);
    }
  }
}

export function overrideReport(
  stored: readonly StoredOverrideCount[],
  feedback: readonly FeedbackCount[],
  range: TimeRange,
): OverrideReport {
  const total = new Tally();
  const cds = new Tally();
  const techniques = new Map<string, Tally>();
  const tallyOf = (technique: string) => {
    let tally = techniques.get(technique);
    if (!tally) techniques.set(technique, (tally = new Tally()));
    return tally;
  };
  let api = 0;
  for (const row of stored) {
    api += row.count;
    total.add('overridden', row.reason, row.count);
    tallyOf(row.technique).add('overridden', row.reason, row.count);
  }
  for (const row of feedback) {
    const reason = reasonOf(row);
    total.add(row.outcome, reason, row.count);
    cds.add(row.outcome, reason, row.count);
    // A screening card can name several techniques: it counts once overall and once for each technique.
    for (const technique of row.techniques.length > 0 ? row.techniques : ['unknown'])
      tallyOf(technique).add(row.outcome, reason, row.count);
  }
  const byCount = <T extends { overridden: number }>(a: T & { key: string }, b: T & { key: string }) =>
    b.overridden - a.overridden || a.key.localeCompare(b.key);
  return {
    ...(range.from ? { from: range.from.toISOString() } : {}),
    ...(range.to ? { to: range.to.toISOString() } : {}),
    total: {
      accepted: total.accepted,
      overridden: total.overridden,
      ...rate(total.accepted, total.overridden),
    },
    bySource: {
      api: { overridden: api },
      cds: { accepted: cds.accepted, overridden: cds.overridden, ...rate(cds.accepted, cds.overridden) },
    },
    byReason: [...total.reasons]
      .map(([reason, overridden]) => ({
        key: reason,
        reason,
        overridden,
        share: overridden / total.overridden,
      }))
      .sort(byCount)
      .map(({ reason, overridden, share }) => ({ reason, overridden, share })),
    byTechnique: [...techniques]
      .map(([technique, tally]) => ({
        key: technique,
        technique,
        accepted: tally.accepted,
        overridden: tally.overridden,
        ...rate(tally.accepted, tally.overridden),
        byReason: [...tally.reasons]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .map(([reason, overridden]) => ({ reason, overridden })),
      }))
      .sort(byCount)
      .map(({ key: _key, ...row }) => row),
  };
}

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/reports/overrides',
    {
      preValidation: allow('report.read'),
      schema: {
        tags: ['reports'],
        summary: 'Override rate by reason and technique: API overrides and CDS Hooks feedback',
        querystring: z
          .strictObject({ from: instantDate.optional(), to: instantDate.optional() })
          .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from is before to', path: ['to'] }),
        response: withProblems({ 200: overrideReportView }),
      },
    },
    async (request) => {
      const range: TimeRange = {
        ...(request.query.from ? { from: request.query.from } : {}),
        ...(request.query.to ? { to: request.query.to } : {}),
      };
      const context = careContext(request);
      // Counts only, no patient in them; the read is audited all the same, as every report is.
      return app.store.db.transaction().execute(async (trx) => {
        const [stored, feedback] = [
          await countStoredOverrides(trx, range),
          await countCdsFeedback(trx, range),
        ];
        await audit(trx, context, 'report.read', { detail: { report: 'overrides' } });
        return overrideReport(stored, feedback, range);
      });
    },
  );
};
