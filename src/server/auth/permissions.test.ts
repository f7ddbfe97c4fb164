import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Action } from './permissions.ts';
import { ACTIONS, CLINICAL_ROLES, can, isRole, PERMISSIONS, ROLES } from './permissions.ts';

// The permission table written out by hand, cell by cell, so that any edit of permissions.ts has to be made twice.
// Columns, in this order:  admin, medical-director, physician, nurse, coordinator, patient.   x = allowed, . = 403
const COLUMNS = ['admin', 'medical-director', 'physician', 'nurse', 'coordinator', 'patient'] as const;
// prettier-ignore
const EXPECTED: Record<Action, string> = {
  //                           adm md phy nur crd pat
  'user.manage':              'x  .  .   .   .   .',
  'patient.list':             '.  x  x   x   x   .',
  'patient.create':           '.  x  x   .   x   .',
  'patient.read':             '.  x  x   x   x   x',
  'patient.update':           '.  x  x   .   x   .',
  'patient.import':           '.  x  x   .   x   .',
  'intake.write':             '.  x  x   x   x   x',
  'decision.write':           '.  x  x   .   .   .',
  'library.read':             'x  x  x   x   x   .',
  'library.edit':             '.  x  .   .   .   .',
  'library.approve':          '.  x  .   .   .   .',
  'plan.write':               '.  x  x   .   .   .',
  'order.write':              '.  x  x   .   .   .',
  'consent.write':            '.  x  x   .   x   .',
  'consent.sign-as-patient':  '.  x  x   x   x   x',
  'consent.countersign':      '.  x  x   .   .   .',
  'session.write':            '.  x  x   x   .   .',
  'session.sign':             '.  x  x   .   .   .',
  'session.amend':            '.  x  x   x   .   .',
  'adverse-event.review':     '.  x  x   .   .   .',
  'outcome.write':            '.  x  x   x   .   x',
  'report.read':              'x  x  x   .   .   .',
  'audit.read':               'x  x  .   .   .   .',
  'access-log.read-own':      '.  .  .   .   .   x',
};

describe('the permission table', () => {
  test('has exactly the six roles and the actions written out here', () => {
    assert.deepEqual([...ROLES], [...COLUMNS]);
    assert.deepEqual([...ACTIONS].sort(), Object.keys(EXPECTED).sort());
    assert.deepEqual(Object.keys(PERMISSIONS).sort(), Object.keys(EXPECTED).sort());
  });

  for (const action of ACTIONS) {
    const marks = EXPECTED[action].split(/\s+/);
    test(`${action}: ${COLUMNS.filter((_, i) => marks[i] === 'x').join(', ') || 'nobody'}`, () => {
      assert.equal(marks.length, COLUMNS.length, `row ${action} needs one mark per role`);
      COLUMNS.forEach((role, i) =>
        assert.equal(can(role, action), marks[i] === 'x', `${role} × ${action} should be ${marks[i]}`),
      );
    });
  }

  test('clinical roles, who must use TOTP, are everyone but the administrator and the patient', () => {
    assert.deepEqual([...CLINICAL_ROLES].sort(), ['coordinator', 'medical-director', 'nurse', 'physician']);
  });

  test('only the six role names are roles', () => {
    for (const role of ROLES) assert.equal(isRole(role), true);
    for (const value of ['Admin', 'root', '', null, 3, 'patient ']) assert.equal(isRole(value), false);
  });
});
