// The database as Kysely sees it: one interface per table, defined beside its repository.

import type {
  AppUserTable,
  AuthSessionTable,
  BootstrapCodeTable,
  LoginThrottleTable,
} from './accounts.table.ts';
import type { ApiClientTable } from './api-client.table.ts';
import type { AuditEventTable, AuditHeadTable } from './audit.table.ts';
import type { CdsFeedbackTable } from './cds-feedback.table.ts';
import type { ClinicalFactTable } from './clinical-fact.table.ts';
import type { ConsentTable, ConsentTemplateTable } from './consent.table.ts';
import type { DecisionTable } from './decision.table.ts';
import type { PatientImportTable } from './import.table.ts';
import type { IntakeTable } from './intake.table.ts';
import type { DetectedIssueTable, OzoneOrderTable } from './order.table.ts';
import type { OutcomeMeasureTable } from './outcome.table.ts';
import type { AdverseEventTable, OzoneSessionTable, SessionAmendmentTable } from './ozone-session.table.ts';
import type { PatientTable } from './patient.table.ts';
import type { PlanTable } from './plan.table.ts';
import type { ProtocolLibraryVersionTable } from './protocol-library.table.ts';
import type { ScreeningResultTable } from './screening.table.ts';

export interface Database {
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  app_user: AppUserTable;
  auth_session: AuthSessionTable;
  login_throttle: LoginThrottleTable;
  bootstrap_code: BootstrapCodeTable;
  protocol_library_version: ProtocolLibraryVersionTable;
  patient: PatientTable;
  intake: IntakeTable;
  clinical_fact: ClinicalFactTable;
  screening_result: ScreeningResultTable;
  decision: DecisionTable;
  plan: PlanTable;
  ozone_order: OzoneOrderTable;
  detected_issue: DetectedIssueTable;
  consent_template: ConsentTemplateTable;
  consent: ConsentTable;
  ozone_session: OzoneSessionTable;
  session_amendment: SessionAmendmentTable;
  adverse_event: AdverseEventTable;
  outcome_measure: OutcomeMeasureTable;
  patient_import: PatientImportTable;
  cds_feedback: CdsFeedbackTable;
  api_client: ApiClientTable;
}
