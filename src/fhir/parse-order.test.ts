import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Dosage, MedicationRequest, Procedure, Quantity } from '@medplum/fhirtypes';
import { EXT, GOAL, TECHNIQUE, quantityExtension, ucum } from '../../test/fixtures/fhir/builders.ts';
import type { OrderParseResult } from './parse-order.ts';
import { parseOrder } from './parse-order.ts';

const FIXTURES = new URL('../../test/fixtures/fhir/', import.meta.url);
const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;

type Parsed = Extract<OrderParseResult, { ok: true }>;

function expectOk(result: OrderParseResult): Parsed {
  if (!result.ok) assert.fail(`expected ok, got ${result.error.path}: ${result.error.message}`);
  return result;
}

function expectError(result: OrderParseResult): { path: string; message: string } {
  if (result.ok) assert.fail(`expected ok:false, got ${JSON.stringify(result.order)}`);
  return result.error;
}

/** The SPEC-INTEROP §2 example, with its first dosage instruction changed by `change`. */
function specOrder(
  change: (dosage: Dosage, order: MedicationRequest) => void = () => undefined,
): MedicationRequest {
  const order = fixture<MedicationRequest>('order-intra-articular.json');
  const [dosage] = order.dosageInstruction ?? [];
  assert.ok(dosage);
  change(dosage, order);
  return order;
}

const setConcentration = (value: Quantity) => (dosage: Dosage) => {
  dosage.extension = [quantityExtension('ozone-concentration', value)];
};
const setGasVolume = (value: Quantity) => (dosage: Dosage) => {
  dosage.doseAndRate = [{ doseQuantity: value }];
};

describe('ozone orders (MedicationRequest)', () => {
  test('the SPEC-INTEROP example order parses to intra-articular, knee osteoarthritis, 20 µg/mL, 20 mL', () => {
    const result = expectOk(parseOrder(specOrder()));
    assert.equal(result.kind, 'order');
    assert.equal(result.staff, undefined);
    assert.deepEqual(result.order, {
      id: 'draft-1',
      technique: 'intra-articular',
      goal: { code: 'knee-osteoarthritis' },
      concentrationUgPerMl: 20,
      gasVolumeMl: 20,
    });
  });

  test('mg/L is the same concentration as µg/mL, however the micro sign is written', () => {
    for (const quantity of [ucum(25, 'mg/L'), { value: 25, unit: 'µg/mL' }, { value: 25, unit: 'μg/ml' }]) {
      const result = expectOk(parseOrder(specOrder(setConcentration(quantity))));
      assert.equal(result.order.concentrationUgPerMl, 25);
    }
  });

  test('a gas volume in litres is converted to millilitres', () => {
    const result = expectOk(parseOrder(specOrder(setGasVolume(ucum(0.015, 'L')))));
    assert.equal(result.order.gasVolumeMl, 15);
  });

  test('a concentration in % or ppm is rejected, naming the path, the unit and the accepted units', () => {
    for (const unit of ['%', 'ppm']) {
      const error = expectError(parseOrder(specOrder(setConcentration(ucum(20, unit)))));
      assert.equal(error.path, '$.dosageInstruction[0].extension[0].valueQuantity.code');
      assert.ok(error.message.includes(error.path), error.message);
      assert.ok(error.message.includes(`"${unit}"`), error.message);
      assert.match(error.message, /accepted: ug\/mL, mg\/L/);
    }
  });

  test('a gas volume in another unit, or with no unit at all, is rejected', () => {
    const inCc = expectError(parseOrder(specOrder(setGasVolume(ucum(20, 'cm3')))));
    assert.equal(inCc.path, '$.dosageInstruction[0].doseAndRate[0].doseQuantity.code');
    assert.match(inCc.message, /accepted: mL, L/);
    const bare = expectError(parseOrder(specOrder(setGasVolume({ value: 20 }))));
    assert.equal(bare.path, '$.dosageInstruction[0].doseAndRate[0].doseQuantity.unit');
    assert.match(bare.message, /has no unit/);
  });

  test('a negative, non-numeric or NaN value is rejected with its path', () => {
    const negative = expectError(parseOrder(specOrder(setGasVolume(ucum(-5, 'mL')))));
    assert.equal(negative.path, '$.dosageInstruction[0].doseAndRate[0].doseQuantity.value');
    assert.match(negative.message, /negative/);
    const text = expectError(
      parseOrder(specOrder(setConcentration({ ...ucum(0, 'ug/mL'), value: '20' as unknown as number }))),
    );
    assert.equal(text.path, '$.dosageInstruction[0].extension[0].valueQuantity.value');
    const nan = expectError(parseOrder(specOrder(setConcentration(ucum(Number.NaN, 'ug/mL')))));
    assert.equal(nan.path, '$.dosageInstruction[0].extension[0].valueQuantity.value');
  });

  test('an unknown technique code is rejected; no technique at all is left for the engine to report', () => {
    const unknown = expectError(
      parseOrder(
        specOrder((dosage) => {
          dosage.method = { coding: [{ system: TECHNIQUE, code: 'ozone-sauna' }] };
        }),
      ),
    );
    assert.equal(unknown.path, '$.dosageInstruction[0].method.coding[0].code');
    assert.match(unknown.message, /"ozone-sauna" is not an o3care technique/);
    const none = expectOk(parseOrder(specOrder((dosage) => delete dosage.method)));
    assert.equal(none.order.technique, undefined);
  });

  test('an order with no dose values parses; missing values are findings for the engine, not errors', () => {
    const result = expectOk(
      parseOrder(
        specOrder((_, order) => {
          delete order.dosageInstruction;
          delete order.extension;
        }),
      ),
    );
    assert.deepEqual(result.order, { id: 'draft-1', technique: undefined });
  });

  test('blood volume, duration and the goal in the patient’s words are read', () => {
    const result = expectOk(
      parseOrder(
        specOrder((dosage, order) => {
          dosage.method = { coding: [{ system: TECHNIQUE, code: 'mah' }] };
          dosage.extension = [
            quantityExtension('ozone-concentration', ucum(30, 'ug/mL')),
            quantityExtension('blood-volume', ucum(0.2, 'L')),
          ];
          dosage.timing = { repeat: { duration: 0.5, durationUnit: 'h' } };
          order.reasonCode = [{ text: 'Recover after chemotherapy' }];
          order.extension = [
            { url: EXT('ozone-goal'), valueCoding: { system: GOAL, code: 'recovery-support' } },
          ];
        }),
      ),
    );
    assert.deepEqual(result.order, {
      id: 'draft-1',
      technique: 'mah',
      goal: { code: 'recovery-support', text: 'Recover after chemotherapy' },
      concentrationUgPerMl: 30,
      gasVolumeMl: 20,
      bloodVolumeMl: 200,
      durationMin: 30,
    });
  });

  test('durations in seconds convert to minutes; days are rejected', () => {
    const seconds = expectOk(
      parseOrder(specOrder((dosage) => (dosage.timing = { repeat: { duration: 90, durationUnit: 's' } }))),
    );
    assert.equal(seconds.order.durationMin, 1.5);
    const days = expectError(
      parseOrder(specOrder((dosage) => (dosage.timing = { repeat: { duration: 1, durationUnit: 'd' } }))),
    );
    assert.equal(days.path, '$.dosageInstruction[0].timing.repeat.durationUnit');
    assert.match(days.message, /accepted: min, h, s/);
  });

  test('an unknown goal code is rejected', () => {
    const error = expectError(
      parseOrder(
        specOrder((_, order) => {
          order.extension = [{ url: EXT('ozone-goal'), valueCoding: { system: GOAL, code: 'longevity' } }];
        }),
      ),
    );
    assert.equal(error.path, '$.extension[0].valueCoding.code');
  });

  test('an order that could hide a second dose is rejected rather than half-checked', () => {
    const twoDosages = expectError(
      parseOrder(specOrder((dosage, order) => order.dosageInstruction?.push({ ...dosage }))),
    );
    assert.equal(twoDosages.path, '$.dosageInstruction[1]');
    const twoConcentrations = expectError(
      parseOrder(
        specOrder((dosage) =>
          dosage.extension?.push(quantityExtension('ozone-concentration', ucum(80, 'ug/mL'))),
        ),
      ),
    );
    assert.equal(twoConcentrations.path, '$.dosageInstruction[0].extension');
    const range = expectError(
      parseOrder(
        specOrder(
          (dosage) => (dosage.doseAndRate = [{ doseRange: { low: ucum(5, 'mL'), high: ucum(50, 'mL') } }]),
        ),
      ),
    );
    assert.equal(range.path, '$.dosageInstruction[0].doseAndRate[0].doseRange');
  });

  test('a MedicationRequest for another drug is not an ozone order', () => {
    const error = expectError(
      parseOrder(
        specOrder((_, order) => {
          order.medicationCodeableConcept = { text: 'TEVA-NYSTATIN' };
        }),
      ),
    );
    assert.equal(error.path, '$.medicationCodeableConcept');
    assert.match(error.message, /not an ozone order/);
  });

  test('ozone named by a contained Medication is an ozone order', () => {
    const result = expectOk(
      parseOrder(
        specOrder((_, order) => {
          delete order.medicationCodeableConcept;
          order.contained = [
            {
              resourceType: 'Medication',
              id: 'o3',
              code: {
                coding: [{ system: 'https://o3care.org/fhir/CodeSystem/medication', code: 'medical-ozone' }],
              },
            },
          ];
          order.medicationReference = { reference: '#o3' };
        }),
      ),
    );
    assert.equal(result.order.technique, 'intra-articular');
  });
});

describe('sessions about to be signed (Procedure)', () => {
  const sessionFixture = (): Procedure => fixture<Procedure>('session-intradiscal.json');

  test('an intradiscal session in progress gives its values, its supervising physician, operator and image guidance', () => {
    const result = expectOk(parseOrder(sessionFixture()));
    assert.equal(result.kind, 'session');
    assert.deepEqual(result.order, {
      id: 'session-7',
      technique: 'intradiscal',
      goal: { code: 'low-back-pain', text: 'Disc herniation L4-L5, radicular pain for 4 months' },
      concentrationUgPerMl: 27,
      gasVolumeMl: 3,
      durationMin: 20,
    });
    assert.deepEqual(result.staff, {
      supervisingPhysicianId: 'Practitioner/dr-ortega',
      operator: { id: 'Practitioner/dr-ortega', credentials: ['intradiscal-procedures', 'fluoroscopy'] },
      imageGuidance: true,
    });
  });

  test('a session without performers has empty staff, for the oversight rules to flag', () => {
    const procedure = sessionFixture();
    delete procedure.performer;
    procedure.extension = procedure.extension?.filter((extension) => extension.url !== EXT('image-guidance'));
    assert.deepEqual(expectOk(parseOrder(procedure)).staff, {});
  });

  test('a completed Procedure is an earlier session, not one to check', () => {
    const procedure = { ...sessionFixture(), status: 'completed' as const };
    const error = expectError(parseOrder(procedure));
    assert.equal(error.path, '$.status');
    assert.match(error.message, /earlier session/);
  });

  test('a Procedure without a technique code is not an ozone session', () => {
    const procedure = { ...sessionFixture(), code: { text: 'Knee arthroscopy' } };
    assert.equal(expectError(parseOrder(procedure)).path, '$.code');
  });

  test('an operator without an actor, or two different operators, are rejected', () => {
    const noActor = sessionFixture();
    const operatorWithoutActor = noActor.performer?.[1] as { actor?: unknown } | undefined;
    delete operatorWithoutActor?.actor;
    assert.equal(expectError(parseOrder(noActor)).path, '$.performer[1].actor.reference');
    const twoOperators = sessionFixture();
    const operator = twoOperators.performer?.[1];
    assert.ok(operator);
    twoOperators.performer?.push({ ...operator, actor: { reference: 'Practitioner/someone-else' } });
    assert.equal(expectError(parseOrder(twoOperators)).path, '$.performer[3]');
  });

  test('a session value in an unaccepted unit is rejected like an order value', () => {
    const procedure = sessionFixture();
    procedure.extension = [quantityExtension('gas-volume', ucum(3, 'cm3'))];
    assert.equal(expectError(parseOrder(procedure)).path, '$.extension[0].valueQuantity.code');
  });
});

describe('inputs that are neither', () => {
  test('anything else is rejected with a clear message', () => {
    assert.equal(expectError(parseOrder('order')).path, '$');
    assert.equal(expectError(parseOrder(null)).path, '$');
    const patient = expectError(parseOrder({ resourceType: 'Patient', id: 'p1' }));
    assert.equal(patient.path, '$.resourceType');
    assert.match(patient.message, /MedicationRequest.*Procedure.*"Patient"/);
  });
});
