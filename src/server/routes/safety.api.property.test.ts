// The safety invariants of DESIGN.md end to end (issue 3): fast-check drives the HTTP API as a clinic would — the
// medical director approving library versions with other limits, a physician planning and ordering doses near and
// over the lines with overrides of any reason, nurses recording sessions, a physician signing them — and after every
// call the test reads the record back, through the API and by SQL, and holds it against its own oracle: the hard
// limits of the library version each record references (safety-arbitraries.ts) and the engine's `checkSession`, run
// by the test on the inputs it sent. The same invariants one layer down: services/safety.property.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { estimatedBloodVolumeMl } from '../../clinical/blood-volume.ts';
import type { SessionStaff } from '../../clinical/care.ts';
import { checkSession } from '../../clinical/engine.ts';
import type { ConsentRecord, Intake, PatientFacts } from '../../clinical/facts.ts';
import { emptyFacts } from '../../clinical/facts.ts';
import type { ProtocolLibrary } from '../../clinical/library.ts';
import type { RuleId } from '../../clinical/rule-catalog.ts';
import { RULE_IDS } from '../../clinical/rule-catalog.ts';
import type { TechniqueCode } from '../../clinical/techniques.ts';
import { isProhibited, TECHNIQUE_CODES, TECHNIQUES } from '../../clinical/techniques.ts';
import { typicalOrder } from '../../clinical/testing/builders.ts';
import { verifyAuditChain } from '../../store/audit.repository.ts';
import type { Store } from '../../store/database.ts';
import type { OverrideReason } from '../../store/order.table.ts';
import { OVERRIDE_REASONS } from '../../store/order.table.ts';
import { CHECKLIST_ITEMS } from '../../store/ozone-session.table.ts';
import type { DoseValues } from '../../store/plan.table.ts';
import type { LibraryDocument } from '../../store/protocol-library.table.ts';
import { testDatabases } from '../../store/testing/stores.ts';
import { buildApp } from '../app.ts';
import type { ApiClient, Clinic } from '../testing/clinic-api.ts';
import { expectJson, openClinic } from '../testing/clinic-api.ts';
import { kneeIntake } from '../testing/well-screened-intake.ts';
import type { DoseMarks, LibraryEditPlan } from '../testing/safety-arbitraries.ts';
import {
  assertWithinHardLimits,
  doseMarks,
  dosesAt,
  goalFor,
  libraryEditPlan,
  libraryEdits,
  mostly,
} from '../testing/safety-arbitraries.ts';

// Enough runs to cross every line several times; PGlite is the slow database, and the file must stay well under two
// minutes for both databases on a shared two-core machine.
const ORDER_RUNS = 32;
const SESSION_RUNS = 20;
const PROBLEMS = 'https://o3care.org/problems/';
const TICK_MS = 5_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/**
 * Stop at the first failure instead of shrinking: the record is cumulative, so once a bad row is stored every later
 * run fails too and a "shrunk" counterexample would point at an innocent input.
 */
const FC_OPTIONS = { endOnFailure: true } as const;

const PROHIBITED = TECHNIQUE_CODES.filter((technique) => isProhibited(technique));
const SESSION_TECHNIQUES = ['intra-articular', 'mah', 'intradiscal'] as const satisfies TechniqueCode[];
/** Every credential any technique asks of an operator (techniques.ts): the fully credentialed operator. */
const ALL_CREDENTIALS = [...new Set(Object.values(TECHNIQUES).flatMap((t) => t.operatorCredentials))];

interface Finding {
  readonly ruleId: string;
  readonly severity: 'hard-stop' | 'warning' | 'info';
}
interface Problem {
  readonly type: string;
  readonly status: number;
  readonly findings?: readonly Finding[];
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}
interface Evaluation {
  readonly findings: readonly Finding[];
  readonly signable: boolean;
  readonly library: string;
}
interface PlanView {
  readonly id: string;
  readonly technique: TechniqueCode;
  readonly libraryVersionId: string;
  readonly escalationSchedule: readonly DoseValues[];
}
interface OrderView extends DoseValues {
  readonly id: string;
  readonly technique: TechniqueCode;
  readonly libraryVersionId: string;
}
interface DetectedIssueView {
  readonly ruleId: string;
  readonly severity: Finding['severity'];
  readonly libraryVersionId: string;
}
interface SessionView {
  readonly id: string;
  readonly status: 'draft' | 'signed';
  readonly administered: DoseValues;
  readonly notes?: string;
  readonly libraryVersionId?: string;
  readonly rescreening?: { readonly asOf: string; readonly evaluation: Evaluation };
}
interface ConsentView {
  readonly id: string;
  readonly techniques: readonly TechniqueCode[];
  readonly patientSignature: { readonly signedAt: string };
  readonly validUntil: string;
}
interface LibraryVersionView {
  readonly id: string;
  readonly library: ProtocolLibrary;
}
interface IntakeBody {
  readonly intake: Record<string, unknown> & {
    readonly goal: { readonly code: string; readonly text: string };
  };
  readonly facts: readonly {
    readonly kind: string;
    readonly value: unknown;
    readonly effective?: string;
    readonly provenance?: { readonly resource: string };
  }[];
}

/** The values an arbitrary generates. */
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

const problemOf = (response: LightMyRequestResponse) => response.json<Problem>();
const isProblem = (response: LightMyRequestResponse, type: string) =>
  response.statusCode === 422 && problemOf(response).type === `${PROBLEMS}${type}`;
/** Rule ids once each, sorted: the engine and the API may list the same stops in another order. */
const ruleIdsOf = (findings: readonly Finding[], severity: Finding['severity'] = 'hard-stop') =>
  [...new Set(findings.filter((f) => f.severity === severity).map((f) => f.ruleId))].sort();
const doseOfRow = (row: {
  concentration_ug_per_ml: number | null;
  gas_volume_ml: number | null;
  blood_volume_ml: number | null;
  duration_min: number | null;
}): DoseValues => ({
  ...(row.concentration_ug_per_ml !== null ? { concentrationUgPerMl: row.concentration_ug_per_ml } : {}),
  ...(row.gas_volume_ml !== null ? { gasVolumeMl: row.gas_volume_ml } : {}),
  ...(row.blood_volume_ml !== null ? { bloodVolumeMl: row.blood_volume_ml } : {}),
  ...(row.duration_min !== null ? { durationMin: row.duration_min } : {}),
});

/** The well-screened adult of clinic-api.ts, with a goal the technique fits. */
function intakeFor(technique: TechniqueCode, now: Date): IntakeBody {
  const body = kneeIntake(now);
  return { ...body, intake: { ...body.intake, goal: { ...body.intake.goal, code: goalFor(technique) } } };
}

/** The patient's estimated blood volume, from the weight and height the intake records (Nadler). */
function ebvOf(sex: 'male' | 'female', body: IntakeBody): number {
  const measured = (kind: string) => body.facts.find((f) => f.kind === kind)?.value as number | undefined;
  const ebv = estimatedBloodVolumeMl(sex, measured('weightKg'), measured('heightCm'));
  assert.ok(ebv !== undefined, 'the intake records weight');
  return ebv;
}

/** PatientFacts as the engine would read the registration and intake bodies the test sent (the oracle's input). */
function factsFromBodies(
  patient: { readonly id: string; readonly sex: 'male' | 'female'; readonly birthDate: string },
  intakes: readonly IntakeBody[],
): PatientFacts {
  const byKind: Record<string, unknown[]> = {};
  for (const fact of intakes.flatMap((body) => body.facts)) {
    (byKind[fact.kind] ??= []).push({
      value: fact.value,
      ...(fact.effective !== undefined ? { effective: fact.effective } : {}),
      provenance: { resource: fact.provenance?.resource ?? `${fact.kind}/sent-by-test` },
    });
  }
  const latest = intakes.at(-1)!;
  return emptyFacts({
    patientId: patient.id,
    sex: patient.sex,
    birthDate: patient.birthDate,
    ...(byKind as Partial<PatientFacts>),
    intake: latest.intake as unknown as Intake,
  });
}

type OrderAction =
  | { readonly kind: 'edit-library'; readonly plan: LibraryEditPlan }
  | { readonly kind: 'restore-library' }
  | {
      readonly kind: 'plan';
      readonly technique: TechniqueCode;
      readonly steps: readonly DoseMarks[];
    }
  | {
      readonly kind: 'order';
      readonly technique: TechniqueCode;
      readonly marks: DoseMarks;
      readonly overrides: OverridePlan;
    };

/** How the physician answers warnings: a blanket list of rule ids up front, and/or naming each warning on a 422. */
interface OverridePlan {
  readonly blanket: readonly RuleId[];
  readonly answerWarnings: boolean;
  readonly reason: OverrideReason;
  /** Reason `other` without a comment is not a usable override (overrides.ts), so it must not pass a warning. */
  readonly comment: boolean;
}

const overridePlan = (): fc.Arbitrary<OverridePlan> =>
  fc.record({
    blanket: fc.subarray([...RULE_IDS], { maxLength: 12 }),
    answerWarnings: mostly(fc.constant(true), fc.constant(false)),
    reason: fc.constantFrom(...OVERRIDE_REASONS),
    comment: mostly(fc.constant(true), fc.constant(false)),
  });

/** A physician who names every warning with a usable reason. */
const ANSWER_ALL: OverridePlan = {
  blanket: [],
  answerWarnings: true,
  reason: 'titration-plan',
  comment: true,
};

const overridesBody = (plan: OverridePlan, ruleIds: readonly string[]) =>
  [...new Set(ruleIds)].slice(0, 50).map((ruleId) => ({
    ruleId,
    reason: plan.reason,
    ...(plan.comment ? { comment: 'property run' } : {}),
  }));

const SESSION_PATIENT = { givenName: 'Session', familyName: 'Property', birthDate: '1976-03-14' } as const;
const ORDER_WRITE = { action: 'order.write' } as const;

/** A session's day as it may go: each thing right four times in five, and in every way it can go wrong. */
const sessionScenario = () =>
  fc.constantFrom(...SESSION_TECHNIQUES).chain((technique) =>
    fc.record({
      technique: fc.constant(technique),
      /** Undefined: the ordered values stand as administered. */
      administered: mostly(fc.constant(undefined), doseMarks()),
      consent: mostly(
        fc.constant('countersigned' as const),
        fc.constantFrom('none', 'patient-only', 'other-technique', 'withdrawn', 'expired'),
      ),
      supervised: mostly(fc.constant(true), fc.constant(false)),
      credentials: mostly(
        fc.constant<string[] | undefined>(ALL_CREDENTIALS),
        fc.option(fc.subarray(ALL_CREDENTIALS), { nil: undefined }),
      ),
      imageGuidance: mostly(fc.constant(true), fc.constant(false)),
      intoxicated: mostly(fc.constant(false), fc.constant(true)),
      /** A new version approved between the order and the signature (never one enabling a prohibited technique). */
      edit: mostly(
        fc.constant(undefined),
        libraryEditPlan([technique], PROHIBITED).filter((plan) => plan.enable !== 'enable-prohibited'),
      ),
      // Recorded on the draft, and free to be anything: no rule of the engine's session check reads the checklist,
      // the vitals or the generator reading, so they must not change whether a session can be signed.
      checklist: fc.record(
        Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, fc.boolean()])) as Record<
          (typeof CHECKLIST_ITEMS)[number],
          fc.Arbitrary<boolean>
        >,
        { requiredKeys: [] },
      ),
      vitals: fc.record(
        {
          systolicMmHg: fc.integer({ min: 70, max: 220 }),
          heartRateBpm: fc.integer({ min: 35, max: 180 }),
          spo2Percent: fc.integer({ min: 80, max: 100 }),
        },
        { requiredKeys: [] },
      ),
      generatorReading: fc.option(
        fc.record({ concentrationUgPerMl: fc.double({ min: 0, max: 100, noNaN: true }) }),
        { nil: undefined },
      ),
      signOverrides: overridePlan(),
    }),
  );
type SessionScenario = ValueOf<ReturnType<typeof sessionScenario>>;

/** Everything right: signed. */
const BY_THE_BOOK: SessionScenario = {
  technique: 'intra-articular',
  administered: undefined,
  consent: 'countersigned',
  supervised: true,
  credentials: ALL_CREDENTIALS,
  imageGuidance: true,
  intoxicated: false,
  edit: undefined,
  checklist: Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, true])),
  vitals: { systolicMmHg: 120, heartRateBpm: 70, spo2Percent: 98 },
  generatorReading: undefined,
  signOverrides: ANSWER_ALL,
};

const COUNTED_TABLES = [
  'decision',
  'plan',
  'ozone_order',
  'detected_issue',
  'ozone_session',
  'consent',
  'protocol_library_version',
] as const;

for (const database of testDatabases()) {
  describe(`safety invariants through the HTTP API on ${database.name}`, () => {
    let store: Store;
    let app: FastifyInstance;
    let clinic: Clinic;
    let clock: Date;
    /**
     * Each run happens a little later than the last, but the whole file spans minutes, not the 15-minute idle
     * timeout of a staff session (docs/decisions/0005): the director may sit idle through many runs.
     */
    const tick = () => {
      clock = new Date(clock.getTime() + TICK_MS);
    };
    /** The clinic's first approved version: every edit starts from it, so runs never drift into one corner. */
    let base: LibraryVersionView;
    /** The version care uses now (the newest approved), as the test approved it. */
    let current: LibraryVersionView;
    let currentIsBaseCopy = true;
    const libraryViews = new Map<string, Promise<LibraryVersionView>>();

    before(async () => {
      store = await database.open();
      clock = new Date();
      app = await buildApp({ store, now: () => clock });
      clinic = await openClinic(app);
      base = current = await libraryVersion(clinic.libraryVersionId);
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    /** A version as the API shows it (approved versions are frozen, so one read each is enough). */
    function libraryVersion(id: string): Promise<LibraryVersionView> {
      let view = libraryViews.get(id);
      if (!view) {
        view = clinic.director.api
          .get(`/api/library/versions/${id}`)
          .then((r) => expectJson<{ version: LibraryVersionView }>(r, 200).version);
        libraryViews.set(id, view);
      }
      return view;
    }

    // ------------------------------------------------------------ what a refused write may leave behind

    async function tableCounts(): Promise<Record<string, number>> {
      const columns = COUNTED_TABLES.map((t) => `(select count(*)::int from ${t}) as ${t}`).join(', ');
      const { rows } = await sql<Record<string, number>>`${sql.raw(`select ${columns}`)}`.execute(store.db);
      return rows[0]!;
    }
    const auditHead = async () =>
      Number((await store.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);

    interface Snapshot {
      readonly counts: Record<string, number>;
      readonly auditSeq: number;
    }
    const snapshot = async (): Promise<Snapshot> => ({
      counts: await tableCounts(),
      auditSeq: await auditHead(),
    });

    /**
     * A write answered with a 4xx stored nothing, and left at most one audit row: `denied`, for the action it
     * attempted, naming exactly the hard stops the response names (docs/decisions/0006 §5). Anything else refused
     * (400, 409, 422 override-required) leaves no audit row at all: the whole transaction rolled back.
     */
    async function assertRefusalLeftOnlyItsDeniedRow(
      response: LightMyRequestResponse,
      before: Snapshot,
      attempt: { readonly action: string; readonly resource?: string },
    ) {
      assert.deepEqual(
        await tableCounts(),
        before.counts,
        `a refused write stores nothing: ${response.body}`,
      );
      const rows = await store.db
        .selectFrom('audit_event')
        .select(['action', 'outcome', 'resource', 'detail'])
        .where('seq', '>', before.auditSeq)
        .orderBy('seq')
        .execute();
      if (isProblem(response, 'clinical-hard-stop')) {
        const problem = problemOf(response);
        assert.equal(rows.length, 1, `one denied row for a hard stop: ${JSON.stringify(rows)}`);
        const [row] = rows;
        assert.equal(row!.outcome, 'denied');
        assert.equal(row!.action, attempt.action);
        if (attempt.resource) assert.equal(row!.resource, attempt.resource);
        const detail = row!.detail as { reason: string; hardStops: string[] };
        assert.equal(detail.reason, 'clinical-hard-stop');
        assert.deepEqual([...detail.hardStops].sort(), ruleIdsOf(problem.findings ?? []));
      } else {
        assert.deepEqual(rows, [], `a ${response.statusCode} leaves no audit row`);
      }
    }

    /** Sends a write; a 5xx never happens; a refusal is checked to have left nothing but its denied row. */
    async function write(
      send: () => Promise<LightMyRequestResponse>,
      attempt: { readonly action: string; readonly resource?: string },
      accepted: readonly number[],
    ): Promise<LightMyRequestResponse> {
      const before = await snapshot();
      const response = await send();
      assert.ok(
        accepted.includes(response.statusCode) || [400, 422].includes(response.statusCode),
        `${attempt.action}: ${response.statusCode} ${response.body}`,
      );
      if (response.statusCode === 422) {
        assert.ok(
          isProblem(response, 'clinical-hard-stop') || isProblem(response, 'override-required'),
          response.body,
        );
      }
      if (response.statusCode >= 400) await assertRefusalLeftOnlyItsDeniedRow(response, before, attempt);
      return response;
    }

    /** A write with overrides: the blanket list first, then (when the plan says so) once more naming each warning. */
    async function writeWithOverrides(
      api: ApiClient,
      url: string,
      body: Record<string, unknown>,
      plan: OverridePlan,
      attempt: { readonly action: string; readonly resource?: string },
      accepted: readonly number[],
    ): Promise<LightMyRequestResponse> {
      const withOverrides = (ruleIds: readonly string[]) => ({
        ...body,
        overrides: overridesBody(plan, ruleIds),
      });
      const first = await write(() => api.post(url, withOverrides(plan.blanket)), attempt, accepted);
      if (!plan.answerWarnings || !isProblem(first, 'override-required')) return first;
      const warnings = (problemOf(first).findings ?? []).map((f) => f.ruleId);
      return write(() => api.post(url, withOverrides([...plan.blanket, ...warnings])), attempt, accepted);
    }

    // ------------------------------------------------------------ the invariants on everything stored

    /**
     * By SQL, over every row: each order, plan step and signed session within the hard limits of the library version
     * it references (read from the version table); no prohibited technique; every detected issue a warning (a hard
     * stop is never overridden), recorded against its order's version; no signed session with a hard-stop finding.
     */
    async function assertEverythingStoredWithinItsLimits(ebvMl: number) {
      const versions = new Map(
        (await store.db.selectFrom('protocol_library_version').select(['id', 'library']).execute()).map(
          (row): [string, LibraryDocument] => [row.id, row.library],
        ),
      );
      const libraryOf = (id: string | null) => {
        const library = id === null ? undefined : versions.get(id);
        assert.ok(library, `library version ${id} is stored`);
        return library;
      };
      const orders = await store.db.selectFrom('ozone_order').selectAll().execute();
      for (const order of orders) {
        assert.equal(
          isProhibited(order.technique),
          false,
          `prohibited ${order.technique} stored as an order`,
        );
        const library = libraryOf(order.library_version_id);
        assertWithinHardLimits(library, order.technique, doseOfRow(order), ebvMl, `order ${order.id} (SQL)`);
      }
      for (const plan of await store.db.selectFrom('plan').selectAll().execute()) {
        assert.equal(isProhibited(plan.technique), false, `prohibited ${plan.technique} stored as a plan`);
        const library = libraryOf(plan.library_version_id);
        plan.escalation_schedule.forEach((step, i) =>
          assertWithinHardLimits(library, plan.technique, step, ebvMl, `plan ${plan.id} step ${i + 1} (SQL)`),
        );
      }
      for (const session of await store.db.selectFrom('ozone_session').selectAll().execute()) {
        assert.equal(
          isProhibited(session.technique),
          false,
          `prohibited ${session.technique} stored as a session`,
        );
        if (session.status !== 'signed') continue;
        const library = libraryOf(session.library_version_id);
        assertWithinHardLimits(
          library,
          session.technique,
          doseOfRow(session),
          ebvMl,
          `session ${session.id} (SQL)`,
        );
        const findings = session.rescreening?.evaluation.findings ?? [];
        assert.deepEqual(ruleIdsOf(findings), [], `signed session ${session.id} carries a hard stop`);
      }
      const orderVersion = new Map(orders.map((o) => [o.id, o.library_version_id]));
      for (const issue of await store.db.selectFrom('detected_issue').selectAll().execute()) {
        assert.equal(issue.severity, 'warning', `a ${issue.severity} ${issue.rule_id} was overridden`);
        if (issue.order_id !== null) assert.equal(issue.library_version_id, orderVersion.get(issue.order_id));
      }
    }

    /** The same, read back through the API: the patient's orders (with overrides) and plans. */
    async function assertReadBackWithinLimits(patientId: string, ebvMl: number) {
      const { physician } = clinic;
      const { orders } = expectJson<{
        orders: { order: OrderView; overrides: DetectedIssueView[] }[];
      }>(await physician.api.get(`/api/patients/${patientId}/orders`), 200);
      for (const { order, overrides } of orders) {
        const { library } = await libraryVersion(order.libraryVersionId);
        assertWithinHardLimits(library, order.technique, order, ebvMl, `order ${order.id} (API)`);
        for (const issue of overrides) {
          assert.equal(issue.severity, 'warning');
          assert.equal(issue.libraryVersionId, order.libraryVersionId);
        }
      }
      const { plans } = expectJson<{ plans: PlanView[] }>(
        await physician.api.get(`/api/patients/${patientId}/plans`),
        200,
      );
      for (const plan of plans) {
        const { library } = await libraryVersion(plan.libraryVersionId);
        plan.escalationSchedule.forEach((step, i) =>
          assertWithinHardLimits(library, plan.technique, step, ebvMl, `plan ${plan.id} step ${i + 1} (API)`),
        );
      }
    }

    // ------------------------------------------------------------ library governance through the API

    /**
     * The director drafts a version from the base with `edits` and approves it: care uses it from now on. Enabling a
     * prohibited technique is refused (400, nothing stored); that is the only refusal these edits can meet.
     */
    async function approveVersion(edits: ReturnType<typeof libraryEdits> | Record<string, never>) {
      const { director } = clinic;
      // Care uses the approved version with the latest approved_at (protocol-library.repository.ts), so two
      // approvals in the same instant would leave "current" to the database's choice: approve a moment later.
      tick();
      const enablesProhibited = 'enabledTechniques' in edits && edits.enabledTechniques!.some(isProhibited);
      const draft = await write(
        () =>
          director.api.post('/api/library/versions', { basedOn: base.id, note: 'property run', ...edits }),
        { action: 'library.edit' },
        [201],
      );
      if (enablesProhibited) {
        assert.equal(draft.statusCode, 400, `a prohibited technique was enabled: ${draft.body}`);
        assert.deepEqual(
          problemOf(draft).errors?.map((e) => e.path),
          ['$.body.enabledTechniques'],
        );
        return false;
      }
      const { version } = expectJson<{ version: { id: string } }>(draft, 201);
      expectJson(await director.api.post(`/api/library/versions/${version.id}/approve`), 200);
      current = await libraryVersion(version.id);
      assert.equal(current.library.status, 'approved');
      currentIsBaseCopy = Object.keys(edits).length === 0;
      return true;
    }

    // ------------------------------------------------------------ property 1 and 2: plans and orders

    test('no stored order or plan exceeds a hard limit of its library version, and no prohibited technique is stored', async (t) => {
      const { coordinator, physician } = clinic;
      const intake = intakeFor('intra-articular', clock);
      const ebvMl = ebvOf('male', intake);
      const { patient } = expectJson<{ patient: { id: string } }>(
        await coordinator.api.post('/api/patients', {
          givenName: 'Orders',
          familyName: 'Property',
          birthDate: '1976-03-14',
          sex: 'male',
        }),
        201,
      );
      expectJson(await physician.api.put(`/api/patients/${patient.id}/intake`, intake), 200);
      // One plan per enabled technique to order under; a stored plan action replaces its technique's.
      const plans = new Map<TechniqueCode, string>();
      for (const technique of base.library.enabledTechniques) {
        const { plan } = expectJson<{ plan: PlanView }>(
          await physician.api.post(`/api/patients/${patient.id}/plans`, {
            goal: { code: goalFor(technique) },
            technique,
            escalationSchedule: [typicalOrder(technique)].map(({ technique: _, ...values }) => values),
            courseSessions: 3,
          }),
          201,
        );
        plans.set(technique, plan.id);
      }

      /** Any technique: the enabled ones three times as often as the rest (prohibited, disabled by default). */
      const anyTechnique = fc.oneof(
        { arbitrary: fc.constantFrom(...base.library.enabledTechniques), weight: 3 },
        { arbitrary: fc.constantFrom(...TECHNIQUE_CODES), weight: 1 },
      );
      const editable = base.library.enabledTechniques.filter((technique) => {
        const entry = base.library.entries[technique];
        return entry?.concentrationUgPerMl !== undefined || entry?.durationMin !== undefined;
      });
      const action: fc.Arbitrary<OrderAction> = fc.oneof(
        {
          arbitrary: libraryEditPlan(editable, PROHIBITED).map(
            (plan) => ({ kind: 'edit-library', plan }) as const,
          ),
          weight: 1,
        },
        { arbitrary: fc.constant({ kind: 'restore-library' } as const), weight: 1 },
        {
          arbitrary: fc.record({
            kind: fc.constant('plan' as const),
            technique: anyTechnique,
            steps: fc.array(doseMarks(), { minLength: 1, maxLength: 2 }),
          }),
          weight: 3,
        },
        {
          arbitrary: fc.record({
            kind: fc.constant('order' as const),
            technique: anyTechnique,
            marks: doseMarks(),
            overrides: overridePlan(),
          }),
          weight: 6,
        },
      );

      const outcomes = {
        ordersStored: 0,
        ordersHardStop: 0,
        ordersOther: 0,
        plansStored: 0,
        plansRefused: 0,
      };
      const versions = { approved: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(action, async (step) => {
          tick();
          if (step.kind === 'edit-library' || step.kind === 'restore-library') {
            const edits = step.kind === 'restore-library' ? {} : libraryEdits(step.plan, base.library);
            if (await approveVersion(edits)) versions.approved += 1;
            else versions.refused += 1;
          } else if (step.kind === 'plan') {
            const { technique } = step;
            const schedule = step.steps.map((marks) => dosesAt(marks, current.library, technique));
            const response = await write(
              () =>
                physician.api.post(`/api/patients/${patient.id}/plans`, {
                  goal: { code: goalFor(technique) },
                  technique,
                  escalationSchedule: schedule,
                  courseSessions: 3,
                }),
              { action: 'plan.write' },
              [201],
            );
            if (isProhibited(technique)) assert.ok(isProblem(response, 'clinical-hard-stop'), response.body);
            if (response.statusCode === 201) {
              const { plan } = response.json<{ plan: PlanView }>();
              assert.equal(plan.libraryVersionId, current.id, 'checked against the version care uses');
              assert.deepEqual(plan.escalationSchedule, schedule);
              plans.set(technique, plan.id);
              outcomes.plansStored += 1;
            } else {
              outcomes.plansRefused += 1;
            }
          } else {
            const { technique } = step;
            const planId = plans.get(technique) ?? plans.get('intra-articular')!;
            const values = dosesAt(step.marks, current.library, technique);
            const response = await writeWithOverrides(
              physician.api,
              `/api/plans/${planId}/orders`,
              { technique, values },
              step.overrides,
              ORDER_WRITE,
              [201],
            );
            if (isProhibited(technique)) assert.ok(isProblem(response, 'clinical-hard-stop'), response.body);
            if (response.statusCode === 201) {
              const { order } = response.json<{ order: OrderView }>();
              assert.equal(order.libraryVersionId, current.id, 'checked against the version care uses');
              assert.equal(order.technique, technique);
              outcomes.ordersStored += 1;
            } else if (isProblem(response, 'clinical-hard-stop')) {
              outcomes.ordersHardStop += 1;
            } else {
              outcomes.ordersOther += 1;
            }
          }
          await assertEverythingStoredWithinItsLimits(ebvMl);
          await assertReadBackWithinLimits(patient.id, ebvMl);
        }),
        {
          ...FC_OPTIONS,
          numRuns: ORDER_RUNS,
          // Both sides of the line every time, whatever the random runs bring: one order inside the soft range of
          // the base version (stored once its warnings are answered), one a hair over a hard maximum (refused).
          examples: [
            [
              {
                kind: 'order',
                technique: 'intra-articular',
                marks: { concentrationUgPerMl: 'soft-middle', gasVolumeMl: 'soft-middle' },
                overrides: ANSWER_ALL,
              },
            ],
            [
              {
                kind: 'order',
                technique: 'intra-articular',
                marks: { concentrationUgPerMl: 'just-over-hard-max', gasVolumeMl: 'soft-min' },
                overrides: ANSWER_ALL,
              },
            ],
          ],
        },
      );
      t.diagnostic(`outcomes: ${JSON.stringify(outcomes)}; library versions: ${JSON.stringify(versions)}`);
      // The generators must reach both sides of the line, or the property proves little.
      assert.ok(outcomes.ordersStored > 0 && outcomes.ordersHardStop > 0, JSON.stringify(outcomes));
    });

    // ------------------------------------------------------------ property 3: sessions

    /** What the run recorded up to the signature, as the oracle needs it. */
    interface DraftedSession {
      readonly patientId: string;
      readonly sessionId: string;
      readonly startedAt: Date;
      readonly ebvMl: number;
      readonly intakes: readonly IntakeBody[];
      readonly consents: readonly ConsentRecord[];
      /** What the draft says was given: the administered values sent, or else the ordered ones. */
      readonly values: DoseValues;
    }

    /** The consent the scenario asks for, through the API, and the record the engine should read of it. */
    async function consentAsScenarioSays(
      s: SessionScenario,
      patientId: string,
      templateId: string,
      now: Date,
    ): Promise<ConsentRecord | undefined> {
      const { coordinator, physician } = clinic;
      if (s.consent === 'none') return undefined;
      const covered: TechniqueCode[] = s.consent === 'other-technique' ? ['paravertebral-im'] : [s.technique];
      const signedAt = s.consent === 'expired' ? new Date(now.getTime() - 400 * DAY_MS) : undefined;
      const { consent } = expectJson<{ consent: ConsentView }>(
        await coordinator.api.post(`/api/patients/${patientId}/consents`, {
          templateId,
          techniques: covered,
          patientSignature: {
            name: 'Session Property',
            method: 'wet-ink',
            ...(signedAt ? { signedAt: signedAt.toISOString() } : {}),
          },
        }),
        201,
      );
      if (s.consent !== 'patient-only')
        expectJson(await physician.api.post(`/api/consents/${consent.id}/countersign`), 200);
      if (s.consent === 'withdrawn')
        expectJson(await coordinator.api.post(`/api/consents/${consent.id}/withdraw`, {}), 200);
      const status =
        s.consent === 'withdrawn' ? 'withdrawn' : s.consent === 'patient-only' ? 'unsigned' : 'signed';
      return {
        id: consent.id,
        status,
        techniques: covered,
        signedAt: consent.patientSignature.signedAt,
        validUntil: consent.validUntil,
      };
    }

    /**
     * A new patient taken through the API to a filled-in draft as the scenario has it: intake, plan, order (under the
     * version care uses), consent, the draft, the day's findings, what the nurse records; then, when the scenario
     * says so, the director approves a new version before the physician signs.
     */
    async function draftAsScenarioSays(s: SessionScenario, templateId: string): Promise<DraftedSession> {
      const { coordinator, physician, nurse } = clinic;
      const now = clock;
      const { technique } = s;
      const { patient } = expectJson<{ patient: { id: string } }>(
        await coordinator.api.post('/api/patients', { ...SESSION_PATIENT, sex: 'male' }),
        201,
      );
      const intakes: IntakeBody[] = [intakeFor(technique, now)];
      expectJson(await physician.api.put(`/api/patients/${patient.id}/intake`, intakes[0]), 200);
      const { technique: _, ...ordered } = typicalOrder(technique);
      const { plan } = expectJson<{ plan: PlanView }>(
        await physician.api.post(`/api/patients/${patient.id}/plans`, {
          goal: { code: goalFor(technique) },
          technique,
          escalationSchedule: [ordered],
          courseSessions: 2,
        }),
        201,
      );
      const orderUrl = `/api/plans/${plan.id}/orders`;
      const { order } = expectJson<{ order: OrderView }>(
        await writeWithOverrides(
          physician.api,
          orderUrl,
          { values: ordered },
          ANSWER_ALL,
          ORDER_WRITE,
          [201],
        ),
        201,
      );
      const consent = await consentAsScenarioSays(s, patient.id, templateId, now);
      const { session } = expectJson<{ session: SessionView }>(
        await nurse.api.post(`/api/orders/${order.id}/sessions`, {}),
        201,
      );
      if (s.intoxicated) {
        const effective = new Date(now.getTime() - HOUR_MS).toISOString();
        intakes.push({ ...intakes[0]!, facts: [{ kind: 'alcoholIntoxication', value: true, effective }] });
        expectJson(await physician.api.put(`/api/patients/${patient.id}/intake`, intakes[1]), 200);
      }
      const administered = s.administered ? dosesAt(s.administered, current.library, technique) : undefined;
      expectJson(
        await nurse.api.patch(`/api/sessions/${session.id}`, {
          startedAt: now.toISOString(),
          ...(consent ? { consentId: consent.id } : {}),
          ...(s.credentials ? { operator: { id: nurse.user.id, credentials: s.credentials } } : {}),
          ...(s.supervised ? { supervisingPhysicianId: physician.user.id } : {}),
          imageGuidance: s.imageGuidance,
          ...(administered ? { administered } : {}),
          vitals: s.vitals,
          checklist: s.checklist,
          ...(s.generatorReading ? { generatorReading: s.generatorReading } : {}),
        }),
        200,
      );
      if (s.edit) await approveVersion(libraryEdits(s.edit, base.library));
      return {
        patientId: patient.id,
        sessionId: session.id,
        startedAt: now,
        ebvMl: ebvOf('male', intakes[0]!),
        intakes,
        consents: consent ? [consent] : [],
        values: administered ?? ordered,
      };
    }

    /** The oracle: the engine, run by the test on what it sent, against the version care uses now. */
    function engineOn(s: SessionScenario, drafted: DraftedSession) {
      const { physician, nurse } = clinic;
      const staff: SessionStaff = {
        ...(s.supervised ? { supervisingPhysicianId: physician.user.id } : {}),
        ...(s.credentials ? { operator: { id: nurse.user.id, credentials: s.credentials } } : {}),
        imageGuidance: s.imageGuidance,
      };
      return checkSession(
        { technique: s.technique, goal: { code: goalFor(s.technique) }, ...drafted.values },
        staff,
        factsFromBodies(
          { id: drafted.patientId, sex: 'male', birthDate: SESSION_PATIENT.birthDate },
          drafted.intakes,
        ),
        { sessions: [], outcomes: [], consents: drafted.consents },
        { library: current.library, asOf: drafted.startedAt },
      );
    }

    test('a session with any hard stop is never signed; a signed one has none and refuses changes', async (t) => {
      const { physician, nurse, director } = clinic;
      const template = expectJson<{ template: { id: string } }>(
        await director.api.post('/api/consent-templates', {
          key: `safety-property-${crypto.randomUUID().slice(0, 8)}`,
          language: 'en',
          title: 'Ozone therapy',
          body: 'Ozone is an adjunct, not a cure. The FDA position… It is never inhaled…',
          techniques: [...SESSION_TECHNIQUES, 'paravertebral-im'],
        }),
        201,
      ).template;

      const counts = { signed: 0, hardStop: 0, overrideRequired: 0 };
      await fc.assert(
        fc.asyncProperty(sessionScenario(), async (s) => {
          tick();
          if (!currentIsBaseCopy) await approveVersion({});
          const drafted = await draftAsScenarioSays(s, template.id);
          const { sessionId } = drafted;
          const engineStops = ruleIdsOf(engineOn(s, drafted).findings);

          const { evaluation: preCheck } = expectJson<{ evaluation: Evaluation }>(
            await physician.api.post(`/api/sessions/${sessionId}/pre-check`),
            200,
          );
          assert.deepEqual(
            ruleIdsOf(preCheck.findings),
            engineStops,
            'the pre-check sees the engine’s hard stops',
          );
          assert.equal(preCheck.library, current.library.version);

          const draftRow = () =>
            store.db.selectFrom('ozone_session').selectAll().where('id', '=', sessionId).execute();
          const draftBefore = await draftRow();
          const signed = await writeWithOverrides(
            physician.api,
            `/api/sessions/${sessionId}/sign`,
            {},
            s.signOverrides,
            { action: 'session.sign', resource: `ozone_session/${sessionId}` },
            [200],
          );
          const readBack = async () =>
            expectJson<{ session: SessionView }>(await physician.api.get(`/api/sessions/${sessionId}`), 200)
              .session;
          const stored = await readBack();

          if (signed.statusCode === 200) {
            counts.signed += 1;
            assert.deepEqual(engineStops, [], 'signed although the engine finds a hard stop');
            assert.equal(stored.status, 'signed');
            assert.equal(stored.libraryVersionId, current.id, 'signed against the version care uses');
            assert.equal(stored.rescreening?.evaluation.signable, true);
            assert.deepEqual(ruleIdsOf(stored.rescreening?.evaluation.findings ?? []), []);
            const { library } = await libraryVersion(stored.libraryVersionId);
            assertWithinHardLimits(
              library,
              s.technique,
              stored.administered,
              drafted.ebvMl,
              'signed session (API)',
            );
            // Signed is final: a change is refused, and nothing changed.
            const change = await nurse.api.patch(`/api/sessions/${sessionId}`, {
              notes: 'changed after signing',
            });
            assert.ok(
              change.statusCode >= 400 && change.statusCode < 500,
              `${change.statusCode} ${change.body}`,
            );
            assert.deepEqual(await readBack(), stored);
          } else {
            assert.equal(stored.status, 'draft', 'a refused signature leaves a draft');
            assert.deepEqual(await draftRow(), draftBefore, 'a refused signature changes nothing');
            if (isProblem(signed, 'clinical-hard-stop')) {
              counts.hardStop += 1;
              const refusedFor = ruleIdsOf(problemOf(signed).findings ?? []);
              assert.deepEqual(
                refusedFor,
                engineStops,
                'the API refuses with exactly the engine’s hard stops',
              );
            } else {
              assert.ok(isProblem(signed, 'override-required'), signed.body);
              counts.overrideRequired += 1;
              assert.deepEqual(engineStops, [], 'a hard stop is reported as such, not as a missing override');
            }
          }
        }),
        {
          ...FC_OPTIONS,
          numRuns: SESSION_RUNS,
          // Both sides every time: a session done by the book (signed), and the same without its supervisor (refused).
          examples: [[BY_THE_BOOK], [{ ...BY_THE_BOOK, supervised: false }]],
        },
      );
      // By SQL over everything the runs stored (once: each run has checked its own session through the API).
      await assertEverythingStoredWithinItsLimits(ebvOf('male', intakeFor('mah', clock)));
      t.diagnostic(`sessions: ${JSON.stringify(counts)}`);
      assert.ok(counts.signed > 0 && counts.hardStop > 0, JSON.stringify(counts));
    });

    // ------------------------------------------------------------ after both: the whole database

    test('no table holds a prohibited technique, and the audit chain verifies', async () => {
      const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and column_name in ('technique', 'techniques')
        order by table_name`.execute(store.db);
      const tables = columns.map((c) => c.table_name);
      for (const expected of ['plan', 'ozone_order', 'ozone_session'])
        assert.ok(tables.includes(expected), `${expected} is scanned (${tables.join(', ')})`);
      for (const { table_name, column_name } of columns) {
        const { rows } = await sql<{ value: unknown }>`
          select to_jsonb(${sql.ref(column_name)}) as value from ${sql.table(table_name)}`.execute(store.db);
        for (const { value } of rows) {
          const techniques = (Array.isArray(value) ? value : [value]) as TechniqueCode[];
          assert.deepEqual(techniques.filter(isProhibited), [], `${table_name}.${column_name}`);
        }
      }
      for (const { library } of await store.db
        .selectFrom('protocol_library_version')
        .select('library')
        .execute())
        assert.deepEqual(library.enabledTechniques.filter(isProhibited), []);

      const verified = await verifyAuditChain(store.db);
      assert.equal(verified.ok, true, JSON.stringify(verified));
      const viaApi = expectJson<{ ok: boolean }>(await clinic.director.api.get('/api/audit/verify'), 200);
      assert.equal(viaApi.ok, true);
    });
  });
}
