// AllergyIntolerance → ozone intolerance (SPEC-CLINICAL §5: "AllergyIntolerance whose code or text names ozone").
// No terminology codes ozone intolerance, so the words of OZONE_WORDS are matched in the allergy's texts.

import type { IndexedEntry } from './bundle-index.ts';
import { codingsOf, statusCode } from './codes.ts';
import type { ExtractContext } from './extract-context.ts';
import { addIssue, fact, firstDate } from './extract-context.ts';
import { asArray, asRecord, asString, child } from './json.ts';
import { MAX_MATCH_TEXT, matchOzoneWord } from './text-match.ts';
import { HL7 } from './urls.ts';

const EXCLUDED_VERIFICATION: ReadonlySet<string> = new Set(['refuted', 'entered-in-error']);
const CLINICAL_STATUSES: ReadonlySet<string> = new Set(['active', 'inactive', 'resolved']);

/** code.text, code displays, and each reaction substance's text and displays. */
function textsOf(resource: Readonly<Record<string, unknown>>): string[] {
  const texts: string[] = [];
  const collect = (concept: unknown): void => {
    const text = asString(asRecord(concept)?.text);
    if (text !== undefined) texts.push(text);
    for (const { display } of codingsOf(concept)) if (display !== undefined) texts.push(display);
  };
  collect(resource.code);
  for (const reaction of asArray(resource.reaction)) collect(asRecord(reaction)?.substance);
  return texts;
}

export function mapAllergy(ctx: ExtractContext, entry: IndexedEntry): void {
  const { resource, path } = entry;
  if (
    statusCode(resource.verificationStatus, [HL7.allergyVerification], EXCLUDED_VERIFICATION) !== undefined
  ) {
    return;
  }
  const clinical = statusCode(resource.clinicalStatus, [HL7.allergyClinical], CLINICAL_STATUSES);
  if (clinical !== undefined && clinical !== 'active') return;
  for (const text of textsOf(resource)) {
    if (text.length > MAX_MATCH_TEXT) {
      addIssue(ctx, path, `${path} has an allergy text of ${text.length} characters; not scanned for ozone`);
      continue;
    }
    const word = matchOzoneWord(text);
    if (word === undefined) continue;
    const effective = firstDate(ctx, entry, [
      ['onsetDateTime', resource.onsetDateTime],
      ['onsetPeriod.start', child(resource, 'onsetPeriod')?.start],
      ['recordedDate', resource.recordedDate],
    ]);
    ctx.lists.ozoneIntolerance.push(fact(true as const, entry, effective, `text:${word}`));
    return;
  }
}
