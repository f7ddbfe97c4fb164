import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { TEMPLATE_LIBRARY } from '../../clinical/library.ts';
import type { CdsAnswer } from './answer.ts';
import type { CdsJob } from './evaluator.ts';
import { inProcessEvaluator, workerEvaluator } from './evaluator.ts';
import { orderRequest, screenRequest } from './testing/cds-harness.ts';
import { prefetchFromRecord } from './testing/prefetch-from-record.ts';

const EXAMPLES = join(import.meta.dirname, '../../../examples');
const readExample = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as Record<string, unknown>;

const AS_OF = new Date('2026-11-27T09:00:00Z');
// The template, marked approved under a version id: what a clinic's approved library looks like to the evaluator.
const APPROVED = { ...TEMPLATE_LIBRARY, version: 'clinic-1', status: 'approved' as const };

/** The answer with every uuid replaced by its order of appearance, so two evaluations compare equal. */
function comparable(answer: CdsAnswer): unknown {
  if (answer.kind !== 'cards') return answer;
  const seen = new Map<string, string>();
  const json = answer.json.replace(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    (uuid) => {
      if (!seen.has(uuid)) seen.set(uuid, `uuid-${seen.size}`);
      return seen.get(uuid)!;
    },
  );
  return { ...answer, json, issued: answer.issued.map(([uuid, card]) => [seen.get(uuid), card]) };
}

describe('the CDS evaluator: a worker thread answers exactly as the server thread does', () => {
  const pool = workerEvaluator(2);
  const local = inProcessEvaluator();
  after(async () => {
    await pool.close();
    await local.close();
  });

  const split = prefetchFromRecord(readExample('knee-oa-patient.record.json'));
  const order = readExample('knee-oa-order-above-usual-range.order.json');
  const bodies: Record<string, { service: CdsJob['service']; text: string }> = {
    'an order above the usual range': {
      service: 'ozone-order-check',
      text: JSON.stringify(orderRequest(split.patientId, [order], split.prefetch)),
    },
    'a screening': {
      service: 'ozone-screen',
      text: JSON.stringify(screenRequest(split.patientId, split.prefetch)),
    },
    'a prefetch without its keys': {
      service: 'ozone-screen',
      text: JSON.stringify(screenRequest(split.patientId)),
    },
    'a malformed call': { service: 'ozone-screen', text: '{"hook":"patient-view"}' },
    'a body that is not JSON': { service: 'ozone-screen', text: '{"hook": ' },
    'a prototype key': { service: 'ozone-screen', text: '{"__proto__":{"x":1}}' },
  };

  for (const [what, body] of Object.entries(bodies)) {
    test(what, async () => {
      for (const [libraryId, library] of [
        [undefined, TEMPLATE_LIBRARY],
        ['version-1', APPROVED],
      ] as const) {
        const job: CdsJob = { ...body, libraryId, library, asOf: AS_OF };
        const [inWorker, inThread] = await Promise.all([pool.answer(job), local.answer(job)]);
        assert.deepEqual(
          comparable(inWorker),
          comparable(inThread),
          `${what}, library ${libraryId ?? 'template'}`,
        );
      }
    });
  }

  test('the answers are what the service sends: cards, a 412 request for the record, 400s', async () => {
    const kinds = await Promise.all(
      Object.values(bodies).map(async (body) => {
        const answer = await pool.answer({ ...body, libraryId: 'version-1', library: APPROVED, asOf: AS_OF });
        return answer.kind === 'refused' ? answer.status : answer.kind;
      }),
    );
    assert.deepEqual(kinds, ['cards', 'cards', 'own-record', 400, 400, 400]);
  });

  test('a closed pool refuses further calls', async () => {
    const closed = workerEvaluator(1);
    await closed.close();
    await assert.rejects(
      closed.answer({
        ...bodies['a screening']!,
        libraryId: undefined,
        library: TEMPLATE_LIBRARY,
        asOf: AS_OF,
      }),
      /closed/,
    );
  });

  test('a call in hand keeps the process alive until it is answered; an idle pool left open does not', () => {
    // A script with nothing else to wait for: without the ref while a call is in hand it would exit before the
    // answer; with the workers always ref'd, never (it does not close the pool).
    const script = `
      import { workerEvaluator } from ${JSON.stringify(join(import.meta.dirname, 'evaluator.ts'))};
      import { TEMPLATE_LIBRARY } from ${JSON.stringify(join(import.meta.dirname, '../../clinical/library.ts'))};
      const pool = workerEvaluator(1);
      pool.answer({ service: 'ozone-screen', text: '{"hook": ', libraryId: undefined, library: TEMPLATE_LIBRARY, asOf: new Date() })
        .then((answer) => console.log(answer.kind, answer.status));
    `;
    const dir = mkdtempSync(join(tmpdir(), 'o3care-evaluator-'));
    const file = join(dir, 'left-open.mjs');
    writeFileSync(file, script);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
    assert.equal(run.error, undefined, 'the process exited on its own');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'refused 400');
  });
});
