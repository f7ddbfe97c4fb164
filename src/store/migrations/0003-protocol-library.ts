// Protocol library versions (SPEC-CLINICAL §1, §7), and the two guard functions every clinical-record table uses:
// `o3care_refuse_change` (append-only rows) and `o3care_guard_update` (rows whose listed columns may be filled in
// once, e.g. a countersignature or a review; everything else is frozen at insert).

import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function o3care_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  // Trigger arguments name the columns that may change, each only from NULL to a value (set once).
  await sql`
    create function o3care_guard_update() returns trigger language plpgsql as $$
    declare
      mutable text[] := tg_argv;
      before_row jsonb := to_jsonb(old);
      after_row jsonb;
      col text;
    begin
      if tg_op = 'DELETE' then
        raise exception '% rows are never deleted', tg_table_name using errcode = 'insufficient_privilege';
      end if;
      after_row := to_jsonb(new);
      if (after_row - mutable) is distinct from (before_row - mutable) then
        raise exception '% rows are immutable apart from %', tg_table_name, array_to_string(mutable, ', ')
          using errcode = 'insufficient_privilege';
      end if;
      foreach col in array mutable loop
        if before_row -> col <> 'null'::jsonb and after_row -> col is distinct from before_row -> col then
          raise exception '%.% is set once and cannot change', tg_table_name, col
            using errcode = 'insufficient_privilege';
        end if;
      end loop;
      return new;
    end $$`.execute(db);

  await sql`
    create table protocol_library_version (
      id uuid primary key,
      version text not null unique check (length(version) between 1 and 64),
      status text not null check (status in ('template', 'draft', 'approved')),
      library jsonb not null check (jsonb_typeof(library) = 'object'),
      change_note text,
      based_on uuid references protocol_library_version (id),
      created_by text not null,
      created_at timestamptz not null,
      approved_by text,
      approved_at timestamptz,
      check ((status = 'approved') = (approved_by is not null and approved_at is not null))
    )`.execute(db);
  await sql`
    create index protocol_library_version_approved on protocol_library_version (approved_at desc)
    where status = 'approved'`.execute(db);
  // Hard limits change only through a new approved version: only a draft may change (to be approved); the
  // template and approved versions are frozen, and no version is ever deleted (orders point at them).
  await sql`
    create function protocol_library_version_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'protocol library versions are never deleted' using errcode = 'insufficient_privilege';
      end if;
      if old.status <> 'draft' then
        raise exception 'protocol library version % is %: it cannot change (create a new version)', old.version,
          old.status using errcode = 'insufficient_privilege';
      end if;
      if new.status not in ('draft', 'approved') or new.version <> old.version
         or new.based_on is distinct from old.based_on or new.created_by <> old.created_by
         or new.created_at <> old.created_at then
        raise exception 'a draft keeps its identity; only its content and approval change'
          using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger protocol_library_version_immutable before update or delete on protocol_library_version
    for each row execute function protocol_library_version_guard()`.execute(db);
  await sql`
    create trigger protocol_library_version_no_truncate before truncate on protocol_library_version
    for each statement execute function o3care_refuse_change()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the clinical record is never rolled back');
}
