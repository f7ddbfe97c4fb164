// A draft ozone order (MedicationRequest, SPEC-INTEROP §2) or a session about to be signed (Procedure in
// preparation or in progress) → the OzoneOrder the order and session rules check. Unlike record extraction this is
// strict: anything that would change the dose checked (an unknown unit, a second dosage, a negative volume) rejects
// the input with the JSON path of the problem. Missing values are not errors: the engine reports them as findings.

import type { OzoneOrder, SessionStaff } from '../clinical/care.ts';
import type { GoalStatement } from '../clinical/facts.ts';
import type { TechniqueCode } from '../clinical/techniques.ts';
import { resolveContained, referenceOf } from './bundle-index.ts';
import { extensionsOf, hasCoding } from './codes.ts';
import { asArray, asNumber, asRecord, asShortString, child, isRecord, preview } from './json.ts';
import type { JsonRecord } from './json.ts';
import type { Read } from './ozone-values.ts';
import { readExtensionQuantity, readGoalStatement, readTechnique } from './ozone-values.ts';
import { UNITS, convertUnit, readQuantity } from './quantity.ts';
import { EXT, MEDICAL_OZONE_CODE, MEDICATION_SYSTEM, SESSION_ROLE_SYSTEM, TECHNIQUE_SYSTEM } from './urls.ts';

export type OrderParseResult =
  | {
      readonly ok: true;
      readonly kind: 'order' | 'session';
      readonly order: OzoneOrder;
      readonly staff?: SessionStaff;
      /** The patient the order names (`subject.reference`), so a caller can refuse a mismatched record. */
      readonly subject?: string;
    }
  | { readonly ok: false; readonly error: { readonly path: string; readonly message: string } };

const SESSION_STATUSES: ReadonlySet<string> = new Set(['preparation', 'in-progress']);
const MAX_ID_LENGTH = 1024;

/** Thrown inside this module only, to unwind to `parseOrder`, which turns it into `ok: false`. */
class OrderError extends Error {
  override name = 'OrderError';
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

function unwrap<T>(read: Read<T>): T | undefined {
  if (!read.ok) throw new OrderError(read.path, read.message);
  return read.value;
}

export function parseOrder(input: unknown): OrderParseResult {
  try {
    return parse(input);
  } catch (error) {
    if (error instanceof OrderError) {
      return { ok: false, error: { path: error.path, message: error.message } };
    }
    // Unreachable for JSON input (property-tested); a last guard for exotic JavaScript values such as proxies.
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
    return { ok: false, error: { path: '$', message: `internal error while reading the order (${reason})` } };
  }
}

function parse(input: unknown): OrderParseResult {
  if (!isRecord(input)) {
    throw new OrderError(
      '$',
      `expected a FHIR R4 MedicationRequest or Procedure (a JSON object), found ${preview(input)}`,
    );
  }
  if (input.resourceType === 'MedicationRequest') {
    return { ok: true, kind: 'order', order: parseMedicationRequest(input), ...subjectOf(input) };
  }
  if (input.resourceType === 'Procedure') {
    const { order, staff } = parseSession(input);
    return { ok: true, kind: 'session', order, staff, ...subjectOf(input) };
  }
  throw new OrderError(
    '$.resourceType',
    `expected a MedicationRequest (an ozone order) or a Procedure (a session about to be signed), found resourceType ${preview(input.resourceType)}`,
  );
}

/** The order values, leaving out those not given. */
function ozoneOrder(
  id: string | undefined,
  technique: TechniqueCode | undefined,
  values: {
    goal: GoalStatement | undefined;
    concentrationUgPerMl: number | undefined;
    gasVolumeMl: number | undefined;
    bloodVolumeMl: number | undefined;
    durationMin: number | undefined;
  },
): OzoneOrder {
  const order: { -readonly [K in keyof OzoneOrder]: OzoneOrder[K] } = { technique };
  if (id !== undefined) order.id = id;
  if (values.goal !== undefined) order.goal = values.goal;
  if (values.concentrationUgPerMl !== undefined) order.concentrationUgPerMl = values.concentrationUgPerMl;
  if (values.gasVolumeMl !== undefined) order.gasVolumeMl = values.gasVolumeMl;
  if (values.bloodVolumeMl !== undefined) order.bloodVolumeMl = values.bloodVolumeMl;
  if (values.durationMin !== undefined) order.durationMin = values.durationMin;
  return order;
}

function requireOzone(request: JsonRecord): void {
  const reference = referenceOf(request.medicationReference);
  const contained = reference === undefined ? undefined : resolveContained(request, reference);
  if (hasCoding(request.medicationCodeableConcept, MEDICATION_SYSTEM, MEDICAL_OZONE_CODE)) return;
  if (contained !== undefined && hasCoding(contained.code, MEDICATION_SYSTEM, MEDICAL_OZONE_CODE)) return;
  const path =
    request.medicationReference === undefined ? '$.medicationCodeableConcept' : '$.medicationReference';
  throw new OrderError(
    path,
    `not an ozone order: ${path} must name ${MEDICATION_SYSTEM}|${MEDICAL_OZONE_CODE} (inline, or as a contained Medication)`,
  );
}

/** The single element of an optional 0..* list; more than one would leave the others unchecked. */
function single(list: unknown, path: string, what: string): JsonRecord | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) throw new OrderError(path, `${path} must be an array, found ${preview(list)}`);
  if (list.length > 1) {
    throw new OrderError(
      `${path}[1]`,
      `${path} has ${list.length} entries; o3care checks an order with one ${what}`,
    );
  }
  const [first] = list as readonly unknown[];
  if (first === undefined) return undefined;
  if (!isRecord(first)) {
    throw new OrderError(`${path}[0]`, `${path}[0] must be an object, found ${preview(first)}`);
  }
  return first;
}

function parseDuration(dosage: JsonRecord | undefined, path: string): number | undefined {
  const repeat = child(child(dosage, 'timing'), 'repeat');
  if (repeat?.duration === undefined) return undefined;
  const durationPath = `${path}.timing.repeat.duration`;
  const value = asNumber(repeat.duration);
  if (value === undefined) {
    throw new OrderError(durationPath, `${durationPath} must be a number, found ${preview(repeat.duration)}`);
  }
  const unit = repeat.durationUnit === undefined ? undefined : asShortString(repeat.durationUnit, 64);
  if (repeat.durationUnit !== undefined && unit === undefined) {
    throw new OrderError(
      `${path}.timing.repeat.durationUnit`,
      `${path}.timing.repeat.durationUnit is not a unit: ${preview(repeat.durationUnit)}`,
    );
  }
  return unwrap(
    convertUnit(value, unit, UNITS.durationMin, durationPath, `${path}.timing.repeat.durationUnit`),
  );
}

function parseMedicationRequest(request: JsonRecord): OzoneOrder {
  requireOzone(request);
  const path = '$.dosageInstruction[0]';
  const dosage = single(request.dosageInstruction, '$.dosageInstruction', 'dosage instruction');
  const doseAndRate = single(dosage?.doseAndRate, `${path}.doseAndRate`, 'dose');
  if (doseAndRate?.doseRange !== undefined) {
    throw new OrderError(
      `${path}.doseAndRate[0].doseRange`,
      `${path}.doseAndRate[0] gives a dose range; give the gas volume as doseQuantity`,
    );
  }
  return ozoneOrder(
    asShortString(request.id, MAX_ID_LENGTH),
    unwrap(readTechnique(dosage?.method, `${path}.method`)),
    {
      goal: unwrap(readGoalStatement(request, '$')),
      concentrationUgPerMl: unwrap(
        readExtensionQuantity(dosage, EXT.ozoneConcentration, UNITS.concentrationUgPerMl, path),
      ),
      gasVolumeMl: unwrap(
        readQuantity(doseAndRate?.doseQuantity, UNITS.volumeMl, `${path}.doseAndRate[0].doseQuantity`),
      ),
      bloodVolumeMl: unwrap(readExtensionQuantity(dosage, EXT.bloodVolume, UNITS.volumeMl, path)),
      durationMin: parseDuration(dosage, path),
    },
  );
}

function parseSession(procedure: JsonRecord): { order: OzoneOrder; staff: SessionStaff } {
  const technique = unwrap(readTechnique(procedure.code, '$.code'));
  if (technique === undefined) {
    throw new OrderError('$.code', `not an ozone session: $.code has no coding in ${TECHNIQUE_SYSTEM}`);
  }
  const status = procedure.status;
  if (typeof status !== 'string' || !SESSION_STATUSES.has(status)) {
    const hint =
      status === 'completed' ? ' (a completed Procedure is an earlier session: send it with the record)' : '';
    throw new OrderError(
      '$.status',
      `a session to check has status preparation or in-progress, found ${preview(status)}${hint}`,
    );
  }
  const order = ozoneOrder(asShortString(procedure.id, MAX_ID_LENGTH), technique, {
    goal: unwrap(readGoalStatement(procedure, '$')),
    concentrationUgPerMl: unwrap(
      readExtensionQuantity(procedure, EXT.ozoneConcentration, UNITS.concentrationUgPerMl, '$'),
    ),
    gasVolumeMl: unwrap(readExtensionQuantity(procedure, EXT.gasVolume, UNITS.volumeMl, '$')),
    bloodVolumeMl: unwrap(readExtensionQuantity(procedure, EXT.bloodVolume, UNITS.volumeMl, '$')),
    durationMin: unwrap(readExtensionQuantity(procedure, EXT.duration, UNITS.durationMin, '$')),
  });
  return { order, staff: parseStaff(procedure) };
}

/** The performer's o3care session role, if it has one. */
function roleOf(performer: JsonRecord): 'supervising-physician' | 'operator' | undefined {
  if (hasCoding(performer.function, SESSION_ROLE_SYSTEM, 'supervising-physician')) {
    return 'supervising-physician';
  }
  if (hasCoding(performer.function, SESSION_ROLE_SYSTEM, 'operator')) return 'operator';
  return undefined;
}

function actorOf(performer: JsonRecord, path: string): string {
  const actor = referenceOf(performer.actor);
  if (actor === undefined) {
    throw new OrderError(
      `${path}.actor.reference`,
      `${path}.actor.reference is missing: who performed this role?`,
    );
  }
  return actor;
}

function credentialsOf(performer: JsonRecord, path: string): string[] {
  return extensionsOf(performer, EXT.operatorCredential).map(({ extension, index }) => {
    const code = asShortString(extension.valueCode, 256);
    if (code === undefined) {
      const codePath = `${path}.extension[${index}].valueCode`;
      throw new OrderError(
        codePath,
        `${codePath} must be a credential code, found ${preview(extension.valueCode)}`,
      );
    }
    return code;
  });
}

function parseImageGuidance(procedure: JsonRecord): boolean | undefined {
  const extensions = extensionsOf(procedure, EXT.imageGuidance);
  if (extensions.length > 1) {
    throw new OrderError(
      '$.extension',
      `$ has ${extensions.length} image-guidance extensions; one is allowed`,
    );
  }
  const [only] = extensions;
  if (only === undefined) return undefined;
  if (typeof only.extension.valueBoolean !== 'boolean') {
    const path = `$.extension[${only.index}].valueBoolean`;
    throw new OrderError(
      path,
      `${path} must be true or false, found ${preview(only.extension.valueBoolean)}`,
    );
  }
  return only.extension.valueBoolean;
}

/** Supervising physician and operator from `performer[]`; one of each, since the rules check one of each. */
function parseStaff(procedure: JsonRecord): SessionStaff {
  const staff: { -readonly [K in keyof SessionStaff]: SessionStaff[K] } = {};
  const performers = asArray(procedure.performer);
  for (let index = 0; index < performers.length; index++) {
    const performer = asRecord(performers[index]);
    const path = `$.performer[${index}]`;
    const role = performer === undefined ? undefined : roleOf(performer);
    if (performer === undefined || role === undefined) continue;
    const actor = actorOf(performer, path);
    if (role === 'supervising-physician') {
      if (staff.supervisingPhysicianId !== undefined && staff.supervisingPhysicianId !== actor) {
        throw new OrderError(path, `${path} names a second supervising physician; a session has one`);
      }
      staff.supervisingPhysicianId = actor;
    } else {
      if (staff.operator !== undefined && staff.operator.id !== actor) {
        throw new OrderError(path, `${path} names a second operator; o3care checks the credentials of one`);
      }
      staff.operator = { id: actor, credentials: credentialsOf(performer, path) };
    }
  }
  const imageGuidance = parseImageGuidance(procedure);
  if (imageGuidance !== undefined) staff.imageGuidance = imageGuidance;
  return staff;
}

/** `{ subject }` when the resource names its patient by a short reference string. */
function subjectOf(resource: Record<string, unknown>): { subject?: string } {
  const subject = resource.subject;
  const reference =
    typeof subject === 'object' && subject !== null
      ? (subject as Record<string, unknown>).reference
      : undefined;
  return typeof reference === 'string' && reference.length <= 4_096 ? { subject: reference } : {};
}
