// `o3care import FILE.json`: imports into the clinic's database like the API does, prints the report (or JSON), and
// refuses bad input with exit 2 and one clear line. Run in-process through the dispatcher, on an embedded database in
// a folder.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { ImportReport } from '../server/services/patient-import.ts';
import type { TestUser } from '../server/testing/auth.ts';
import { createUser } from '../server/testing/auth.ts';
import { verifyAuditChain } from '../store/audit.repository.ts';
import { openStore } from '../store/database.ts';
import { runInProcess } from './testing/run-in-process.ts';

const folder = mkdtempSync(join(tmpdir(), 'o3care-import-'));
const dataDir = join(folder, 'data');
const EXAMPLES = join(import.meta.dirname, '../../../shared/fhir-examples');
const AT = new Date('2026-11-27T09:00:00Z');

const o3care = (args: string[]) => runInProcess(args, { env: { DATABASE_URL: '', NO_COLOR: '1' }, now: AT });

async function importCount(): Promise<number> {
  const store = await openStore({ dataDir });
  try {
    const { n } = await store.db
      .selectFrom('patient_import')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  } finally {
    await store.close();
  }
}

describe('o3care import', () => {
  let coordinator: TestUser;
  let nurse: TestUser;
  before(async () => {
    const store = await openStore({ dataDir });
    coordinator = await createUser(store, { role: 'coordinator' });
    nurse = await createUser(store, { role: 'nurse' });
    await store.close();
  });

  test('imports an IPS document and prints who, from where, what was imported and skipped, and the screening', async () => {
    const run = await o3care([
      'import',
      join(EXAMPLES, 'ihe-fiio-ips-all-sections-pregnancy.json'),
      '--data-dir',
      dataDir,
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Patient {3}Jordana, Patricia · born 1996-05-01 · registered/);
    assert.match(
      run.stdout,
      /Source {4}document from World Health Organization \(Organization\) · dated 2026-02-05/,
    );
    assert.match(run.stdout, /Imported {2}4 resource\(s\), 4 fact\(s\)/);
    assert.match(run.stdout, /Observation\/525840ed-762d-44c5-a0bf-bac7a275ad80\s+pregnancy/);
    assert.match(
      run.stdout,
      /Immunization\/7925d1b8-f0b2-49d8-b4a0-68f1b9ae238a\s+not-read: o3care does not read/,
    );
    assert.match(run.stdout, /hard-stop {2}record\.patient-deceased/);
  });

  test('--json prints the API’s report; --by records the import in that account’s name', async () => {
    const file = join(EXAMPLES, 'uv-ips-minimal.json');
    const run = await o3care(['import', file, '--json', '--by', coordinator.username, '--data-dir', dataDir]);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ImportReport;
    assert.equal(report.patient.outcome, 'created');
    const later = await o3care([
      'import',
      join(EXAMPLES, 'uv-ips-bundle-01.json'),
      '--json',
      '--data-dir',
      dataDir,
    ]);
    assert.equal(later.status, 0, later.stderr);
    const matched = JSON.parse(later.stdout) as ImportReport;
    assert.deepEqual([matched.patient.id, matched.patient.matchedBy], [report.patient.id, 'identifier']);
    const store = await openStore({ dataDir });
    try {
      const rows = await store.db
        .selectFrom('patient_import')
        .select(['id', 'imported_by'])
        .where('patient_id', '=', report.patient.id)
        .orderBy('imported_at')
        .orderBy('imported_by')
        .execute();
      assert.deepEqual(rows.map((row) => row.imported_by).sort(), [coordinator.user.id, 'o3care-cli'].sort());
      assert.equal((await verifyAuditChain(store.db)).ok, true);
    } finally {
      await store.close();
    }
  });

  test('bad input exits 2 with one line naming the file and the JSON path; nothing is imported', async () => {
    const notBundle = join(folder, 'patient.json');
    writeFileSync(notBundle, JSON.stringify({ resourceType: 'Patient', id: 'p1' }));
    const badDate = join(folder, 'bad-date.json');
    writeFileSync(
      badDate,
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Patient', name: [{ family: 'X' }], birthDate: '1980-02-30' } }],
      }),
    );
    const notJson = join(folder, 'not.json');
    writeFileSync(notJson, '{ nope');
    const cases: [string[], RegExp][] = [
      [
        ['import', notBundle],
        /^o3care import: .*patient\.json: expected a FHIR R4 Bundle .*\$\.resourceType/,
      ],
      [
        ['import', badDate],
        /^o3care import: .*bad-date\.json: \$\.entry\[0\]\.resource\.birthDate must be a FHIR date/,
      ],
      [['import', notJson], /^o3care import: .*not\.json is not valid JSON/],
      [['import'], /^o3care import: FILE\.json is required/],
      [['import', join(EXAMPLES, 'uv-ips-minimal.json'), '--by', nurse.username], /may import patients/],
    ];
    const before = await importCount();
    for (const [args, message] of cases) {
      const run = await o3care([...args, '--data-dir', dataDir]);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1);
    }
    assert.equal(await importCount(), before);
  });

  test('--help explains the command and its exit status', async () => {
    const run = await o3care(['import', '--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Usage: o3care import FILE\.json/);
    assert.match(run.stdout, /Exit status: 0 when imported, 2 on bad input/);
  });
});
