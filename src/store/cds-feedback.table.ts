// Row type of cds_feedback: one clinician's answer to one o3care card in another system (CDS Hooks 2.0 feedback),
// with the registered client that reported it. Never updated.

import type { Fixed, FixedJson, FixedNullable } from './column-types.ts';

export type CdsFeedbackOutcome = 'accepted' | 'overridden';

export interface CdsFeedbackTable {
  id: Fixed<string>;
  service_id: Fixed<string>;
  /** The `iss` of the client's verified JWT. */
  client_iss: Fixed<string>;
  card_uuid: Fixed<string>;
  outcome: Fixed<CdsFeedbackOutcome>;
  /** The accepted suggestions' uuids. */
  accepted_suggestions: FixedJson<string[]>;
  /** The override reason's coding; o3care's own system for the six reasons of SPEC-INTEROP §1. */
  reason_system: FixedNullable<string>;
  reason_code: FixedNullable<string>;
  user_comment: FixedNullable<string>;
  /** The card's rule and techniques when this server issued the card (see server/cds/issued-cards.ts). */
  rule_id: FixedNullable<string>;
  techniques: FixedJson<string[]>;
  outcome_at: Fixed<Date>;
  received_at: Fixed<Date>;
}
