// Backup and restore across engines: a clinical record written on one engine comes back row for row on the other,
// a restore never lands on a database that holds a record (unless forced), and a damaged file changes nothing.

import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { verifyAuditChain } from './audit.repository.ts';
import { BackupFormatError, inspectBackup } from './backup-format.ts';
import { jsonb } from './column-types.ts';
import type { Store } from './database.ts';
import { insertAmendment, markSessionSigned, updateDraftSession } from './ozone-session.repository.ts';
import { insertLibraryVersion } from './protocol-library.repository.ts';
import { RestoreRefusedError, RestoreVerificationError, restoreBackup } from './restore.ts';
import type { Database } from './schema.ts';
import {
  addConsent,
  addLibraryVersion,
  addOrder,
  addPatient,
  addPlan,
  addSession,
  AT,
  CLINICIAN,
  inTransaction,
  TINY_LIBRARY,
} from './testing/records.ts';
import { auditActionOf, backupText, linesOf, tablesOf } from './testing/backups.ts';
import type { TestDatabase } from './testing/stores.ts';
import { testDatabases } from './testing/stores.ts';
import { insertUser } from './users.repository.ts';

/** A small clinic: a user, a library template and a draft based on it, a patient with plan, order, consent, a
 * signed session and an amendment whose old value is the JSON document `null`. */
async function writeClinic(db: Kysely<Database>): Promise<void> {
  await insertUser(db, {
    id: randomUUID(),
    username: `dr-${randomUUID().slice(0, 8)}`,
    display_name: 'Dr. Ärztin "Quote" \n newline',
    role: 'physician',
    patient_id: null,
    password_hash: 'hash',
    totp_secret: 'JBSWY3DPEHPK3PXP',
    totp_enabled: true,
    totp_last_step: 12345678901,
    disabled: false,
    created_at: new Date('2026-01-02T03:04:05.678Z'),
    updated_at: AT,
  });
  await inTransaction(db, async (trx) => {
    const template = await addLibraryVersion(trx, 'template');
    const draft = await insertLibraryVersion(trx, CLINICIAN, {
      id: randomUUID(),
      version: `draft-${randomUUID().slice(0, 8)}`,
      status: 'draft',
      library: jsonb(TINY_LIBRARY),
      based_on: template.id,
      created_by: CLINICIAN.actorId,
      created_at: AT,
    });
    const patient = await addPatient(trx);
    const plan = await addPlan(trx, patient.id, draft.id);
    const order = await addOrder(trx, plan);
    await addConsent(trx, patient.id);
    const session = await addSession(trx, order);
    await updateDraftSession(trx, CLINICIAN, session.id, { started_at: AT, updated_at: AT });
    await markSessionSigned(trx, CLINICIAN, {
      id: session.id,
      by: CLINICIAN.actorId,
      at: AT,
      rescreening: jsonb({ asOf: AT.toISOString(), evaluation: { findings: [] } }),
      libraryVersionId: draft.id,
    });
    await insertAmendment(trx, CLINICIAN, {
      id: randomUUID(),
      session_id: session.id,
      patient_id: patient.id,
      field: 'notes',
      old_value: jsonb(null),
      new_value: jsonb('patient felt warm afterwards'),
      reason: 'late entry',
      amended_by: CLINICIAN.actorId,
      amended_at: AT,
    });
  });
}

/** One clinic per engine, written once and backed up once, shared by the tests below. */
const sources = new Map<string, Promise<{ store: Store; backup: string }>>();
function sourceOn(database: TestDatabase): Promise<{ store: Store; backup: string }> {
  let source = sources.get(database.name);
  if (!source) {
    source = (async () => {
      const store = await database.open();
      await writeClinic(store.db);
      return { store, backup: await backupText(store) };
    })();
    sources.set(database.name, source);
  }
  return source;
}
after(async () => {
  for (const source of sources.values()) await (await source).store.close();
});

/** The backup with one audit row's action changed and the checksum made to match again. */
function forgeAuditRow(backup: string, seq: number, action: string): string {
  const lines = backup.split('\n').filter((line) => line !== '');
  const trailer = JSON.parse(lines.pop()!) as { end: unknown; sha256: string };
  const auditStart = lines.findIndex((line) => line.startsWith('{"table":"audit_event"'));
  const row = JSON.parse(lines[auditStart + seq]!) as string[];
  assert.equal(row[0], String(seq));
  row[5] = action;
  lines[auditStart + seq] = JSON.stringify(row);
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return [...lines, JSON.stringify({ end: trailer.end, sha256: hash.digest('hex') }), ''].join('\n');
}

for (const from of testDatabases()) {
  for (const to of testDatabases()) {
    describe(`backup on ${from.name}, restore on ${to.name}`, () => {
      let backup: string;
      let target: Store;

      before(async () => {
        backup = (await sourceOn(from)).backup;
        target = await to.open();
      });
      after(() => target.close());

      test('every table comes back row for row, and the restore is itself audited', async () => {
        const summary = await restoreBackup(target.db, linesOf(backup));
        assert.equal(summary.header.engine, from.name);
        assert.deepEqual(summary.migratedAfter, []);
        const chain = await verifyAuditChain(target.db);
        assert.ok(chain.ok, JSON.stringify(chain));

        const original = tablesOf(backup);
        const copy = tablesOf(await backupText(target));
        assert.deepEqual([...copy.keys()], [...original.keys()]);
        for (const [table, rows] of original) {
          if (table === 'audit_event' || table === 'audit_head') continue;
          assert.deepEqual(copy.get(table), rows, `table ${table}`);
        }
        // The copy's trail is the original's, then the restore and the second backup.
        const audit = copy.get('audit_event')!;
        const originalAudit = original.get('audit_event')!;
        assert.deepEqual(audit.slice(0, originalAudit.length), originalAudit);
        assert.deepEqual(audit.slice(originalAudit.length).map(auditActionOf), [
          'database.restore',
          'database.backup',
        ]);
      });

      test('a JSON null document and an SQL NULL stay different', async () => {
        const { rows } = await sql<{ document: boolean; missing: boolean }>`
          select old_value = 'null'::jsonb as document, new_value is null as missing
          from session_amendment`.execute(target.db);
        assert.deepEqual(rows, [{ document: true, missing: false }]);
      });

      test('a database holding a record is refused without --force and left as it was', async () => {
        const snapshot = await backupText(target);
        await assert.rejects(restoreBackup(target.db, linesOf(backup)), RestoreRefusedError);
        const chain = await verifyAuditChain(target.db);
        assert.ok(chain.ok);
        assert.equal(chain.rows, tablesOf(snapshot).get('audit_event')!.length);
      });

      test('with --force the record is replaced by the backup', async () => {
        await restoreBackup(target.db, linesOf(backup), { force: true });
        const chain = await verifyAuditChain(target.db);
        assert.ok(chain.ok);
        assert.equal(chain.rows, tablesOf(backup).get('audit_event')!.length + 1);
      });
    });
  }
}

for (const database of testDatabases()) {
  describe(`damaged backups on ${database.name}: refused, and the database holding a record stays as it was`, () => {
    let backup: string;
    let target: Store;
    let targetChain: Awaited<ReturnType<typeof verifyAuditChain>>;

    before(async () => {
      const source = await sourceOn(database);
      backup = source.backup;
      target = source.store;
      targetChain = await verifyAuditChain(target.db);
    });

    test('a backup that verifies reports its tables and rows', async () => {
      const inspection = await inspectBackup(linesOf(backup));
      assert.ok(inspection.trailer.rows.audit_event! > 5);
      assert.ok(inspection.totalRows > inspection.trailer.rows.audit_event!);
    });

    test('one changed character is caught by the checksum, even with --force', async () => {
      const damaged = backup.replace('late entry', 'late entrx');
      await assert.rejects(inspectBackup(linesOf(damaged)), /checksum/);
      await assert.rejects(restoreBackup(target.db, linesOf(damaged), { force: true }), BackupFormatError);
      assert.deepEqual(await verifyAuditChain(target.db), targetChain);
    });

    test('a truncated file is refused', async () => {
      const truncated = backup.slice(0, backup.lastIndexOf('{"end"'));
      await assert.rejects(restoreBackup(target.db, linesOf(truncated), { force: true }), /truncated/);
      assert.deepEqual(await verifyAuditChain(target.db), targetChain);
    });

    test('an audit row forged in the file (checksum recomputed) fails the chain check', async () => {
      const forged = forgeAuditRow(backup, 2, 'patient.create.forged');
      await assert.doesNotReject(inspectBackup(linesOf(forged)));
      await assert.rejects(
        restoreBackup(target.db, linesOf(forged), { force: true }),
        (error: unknown) => error instanceof RestoreVerificationError && error.brokenAt === 2,
      );
      assert.deepEqual(await verifyAuditChain(target.db), targetChain);
    });

    test('a backup from a newer o3care (an unknown migration) is refused before anything is touched', async () => {
      const [header = '', ...rest] = backup.split('\n');
      const newer = JSON.parse(header) as { migrations: string[] };
      newer.migrations.push('9999-from-the-future');
      await assert.rejects(
        restoreBackup(target.db, linesOf([JSON.stringify(newer), ...rest].join('\n')), { force: true }),
        /9999-from-the-future/,
      );
      assert.deepEqual(await verifyAuditChain(target.db), targetChain);
    });
  });
}
