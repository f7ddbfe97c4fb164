// Runs a CDS service on a patient's record: the engine's own front door (screenPatient, or checkOrder for each
// draft ozone order), the same calls `o3care check` makes, then the findings as cards. Pure: the record, the library
// and the time come in.

import type { CareHistory } from '../../clinical/care.ts';
import type { Evaluation, EvaluationContext } from '../../clinical/engine.ts';
import { checkOrder, screenPatient } from '../../clinical/engine.ts';
import type { PatientFacts } from '../../clinical/facts.ts';
import type { CdsCard } from './cards.ts';
import { cardsFor } from './cards.ts';
import type { DraftOzoneOrder } from './draft-orders.ts';

export interface PatientRecord {
  readonly facts: PatientFacts;
  readonly history: CareHistory;
}

export type CdsTarget =
  | { readonly service: 'ozone-screen' }
  | { readonly service: 'ozone-order-check'; readonly orders: readonly DraftOzoneOrder[] };

export interface CdsResult {
  readonly cards: readonly CdsCard[];
  /** One per screening, or one per draft ozone order, in request order. */
  readonly evaluations: readonly { readonly order?: DraftOzoneOrder; readonly evaluation: Evaluation }[];
}

export function evaluateCds(
  target: CdsTarget,
  record: PatientRecord,
  context: EvaluationContext,
  newUuid: () => string,
): CdsResult {
  const { facts, history } = record;
  if (target.service === 'ozone-screen') {
    const evaluation = screenPatient(facts, history, context);
    return {
      cards: cardsFor(evaluation.findings, { libraryVersion: evaluation.library, newUuid }),
      evaluations: [{ evaluation }],
    };
  }
  const evaluations = target.orders.map((order) => ({
    order,
    evaluation: checkOrder(order.order, facts, history, context),
  }));
  return {
    cards: evaluations.flatMap(({ order, evaluation }) =>
      cardsFor(evaluation.findings, { libraryVersion: evaluation.library, newUuid, draftOrder: order }),
    ),
    evaluations,
  };
}
