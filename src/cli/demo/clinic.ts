// Builds the demo clinic on an empty database, in the order a real clinic would live it: accounts, the shipped
// template loaded, the first patient seen while the library was still under review, the clinic's version approved by
// the medical director, consent templates for every technique it offers, then the patients' records over the past
// weeks. Every write goes through the production services; the calendar is anchored on the day the demo runs.

import type { Transaction } from 'kysely';
import type { RuleId } from '../../clinical/rule-catalog.ts';
import { RULE_IDS } from '../../clinical/rule-catalog.ts';
import type { TechniqueCode } from '../../clinical/techniques.ts';
import { TECHNIQUES } from '../../clinical/techniques.ts';
import type { User } from '../../server/auth/accounts.ts';
import type { CareContext } from '../../server/services/care-context.ts';
import { createConsentTemplate } from '../../server/services/consent.ts';
import { approve, createDraftFrom, loadTemplate } from '../../server/services/protocol-library.ts';
import type { ConsentTemplate, LibraryVersion } from '../../server/services/record-types.ts';
import type { Store } from '../../store/database.ts';
import type { Database } from '../../store/schema.ts';
import type { ClinicCalendar } from './calendar.ts';
import { clinicCalendar } from './calendar.ts';
import type { Chart, ClinicDesk, ShownIn } from './chart.ts';
import { openChart } from './chart.ts';
import { DEMO_READY, DEMO_STARTED, markDemo } from './clinic-state.ts';
import { seededRandom } from './random.ts';
import type { PatientScenario } from './scenario.ts';
import { SCENARIOS } from './scenarios.ts';
import type { DemoAccount, DemoStaff } from './staff.ts';
import { createPatientAccount, createStaff } from './staff.ts';

/** The seed of the demo's pseudo-random choices: the same clinic on every run (relative to its day). */
export const DEMO_SEED = 0x03ca4e;

/** When the clinic's story begins, in days before today. */
const CLINIC_OPENS = 120;
const TEMPLATE_LOADED = 118;
const LIBRARY_DRAFTED = 110;
const LIBRARY_APPROVED = 109;
const CONSENT_TEMPLATES_WRITTEN = 108;

export interface DemoPatientRecord {
  readonly summary: string;
  readonly name: string;
  readonly patientId: string;
  readonly shows: readonly RuleId[];
  readonly shown: ReadonlyMap<RuleId, ReadonlySet<ShownIn>>;
  readonly notes: readonly string[];
  readonly portalAccount: boolean;
}

export interface DemoClinic {
  readonly today: Date;
  readonly library: LibraryVersion;
  readonly staff: DemoStaff;
  readonly patientAccount: DemoAccount;
  readonly patients: readonly DemoPatientRecord[];
}

const careContext = (user: User, at: Date): CareContext => ({
  actorId: user.id,
  actorRole: user.role,
  at,
  requestId: 'o3care-demo',
  sourceIp: null,
});

/** The template, copied into the clinic's first version and approved by the medical director. */
async function approveClinicLibrary(
  store: Store,
  director: User,
  calendar: ClinicCalendar,
  template: LibraryVersion,
): Promise<LibraryVersion> {
  const draft = await store.db.transaction().execute((trx) =>
    createDraftFrom(
      trx,
      careContext(director, calendar.daysAgo(LIBRARY_DRAFTED, '16:00')),
      template.id,
      {},
      {
        note: 'Reviewed template-1 entry by entry against CLINICAL-REFERENCE.md; adopted unchanged for the demo clinic.',
      },
    ),
  );
  return store.db
    .transaction()
    .execute((trx) =>
      approve(trx, careContext(director, calendar.daysAgo(LIBRARY_APPROVED, '09:00')), draft.id),
    );
}

/** One consent template per technique the approved library offers, with the required discussion. */
async function writeConsentTemplates(
  trx: Transaction<Database>,
  context: CareContext,
  library: LibraryVersion,
): Promise<Map<TechniqueCode, ConsentTemplate>> {
  const templates = new Map<TechniqueCode, ConsentTemplate>();
  for (const technique of library.library.enabledTechniques) {
    const name = TECHNIQUES[technique].name;
    templates.set(
      technique,
      await createConsentTemplate(trx, context, {
        key: technique,
        language: 'en',
        title: `${name}: consent to treatment`,
        body:
          `${name} (${TECHNIQUES[technique].note}). Medical ozone is offered here as an adjunct to your programme, ` +
          'never as a cure. The US FDA considers ozone a toxic gas with no known useful medical application in ' +
          'specific, adjunctive or preventive therapy; it is never inhaled. The evidence for your goal is limited and ' +
          'uncertain; we discussed the alternatives, and you may stop at any time. [Demo text.]',
        techniques: [technique],
      }),
    );
  }
  return templates;
}

/** Runs one part of a scenario's story; a failure names the patient, so a broken scenario is easy to find. */
async function tell(scenario: PatientScenario, part: (chart: Chart) => Promise<void>, chart: Chart) {
  try {
    await part(chart);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`demo scenario "${scenario.summary}": ${reason}`, { cause: error });
  }
}

/** Fails when a scenario claims a rule its stored record does not show. */
function checkClaims(scenario: PatientScenario, chart: Chart): void {
  const missing = scenario.shows.filter((ruleId) => !chart.shown.has(ruleId));
  if (missing.length > 0) {
    throw new Error(`demo scenario "${scenario.summary}" does not show ${missing.join(', ')}`);
  }
}

export async function buildDemoClinic(
  store: Store,
  now: Date,
  scenarios: readonly PatientScenario[] = SCENARIOS,
): Promise<DemoClinic> {
  const calendar = clinicCalendar(now);
  const random = seededRandom(DEMO_SEED);
  await markDemo(store.db, DEMO_STARTED, { today: now.toISOString() }, now);

  const staff = await createStaff(store, calendar.daysAgo(CLINIC_OPENS, '08:00'));
  const director = staff['medical-director'].user;
  const template = await store.db
    .transaction()
    .execute((trx) => loadTemplate(trx, careContext(director, calendar.daysAgo(TEMPLATE_LOADED, '09:00'))));

  const consentTemplates = new Map<TechniqueCode, ConsentTemplate>();
  const desk: ClinicDesk = { db: store.db, staff, calendar, random, consentTemplates };
  let patientAccount: DemoAccount | undefined;
  const charts = new Map<PatientScenario, Chart>();
  const chartFor = async (scenario: PatientScenario): Promise<Chart> => {
    const existing = charts.get(scenario);
    if (existing) return existing;
    const registeredAt = calendar.daysAgo(scenario.registeredDaysAgo, '09:00');
    const chart = await openChart(desk, scenario.patient, registeredAt, () => patientAccount?.user);
    if (scenario.portalAccount) {
      patientAccount = await createPatientAccount(
        store,
        staff.admin.user,
        { id: chart.patientId, displayName: chart.name },
        registeredAt,
      );
    }
    charts.set(scenario, chart);
    return chart;
  };

  for (const scenario of scenarios) {
    if (scenario.beforeLibraryApproval)
      await tell(scenario, scenario.beforeLibraryApproval, await chartFor(scenario));
  }
  const library = await approveClinicLibrary(store, director, calendar, template);
  const written = await store.db
    .transaction()
    .execute((trx) =>
      writeConsentTemplates(
        trx,
        careContext(director, calendar.daysAgo(CONSENT_TEMPLATES_WRITTEN, '11:00')),
        library,
      ),
    );
  for (const [technique, consentTemplate] of written) consentTemplates.set(technique, consentTemplate);

  const patients: DemoPatientRecord[] = [];
  for (const scenario of scenarios) {
    const chart = await chartFor(scenario);
    await tell(scenario, scenario.story, chart);
    checkClaims(scenario, chart);
    patients.push({
      summary: scenario.summary,
      name: chart.name,
      patientId: chart.patientId,
      shows: scenario.shows,
      shown: chart.shown,
      notes: chart.notes,
      portalAccount: scenario.portalAccount === true,
    });
  }
  if (!patientAccount) throw new Error('no demo scenario holds the patient portal account');
  const unshown = RULE_IDS.filter((ruleId) => !patients.some((patient) => patient.shows.includes(ruleId)));
  if (unshown.length > 0) throw new Error(`no demo patient shows ${unshown.join(', ')}`);

  await markDemo(
    store.db,
    DEMO_READY,
    {
      today: now.toISOString(),
      library: library.library.version,
      patients: patients.length,
      usernames: [
        ...Object.values(staff).map((account) => account.user.username),
        patientAccount.user.username,
      ],
    },
    now,
  );
  return { today: now, library, staff, patientAccount, patients };
}
