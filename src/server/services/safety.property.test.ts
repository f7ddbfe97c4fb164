// The safety invariants of DESIGN.md, property-tested against the real store (PGlite): no stored order or plan ever
// exceeds a hard limit of the library version it was checked against; a prohibited technique is never stored; a
// session with any hard stop cannot be signed; a signed session refuses UPDATE even by raw SQL; a refused write
// leaves nothing behind (no row, no audit row).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { estimatedBloodVolumeMl } from '../../clinical/blood-volume.ts';
import type { OzoneOrder, SessionStaff } from '../../clinical/care.ts';
import { checkSession } from '../../clinical/engine.ts';
import type { ConsentRecord, Intake, PatientFacts } from '../../clinical/facts.ts';
import { emptyFacts, FUNDAMENTALS } from '../../clinical/facts.ts';
import type { GoalCode } from '../../clinical/goals.ts';
import type { TechniqueCode } from '../../clinical/techniques.ts';
import { isProhibited, TECHNIQUE_CODES } from '../../clinical/techniques.ts';
import { typicalOrder } from '../../clinical/testing/builders.ts';
import type { Store } from '../../store/database.ts';
import { openStore } from '../../store/database.ts';
import { OVERRIDE_REASONS } from '../../store/order.table.ts';
import type { LibraryDocument } from '../../store/protocol-library.table.ts';
import type { DoseValues } from '../../store/plan.table.ts';
import {
  assertWithinHardLimits,
  dosesFor,
  everyOverride,
  goalFor,
  mostly,
} from '../testing/safety-arbitraries.ts';
import { countersignConsent, createConsentTemplate, recordConsent, withdrawConsent } from './consent.ts';
import { ClinicalHardStopError, InvalidRecordError, OverrideRequiredError } from './errors.ts';
import { saveIntake } from './intake.ts';
import { checkAndSaveOrder } from './orders.ts';
import { createPlan } from './plans.ts';
import type { LibraryVersion, Plan } from './record-types.ts';
import { scheduleSession, signSession, updateSessionDraft } from './sessions.ts';
import {
  approvedLibrary,
  AT,
  coordinator,
  daysBefore,
  inTransaction,
  nurse,
  physician,
  screenedPatient,
} from './testing/care-fixtures.ts';

const RUNS = 50;
const HOUR_MS = 3_600_000;

const dayIntake = (goal: GoalCode): Intake => ({
  goal: { code: goal, text: 'I want to climb stairs without pain' },
  fundamentalsAssessed: [...FUNDAMENTALS],
  expectsCure: false,
  oxidativeBurden: 'low',
  unstableMedicalIssues: false,
});

describe('safety invariants against the store (PGlite)', () => {
  let store: Store;
  let library: LibraryVersion;
  let patientId: string;
  const plans = new Map<TechniqueCode, Plan>();
  /** Nadler's estimate for the fixture patient (male, 80 kg, 180 cm). */
  const ebvMl = estimatedBloodVolumeMl('male', 80, 180)!;

  before(async () => {
    store = await openStore({ dataDir: undefined });
    library = await approvedLibrary(store.db);
    patientId = await screenedPatient(store.db);
    for (const technique of library.library.enabledTechniques) {
      const { plan } = await inTransaction(store.db, (trx) =>
        createPlan(trx, physician(), {
          patientId,
          goal: { code: goalFor(technique) },
          technique,
          escalationSchedule: [typicalOrder(technique)],
          courseSessions: 1,
        }),
      );
      plans.set(technique, plan);
    }
  });
  after(async () => {
    await store.close();
  });

  /** Any technique, the enabled ones three times as often as the rest (prohibited, disabled). */
  const anyTechnique = () =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...library.library.enabledTechniques), weight: 3 },
      { arbitrary: fc.constantFrom(...TECHNIQUE_CODES), weight: 1 },
    );

  const countRows = async (table: 'ozone_order' | 'plan') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const auditHead = async () =>
    Number((await store.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);

  /** The library document of a stored version, read back from the database. */
  async function storedLibrary(versionId: string): Promise<LibraryDocument> {
    const row = await store.db
      .selectFrom('protocol_library_version')
      .select('library')
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow();
    return row.library;
  }

  test('no stored order exceeds a hard limit of its library version, and no prohibited technique is stored', async (t) => {
    const outcomes = { stored: 0, hardStop: 0, override: 0, mismatch: 0 };
    await fc.assert(
      fc.asyncProperty(
        anyTechnique().chain((technique) =>
          fc.record({
            technique: fc.constant(technique),
            values: dosesFor(library.library, technique),
            overrideAll: fc.boolean(),
            reason: fc.constantFrom(...OVERRIDE_REASONS),
          }),
        ),
        async ({ technique, values, overrideAll, reason }) => {
          const plan = plans.get(technique) ?? plans.get('intra-articular')!;
          const [ordersBefore, auditBefore] = [await countRows('ozone_order'), await auditHead()];
          try {
            await inTransaction(store.db, (trx) =>
              checkAndSaveOrder(trx, physician(), {
                planId: plan.id,
                technique,
                values,
                overrides: overrideAll ? everyOverride(reason) : [],
              }),
            );
            outcomes.stored += 1;
          } catch (error) {
            if (error instanceof ClinicalHardStopError) outcomes.hardStop += 1;
            else if (error instanceof OverrideRequiredError) outcomes.override += 1;
            else if (error instanceof InvalidRecordError) outcomes.mismatch += 1;
            else throw error;
            assert.equal(await countRows('ozone_order'), ordersBefore, 'a refused order is not stored');
            assert.equal(await auditHead(), auditBefore, 'a refused order leaves no audit row');
          }
        },
      ),
      { numRuns: RUNS },
    );
    const stored = await store.db.selectFrom('ozone_order').selectAll().execute();
    for (const order of stored) {
      assert.equal(isProhibited(order.technique), false, `prohibited ${order.technique} stored`);
      assertWithinHardLimits(
        await storedLibrary(order.library_version_id),
        order.technique,
        {
          ...(order.concentration_ug_per_ml !== null
            ? { concentrationUgPerMl: order.concentration_ug_per_ml }
            : {}),
          ...(order.gas_volume_ml !== null ? { gasVolumeMl: order.gas_volume_ml } : {}),
          ...(order.blood_volume_ml !== null ? { bloodVolumeMl: order.blood_volume_ml } : {}),
          ...(order.duration_min !== null ? { durationMin: order.duration_min } : {}),
        },
        ebvMl,
        `order ${order.id}`,
      );
    }
    // The generator must reach both sides of the line, or the property proves little.
    t.diagnostic(`orders: ${JSON.stringify(outcomes)}; ${stored.length} stored checked`);
    assert.ok(outcomes.stored > 0 && outcomes.hardStop > 0, JSON.stringify(outcomes));
  });

  test('no stored plan step exceeds a hard limit, and no plan is for a prohibited technique', async (t) => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        anyTechnique().chain((technique) =>
          fc.record({
            technique: fc.constant(technique),
            steps: fc.array(dosesFor(library.library, technique), { minLength: 1, maxLength: 2 }),
          }),
        ),
        async ({ technique, steps }) => {
          const [plansBefore, auditBefore] = [await countRows('plan'), await auditHead()];
          try {
            await inTransaction(store.db, (trx) =>
              createPlan(trx, physician(), {
                patientId,
                goal: { code: goalFor(technique) },
                technique,
                escalationSchedule: steps,
                courseSessions: 3,
              }),
            );
          } catch (error) {
            if (!(error instanceof ClinicalHardStopError)) throw error;
            refused += 1;
            assert.equal(await countRows('plan'), plansBefore);
            assert.equal(await auditHead(), auditBefore);
          }
        },
      ),
      { numRuns: RUNS },
    );
    for (const plan of await store.db.selectFrom('plan').selectAll().execute()) {
      assert.equal(isProhibited(plan.technique), false);
      const library = await storedLibrary(plan.library_version_id);
      plan.escalation_schedule.forEach((step, i) =>
        assertWithinHardLimits(library, plan.technique, step, ebvMl, `plan step ${i + 1}`),
      );
    }
    t.diagnostic(`plans refused: ${refused} of ${RUNS}`);
    assert.ok(refused > 0 && refused < RUNS);
  });

  test('a session with any hard stop cannot be signed; a signed one refuses UPDATE even by raw SQL', async (t) => {
    const counts = { signed: 0, refused: 0 };
    const template = await inTransaction(store.db, (trx) =>
      createConsentTemplate(trx, physician(daysBefore(90)), {
        key: 'property',
        language: 'en',
        title: 'Ozone therapy',
        body: '…',
        techniques: ['intra-articular', 'mah', 'intradiscal', 'paravertebral-im'],
      }),
    );
    const sessionTechniques = ['intra-articular', 'mah', 'intradiscal'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...sessionTechniques).chain((technique) =>
          fc.record({
            technique: fc.constant(technique),
            administered: mostly(
              fc.constant(typicalOrder(technique) as DoseValues),
              dosesFor(library.library, technique),
            ),
            consent: mostly(
              fc.constant('countersigned' as const),
              fc.constantFrom('none', 'patient-only', 'other-technique', 'withdrawn'),
            ),
            supervised: mostly(fc.constant(true), fc.constant(false)),
            operator: mostly(
              fc.constant<string[] | undefined>(['ozone-therapy', 'intradiscal-procedures']),
              fc.option(fc.subarray(['ozone-therapy', 'intradiscal-procedures']), { nil: undefined }),
            ),
            imageGuidance: mostly(fc.constant(true), fc.constant(false)),
            intoxicated: mostly(fc.constant(false), fc.constant(true)),
          }),
        ),
        async (scenario) => {
          const { technique } = scenario;
          const goal = goalFor(technique);
          const started = new Date(AT.getTime() + HOUR_MS);
          const signAt = new Date(AT.getTime() + 2 * HOUR_MS);
          const intoxication = new Date(started.getTime() - HOUR_MS).toISOString();
          const fresh = await screenedPatient(store.db, { goal });
          const consentRecords: ConsentRecord[] = [];
          const { sessionId, consentRecord } = await inTransaction(store.db, async (trx) => {
            const { plan } = await createPlan(trx, physician(), {
              patientId: fresh,
              goal: { code: goal },
              technique,
              escalationSchedule: [typicalOrder(technique)],
              courseSessions: 2,
            });
            const { order } = await checkAndSaveOrder(trx, physician(), {
              planId: plan.id,
              values: typicalOrder(technique),
              overrides: everyOverride('titration-plan'),
            });
            if (scenario.intoxicated) {
              // Noted on the day, after the order: a new intake version with the day's fact.
              await saveIntake(trx, nurse(started), {
                patientId: fresh,
                intake: dayIntake(goal),
                facts: [{ kind: 'alcoholIntoxication', value: true, effective: intoxication }],
              });
            }
            let record: ConsentRecord | undefined;
            if (scenario.consent !== 'none') {
              const covered: TechniqueCode[] =
                scenario.consent === 'other-technique' ? ['paravertebral-im'] : [technique];
              const consent = await recordConsent(trx, coordinator(daysBefore(5)), {
                patientId: fresh,
                templateId: template.id,
                techniques: covered,
                patientSignature: { name: 'P', method: 'electronic' },
              });
              if (scenario.consent !== 'patient-only') {
                await countersignConsent(trx, physician(daysBefore(5)), consent.id);
              }
              if (scenario.consent === 'withdrawn') {
                await withdrawConsent(trx, nurse(daysBefore(1)), { consentId: consent.id });
              }
              record = {
                id: consent.id,
                status:
                  scenario.consent === 'withdrawn'
                    ? 'withdrawn'
                    : scenario.consent === 'patient-only'
                      ? 'unsigned'
                      : 'signed',
                techniques: covered,
                signedAt: daysBefore(5).toISOString(),
                validUntil: consent.validUntil,
              };
            }
            const draft = await scheduleSession(trx, nurse(), { orderId: order.id });
            await updateSessionDraft(trx, nurse(started), draft.id, {
              startedAt: started,
              administered: scenario.administered,
              operator: scenario.operator ? { id: 'rn-sofia', credentials: scenario.operator } : null,
              supervisingPhysicianId: scenario.supervised ? 'dr-ana' : null,
              imageGuidance: scenario.imageGuidance,
            });
            return { sessionId: draft.id, consentRecord: record };
          });
          if (consentRecord) consentRecords.push(consentRecord);

          // The oracle: the engine on inputs the test builds itself from what it recorded.
          const facts: PatientFacts = emptyFacts({
            patientId: fresh,
            sex: 'male',
            birthDate: '1976-03-14',
            g6pd: [
              { value: 'normal', effective: daysBefore(400).toISOString(), provenance: { resource: 'x' } },
            ],
            weightKg: [{ value: 80, effective: daysBefore(10).toISOString(), provenance: { resource: 'x' } }],
            heightCm: [
              { value: 180, effective: daysBefore(10).toISOString(), provenance: { resource: 'x' } },
            ],
            haemoglobinGPerDl: [
              { value: 14, effective: daysBefore(10).toISOString(), provenance: { resource: 'x' } },
            ],
            alcoholIntoxication: scenario.intoxicated
              ? [{ value: true, effective: intoxication, provenance: { resource: 'x' } }]
              : [],
            intake: dayIntake(goal),
          });
          const values: OzoneOrder = { technique, goal: { code: goal }, ...scenario.administered };
          const staff: SessionStaff = {
            ...(scenario.supervised ? { supervisingPhysicianId: 'dr-ana' } : {}),
            ...(scenario.operator ? { operator: { id: 'rn-sofia', credentials: scenario.operator } } : {}),
            imageGuidance: scenario.imageGuidance,
          };
          const oracle = checkSession(
            values,
            staff,
            facts,
            { sessions: [], outcomes: [], consents: consentRecords },
            { library: library.library, asOf: started },
          );

          const auditBefore = await auditHead();
          const attempt = await inTransaction(store.db, (trx) =>
            signSession(trx, physician(signAt), { sessionId, overrides: everyOverride('prior-tolerance') }),
          ).catch((error: unknown) => error);
          const row = await store.db
            .selectFrom('ozone_session')
            .select(['status', 'rescreening'])
            .where('id', '=', sessionId)
            .executeTakeFirstOrThrow();
          if (attempt instanceof ClinicalHardStopError) {
            counts.refused += 1;
            assert.equal(oracle.signable, false, 'refused although the engine found no hard stop');
            assert.equal(row.status, 'draft');
            assert.equal(await auditHead(), auditBefore, 'a refused signature leaves no audit row');
          } else {
            if (attempt instanceof Error) throw attempt;
            counts.signed += 1;
            assert.equal(
              oracle.signable,
              true,
              `signed despite ${oracle.findings
                .filter((f) => f.severity === 'hard-stop')
                .map((f) => f.ruleId)
                .join(', ')}`,
            );
            assert.equal(row.status, 'signed');
            assert.equal(row.rescreening?.evaluation.signable, true);
            await assert.rejects(
              sql`update ozone_session set notes = 'edited' where id = ${sessionId}`.execute(store.db),
              /signed and immutable/,
            );
            await assert.rejects(
              sql`delete from ozone_session where id = ${sessionId}`.execute(store.db),
              /immutable/,
            );
          }
          assert.deepEqual(
            oracle.findings.filter((f) => f.severity === 'hard-stop').map((f) => f.ruleId),
            attempt instanceof ClinicalHardStopError ? attempt.findings.map((f) => f.ruleId) : [],
            'the service sees exactly the hard stops the engine sees on the same record',
          );
        },
      ),
      { numRuns: RUNS },
    );
    t.diagnostic(`sessions: ${JSON.stringify(counts)}`);
    assert.ok(counts.signed > 0 && counts.refused > 0, JSON.stringify(counts));
  });
});
