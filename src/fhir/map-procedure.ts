// Procedure (a completed ozone session, SPEC-INTEROP §2) → history.sessions, with its adverse events. A value
// that cannot be read is dropped with an issue but the session is kept: its date and adverse events still matter
// to the interval, escalation and review rules. (The intolerance rule reads grade ≥ 3 events from the history itself.)

import type { AdverseEventRecord, SessionRecord } from '../clinical/care.ts';
import type { IndexedEntry } from './bundle-index.ts';
import { resourceLabel } from './bundle-index.ts';
import { codingsOf, extensionsOf } from './codes.ts';
import type { ExtractContext } from './extract-context.ts';
import { addIssue, firstDate } from './extract-context.ts';
import { asArray, asString, child, isRecord, preview } from './json.ts';
import type { JsonRecord } from './json.ts';
import type { Read } from './ozone-values.ts';
import { readExtensionQuantity, readTechnique } from './ozone-values.ts';
import type { UnitTable } from './quantity.ts';
import { UNITS } from './quantity.ts';
import { EXT } from './urls.ts';

/** Longest adverse-event description kept (display only). */
const MAX_DESCRIPTION_LENGTH = 1_000;

function optionalValue(ctx: ExtractContext, read: Read<number>): number | undefined {
  if (read.ok) return read.value;
  addIssue(ctx, read.path, `${read.message}; value dropped from the session`);
  return undefined;
}

function readGrade(ctx: ExtractContext, complication: JsonRecord, path: string): number | undefined {
  const [grade] = extensionsOf(complication, EXT.adverseEventGrade);
  if (grade === undefined) return undefined;
  const value = grade.extension.valueInteger;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5) return value;
  const gradePath = `${path}.extension[${grade.index}].valueInteger`;
  addIssue(
    ctx,
    gradePath,
    `${gradePath} must be an integer grade 1–5, found ${preview(value)}; treated as ungraded`,
  );
  return undefined;
}

function readAdverseEvents(ctx: ExtractContext, entry: IndexedEntry): AdverseEventRecord[] {
  const events: AdverseEventRecord[] = [];
  const list = asArray(entry.resource.complication);
  for (let index = 0; index < list.length; index++) {
    const complication = list[index];
    const path = `${entry.path}.complication[${index}]`;
    if (!isRecord(complication)) {
      addIssue(ctx, path, `${path} is not a CodeableConcept; skipped`);
      continue;
    }
    const grade = readGrade(ctx, complication, path);
    const [reviewedExtension] = extensionsOf(complication, EXT.adverseEventReviewed);
    const reviewed = reviewedExtension?.extension.valueBoolean === true;
    const codings = codingsOf(complication);
    const fullDescription = asString(complication.text) ?? codings.find((coding) => coding.display)?.display;
    const description = fullDescription?.slice(0, MAX_DESCRIPTION_LENGTH);
    events.push({ grade, reviewed, ...(description === undefined ? {} : { description }) });
  }
  return events;
}

export function mapProcedure(ctx: ExtractContext, entry: IndexedEntry): void {
  const { resource, path } = entry;
  const technique = readTechnique(resource.code, `${path}.code`);
  if (!technique.ok) {
    addIssue(ctx, technique.path, `${technique.message}; session skipped`);
    return;
  }
  if (technique.value === undefined || resource.status !== 'completed') return;
  const performedAt = firstDate(ctx, entry, [
    ['performedDateTime', resource.performedDateTime],
    ['performedPeriod.start', child(resource, 'performedPeriod')?.start],
  ]);
  if (performedAt === undefined) {
    addIssue(ctx, path, `${path} is a completed ozone session without a performed date; skipped`);
    return;
  }
  const quantity = (url: string, units: UnitTable): number | undefined =>
    optionalValue(ctx, readExtensionQuantity(resource, url, units, path));
  const concentrationUgPerMl = quantity(EXT.ozoneConcentration, UNITS.concentrationUgPerMl);
  const gasVolumeMl = quantity(EXT.gasVolume, UNITS.volumeMl);
  const bloodVolumeMl = quantity(EXT.bloodVolume, UNITS.volumeMl);
  const adverseEvents = readAdverseEvents(ctx, entry);
  const session: SessionRecord = {
    id: resourceLabelId(entry),
    technique: technique.value,
    performedAt,
    ...(concentrationUgPerMl === undefined ? {} : { concentrationUgPerMl }),
    ...(gasVolumeMl === undefined ? {} : { gasVolumeMl }),
    ...(bloodVolumeMl === undefined ? {} : { bloodVolumeMl }),
    adverseEvents,
  };
  ctx.sessions.push(session);
}

/** The session's id: the Procedure id, else what provenance would call it. */
function resourceLabelId(entry: IndexedEntry): string {
  return entry.id ?? resourceLabel(entry);
}
