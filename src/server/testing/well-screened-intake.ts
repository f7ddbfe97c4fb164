// The intake body (PUT /api/patients/:id/intake) of a well-screened adult with knee osteoarthritis, for the API tests
// (clinic-api.ts) and the browser tests (e2e/support/care-setup.ts). No imports: the browser tests load it without
// the server, the store or argon2.

const DAY_MS = 86_400_000;

/** A well-screened adult's intake: G6PD normal, weight, height, haemoglobin, every fundamental assessed. */
export function kneeIntake(now: Date) {
  const dated = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  return {
    intake: {
      goal: { code: 'knee-osteoarthritis', text: 'I want to climb stairs without pain' },
      fundamentalsAssessed: [
        'sleep',
        'metabolic-health',
        'movement',
        'diagnostics',
        'rehabilitation',
        'inflammatory-drivers',
      ],
      expectsCure: false,
      oxidativeBurden: 'low',
      unstableMedicalIssues: false,
    },
    facts: [
      {
        kind: 'g6pd',
        value: 'normal',
        effective: dated(400),
        source: 'import',
        provenance: { resource: 'Observation/g6pd' },
      },
      { kind: 'weightKg', value: 80, effective: dated(10) },
      { kind: 'heightCm', value: 180, effective: dated(10) },
      { kind: 'haemoglobinGPerDl', value: 14, effective: dated(10) },
    ],
  };
}
