// MedicationStatement / MedicationRequest → medication-class facts (SPEC-CLINICAL §5). The class comes from an ATC
// coding when there is one, else from an international non-proprietary name in the texts: travellers' records
// often carry national drug codes only (GTIN, AMT, CCDD). A medication belongs to at most one class.

import type { MedicationClass } from '../clinical/facts.ts';
import { ATC_CLASSES, SYSTEMS } from '../clinical/value-sets.ts';
import type { DrugClass } from '../clinical/value-sets.ts';
import type { IndexedEntry } from './bundle-index.ts';
import { referenceOf, resolveContained, resolveReference } from './bundle-index.ts';
import { CodeTable } from './code-table.ts';
import { codeKey, codingsOf, hasCoding } from './codes.ts';
import type { ExtractContext } from './extract-context.ts';
import { addIssue, fact, firstDate } from './extract-context.ts';
import { asArray, asRecord, asString, child, preview } from './json.ts';
import type { JsonRecord } from './json.ts';
import { MAX_MATCH_TEXT, matchDrugName } from './text-match.ts';
import { MEDICAL_OZONE_CODE, MEDICATION_SYSTEM } from './urls.ts';

const STATEMENT_CURRENT: ReadonlySet<string> = new Set(['active', 'intended', 'on-hold', 'unknown']);
const REQUEST_CURRENT: ReadonlySet<string> = new Set(['active', 'draft', 'on-hold']);
const ATC_TABLE = new CodeTable(ATC_CLASSES);
/** Longest medication name kept in a fact (it is for display; the class is what rules read). */
const MAX_NAME_LENGTH = 200;

/** What a medication is called and coded as, wherever it came from (inline, contained, or a Bundle entry). */
interface MedicationDescription {
  readonly concept: unknown;
  readonly ingredients: readonly unknown[];
  /** Reference.display of medicationReference: sometimes the only name a record gives. */
  readonly referenceDisplay: string | undefined;
}

/**
 * A statement marked `completed` whose dosage still states an open-ended use (a start and no end, and no end on the
 * statement itself). CH EMED treatment-plan statements are written this way (the Swiss example's ramipril). Reading
 * it as current raises a finding the clinician confirms; reading it as stopped could hide an anticoagulant.
 */
function statesOpenEndedUse(resource: JsonRecord): boolean {
  if (resource.effectiveDateTime !== undefined || child(resource, 'effectivePeriod')?.end !== undefined) {
    return false;
  }
  return asArray(resource.dosage).some((dosage) => {
    const bounds = child(child(child(asRecord(dosage), 'timing'), 'repeat'), 'boundsPeriod');
    return bounds?.start !== undefined && bounds.end === undefined;
  });
}

function describeMedication(ctx: ExtractContext, entry: IndexedEntry): MedicationDescription | undefined {
  const { resource, path } = entry;
  if (resource.medicationCodeableConcept !== undefined) {
    return { concept: resource.medicationCodeableConcept, ingredients: [], referenceDisplay: undefined };
  }
  const reference = asRecord(resource.medicationReference);
  if (reference === undefined) return undefined;
  const display = asString(reference.display);
  const target = referenceOf(reference);
  const medication =
    target === undefined
      ? undefined
      : target.startsWith('#')
        ? resolveContained(resource, target)
        : resolveMedicationEntry(ctx, target);
  if (medication === undefined || medication.resourceType !== 'Medication') {
    if (target !== undefined) {
      addIssue(
        ctx,
        `${path}.medicationReference.reference`,
        `${path}.medicationReference ${preview(target)} does not resolve to a Medication in the Bundle; ` +
          'only its display text is read',
      );
    }
    return display === undefined
      ? undefined
      : { concept: undefined, ingredients: [], referenceDisplay: display };
  }
  const ingredients = asArray(medication.ingredient)
    .map((ingredient) => asRecord(ingredient)?.itemCodeableConcept)
    .filter((concept) => concept !== undefined);
  return { concept: medication.code, ingredients, referenceDisplay: display };
}

function resolveMedicationEntry(ctx: ExtractContext, reference: string): JsonRecord | undefined {
  return resolveReference(ctx.index, reference)?.resource;
}

function classifyByAtc(
  description: MedicationDescription,
): { drugClass: DrugClass; code: string } | undefined {
  for (const concept of [description.concept, ...description.ingredients]) {
    for (const { system, code } of codingsOf(concept)) {
      if (system !== SYSTEMS.atc || code === undefined) continue;
      // A code listed for several classes takes the first of them in ATC_CLASSES order.
      const [drugClass] = ATC_TABLE.match(system, code);
      if (drugClass !== undefined) return { drugClass, code: codeKey(system, code) };
    }
  }
  return undefined;
}

/** Texts that may name the drug, most specific first. */
function textsOf(description: MedicationDescription): string[] {
  const texts: string[] = [];
  for (const concept of [description.concept, ...description.ingredients]) {
    const text = asString(asRecord(concept)?.text);
    if (text !== undefined) texts.push(text);
    for (const { display } of codingsOf(concept)) if (display !== undefined) texts.push(display);
  }
  if (description.referenceDisplay !== undefined) texts.push(description.referenceDisplay);
  return texts;
}

function classifyByName(
  ctx: ExtractContext,
  entry: IndexedEntry,
  texts: readonly string[],
): { drugClass: DrugClass; name: string } | undefined {
  for (const text of texts) {
    if (text.length > MAX_MATCH_TEXT) {
      addIssue(
        ctx,
        entry.path,
        `${entry.path} has a medication text of ${text.length} characters; not scanned for drug names`,
      );
      continue;
    }
    const found = matchDrugName(text);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function mapMedication(ctx: ExtractContext, entry: IndexedEntry): void {
  const { resource, path } = entry;
  const isStatement = entry.type === 'MedicationStatement';
  const status = asString(resource.status);
  const listed = status === undefined || (isStatement ? STATEMENT_CURRENT : REQUEST_CURRENT).has(status);
  const readAsCurrent = !listed && isStatement && status === 'completed' && statesOpenEndedUse(resource);
  if (!listed && !readAsCurrent) return;
  const description = describeMedication(ctx, entry);
  if (description === undefined) return;
  // o3care's own ozone order is what is being checked, not a co-medication.
  if (hasCoding(description.concept, MEDICATION_SYSTEM, MEDICAL_OZONE_CODE)) return;
  const texts = textsOf(description);
  const byAtc = classifyByAtc(description);
  const byName = byAtc === undefined ? classifyByName(ctx, entry, texts) : undefined;
  const drugClass: MedicationClass | undefined = byAtc?.drugClass ?? byName?.drugClass;
  if (drugClass === undefined) return;
  const code = byAtc?.code ?? `text:${byName?.name ?? ''}`;
  const fullName = texts[0] ?? byName?.name ?? code;
  const name = fullName.length > MAX_NAME_LENGTH ? `${fullName.slice(0, MAX_NAME_LENGTH)}…` : fullName;
  const effective = isStatement
    ? firstDate(ctx, entry, [
        ['effectiveDateTime', resource.effectiveDateTime],
        ['effectivePeriod.start', child(resource, 'effectivePeriod')?.start],
        ['dateAsserted', resource.dateAsserted],
      ])
    : firstDate(ctx, entry, [['authoredOn', resource.authoredOn]]);
  if (readAsCurrent) {
    addIssue(
      ctx,
      `${path}.status`,
      `${path} is marked completed but its dosage states an open-ended use (a start and no end); read as current`,
    );
  }
  ctx.lists.medications.push(fact({ drugClass, name }, entry, effective, code));
}
