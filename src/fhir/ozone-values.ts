// Reading o3care's own coded values and extensions (SPEC-INTEROP §1–§2): technique, goal, and the dose quantities.
// Shared by the order parser (where a problem rejects the order) and by the history reader (where it is an issue).

import type { GoalStatement } from '../clinical/facts.ts';
import type { GoalCode } from '../clinical/goals.ts';
import { isGoalCode } from '../clinical/goals.ts';
import type { TechniqueCode } from '../clinical/techniques.ts';
import { isTechniqueCode } from '../clinical/techniques.ts';
import { codingsOf, extensionsOf } from './codes.ts';
import { asArray, asRecord, asString, isRecord, preview } from './json.ts';
import type { JsonRecord } from './json.ts';
import type { UnitTable } from './quantity.ts';
import { readQuantity } from './quantity.ts';
import { EXT, GOAL_SYSTEM, TECHNIQUE_SYSTEM } from './urls.ts';

export type Read<T> =
  | { readonly ok: true; readonly value: T | undefined }
  | { readonly ok: false; readonly path: string; readonly message: string };

export const MAX_GOAL_TEXT = 10_000;

const fail = (path: string, message: string): Read<never> => ({ ok: false, path, message });
const found = <T>(value: T | undefined): Read<T> => ({ ok: true, value });

/** The technique named by a CodeableConcept's codings in the technique system; two different ones are an error. */
export function readTechnique(concept: unknown, path: string): Read<TechniqueCode> {
  let technique: TechniqueCode | undefined;
  for (const coding of codingsOf(concept)) {
    if (coding.system !== TECHNIQUE_SYSTEM) continue;
    const codePath = `${path}.coding[${coding.index}].code`;
    if (!isTechniqueCode(coding.code)) {
      return fail(
        codePath,
        `${codePath} ${preview(coding.code)} is not an o3care technique code (${TECHNIQUE_SYSTEM})`,
      );
    }
    if (technique !== undefined && technique !== coding.code) {
      return fail(codePath, `${path} names two techniques (${technique}, ${coding.code}); an order has one`);
    }
    technique = coding.code;
  }
  return found(technique);
}

/** The `ozone-goal` extension's valueCoding (goal system). */
export function readGoalCode(element: JsonRecord, path: string): Read<GoalCode> {
  const extensions = extensionsOf(element, EXT.ozoneGoal);
  if (extensions.length > 1) {
    return fail(
      `${path}.extension`,
      `${path} has ${extensions.length} ozone-goal extensions; one is allowed`,
    );
  }
  const [only] = extensions;
  if (only === undefined) return found(undefined);
  const codingPath = `${path}.extension[${only.index}].valueCoding`;
  const coding = asRecord(only.extension.valueCoding);
  if (coding === undefined) {
    return fail(codingPath, `${codingPath} is missing: the ozone-goal extension carries a valueCoding`);
  }
  if (coding.system !== GOAL_SYSTEM) {
    return fail(
      `${codingPath}.system`,
      `${codingPath}.system must be ${GOAL_SYSTEM}, found ${preview(coding.system)}`,
    );
  }
  if (!isGoalCode(coding.code)) {
    return fail(`${codingPath}.code`, `${codingPath}.code ${preview(coding.code)} is not an o3care goal`);
  }
  return found(coding.code);
}

/** Goal code from the extension and the patient's words from `reasonCode[0].text`. */
export function readGoalStatement(element: JsonRecord, path: string): Read<GoalStatement> {
  const code = readGoalCode(element, path);
  if (!code.ok) return code;
  const reason = asRecord(asArray(element.reasonCode)[0]);
  const text = asString(reason?.text);
  if (reason?.text !== undefined && text === undefined) {
    return fail(
      `${path}.reasonCode[0].text`,
      `${path}.reasonCode[0].text must be a string, found ${preview(reason.text)}`,
    );
  }
  if (text !== undefined && text.length > MAX_GOAL_TEXT) {
    return fail(
      `${path}.reasonCode[0].text`,
      `${path}.reasonCode[0].text is longer than ${MAX_GOAL_TEXT} characters`,
    );
  }
  if (code.value === undefined && text === undefined) return found(undefined);
  return found(text === undefined ? { code: code.value } : { code: code.value, text });
}

/** A quantity extension (`ozone-concentration`, `blood-volume`, ...) in the table's canonical unit. */
export function readExtensionQuantity(
  element: JsonRecord | undefined,
  url: string,
  units: UnitTable,
  path: string,
): Read<number> {
  const extensions = extensionsOf(element, url);
  if (extensions.length > 1) {
    return fail(`${path}.extension`, `${path} has ${extensions.length} ${url} extensions; one is allowed`);
  }
  const [only] = extensions;
  if (only === undefined) return found(undefined);
  const quantityPath = `${path}.extension[${only.index}].valueQuantity`;
  if (!isRecord(only.extension.valueQuantity)) {
    return fail(quantityPath, `${quantityPath} is missing: the ${url} extension carries a valueQuantity`);
  }
  return readQuantity(only.extension.valueQuantity, units, quantityPath);
}
