// Condition → facts (SPEC-CLINICAL §5). Only current conditions count (clinicalStatus active, recurrence, relapse,
// or not stated), except those whose rule is about history or a date rather than the present: a seizure history
// (`contraindication.seizure-disorder`: "active epilepsy or seizure history") and a myocardial infarction, whose
// rule is "MI within 183 days" — an MI recorded as resolved last month is still a recent MI.

import type { ConditionFact } from '../clinical/value-sets.ts';
import { CONDITION_CODES, SYSTEMS } from '../clinical/value-sets.ts';
import type { IndexedEntry } from './bundle-index.ts';
import { CodeTable } from './code-table.ts';
import { codeKey, codingsOf, statusCode } from './codes.ts';
import type { ExtractContext } from './extract-context.ts';
import { fact, firstDate } from './extract-context.ts';
import { child } from './json.ts';
import { HL7 } from './urls.ts';

const CLINICAL_STATUSES: ReadonlySet<string> = new Set([
  'active',
  'recurrence',
  'relapse',
  'inactive',
  'remission',
  'resolved',
]);
const CURRENT: ReadonlySet<string> = new Set(['active', 'recurrence', 'relapse']);
const EXCLUDED_VERIFICATION: ReadonlySet<string> = new Set(['refuted', 'entered-in-error']);
const ANY_CLINICAL_STATUS: ReadonlySet<ConditionFact> = new Set([
  'seizure-disorder',
  'myocardial-infarction',
]);

const CONDITION_TABLE = new CodeTable(CONDITION_CODES);
const CONDITION_SYSTEMS: ReadonlySet<string> = new Set([SYSTEMS.icd10cm, SYSTEMS.icd10, SYSTEMS.snomed]);

/** Each fact the Condition's codings match, with the first matching coding as `system|code`. */
function matchedFacts(concept: unknown): Map<ConditionFact, string> {
  const matched = new Map<ConditionFact, string>();
  for (const { system, code } of codingsOf(concept)) {
    if (system === undefined || code === undefined || !CONDITION_SYSTEMS.has(system)) continue;
    for (const name of CONDITION_TABLE.match(system, code)) {
      if (!matched.has(name)) matched.set(name, codeKey(system, code));
    }
  }
  return matched;
}

export function mapCondition(ctx: ExtractContext, entry: IndexedEntry): void {
  const { resource } = entry;
  const verification = statusCode(
    resource.verificationStatus,
    [HL7.conditionVerification],
    EXCLUDED_VERIFICATION,
  );
  if (verification !== undefined) return;
  const matched = matchedFacts(resource.code);
  if (matched.size === 0) return;
  // An unrecognised clinicalStatus counts as not stated: a finding the clinician can dismiss beats a silent miss.
  const clinical = statusCode(resource.clinicalStatus, [HL7.conditionClinical], CLINICAL_STATUSES);
  const current = clinical === undefined || CURRENT.has(clinical);
  const effective = firstDate(ctx, entry, [
    ['onsetDateTime', resource.onsetDateTime],
    ['onsetPeriod.start', child(resource, 'onsetPeriod')?.start],
    ['recordedDate', resource.recordedDate],
  ]);
  const { lists } = ctx;
  for (const [name, code] of matched) {
    if (!current && !ANY_CLINICAL_STATUS.has(name)) continue;
    switch (name) {
      case 'g6pd-deficiency':
        lists.g6pd.push(fact('deficient' as const, entry, effective, code));
        break;
      case 'pregnancy':
        lists.pregnancy.push(fact({ pregnant: true, basis: 'diagnosis' as const }, entry, effective, code));
        break;
      case 'hyperthyroidism':
        lists.hyperthyroidism.push(
          fact({ crisis: matched.has('thyrotoxic-crisis') }, entry, effective, code),
        );
        break;
      case 'thyrotoxic-crisis':
        // A crisis code is also a hyperthyroidism code; it adds a fact only when the family code did not match.
        if (!matched.has('hyperthyroidism')) {
          lists.hyperthyroidism.push(fact({ crisis: true }, entry, effective, code));
        }
        break;
      case 'thrombocytopenia':
        lists.thrombocytopenia.push(fact(true as const, entry, effective, code));
        break;
      case 'coagulation-disorder':
        lists.coagulationDisorder.push(fact(true as const, entry, effective, code));
        break;
      case 'cardiovascular-instability':
        lists.cardiovascularInstability.push(fact(true as const, entry, effective, code));
        break;
      case 'myocardial-infarction':
        lists.myocardialInfarction.push(fact(true as const, entry, effective, code));
        break;
      case 'seizure-disorder':
        lists.seizureDisorder.push(fact(true as const, entry, effective, code));
        break;
      case 'alcohol-intoxication':
        lists.alcoholIntoxication.push(fact(true as const, entry, effective, code));
        break;
    }
  }
}
