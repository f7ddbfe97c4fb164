// The example files, run through the real `o3care` command as a child process: each row of EXAMPLES (mirrored in
// examples/README.md) must show its rule ids with their severities, the JSON must match the output contract, and
// together the rows must show every rule the engine has.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Severity } from '../src/clinical/findings.ts';
import type { RuleId } from '../src/clinical/rule-catalog.ts';
import { RULE_IDS } from '../src/clinical/rule-catalog.ts';
import { checkOutputSchema } from '../src/cli/check-output.ts';

const ROOT = join(import.meta.dirname, '..');
const AS_OF = '2026-11-27T09:00:00Z';

interface Example {
  readonly shows: string;
  readonly record: string;
  readonly order?: string;
  /** `--library template`: evaluate the shipped template as if approved. */
  readonly template?: boolean;
  readonly findings: readonly (readonly [RuleId, Severity])[];
  readonly signable?: boolean;
}

export const EXAMPLES: readonly Example[] = [
  {
    shows: 'G6PD deficiency stops systemic ozone and only warns for local routes',
    record: 'g6pd-deficient-woman.record.json',
    findings: [
      ['contraindication.g6pd-deficiency', 'hard-stop'],
      ['contraindication.g6pd-deficiency', 'warning'],
      ['indication.route-mismatch', 'warning'],
    ],
  },
  {
    shows: 'a pregnancy status of pregnant stops systemic ozone and injections',
    record: 'pregnant-patient.record.json',
    findings: [
      ['contraindication.pregnancy', 'hard-stop'],
      ['contraindication.pregnancy', 'warning'],
      ['indication.undefined', 'warning'],
    ],
  },
  {
    shows: 'a new patient without labs needs G6PD and pregnancy tests before systemic ozone',
    record: 'new-patient-no-labs.record.json',
    findings: [
      ['screening.g6pd-unknown', 'warning'],
      ['screening.pregnancy-unknown', 'warning'],
      ['indication.undefined', 'warning'],
    ],
  },
  {
    shows: 'suppressed TSH with a high free T4 stops systemic ozone',
    record: 'hyperthyroid-man.record.json',
    findings: [
      ['contraindication.hyperthyroidism', 'hard-stop'],
      ['contraindication.hyperthyroidism', 'warning'],
    ],
  },
  {
    shows: 'warfarin with a high INR and low platelets stops blood techniques and deep injections',
    record: 'bleeding-risk-on-warfarin.record.json',
    findings: [
      ['contraindication.anticoagulant', 'hard-stop'],
      ['contraindication.coagulopathy', 'hard-stop'],
      ['contraindication.thrombocytopenia', 'hard-stop'],
      ['contraindication.anticoagulant', 'warning'],
    ],
  },
  {
    shows:
      'a recent infarction and unstable angina stop systemic ozone; an ACE inhibitor slows MAH reinfusion',
    record: 'cardiac-patient-recent-mi.record.json',
    findings: [
      ['contraindication.recent-mi', 'hard-stop'],
      ['contraindication.cardiovascular-instability', 'hard-stop'],
      ['caution.ace-inhibitor', 'info'],
    ],
  },
  {
    shows: 'insulin, anaemia and epilepsy are cautions, not stops',
    record: 'diabetic-foot-ulcer-on-insulin.record.json',
    findings: [
      ['caution.hypoglycemia-risk', 'info'],
      ['caution.anemia', 'warning'],
      ['contraindication.seizure-disorder', 'warning'],
    ],
  },
  {
    shows: 'alcohol intoxication on the session day stops every technique',
    record: 'intoxicated-on-arrival.record.json',
    findings: [['contraindication.acute-intoxication', 'hard-stop']],
  },
  {
    shows: 'a recorded ozone intolerance stops systemic ozone and injections',
    record: 'ozone-intolerant-patient.record.json',
    findings: [
      ['contraindication.ozone-intolerance', 'hard-stop'],
      ['contraindication.ozone-intolerance', 'warning'],
    ],
  },
  {
    shows: 'an intake expecting a cure, with a high oxidative burden and fundamentals left out, is flagged',
    record: 'expects-a-cure.record.json',
    findings: [
      ['expectations.unrealistic', 'warning'],
      ['resilience.high-oxidative-burden', 'warning'],
      ['fundamentals.unaddressed', 'warning'],
      ['indication.weak-evidence', 'info'],
    ],
  },
  {
    shows: 'a record that says the patient died is never treated',
    record: 'deceased-patient.record.json',
    findings: [['record.patient-deceased', 'hard-stop']],
  },
  {
    shows: 'without an approved library no order can be signed',
    record: 'knee-oa-patient.record.json',
    order: 'knee-oa-order-within-range.order.json',
    findings: [['library.unapproved', 'hard-stop']],
    signable: false,
  },
  {
    shows: 'a knee injection within range is signable against the template treated as approved',
    record: 'knee-oa-patient.record.json',
    order: 'knee-oa-order-within-range.order.json',
    template: true,
    findings: [],
    signable: true,
  },
  {
    shows: 'a knee injection above the hard concentration limit is stopped',
    record: 'knee-oa-patient.record.json',
    order: 'knee-oa-order-too-strong.order.json',
    template: true,
    findings: [
      ['dose.concentration-above-hard-max', 'hard-stop'],
      ['dose.total-above-soft-max', 'warning'],
    ],
    signable: false,
  },
  {
    shows: 'concentration and volume each only above the usual range can still exceed the total hard limit',
    record: 'knee-oa-patient.record.json',
    order: 'knee-oa-order-above-usual-range.order.json',
    template: true,
    findings: [
      ['dose.total-above-hard-max', 'hard-stop'],
      ['dose.concentration-above-soft-max', 'warning'],
      ['dose.volume-above-soft-max', 'warning'],
    ],
    signable: false,
  },
  {
    shows: 'a knee injection below the usual range is a warning',
    record: 'knee-oa-patient.record.json',
    order: 'knee-oa-order-too-weak.order.json',
    template: true,
    findings: [
      ['dose.concentration-below-soft-min', 'warning'],
      ['dose.volume-below-soft-min', 'warning'],
    ],
    signable: true,
  },
  {
    shows: 'a large gas volume warns on the volume and the total ozone',
    record: 'knee-oa-patient.record.json',
    order: 'knee-oa-order-large-volume.order.json',
    template: true,
    findings: [
      ['dose.volume-above-soft-max', 'warning'],
      ['dose.total-above-soft-max', 'warning'],
    ],
    signable: true,
  },
  {
    shows: 'a gas volume above the hard limit is stopped',
    record: 'knee-oa-patient.record.json',
    order: 'knee-oa-order-too-much-gas.order.json',
    template: true,
    findings: [['dose.volume-above-hard-max', 'hard-stop']],
    signable: false,
  },
  {
    shows: 'inhalation is prohibited whatever the library says',
    record: 'knee-oa-patient.record.json',
    order: 'inhalation-order.order.json',
    template: true,
    findings: [['route.prohibited', 'hard-stop']],
    signable: false,
  },
  {
    shows: 'EBOO is disabled in the template library',
    record: 'knee-oa-patient.record.json',
    order: 'eboo-order.order.json',
    template: true,
    findings: [['route.disabled-by-clinic', 'hard-stop']],
    signable: false,
  },
  {
    shows: 'a session cannot be signed when the only consent is unsigned',
    record: 'knee-oa-patient.record.json',
    order: 'knee-injection-session.session.json',
    template: true,
    findings: [['consent.missing', 'hard-stop']],
    signable: false,
  },
  {
    shows: 'after six injections the outcome must be recorded before a seventh',
    record: 'knee-oa-after-six-injections.record.json',
    order: 'knee-oa-seventh-injection.order.json',
    template: true,
    findings: [
      ['course.reassessment-due', 'hard-stop'],
      ['course.sessions-exceeded', 'warning'],
    ],
    signable: false,
  },
  {
    shows: 'a pain score that missed its MCID at the review point recommends stopping',
    record: 'knee-oa-non-responder.record.json',
    order: 'knee-oa-non-responder-next-injection.order.json',
    template: true,
    findings: [
      ['course.non-responder', 'warning'],
      ['course.sessions-exceeded', 'warning'],
    ],
    signable: true,
  },
  {
    shows: 'raising the MAH concentration the day after a reaction is stopped',
    record: 'mah-patient-after-reaction.record.json',
    order: 'mah-order-escalating.order.json',
    template: true,
    findings: [
      ['dose.escalation-after-adverse-event', 'hard-stop'],
      ['dose.escalation-too-fast', 'warning'],
      ['dose.interval-too-short', 'warning'],
      ['indication.weak-evidence', 'info'],
    ],
    signable: false,
  },
  {
    shows: 'drawing more blood than the MAH limit is stopped',
    record: 'mah-patient.record.json',
    order: 'mah-order-blood-volume-too-high.order.json',
    template: true,
    findings: [['dose.blood-volume-above-limit', 'hard-stop']],
    signable: false,
  },
  {
    shows: 'a blood volume above the usual MAH range is a warning',
    record: 'mah-patient.record.json',
    order: 'mah-order-blood-volume-above-usual.order.json',
    template: true,
    findings: [['dose.blood-volume-above-soft-max', 'warning']],
    signable: true,
  },
  {
    shows: 'a blood volume below the usual MAH range is a warning',
    record: 'mah-patient.record.json',
    order: 'mah-order-small-blood-volume.order.json',
    template: true,
    findings: [['dose.blood-volume-below-soft-min', 'warning']],
    signable: true,
  },
  {
    shows: 'an MAH order without volumes, for a patient without weight or labs, is stopped',
    record: 'new-patient-no-labs.record.json',
    order: 'mah-order-concentration-only.order.json',
    template: true,
    findings: [
      ['dose.required-value-missing', 'hard-stop'],
      ['screening.g6pd-unknown', 'hard-stop'],
      ['screening.pregnancy-unknown', 'hard-stop'],
    ],
    signable: false,
  },
  {
    shows: 'a limb bag left on longer than the hard limit is stopped',
    record: 'diabetic-foot-ulcer-on-insulin.record.json',
    order: 'foot-bag-order-too-long.order.json',
    template: true,
    findings: [['dose.duration-above-hard-max', 'hard-stop']],
    signable: false,
  },
  {
    shows: 'a limb bag longer than usual is a warning',
    record: 'diabetic-foot-ulcer-on-insulin.record.json',
    order: 'foot-bag-order-longer-than-usual.order.json',
    template: true,
    findings: [['dose.duration-above-soft-max', 'warning']],
    signable: true,
  },
  {
    shows: 'a limb bag shorter than usual is a warning',
    record: 'diabetic-foot-ulcer-on-insulin.record.json',
    order: 'foot-bag-order-too-short.order.json',
    template: true,
    findings: [['dose.duration-below-soft-min', 'warning']],
    signable: true,
  },
  {
    shows: 'an unreviewed grade 2 reaction blocks the next session',
    record: 'rectal-insufflation-unreviewed-reaction.record.json',
    order: 'rectal-insufflation-order.order.json',
    template: true,
    findings: [['course.adverse-event-unreviewed', 'hard-stop']],
    signable: false,
  },
  {
    shows: 'an intradiscal session without supervisor, credential or image guidance is stopped',
    record: 'back-pain-patient.record.json',
    order: 'intradiscal-session-unsupervised.session.json',
    template: true,
    findings: [
      ['oversight.no-supervising-physician', 'hard-stop'],
      ['oversight.operator-not-credentialed', 'hard-stop'],
      ['procedure.image-guidance-required', 'hard-stop'],
    ],
    signable: false,
  },
  {
    shows: 'a supervised, credentialed, image-guided intradiscal session with consent is signable',
    record: 'back-pain-patient.record.json',
    order: 'intradiscal-session-ready.session.json',
    template: true,
    findings: [],
    signable: true,
  },
  {
    shows: 'a consent signed more than twelve months ago has expired',
    record: 'back-pain-patient.record.json',
    order: 'paravertebral-session.session.json',
    template: true,
    findings: [['consent.expired', 'hard-stop']],
    signable: false,
  },
  {
    shows: 'a session for a technique the consent does not name is stopped',
    record: 'back-pain-patient.record.json',
    order: 'subcutaneous-session.session.json',
    template: true,
    findings: [['consent.technique-not-covered', 'hard-stop']],
    signable: false,
  },
];

/** The command line a reader would type (as the README shows it). */
export function commandLine(example: Example): string {
  return [
    'o3care check',
    `--record examples/${example.record}`,
    ...(example.order ? [`--order examples/${example.order}`] : []),
    `--as-of ${AS_OF}`,
    ...(example.template ? ['--library template'] : []),
  ].join(' ');
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command as a child process; resolves whatever the exit status. */
function o3care(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['src/cli/main.ts', ...args],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

function checkArgs(example: Example, json: boolean): string[] {
  return commandLine(example)
    .split(' ')
    .slice(1)
    .concat(json ? ['--json'] : []);
}

describe('examples/: every row shows its rules', { concurrency: 2 }, () => {
  for (const example of EXAMPLES) {
    test(example.shows, async () => {
      const run = await o3care(checkArgs(example, true));
      assert.equal(run.status, 0, run.stderr);
      const output = checkOutputSchema.parse(JSON.parse(run.stdout));
      const shown = new Set(output.findings.map((f) => `${f.ruleId} ${f.severity}`));
      for (const [ruleId, severity] of example.findings) {
        assert.ok(
          shown.has(`${ruleId} ${severity}`),
          `${ruleId} (${severity}) missing; shown: ${[...shown].join(', ')}`,
        );
      }
      if (example.findings.length === 0) assert.deepEqual(output.findings, []);
      assert.equal(output.signable, example.signable);
      assert.equal(output.evaluationOnly, example.template === true ? true : undefined);
      assert.equal(output.issues, undefined, 'the examples are clean FHIR: extraction reports nothing');
    });
  }

  test('together the examples show every rule id in the catalogue', () => {
    const shown = new Set(EXAMPLES.flatMap((e) => e.findings.map(([ruleId]) => ruleId)));
    assert.deepEqual(
      RULE_IDS.filter((id) => !shown.has(id)),
      [],
    );
  });

  test('examples/README.md lists every row with its command', () => {
    const readme = readFileSync(join(ROOT, 'examples', 'README.md'), 'utf8');
    for (const example of EXAMPLES) assert.ok(readme.includes(commandLine(example)), commandLine(example));
  });
});

describe('o3care check output', () => {
  const stopped = EXAMPLES.find((e) => e.order === 'mah-order-escalating.order.json');
  assert.ok(stopped);

  test('keeps the key order of the contract', async () => {
    const output = JSON.parse((await o3care(checkArgs(stopped, true))).stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(output), [
      'findings',
      'eligibility',
      'library',
      'evaluationOnly',
      'signable',
    ]);
    const [first] = output.findings as Record<string, unknown>[];
    assert.deepEqual(Object.keys(first ?? {}), [
      'ruleId',
      'severity',
      'techniques',
      'message',
      'messageKey',
      'params',
      'evidence',
      'source',
      'suggestion',
    ]);
  });

  test('screening lists the eligibility of every technique, an order only of the ordered one', async () => {
    const screening = checkOutputSchema.parse(
      JSON.parse((await o3care(checkArgs(EXAMPLES[0] ?? stopped, true))).stdout),
    );
    assert.equal(Object.keys(screening.eligibility).length, 16);
    assert.equal(screening.eligibility.inhalation, 'prohibited');
    assert.equal(screening.eligibility.mah, 'contraindicated');
    const order = checkOutputSchema.parse(JSON.parse((await o3care(checkArgs(stopped, true))).stdout));
    assert.deepEqual(order.eligibility, { mah: 'contraindicated' });
  });

  test('the human verdict groups findings by severity, says it is an evaluation, and fits 100 columns', async () => {
    const run = await o3care(checkArgs(stopped, false));
    assert.equal(run.status, 0, run.stderr);
    for (const text of [
      'patient mah-patient-after-reaction · female',
      'evaluation only: template-1 treated as approved',
      'HARD STOP (1)',
      'WARNING (2)',
      'INFO (1)',
      'dose.escalation-after-adverse-event',
      'signable: no',
    ]) {
      assert.ok(run.stdout.includes(text), `missing "${text}" in:\n${run.stdout}`);
    }
    assert.ok(run.stdout.indexOf('HARD STOP') < run.stdout.indexOf('WARNING'));
    for (const line of run.stdout.split('\n')) assert.ok(line.length <= 100, `too wide: ${line}`);
    assert.ok(!run.stdout.includes('\u001b['), 'no colour when stdout is not a terminal');
  });

  test('a screening verdict lists prohibited and disabled techniques after the others', async () => {
    const run = await o3care(checkArgs(EXAMPLES[0] ?? stopped, false));
    const table = run.stdout.slice(run.stdout.indexOf('Eligibility'));
    assert.ok(table.indexOf('ozonated-oil') < table.indexOf('eboo'));
    assert.ok(table.indexOf('eboo') < table.indexOf('inhalation'));
    assert.doesNotMatch(run.stdout, /signable/, 'screening has nothing to sign');
  });

  test('without --library template it says there is no approved library', async () => {
    const run = await o3care(['check', '--record', 'examples/knee-oa-patient.record.json', '--as-of', AS_OF]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /no approved library/);
  });
});

describe('o3care check input: bad input exits 2, an imperfect record is still evaluated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'o3care-check-'));
  const file = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const record = 'examples/knee-oa-patient.record.json';

  test('an order in an unknown unit names the JSON path of the unit', async () => {
    const order = JSON.parse(
      readFileSync(join(ROOT, 'examples/knee-oa-order-within-range.order.json'), 'utf8'),
    ) as {
      dosageInstruction: { extension: { valueQuantity: { code: string; unit: string } }[] }[];
    };
    const quantity = order.dosageInstruction[0]?.extension[0]?.valueQuantity;
    assert.ok(quantity);
    quantity.code = 'mg/mL';
    quantity.unit = 'mg/mL';
    const run = await o3care(['check', '--record', record, '--order', file('bad-unit.json', order)]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /bad-unit\.json/);
    assert.ok(run.stderr.includes('$.dosageInstruction[0].extension[0].valueQuantity.code'), run.stderr);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  });

  test('a record with an unusable part is still evaluated, and the skipped part is listed with its path', async () => {
    const bundle = JSON.parse(readFileSync(join(ROOT, record), 'utf8')) as { entry: { resource: unknown }[] };
    bundle.entry.push({
      resource: {
        resourceType: 'Observation',
        id: 'odd-weight',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
        subject: { reference: 'Patient/knee-oa-patient' },
        effectiveDateTime: '2026-11-26',
        valueQuantity: { value: 12, unit: 'stone', system: 'http://unitsofmeasure.org', code: 'stone' },
      },
    });
    const run = await o3care([
      'check',
      '--record',
      file('odd-unit.json', bundle),
      '--as-of',
      AS_OF,
      '--json',
    ]);
    assert.equal(run.status, 0, run.stderr);
    const output = checkOutputSchema.parse(JSON.parse(run.stdout));
    assert.ok(
      output.issues?.some((issue) => issue.path.includes('valueQuantity')),
      JSON.stringify(output.issues),
    );
    assert.deepEqual(Object.keys(output), ['findings', 'eligibility', 'library', 'issues']);
  });

  test('a record that is not a Bundle is refused', async () => {
    const run = await o3care([
      'check',
      '--record',
      file('patient.json', { resourceType: 'Patient', id: 'x' }),
    ]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /patient\.json: .*Bundle/);
  });

  test('a Bundle whose entry is not a list names $.entry', async () => {
    const run = await o3care([
      'check',
      '--record',
      file('bundle.json', { resourceType: 'Bundle', entry: {} }),
    ]);
    assert.equal(run.status, 2);
    assert.ok(run.stderr.includes('$.entry'), run.stderr);
  });

  test('a missing file is named with the reason', async () => {
    const run = await o3care(['check', '--record', 'examples/no-such-patient.record.json']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /examples\/no-such-patient\.record\.json: no such file/);
  });

  test('a file that is not JSON is named with the reason', async () => {
    const run = await o3care(['check', '--record', file('broken.json', '{"resourceType": "Bundle",')]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /broken\.json is not valid JSON/);
  });

  test('an --as-of that is not an ISO date-time, or an unknown --library, is refused', async () => {
    for (const args of [
      ['--as-of', '27/11/2026'],
      ['--as-of', '2026-02-30T09:00:00Z'],
      ['--as-of', '2026-11-27T09:00:00'],
      ['--library', 'clinic'],
    ]) {
      const run = await o3care(['check', '--record', record, ...args]);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, new RegExp(args[0] ?? ''));
    }
  });

  test('unknown options, a missing --record and repeated options are usage errors', async () => {
    for (const args of [['--record', record, '--verbose'], [], ['--record', record, '--record', record]]) {
      const run = await o3care(['check', ...args]);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /^o3care check: /);
    }
  });
});

describe('o3care commands and help', () => {
  test('every command prints its --help and exits 0', async () => {
    for (const command of ['check', 'screen-bulk', 'serve', 'migrate', 'import', 'audit']) {
      const run = await o3care([command, '--help']);
      assert.equal(run.status, 0);
      assert.match(run.stdout, new RegExp(`^Usage: o3care ${command}`));
    }
  });

  test('the top-level help names every SPEC-INTEROP §6 command, available or still to come', async () => {
    const run = await o3care(['--help']);
    assert.equal(run.status, 0);
    for (const command of [
      'check',
      'screen-bulk',
      'serve',
      'demo',
      'migrate',
      'import',
      'audit',
      'library',
      'backup',
      'restore',
    ]) {
      assert.ok(run.stdout.includes(`o3care ${command}`), command);
    }
  });

  test('o3care import is available now: a file that is missing is bad input (exit 2), named in one line', async () => {
    const run = await o3care(['import', 'no-such-record.json']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^o3care import: cannot read no-such-record\.json: no such file\n$/);
  });

  test('an unknown command exits 2 and no command at all prints the help on stderr', async () => {
    assert.equal((await o3care(['frobnicate'])).status, 2);
    const none = await o3care([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^Usage: o3care/);
  });
});

describe('check refuses an order for another patient', () => {
  test('an order whose subject is not the record’s patient exits 2 and names both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o3care-subject-'));
    const order = JSON.parse(
      readFileSync(join(ROOT, 'examples/knee-oa-order-within-range.order.json'), 'utf8'),
    ) as Record<string, unknown>;
    order.subject = { reference: 'Patient/someone-else' };
    const orderPath = join(dir, 'order.json');
    writeFileSync(orderPath, JSON.stringify(order));
    const run = await o3care([
      'check',
      '--record',
      'examples/knee-oa-patient.record.json',
      '--order',
      orderPath,
      '--as-of',
      AS_OF,
    ]);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /Patient\/someone-else/);
  });
});
