// Session rules: consent on file for this technique, a supervising physician, a credentialed operator, and image
// guidance for intradiscal work. They apply to a session about to be signed (DESIGN.md workflow step 6).

import { toEpochMs } from '../facts.ts';
import type { Finding } from '../findings.ts';
import { TECHNIQUES } from '../techniques.ts';
import type { Rule } from './rule.ts';
import { finding } from './rule.ts';

/** Adds calendar months in UTC (a consent signed on 31 January is valid until 31 January a year later). */
function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
}

/** `consent.missing`, `consent.expired`, `consent.technique-not-covered` — silent when the caller holds no consents. */
export const consent: Rule = ({ mode, history, order, asOf, library }) => {
  const technique = order?.technique;
  const consents = history.consents;
  if (mode !== 'session' || technique === undefined || consents === undefined) return [];
  const now = asOf.getTime();
  const months = library.settings.consentValidityMonths;
  const signed = consents.filter((c) => c.status !== 'unsigned' && c.signedAt !== undefined);
  const techniques = [technique];
  if (signed.length === 0) {
    return [
      finding('consent.missing', 'hard-stop', {
        techniques,
        message: 'No signed consent is on file.',
        evidence: consents.map((c) => ({ fact: 'consent', value: c.status, resource: `Consent/${c.id}` })),
      }),
    ];
  }
  const covering = signed.filter((c) => c.techniques.includes(technique));
  if (covering.length === 0) {
    return [
      finding('consent.technique-not-covered', 'hard-stop', {
        techniques,
        message: `The signed consent does not cover ${TECHNIQUES[technique].name}.`,
        params: { technique },
        evidence: signed.map((c) => ({
          fact: 'consent-techniques',
          value: c.techniques.join(', '),
          resource: `Consent/${c.id}`,
        })),
      }),
    ];
  }
  const expiryOf = (signedAt: string | undefined, validUntil: string | undefined) => {
    const until = toEpochMs(validUntil);
    const signedMs = toEpochMs(signedAt);
    const byPolicy = signedMs === undefined ? undefined : addMonths(signedMs, months);
    return until === undefined ? byPolicy : byPolicy === undefined ? until : Math.min(until, byPolicy);
  };
  // The patient's latest decision about this technique wins: a withdrawal after a signature stops, a new signature
  // after a withdrawal stands again.
  const latest = [...covering].sort(
    (a, b) => (toEpochMs(b.signedAt) ?? 0) - (toEpochMs(a.signedAt) ?? 0),
  )[0]!;
  const expiry = expiryOf(latest.signedAt, latest.validUntil);
  if (latest.status === 'signed' && expiry !== undefined && now <= expiry) return [];
  const withdrawn = latest.status === 'withdrawn';
  const findings: Finding[] = [
    finding('consent.expired', 'hard-stop', {
      techniques,
      message: withdrawn
        ? 'The consent for this technique was withdrawn.'
        : `The consent has passed its validity (${months} months).`,
      variant: withdrawn ? 'withdrawn' : undefined,
      params: { months },
      evidence: covering.map((c) => ({
        fact: 'consent',
        value: c.status,
        ...(c.signedAt ? { date: c.signedAt } : {}),
        resource: `Consent/${c.id}`,
      })),
    }),
  ];
  return findings;
};

/** `oversight.no-supervising-physician` and `oversight.operator-not-credentialed`. */
export const oversight: Rule = ({ mode, order, staff }) => {
  const technique = order?.technique;
  if (mode !== 'session' || technique === undefined) return [];
  const findings: Finding[] = [];
  if (!staff?.supervisingPhysicianId) {
    findings.push(
      finding('oversight.no-supervising-physician', 'hard-stop', {
        techniques: [technique],
        message: 'No supervising physician is recorded for this session.',
      }),
    );
  }
  const required = TECHNIQUES[technique].operatorCredentials;
  const held = staff?.operator?.credentials ?? [];
  const lacking = required.filter((credential) => !held.includes(credential));
  if (!staff?.operator || lacking.length > 0) {
    findings.push(
      finding('oversight.operator-not-credentialed', 'hard-stop', {
        techniques: [technique],
        message: staff?.operator
          ? `The operator lacks the credential${lacking.length > 1 ? 's' : ''} ${lacking.join(', ')}.`
          : 'No operator is recorded for this session.',
        variant: staff?.operator ? undefined : 'no-operator',
        params: { credentials: lacking.join(', ') },
        evidence: staff?.operator ? [{ fact: 'operator', value: staff.operator.id }] : [],
      }),
    );
  }
  return findings;
};

/** `procedure.image-guidance-required` — image guidance in every verified intradiscal protocol; embolic case reports. */
export const imageGuidance: Rule = ({ mode, order, staff }) => {
  const technique = order?.technique;
  if (mode !== 'session' || technique === undefined || !TECHNIQUES[technique].requiresImageGuidance)
    return [];
  if (staff?.imageGuidance === true) return [];
  return [
    finding('procedure.image-guidance-required', 'hard-stop', {
      techniques: [technique],
      message: 'Intradiscal injection without image guidance recorded.',
      evidence: [{ fact: 'image-guidance', value: false }],
    }),
  ];
};
