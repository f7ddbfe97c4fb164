import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseLibrary, parseAsOf } from './args.ts';
import { isCliError } from './cli-error.ts';

const now = () => new Date('2030-01-01T00:00:00Z');

test('--as-of accepts an ISO date-time with a zone, or a date meaning its midnight UTC', () => {
  assert.equal(parseAsOf('check', '2026-11-27T09:00:00Z', now).toISOString(), '2026-11-27T09:00:00.000Z');
  assert.equal(parseAsOf('check', '2026-11-27T10:30+01:00', now).toISOString(), '2026-11-27T09:30:00.000Z');
  assert.equal(parseAsOf('check', '2026-11-27', now).toISOString(), '2026-11-27T00:00:00.000Z');
  assert.equal(parseAsOf('check', undefined, now).toISOString(), '2030-01-01T00:00:00.000Z');
});

test('--as-of refuses local times, impossible dates and other formats as bad input', () => {
  for (const value of [
    '2026-11-27T09:00:00',
    '2026-02-30',
    '2026-13-01T00:00:00Z',
    'yesterday',
    '27.11.2026',
  ]) {
    assert.throws(
      () => parseAsOf('check', value, now),
      (error) => isCliError(error) && error.exitCode === 2 && error.message.includes(value),
    );
  }
});

test('--library template is evaluation only; without it no library is approved', () => {
  const template = chooseLibrary('check', 'template');
  assert.equal(template.evaluationOnly, true);
  assert.equal(template.context.evaluateTemplateAsApproved, true);
  assert.match(template.note, /evaluation only: template-1 treated as approved/);
  const none = chooseLibrary('check', undefined);
  assert.equal(none.evaluationOnly, false);
  assert.equal(none.context.evaluateTemplateAsApproved, undefined);
  assert.match(none.note, /no approved library/);
  assert.throws(() => chooseLibrary('check', 'v2'), isCliError);
});
