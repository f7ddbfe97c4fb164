// Who may do what: one table, role × action, tested cell by cell (issue 3). Patients act only inside their own
// record; that compartment check is separate (see actor.ts).

export const ROLES = ['admin', 'medical-director', 'physician', 'nurse', 'coordinator', 'patient'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that handle clinical data must use a second factor (TOTP) to sign in. */
export const CLINICAL_ROLES: readonly Role[] = ['medical-director', 'physician', 'nurse', 'coordinator'];

export const ACTIONS = [
  'user.manage',
  'patient.list',
  'patient.create',
  'patient.read',
  'patient.update',
  'patient.import',
  'intake.write',
  'decision.write',
  'library.read',
  'library.edit',
  'library.approve',
  'plan.write',
  'order.write',
  'consent.write',
  'consent.sign-as-patient',
  'consent.countersign',
  'session.write',
  'session.sign',
  'session.amend',
  'adverse-event.review',
  'outcome.write',
  'report.read',
  'audit.read',
  'access-log.read-own',
] as const;
export type Action = (typeof ACTIONS)[number];

const ALL_CLINICAL: readonly Role[] = ['medical-director', 'physician', 'nurse', 'coordinator'];
const PRESCRIBERS: readonly Role[] = ['medical-director', 'physician'];

/** The permission table. A role not listed for an action is refused (403). */
export const PERMISSIONS: Readonly<Record<Action, readonly Role[]>> = {
  'user.manage': ['admin'],
  'patient.list': ALL_CLINICAL,
  'patient.create': ['medical-director', 'physician', 'coordinator'],
  'patient.read': [...ALL_CLINICAL, 'patient'],
  'patient.update': ['medical-director', 'physician', 'coordinator'],
  // An import registers or matches a traveller and writes the facts screening reads: those who register patients.
  'patient.import': ['medical-director', 'physician', 'coordinator'],
  'intake.write': [...ALL_CLINICAL, 'patient'],
  'decision.write': PRESCRIBERS,
  'library.read': [...ALL_CLINICAL, 'admin'],
  'library.edit': ['medical-director'],
  'library.approve': ['medical-director'],
  'plan.write': PRESCRIBERS,
  'order.write': PRESCRIBERS,
  'consent.write': [...PRESCRIBERS, 'coordinator'],
  'consent.sign-as-patient': ['patient', ...PRESCRIBERS, 'nurse', 'coordinator'],
  'consent.countersign': PRESCRIBERS,
  'session.write': [...PRESCRIBERS, 'nurse'],
  'session.sign': PRESCRIBERS,
  'session.amend': [...PRESCRIBERS, 'nurse'],
  'adverse-event.review': PRESCRIBERS,
  'outcome.write': [...PRESCRIBERS, 'nurse', 'patient'],
  'report.read': ['medical-director', 'physician', 'admin'],
  'audit.read': ['admin', 'medical-director'],
  'access-log.read-own': ['patient'],
};

export const can = (role: Role, action: Action): boolean => PERMISSIONS[action].includes(role);

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);
