// The cards this process handed out lately, by uuid: CDS Hooks feedback names only the card, and the override report
// counts by rule and technique. In memory and bounded (the oldest are forgotten first); feedback about a card this
// process does not remember is still stored, without rule and technique (docs/decisions/0010-cds-hooks.md).

import type { CdsServiceId } from '../../fhir/cds/services.ts';

export interface IssuedCard {
  readonly serviceId: CdsServiceId;
  readonly ruleId: string;
  readonly techniques: readonly string[];
}

export class IssuedCards {
  readonly #cards = new Map<string, IssuedCard>();
  readonly #max: number;

  constructor(max = 200_000) {
    this.#max = max;
  }

  remember(uuid: string, card: IssuedCard): void {
    this.#cards.set(uuid, card);
    if (this.#cards.size <= this.#max) return;
    const oldest = this.#cards.keys().next();
    if (oldest.done !== true) this.#cards.delete(oldest.value);
  }

  find(uuid: string): IssuedCard | undefined {
    return this.#cards.get(uuid);
  }
}
