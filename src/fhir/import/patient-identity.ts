// Who the imported record is about, as o3care's patient record holds it: names, birth date, sex, identifiers, e-mail,
// phone and preferred language (store/patient.table.ts). An import creates or matches a patient from these, so a
// value that is there but malformed refuses the import (SPEC-INTEROP §5); a value o3care cannot hold (a phone
// number in an unusual format) is left out with a note instead.

import type { Sex } from '../../clinical/facts.ts';
import type { IndexedEntry } from '../bundle-index.ts';
import { codingsOf } from '../codes.ts';
import { asArray, asFhirDate, asRecord, asString, isRecord, preview } from '../json.ts';
import type { ImportProblem } from './bundle-shape.ts';

export interface PatientIdentifier {
  readonly system: string;
  readonly value: string;
}

export interface PatientIdentity {
  readonly givenName?: string;
  readonly familyName?: string;
  readonly birthDate?: string;
  readonly sex?: Sex;
  readonly identifiers: readonly PatientIdentifier[];
  readonly email?: string;
  readonly phone?: string;
  /** BCP 47 tag from Patient.communication (the preferred one first). */
  readonly preferredLanguage?: string;
}

export interface ImportNote {
  readonly path: string;
  readonly message: string;
}

// The limits and formats of the patient API (server/routes/patients.ts), so an imported patient could have been
// registered by hand.
const MAX_NAME = 200;
const MAX_SYSTEM = 300;
const MAX_VALUE = 200;
/** Identifiers kept per patient, as the API allows. */
export const MAX_IDENTIFIERS = 20;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL = 254;
const PHONE = /^[+0-9 ().-]{3,40}$/;
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const SEXES: ReadonlySet<string> = new Set<Sex>(['female', 'male', 'other', 'unknown']);
/** HumanName.use values that do not name the person now (FHIR R4 name-use). */
const PAST_NAMES: ReadonlySet<string> = new Set(['old', 'maiden']);

export type IdentityRead =
  | { readonly ok: true; readonly identity: PatientIdentity; readonly notes: readonly ImportNote[] }
  | { readonly ok: false; readonly problem: ImportProblem };

class Refusal extends Error {
  readonly problem: ImportProblem;
  constructor(path: string, message: string) {
    super(message);
    this.problem = { path, message };
  }
}

const refuse = (path: string, message: string): never => {
  throw new Refusal(path, message);
};

export function readPatientIdentity(entry: IndexedEntry): IdentityRead {
  try {
    const notes: ImportNote[] = [];
    const identity = readIdentity(entry, notes);
    return { ok: true, identity, notes };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem };
    throw error;
  }
}

function readIdentity(entry: IndexedEntry, notes: ImportNote[]): PatientIdentity {
  const { resource, path } = entry;
  const name = readName(resource.name, `${path}.name`);
  const birthDate = resource.birthDate === undefined ? undefined : realDate(asFhirDate(resource.birthDate));
  if (resource.birthDate !== undefined && birthDate === undefined) {
    refuse(
      `${path}.birthDate`,
      `${path}.birthDate must be a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD), found ${preview(resource.birthDate)}`,
    );
  }
  const gender = resource.gender;
  if (gender !== undefined && !(typeof gender === 'string' && SEXES.has(gender))) {
    refuse(
      `${path}.gender`,
      `${path}.gender must be female, male, other or unknown, found ${preview(gender)}`,
    );
  }
  const contact = readTelecom(resource.telecom, `${path}.telecom`, notes);
  const preferredLanguage = readLanguage(resource.communication, `${path}.communication`, notes);
  return {
    ...name,
    ...(birthDate === undefined ? {} : { birthDate }),
    ...(gender === undefined ? {} : { sex: gender as Sex }),
    identifiers: readIdentifiers(resource.identifier, `${path}.identifier`, notes),
    ...contact,
    ...(preferredLanguage === undefined ? {} : { preferredLanguage }),
  };
}

/** The date when it names a day that exists (`1972-02-30` does not), so the patient API would accept it too. */
function realDate(date: string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const [year, month = 1, day = 1] = date.split('-').map(Number) as [number, number?, number?];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return year >= 1800 && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day ? date : undefined;
}

function nameString(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return refuse(path, `${path} must be a string, found ${preview(value)}`);
  const trimmed = value.trim();
  if (trimmed.length > MAX_NAME) refuse(path, `${path} is longer than ${MAX_NAME} characters`);
  return trimmed === '' ? undefined : trimmed;
}

/** The current name: `official`, else `usual`, else the first not marked old or maiden; its text when it has no parts. */
function readName(value: unknown, path: string): { givenName?: string; familyName?: string } {
  if (value !== undefined && !Array.isArray(value))
    refuse(path, `${path} must be an array of HumanName, found ${preview(value)}`);
  const names = asArray(value).map((name, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(name)) return refuse(at, `${at} must be a HumanName object, found ${preview(name)}`);
    const given = name.given;
    if (given !== undefined && !Array.isArray(given))
      refuse(`${at}.given`, `${at}.given must be an array of strings`);
    const givenParts = asArray(given)
      .map((part, i) => nameString(part, `${at}.given[${i}]`))
      .filter((part) => part !== undefined);
    const givenName = givenParts.length === 0 ? undefined : givenParts.join(' ');
    if (givenName !== undefined && givenName.length > MAX_NAME)
      refuse(`${at}.given`, `${at}.given is longer than ${MAX_NAME} characters`);
    return {
      use: asString(name.use),
      familyName: nameString(name.family, `${at}.family`),
      givenName,
      text: nameString(name.text, `${at}.text`),
    };
  });
  const current = names.filter((name) => name.use === undefined || !PAST_NAMES.has(name.use));
  const chosen =
    current.find((name) => name.use === 'official') ??
    current.find((name) => name.use === 'usual') ??
    current[0] ??
    names[0];
  if (chosen?.familyName !== undefined || chosen?.givenName !== undefined) {
    return {
      ...(chosen.givenName === undefined ? {} : { givenName: chosen.givenName }),
      ...(chosen.familyName === undefined ? {} : { familyName: chosen.familyName }),
    };
  }
  // A name given only as text (`王大明`) is kept whole as the family name: o3care does not guess how to split it.
  if (chosen?.text !== undefined) return { familyName: chosen.text };
  return refuse(
    path,
    `${path}: the Patient has no name; o3care needs a given or a family name to register a patient`,
  );
}

function readIdentifiers(value: unknown, path: string, notes: ImportNote[]): PatientIdentifier[] {
  if (value !== undefined && !Array.isArray(value))
    refuse(path, `${path} must be an array of Identifier, found ${preview(value)}`);
  const kept: PatientIdentifier[] = [];
  asArray(value).forEach((identifier, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(identifier)) refuse(at, `${at} must be an Identifier object, found ${preview(identifier)}`);
    const record = identifier as Readonly<Record<string, unknown>>;
    const system = record.system;
    const id = record.value;
    if (system !== undefined && typeof system !== 'string')
      refuse(`${at}.system`, `${at}.system must be a URI string, found ${preview(system)}`);
    if (id !== undefined && typeof id !== 'string')
      refuse(`${at}.value`, `${at}.value must be a string, found ${preview(id)}`);
    if (typeof system === 'string' && system.length > MAX_SYSTEM)
      refuse(`${at}.system`, `${at}.system is longer than ${MAX_SYSTEM} characters`);
    if (typeof id === 'string' && id.length > MAX_VALUE)
      refuse(`${at}.value`, `${at}.value is longer than ${MAX_VALUE} characters`);
    if (record.use === 'old') return;
    const trimmedSystem = typeof system === 'string' ? system.trim() : '';
    const trimmedValue = typeof id === 'string' ? id.trim() : '';
    if (trimmedSystem === '' || trimmedValue === '') {
      notes.push({
        path: at,
        message: `${at} has no system or no value: not kept (o3care matches identifiers by both)`,
      });
      return;
    }
    if (kept.some((k) => k.system === trimmedSystem && k.value === trimmedValue)) return;
    if (kept.length === MAX_IDENTIFIERS) {
      notes.push({ path: at, message: `${at}: only the first ${MAX_IDENTIFIERS} identifiers are kept` });
      return;
    }
    kept.push({ system: trimmedSystem, value: trimmedValue });
  });
  return kept;
}

function readTelecom(value: unknown, path: string, notes: ImportNote[]): { email?: string; phone?: string } {
  const found: { email?: string; phone?: string } = {};
  asArray(value).forEach((point, index) => {
    const at = `${path}[${index}]`;
    const record = asRecord(point);
    const system = asString(record?.system);
    const raw = asString(record?.value)?.trim();
    if (record?.use === 'old' || raw === undefined || (system !== 'email' && system !== 'phone')) return;
    if (system === 'email' && found.email === undefined) {
      if (raw.length <= MAX_EMAIL && EMAIL.test(raw)) found.email = raw;
      else
        notes.push({
          path: `${at}.value`,
          message: `${at}.value is not an e-mail address o3care can keep; left out`,
        });
    }
    if (system === 'phone' && found.phone === undefined) {
      if (PHONE.test(raw)) found.phone = raw;
      else
        notes.push({
          path: `${at}.value`,
          message: `${at}.value is not a phone number o3care can keep; left out`,
        });
    }
  });
  return found;
}

function readLanguage(value: unknown, path: string, notes: ImportNote[]): string | undefined {
  const entries = asArray(value)
    .map((item, index) => ({ item: asRecord(item), index }))
    .filter((c) => c.item !== undefined);
  const chosen = entries.find((c) => c.item?.preferred === true) ?? entries[0];
  if (chosen === undefined) return undefined;
  const [coding] = codingsOf(chosen.item?.language);
  const code = coding?.code;
  if (code !== undefined && LANGUAGE.test(code)) return code;
  notes.push({
    path: `${path}[${chosen.index}].language`,
    message: `${path}[${chosen.index}].language has no BCP 47 code o3care can keep; left out`,
  });
  return undefined;
}
