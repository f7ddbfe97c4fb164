// The CDS Hooks 2.0 services o3care offers (SPEC-INTEROP §3) and the discovery document that lists them
// (CDS Hooks 2.0, "Discovery": `hook`, `title`, `description`, `id`, `prefetch`; nothing null or empty).

import { INTAKE_QUESTIONNAIRE } from '../urls.ts';

export const CDS_SERVICE_IDS = ['ozone-screen', 'ozone-order-check'] as const;
export type CdsServiceId = (typeof CDS_SERVICE_IDS)[number];

export const CDS_HOOKS = ['patient-view', 'order-select', 'order-sign'] as const;
export type CdsHook = (typeof CDS_HOOKS)[number];

export const isCdsServiceId = (value: string): value is CdsServiceId =>
  (CDS_SERVICE_IDS as readonly string[]).includes(value);

/**
 * The prefetch templates of SPEC-INTEROP §3, the same for both services: the record `o3care check` reads, as
 * searches a CDS client can answer with its own FHIR server.
 */
export const PREFETCH_TEMPLATES = {
  patient: 'Patient/{{context.patientId}}',
  conditions: 'Condition?patient={{context.patientId}}',
  observations: 'Observation?patient={{context.patientId}}',
  medications: 'MedicationStatement?patient={{context.patientId}}',
  allergies: 'AllergyIntolerance?patient={{context.patientId}}',
  procedures: 'Procedure?patient={{context.patientId}}',
} as const;

export type PrefetchKey = keyof typeof PREFETCH_TEMPLATES;
export const PREFETCH_KEYS = Object.keys(PREFETCH_TEMPLATES) as PrefetchKey[];

/**
 * Asked for beyond §3 and read when sent, never required: the intake holds the goal, expectations and fundamentals
 * that several screening rules read (without it `o3care check` and this service both judge the goal unrecorded).
 */
export const OPTIONAL_PREFETCH_TEMPLATES = {
  intake: `QuestionnaireResponse?patient={{context.patientId}}&questionnaire=${INTAKE_QUESTIONNAIRE}`,
} as const;

export type OptionalPrefetchKey = keyof typeof OPTIONAL_PREFETCH_TEMPLATES;
export const OPTIONAL_PREFETCH_KEYS = Object.keys(OPTIONAL_PREFETCH_TEMPLATES) as OptionalPrefetchKey[];

/**
 * The hooks each service answers. CDS Hooks 2.0 gives a discovery entry exactly one `hook`, while SPEC-INTEROP §3
 * asks for one id serving order-select and order-sign: the entry names order-sign (the last moment to stop an
 * order) and the one id accepts both (docs/decisions/0010-cds-hooks.md).
 */
export const SERVICE_HOOKS: Readonly<Record<CdsServiceId, readonly CdsHook[]>> = {
  'ozone-screen': ['patient-view'],
  'ozone-order-check': ['order-sign', 'order-select'],
};

/** The `extension` key (CDS Hooks 2.0, "Extensions") that lists every hook a service id accepts. */
export const HOOKS_EXTENSION = 'org.o3care.hooks';

export interface CdsServiceDescription {
  readonly hook: CdsHook;
  readonly title: string;
  readonly description: string;
  readonly id: CdsServiceId;
  readonly prefetch: Readonly<Record<PrefetchKey | OptionalPrefetchKey, string>>;
  readonly usageRequirements: string;
  readonly extension: { readonly [HOOKS_EXTENSION]: readonly CdsHook[] };
}

const USAGE =
  'Registered clients only (signed JWT, ES384 or RS384). Send every prefetch key but intake (null when there is ' +
  'no data), or omit prefetch when context.patientId is an o3care patient id.';

const DESCRIPTIONS: Readonly<Record<CdsServiceId, { title: string; description: string }>> = {
  'ozone-screen': {
    title: 'o3care ozone therapy screening',
    description:
      'Eligibility for each ozone technique the clinic offers: contraindications, cautions and missing data, ' +
      'from the clinic’s approved protocol library.',
  },
  'ozone-order-check': {
    title: 'o3care ozone order check',
    description:
      'Checks each draft medical-ozone MedicationRequest against the screening rules and the dose, course and ' +
      'interval limits of the approved protocol library, with an in-limit suggestion for dose findings. Also ' +
      'answers order-select at the same id.',
  },
};

export function discoveryDocument(): { readonly services: readonly CdsServiceDescription[] } {
  return {
    services: CDS_SERVICE_IDS.map((id) => {
      const hooks = SERVICE_HOOKS[id];
      return {
        hook: hooks[0]!,
        ...DESCRIPTIONS[id],
        id,
        prefetch: { ...PREFETCH_TEMPLATES, ...OPTIONAL_PREFETCH_TEMPLATES },
        usageRequirements: USAGE,
        extension: { [HOOKS_EXTENSION]: hooks },
      };
    }),
  };
}
