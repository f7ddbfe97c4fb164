// Session rules of SPEC-CLINICAL §6: consent on file for this technique, a supervising physician, a credentialed
// operator, and image guidance for intradiscal work. They apply to checkSession only, never to checkOrder, and the
// consent rules stay silent when the caller holds no consent records at all (history.consents undefined).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CareHistory, SessionStaff } from '../care.ts';
import type { ConsentRecord } from '../facts.ts';
import type { RuleId } from '../rule-catalog.ts';
import type { TechniqueCode } from '../techniques.ts';
import {
  AS_OF,
  daysAgo,
  emptyHistory,
  findingsOf,
  fired,
  fullStaff,
  order,
  screenedPatient,
  session,
  severityFor,
  signedConsent,
  typicalOrder,
} from '../testing/builders.ts';

// A back-pain patient: paravertebral and intradiscal injections both fit the goal.
const patient = screenedPatient({}, 'low-back-pain');

const withConsents = (...consents: ConsentRecord[]): CareHistory => emptyHistory({ consents });

/** Signs off a typical session of `technique` with these consents (undefined: none held) and staff. */
const sign = (technique: TechniqueCode, history: CareHistory, staff: SessionStaff = fullStaff()) =>
  session(typicalOrder(technique), patient, history, staff);

/** The same values checked as an order (no staff, order mode). */
const asOrder = (technique: TechniqueCode, history: CareHistory) =>
  order(typicalOrder(technique), patient, history);

function only(evaluation: ReturnType<typeof session>, ruleId: RuleId) {
  const found = findingsOf(evaluation, ruleId);
  assert.equal(found.length, 1, `${ruleId} should fire exactly once`);
  return found[0]!;
}

const CONSENT_RULES: readonly RuleId[] = [
  'consent.missing',
  'consent.expired',
  'consent.technique-not-covered',
];

describe('consent.missing', () => {
  test('a paravertebral session with no consent on file is stopped', () => {
    const result = sign('paravertebral-im', withConsents());
    const f = only(result, 'consent.missing');
    assert.equal(f.severity, 'hard-stop');
    assert.deepEqual(f.techniques, ['paravertebral-im']);
    assert.deepEqual(f.evidence, []);
    assert.equal(result.signable, false);
  });

  test('a consent form handed out but never signed counts as no consent', () => {
    const unsigned = signedConsent(['paravertebral-im'], daysAgo(5), { status: 'unsigned' });
    const f = only(sign('paravertebral-im', withConsents(unsigned)), 'consent.missing');
    assert.deepEqual(f.evidence, [{ fact: 'consent', value: 'unsigned', resource: 'Consent/c1' }]);
  });

  test('a signed consent covering the technique satisfies it, and the session can be signed', () => {
    const result = sign('paravertebral-im', withConsents(signedConsent(['paravertebral-im'])));
    for (const rule of CONSENT_RULES) assert.equal(fired(result, rule), false, rule);
    assert.equal(result.signable, true);
  });

  test('boundary: the same consent record stops the session while unsigned and passes once signed', () => {
    const record = (status: ConsentRecord['status']) =>
      signedConsent(['paravertebral-im'], daysAgo(1), { status });
    assert.equal(fired(sign('paravertebral-im', withConsents(record('unsigned'))), 'consent.missing'), true);
    assert.equal(fired(sign('paravertebral-im', withConsents(record('signed'))), 'consent.missing'), false);
  });

  test('silent when the caller holds no consent records at all (an outside EHR)', () => {
    const result = sign('paravertebral-im', emptyHistory({ consents: undefined }));
    for (const rule of CONSENT_RULES) assert.equal(fired(result, rule), false, rule);
    assert.equal(result.signable, true);
  });

  test('checking an order does not ask for consent: that is a session check', () => {
    assert.equal(fired(asOrder('paravertebral-im', withConsents()), 'consent.missing'), false);
  });
});

describe('consent.expired', () => {
  test('a consent signed 13 months ago is stopped: it has passed its 12-month validity', () => {
    const old = signedConsent(['paravertebral-im'], daysAgo(396));
    const result = sign('paravertebral-im', withConsents(old));
    const f = only(result, 'consent.expired');
    assert.equal(f.severity, 'hard-stop');
    assert.deepEqual(f.techniques, ['paravertebral-im']);
    assert.equal(f.messageKey, 'rules.consent.expired');
    assert.deepEqual(f.params, { months: 12 });
    assert.deepEqual(f.evidence, [
      { fact: 'consent', value: 'signed', date: old.signedAt, resource: 'Consent/c1' },
    ]);
    assert.equal(result.signable, false);
  });

  test('a withdrawn consent stops the session, with its own message', () => {
    const withdrawn = signedConsent(['paravertebral-im'], daysAgo(30), { status: 'withdrawn' });
    const result = sign('paravertebral-im', withConsents(withdrawn));
    const f = only(result, 'consent.expired');
    assert.equal(f.severity, 'hard-stop');
    assert.equal(f.messageKey, 'rules.consent.expired.withdrawn');
    assert.equal(fired(result, 'consent.missing'), false, 'it was signed, then withdrawn');
    assert.equal(result.signable, false);
  });

  test('a consent whose own end date has passed is expired even inside 12 months', () => {
    const ended = signedConsent(['paravertebral-im'], daysAgo(180), { validUntil: daysAgo(1) });
    assert.equal(
      severityFor(sign('paravertebral-im', withConsents(ended)), 'consent.expired', 'paravertebral-im'),
      'hard-stop',
    );
  });

  test('a consent signed a month ago is valid', () => {
    assert.equal(
      fired(sign('paravertebral-im', withConsents(signedConsent(['paravertebral-im']))), 'consent.expired'),
      false,
    );
  });

  test('boundary: signed exactly 12 calendar months before the session passes; one millisecond earlier it has expired', () => {
    const exactlyAYear = new Date(Date.UTC(2025, 10, 27, 9, 0, 0)).toISOString();
    assert.equal(AS_OF.toISOString(), '2026-11-27T09:00:00.000Z');
    assert.equal(
      fired(
        sign('paravertebral-im', withConsents(signedConsent(['paravertebral-im'], exactlyAYear))),
        'consent.expired',
      ),
      false,
    );
    const justOver = new Date(Date.parse(exactlyAYear) - 1).toISOString();
    assert.equal(
      fired(
        sign('paravertebral-im', withConsents(signedConsent(['paravertebral-im'], justOver))),
        'consent.expired',
      ),
      true,
    );
    const aDayOver = new Date(Date.UTC(2025, 10, 26, 9, 0, 0)).toISOString();
    assert.equal(
      fired(
        sign('paravertebral-im', withConsents(signedConsent(['paravertebral-im'], aDayOver))),
        'consent.expired',
      ),
      true,
    );
  });

  test('a new consent signed after an earlier withdrawal stands', () => {
    const withdrawn = signedConsent(['paravertebral-im'], daysAgo(200), { id: 'c-old', status: 'withdrawn' });
    const renewed = signedConsent(['paravertebral-im'], daysAgo(10), { id: 'c-new' });
    assert.equal(fired(sign('paravertebral-im', withConsents(withdrawn, renewed)), 'consent.expired'), false);
  });

  // ENGINE BUG (reported): any standing signed consent wins, even one older than a later withdrawal.
  test('a withdrawal signed after the standing consent stops the session: the patient’s latest decision wins', () => {
    const earlier = signedConsent(['paravertebral-im'], daysAgo(60), { id: 'c-first' });
    const withdrawn = signedConsent(['paravertebral-im'], daysAgo(10), {
      id: 'c-renewal',
      status: 'withdrawn',
    });
    const result = sign('paravertebral-im', withConsents(earlier, withdrawn));
    assert.equal(severityFor(result, 'consent.expired', 'paravertebral-im'), 'hard-stop');
    assert.equal(result.signable, false);
  });

  test('silent when the caller holds no consent records, and never raised when checking an order', () => {
    assert.equal(fired(sign('paravertebral-im', emptyHistory()), 'consent.expired'), false);
    const old = withConsents(signedConsent(['paravertebral-im'], daysAgo(400)));
    assert.equal(fired(asOrder('paravertebral-im', old), 'consent.expired'), false);
  });
});

describe('consent.technique-not-covered', () => {
  test('an intradiscal session on a consent for paravertebral injections only is stopped', () => {
    const result = sign('intradiscal', withConsents(signedConsent(['paravertebral-im'])));
    const f = only(result, 'consent.technique-not-covered');
    assert.equal(f.severity, 'hard-stop');
    assert.deepEqual(f.techniques, ['intradiscal']);
    assert.deepEqual(f.params, { technique: 'intradiscal' });
    assert.deepEqual(f.evidence, [
      { fact: 'consent-techniques', value: 'paravertebral-im', resource: 'Consent/c1' },
    ]);
    assert.equal(result.signable, false);
  });

  test('a consent naming both injections covers the intradiscal session', () => {
    const result = sign('intradiscal', withConsents(signedConsent(['paravertebral-im', 'intradiscal'])));
    assert.equal(fired(result, 'consent.technique-not-covered'), false);
    assert.equal(result.signable, true);
  });

  test('boundary: adding a second signed consent that names the technique lifts the stop', () => {
    const paravertebral = signedConsent(['paravertebral-im'], daysAgo(30), { id: 'c1' });
    const intradiscal = signedConsent(['intradiscal'], daysAgo(2), { id: 'c2' });
    assert.equal(
      fired(sign('intradiscal', withConsents(paravertebral)), 'consent.technique-not-covered'),
      true,
    );
    assert.equal(
      fired(sign('intradiscal', withConsents(paravertebral, intradiscal)), 'consent.technique-not-covered'),
      false,
    );
  });

  test('an expired consent that names the technique is expired, not "not covered"', () => {
    const result = sign('intradiscal', withConsents(signedConsent(['intradiscal'], daysAgo(400))));
    assert.equal(fired(result, 'consent.technique-not-covered'), false);
    assert.equal(fired(result, 'consent.expired'), true);
  });

  test('silent when the caller holds no consent records, and never raised when checking an order', () => {
    assert.equal(fired(sign('intradiscal', emptyHistory()), 'consent.technique-not-covered'), false);
    const other = withConsents(signedConsent(['paravertebral-im']));
    assert.equal(fired(asOrder('intradiscal', other), 'consent.technique-not-covered'), false);
  });
});

const consented = (technique: TechniqueCode) => withConsents(signedConsent([technique]));

describe('oversight.no-supervising-physician', () => {
  test('a paravertebral session with no supervising physician recorded is stopped', () => {
    const { supervisingPhysicianId: _none, ...staff } = fullStaff();
    const result = sign('paravertebral-im', consented('paravertebral-im'), staff);
    const f = only(result, 'oversight.no-supervising-physician');
    assert.equal(f.severity, 'hard-stop');
    assert.deepEqual(f.techniques, ['paravertebral-im']);
    assert.equal(result.signable, false);
  });

  test('a session with a supervising physician is not flagged', () => {
    assert.equal(
      fired(sign('paravertebral-im', consented('paravertebral-im')), 'oversight.no-supervising-physician'),
      false,
    );
  });

  test('boundary: an empty physician id is no physician; any id passes', () => {
    const staffWith = (id: string): SessionStaff => ({ ...fullStaff(), supervisingPhysicianId: id });
    assert.equal(
      fired(
        sign('paravertebral-im', consented('paravertebral-im'), staffWith('')),
        'oversight.no-supervising-physician',
      ),
      true,
    );
    assert.equal(
      fired(
        sign('paravertebral-im', consented('paravertebral-im'), staffWith('Practitioner/x')),
        'oversight.no-supervising-physician',
      ),
      false,
    );
  });

  test('checking an order (no staff yet) does not raise it', () => {
    assert.equal(
      fired(asOrder('paravertebral-im', consented('paravertebral-im')), 'oversight.no-supervising-physician'),
      false,
    );
  });
});

describe('oversight.operator-not-credentialed', () => {
  test('an intradiscal session run by an operator without the intradiscal-procedures credential is stopped', () => {
    const staff = fullStaff(['ozone-therapy']);
    const result = sign('intradiscal', consented('intradiscal'), staff);
    const f = only(result, 'oversight.operator-not-credentialed');
    assert.equal(f.severity, 'hard-stop');
    assert.deepEqual(f.techniques, ['intradiscal']);
    assert.deepEqual(f.params, { credentials: 'intradiscal-procedures' });
    assert.deepEqual(f.evidence, [{ fact: 'operator', value: 'Practitioner/nurse-b' }]);
    assert.equal(result.signable, false);
  });

  test('a session with no operator recorded is stopped, with its own message', () => {
    const { operator: _none, ...staff } = fullStaff();
    const f = only(
      sign('paravertebral-im', consented('paravertebral-im'), staff),
      'oversight.operator-not-credentialed',
    );
    assert.equal(f.messageKey, 'rules.oversight.operator-not-credentialed.no-operator');
    assert.deepEqual(f.evidence, []);
  });

  test('an ozone-therapy-trained operator may run a paravertebral session', () => {
    const result = sign('paravertebral-im', consented('paravertebral-im'), fullStaff(['ozone-therapy']));
    assert.equal(fired(result, 'oversight.operator-not-credentialed'), false);
    assert.equal(result.signable, true);
  });

  test('boundary: exactly the required credentials pass; missing any one of them stops', () => {
    assert.equal(
      fired(
        sign('intradiscal', consented('intradiscal'), fullStaff(['ozone-therapy', 'intradiscal-procedures'])),
        'oversight.operator-not-credentialed',
      ),
      false,
    );
    const lacksTraining = only(
      sign('intradiscal', consented('intradiscal'), fullStaff(['intradiscal-procedures'])),
      'oversight.operator-not-credentialed',
    );
    assert.deepEqual(lacksTraining.params, { credentials: 'ozone-therapy' });
    assert.deepEqual(
      only(
        sign('paravertebral-im', consented('paravertebral-im'), fullStaff([])),
        'oversight.operator-not-credentialed',
      ).params,
      { credentials: 'ozone-therapy' },
    );
  });

  test('checking an order (no staff yet) does not raise it', () => {
    assert.equal(
      fired(asOrder('intradiscal', consented('intradiscal')), 'oversight.operator-not-credentialed'),
      false,
    );
  });
});

describe('procedure.image-guidance-required', () => {
  test('an intradiscal injection without image guidance recorded is stopped', () => {
    const staff: SessionStaff = { ...fullStaff(), imageGuidance: false };
    const result = sign('intradiscal', consented('intradiscal'), staff);
    const f = only(result, 'procedure.image-guidance-required');
    assert.equal(f.severity, 'hard-stop');
    assert.deepEqual(f.techniques, ['intradiscal']);
    assert.deepEqual(f.evidence, [{ fact: 'image-guidance', value: false }]);
    assert.equal(result.signable, false);
  });

  test('an intradiscal injection under image guidance, by a credentialed physician with consent, can be signed', () => {
    const result = sign('intradiscal', consented('intradiscal'));
    assert.equal(fired(result, 'procedure.image-guidance-required'), false);
    assert.equal(result.signable, true);
  });

  test('boundary: guidance not recorded at all stops like "no guidance"; only true passes', () => {
    const { imageGuidance: _unrecorded, ...staff } = fullStaff();
    assert.equal(
      fired(sign('intradiscal', consented('intradiscal'), staff), 'procedure.image-guidance-required'),
      true,
    );
    assert.equal(
      fired(
        sign('intradiscal', consented('intradiscal'), { ...staff, imageGuidance: true }),
        'procedure.image-guidance-required',
      ),
      false,
    );
  });

  test('other injections do not need image guidance', () => {
    const staff: SessionStaff = { ...fullStaff(), imageGuidance: false };
    assert.equal(
      fired(
        sign('paravertebral-im', consented('paravertebral-im'), staff),
        'procedure.image-guidance-required',
      ),
      false,
    );
  });

  test('checking an intradiscal order does not raise it: guidance is recorded on the session', () => {
    assert.equal(
      fired(asOrder('intradiscal', consented('intradiscal')), 'procedure.image-guidance-required'),
      false,
    );
  });
});
