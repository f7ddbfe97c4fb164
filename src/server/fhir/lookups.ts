// Which patient a FHIR id belongs to, and one audit row by id. Like store/record-owner.repository.ts these read ids
// only (no patient data), so they are not audited; the record load that follows audits the real read. A FHIR id is
// the row's UUID, or a derived id (`outcome-<uuid>` for an outcome's QuestionnaireResponse, `<order uuid>-finding-<n>`
// for an order's alert).

import type { Kysely } from 'kysely';
import type { AuditEventTable } from '../../store/audit.table.ts';
import type { Database } from '../../store/schema.ts';
import type { Selectable } from 'kysely';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_PART = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const OUTCOME_RESPONSE = new RegExp(`^outcome-(${UUID_PART})$`, 'i');
const ORDER_ALERT = new RegExp(`^(${UUID_PART})-finding-\\d{1,4}$`, 'i');

type OwnedTable =
  | 'patient'
  | 'clinical_fact'
  | 'outcome_measure'
  | 'ozone_order'
  | 'ozone_session'
  | 'plan'
  | 'consent'
  | 'adverse_event'
  | 'detected_issue'
  | 'intake';

/** The tables each served type is read from, in the order to look. */
const TABLES: Readonly<Record<string, readonly OwnedTable[]>> = {
  Patient: ['patient'],
  Condition: ['clinical_fact'],
  Observation: ['clinical_fact', 'outcome_measure'],
  MedicationStatement: ['clinical_fact'],
  AllergyIntolerance: ['clinical_fact'],
  MedicationRequest: ['ozone_order'],
  Procedure: ['ozone_session'],
  CarePlan: ['plan'],
  Consent: ['consent'],
  AdverseEvent: ['adverse_event'],
  DetectedIssue: ['detected_issue'],
  QuestionnaireResponse: ['intake'],
};

async function ownerIn(db: Kysely<Database>, table: OwnedTable, id: string): Promise<string | undefined> {
  if (table === 'patient') {
    const row = await db.selectFrom('patient').select('id').where('id', '=', id).executeTakeFirst();
    return row?.id;
  }
  const row = await db.selectFrom(table).select('patient_id').where('id', '=', id).executeTakeFirst();
  return row?.patient_id;
}

/** The patient whose compartment holds `type/id`; undefined when no such record exists. */
export async function findCompartmentOwner(
  db: Kysely<Database>,
  type: string,
  id: string,
): Promise<string | undefined> {
  const outcome = OUTCOME_RESPONSE.exec(id);
  if (type === 'QuestionnaireResponse' && outcome?.[1] !== undefined) {
    return ownerIn(db, 'outcome_measure', outcome[1]);
  }
  const alert = ORDER_ALERT.exec(id);
  if (type === 'DetectedIssue' && alert?.[1] !== undefined) return ownerIn(db, 'ozone_order', alert[1]);
  if (!UUID.test(id)) return undefined;
  for (const table of TABLES[type] ?? []) {
    const owner = await ownerIn(db, table, id);
    if (owner !== undefined) return owner;
  }
  return undefined;
}

export type AuditRow = Selectable<AuditEventTable>;

export async function findAuditRow(db: Kysely<Database>, id: string): Promise<AuditRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return db.selectFrom('audit_event').selectAll().where('id', '=', id).executeTakeFirst();
}
