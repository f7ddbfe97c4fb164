// Row type of protocol_library_version. The library document is the ProtocolLibrary without its governance fields
// (version, status, approver), which live in columns: the columns are the truth, and the one mapping puts them back.

import type { ColumnType } from 'kysely';
import type { ProtocolLibrary } from '../clinical/library.ts';
import type { Fixed, FixedNullable, SetOnce } from './column-types.ts';

export type LibraryStatus = ProtocolLibrary['status'];

export type LibraryDocument = Omit<ProtocolLibrary, 'version' | 'status' | 'approvedBy' | 'approvedAt'>;

export interface ProtocolLibraryVersionTable {
  id: Fixed<string>;
  version: Fixed<string>;
  /** Only a draft changes, and only to `approved` (database trigger). */
  status: ColumnType<LibraryStatus, LibraryStatus, 'approved'>;
  library: ColumnType<LibraryDocument, string, string>;
  /** Why this version differs from its base (e.g. the rationale for enabling a technique). */
  change_note: ColumnType<string | null, string | null | undefined, string | null>;
  based_on: FixedNullable<string>;
  created_by: Fixed<string>;
  created_at: Fixed<Date>;
  approved_by: SetOnce<string>;
  approved_at: SetOnce<Date>;
}
