// Row type of patient: demographics, identifiers, contact, language and the medical-travel stay window.

import type { ColumnType } from 'kysely';
import type { Sex } from '../clinical/facts.ts';
import type { Editable, Fixed } from './column-types.ts';

export interface PatientIdentifier {
  readonly system: string;
  readonly value: string;
}

export interface PatientTable {
  id: Fixed<string>;
  given_name: Editable<string>;
  family_name: Editable<string>;
  /** FHIR date: YYYY, YYYY-MM or YYYY-MM-DD. */
  birth_date: Editable<string>;
  sex: ColumnType<Sex, Sex | undefined, Sex>;
  identifiers: ColumnType<PatientIdentifier[], string | undefined, string>;
  email: Editable<string>;
  phone: Editable<string>;
  /** BCP 47 tag, e.g. `es` or `en-GB`. */
  preferred_language: Editable<string>;
  /** Medical travellers: arrival and departure dates (YYYY-MM-DD). */
  stay_arrival: Editable<string>;
  stay_departure: Editable<string>;
  created_by: Fixed<string>;
  created_at: Fixed<Date>;
  updated_at: ColumnType<Date, Date, Date>;
}
