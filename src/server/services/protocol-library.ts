// Protocol library governance (SPEC-CLINICAL §1, §7): the shipped template loads as `template-1` (usable for
// screening, never for care: the engine's `library.unapproved` stops every order); the medical director edits limits
// into a new draft and approves it; approved versions are frozen by the database, so hard limits change only
// through a new approved version. Every change is audited.

import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { LibraryEntry, ProtocolLibrary, Range, ScreeningSettings } from '../../clinical/library.ts';
import { TEMPLATE_LIBRARY } from '../../clinical/library.ts';
import type { TechniqueCode } from '../../clinical/techniques.ts';
import { isProhibited } from '../../clinical/techniques.ts';
import { jsonb } from '../../store/column-types.ts';
import {
  approveLibraryVersion,
  countClinicVersions,
  findCurrentApproved,
  findLibraryVersion,
  findLibraryVersionByName,
  insertLibraryVersion,
  insertTemplateIfAbsent,
  listLibraryVersions,
} from '../../store/protocol-library.repository.ts';
import type { Database } from '../../store/schema.ts';
import type { CareContext } from './care-context.ts';
import { InvalidRecordError, RecordConflictError, RecordNotFoundError } from './errors.ts';
import { libraryToDocument, libraryVersionFromRow } from './record-mapping.ts';
import type { LibraryVersion } from './record-types.ts';

export type EntryEdit = Partial<Omit<LibraryEntry, 'technique'>>;

export type SettingsEdit = Partial<Omit<ScreeningSettings, 'freshnessDays'>> & {
  readonly freshnessDays?: Partial<ScreeningSettings['freshnessDays']>;
};

/** What a medical director changes in a new version; anything not named is copied from the base version. */
export interface LibraryEdits {
  readonly enabledTechniques?: readonly TechniqueCode[];
  readonly entries?: { readonly [T in TechniqueCode]?: EntryEdit };
  readonly settings?: SettingsEdit;
}

/** Loads the shipped template as `template-1` once; later calls return the stored one. */
export async function loadTemplate(
  trx: Transaction<Database>,
  context: CareContext,
  template: ProtocolLibrary = TEMPLATE_LIBRARY,
): Promise<LibraryVersion> {
  await insertTemplateIfAbsent(trx, context, {
    id: randomUUID(),
    version: template.version,
    status: 'template',
    library: jsonb(libraryToDocument(template)),
    change_note: 'shipped template (SPEC-CLINICAL §7): must be reviewed and approved before use',
    created_by: context.actorId,
    created_at: context.at,
  });
  const row = await findLibraryVersionByName(trx, template.version);
  if (!row) throw new Error(`template ${template.version} was not stored`);
  return libraryVersionFromRow(row);
}

/** The version care uses: the newest approved one, or the template (whose orders the engine stops). */
export async function libraryForCare(
  trx: Transaction<Database>,
  context: CareContext,
): Promise<LibraryVersion> {
  const approved = await findCurrentApproved(trx);
  return approved ? libraryVersionFromRow(approved) : loadTemplate(trx, context);
}

export async function currentApproved(db: Kysely<Database>): Promise<LibraryVersion | undefined> {
  const row = await findCurrentApproved(db);
  return row ? libraryVersionFromRow(row) : undefined;
}

export async function getLibraryVersion(db: Kysely<Database>, id: string): Promise<LibraryVersion> {
  const row = await findLibraryVersion(db, id);
  if (!row) throw new RecordNotFoundError('protocol library version', id);
  return libraryVersionFromRow(row);
}

export async function listVersions(db: Kysely<Database>): Promise<LibraryVersion[]> {
  return (await listLibraryVersions(db)).map(libraryVersionFromRow);
}

/**
 * A new draft: the base version with `edits` applied. Named `clinic-N` unless a name is given. A changed
 * concentration or gas-volume range drops a total-dose limit the edit does not restate, so that the engine derives it
 * again from the new ranges (library.ts `totalLimitsOf`) rather than keep the base's stale total.
 */
export async function createDraftFrom(
  trx: Transaction<Database>,
  context: CareContext,
  baseVersionId: string,
  edits: LibraryEdits,
  options: { readonly version?: string; readonly note?: string } = {},
): Promise<LibraryVersion> {
  const base = await findLibraryVersion(trx, baseVersionId);
  if (!base) throw new RecordNotFoundError('protocol library version', baseVersionId);
  const document = applyEdits(libraryVersionFromRow(base).library, edits);
  validateDocument(document);
  const version = options.version ?? `clinic-${(await countClinicVersions(trx)) + 1}`;
  if (await findLibraryVersionByName(trx, version)) {
    throw new RecordConflictError(`a library version named ${version} exists`);
  }
  const row = await insertLibraryVersion(trx, context, {
    id: randomUUID(),
    version,
    status: 'draft',
    library: jsonb(libraryToDocument(document)),
    change_note: options.note ?? null,
    based_on: base.id,
    created_by: context.actorId,
    created_at: context.at,
  });
  return libraryVersionFromRow(row);
}

/** Approves a draft in the name of the acting medical director (the route checks the role). */
export async function approve(
  trx: Transaction<Database>,
  context: CareContext,
  versionId: string,
): Promise<LibraryVersion> {
  const row = await approveLibraryVersion(trx, context, {
    id: versionId,
    approvedBy: context.actorId,
    approvedAt: context.at,
  });
  if (row) return libraryVersionFromRow(row);
  const existing = await findLibraryVersion(trx, versionId);
  if (!existing) throw new RecordNotFoundError('protocol library version', versionId);
  throw new RecordConflictError(
    `library version ${existing.version} is ${existing.status}; only a draft is approved`,
  );
}

function applyEdits(base: ProtocolLibrary, edits: LibraryEdits): ProtocolLibrary {
  const entries: Partial<Record<TechniqueCode, LibraryEntry>> = { ...base.entries };
  for (const [technique, edit] of Object.entries(edits.entries ?? {}) as [TechniqueCode, EntryEdit][]) {
    const previous: LibraryEntry = entries[technique] ?? { technique, sources: [], confidence: [] };
    const merged: LibraryEntry = { ...previous, ...edit, technique };
    const rangesChanged = edit.concentrationUgPerMl !== undefined || edit.gasVolumeMl !== undefined;
    if (rangesChanged && edit.totalUg === undefined) {
      const { totalUg: _stale, ...rest } = merged;
      entries[technique] = rest;
    } else {
      entries[technique] = merged;
    }
  }
  const settings = edits.settings;
  return {
    ...base,
    enabledTechniques: edits.enabledTechniques ?? base.enabledTechniques,
    entries,
    settings: {
      ...base.settings,
      ...settings,
      freshnessDays: { ...base.settings.freshnessDays, ...settings?.freshnessDays },
    },
  };
}

const isLimit = (value: unknown): boolean =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

function checkRange(path: string, range: Range | undefined): void {
  if (range === undefined) return;
  const { softMin, softMax, hardMax } = range;
  if (![softMin, softMax, hardMax].every(isLimit) || !(softMin <= softMax && softMax <= hardMax)) {
    throw new InvalidRecordError(path, `${path} needs 0 ≤ softMin ≤ softMax ≤ hardMax`);
  }
}

/** Refuses a library whose limits cannot be read consistently, or that lists a prohibited technique as enabled. */
function validateDocument(library: ProtocolLibrary): void {
  const prohibited = library.enabledTechniques.filter((technique) => isProhibited(technique));
  if (prohibited.length > 0) {
    throw new InvalidRecordError(
      '$.enabledTechniques',
      `prohibited techniques can never be enabled: ${prohibited.join(', ')} (SPEC-CLINICAL §1)`,
    );
  }
  for (const [technique, entry] of Object.entries(library.entries) as [TechniqueCode, LibraryEntry][]) {
    const at = `$.entries.${technique}`;
    checkRange(`${at}.concentrationUgPerMl`, entry.concentrationUgPerMl);
    checkRange(`${at}.gasVolumeMl`, entry.gasVolumeMl);
    checkRange(`${at}.bloodVolumeMl`, entry.bloodVolumeMl);
    checkRange(`${at}.durationMin`, entry.durationMin);
    const total = entry.totalUg;
    if (total && (!isLimit(total.softMax) || !isLimit(total.hardMax) || total.softMax > total.hardMax)) {
      throw new InvalidRecordError(`${at}.totalUg`, `${at}.totalUg needs 0 ≤ softMax ≤ hardMax`);
    }
    for (const key of ['courseMaxSessions', 'minIntervalHours', 'maxStepUgPerMl'] as const) {
      if (entry[key] !== undefined && !isLimit(entry[key])) {
        throw new InvalidRecordError(`${at}.${key}`, `${at}.${key} must be a number ≥ 0`);
      }
    }
  }
}
