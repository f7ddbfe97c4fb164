// Test helper: the CDS Hooks 2.0 field rules every o3care response must keep, as one reusable assertion.
// "Card Attributes": summary under 140 characters, indicator info | warning | critical, a source with a label,
// selectionBehavior whenever there are suggestions, a display on every override reason; "Null and empty JSON
// elements": no null, "", [] or {} anywhere except the top-level `cards` array. Plus SPEC-INTEROP §3: a uuid on every
// card, the topic in o3care's rule code system, the six override reasons on every warning.

import assert from 'node:assert/strict';
import { RULE_SYSTEM } from '../../../clinical/rule-catalog.ts';
import { OVERRIDE_REASON_SYSTEM } from '../../urls.ts';

const OVERRIDE_CODES = [
  'titration-plan',
  'prior-tolerance',
  'specialist-advice',
  'patient-informed-choice',
  'data-error-corrected',
  'other',
];

/** Every path under `value` holding null, "", [] or {}. */
export function emptyValues(value: unknown, path = '$'): string[] {
  if (value === null || value === '') return [path];
  if (Array.isArray(value)) {
    return value.length === 0
      ? [path]
      : value.flatMap((item, index) => emptyValues(item, `${path}[${index}]`));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0
      ? [path]
      : entries.flatMap(([key, item]) => emptyValues(item, `${path}.${key}`));
  }
  return [];
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

interface Card {
  uuid?: unknown;
  summary?: unknown;
  indicator?: unknown;
  source?: { label?: unknown; topic?: { system?: unknown; code?: unknown } };
  suggestions?: {
    label?: unknown;
    uuid?: unknown;
    actions?: { type?: unknown; description?: unknown; resource?: unknown }[];
  }[];
  selectionBehavior?: unknown;
  overrideReasons?: { system?: unknown; code?: unknown; display?: unknown }[];
}

/** Asserts that `body` is a CDS Hooks 2.0 response o3care may send, and returns its cards. */
export function assertCdsResponse(body: unknown): Card[] {
  assert.ok(typeof body === 'object' && body !== null, 'the response is an object');
  const cards = (body as { cards?: unknown }).cards;
  assert.ok(Array.isArray(cards), 'the response has a cards array');
  assert.deepEqual(
    emptyValues(cards, '$.cards').filter((p) => p !== '$.cards'),
    [],
    'no null or empty values',
  );
  const uuids = new Set<unknown>();
  (cards as Card[]).forEach((card, index) => {
    const at = `cards[${index}]`;
    assert.ok(isText(card.uuid), `${at}.uuid`);
    assert.ok(!uuids.has(card.uuid), `${at}.uuid is unique`);
    uuids.add(card.uuid);
    assert.ok(isText(card.summary) && card.summary.length < 140, `${at}.summary is under 140 characters`);
    assert.ok(['info', 'warning', 'critical'].includes(String(card.indicator)), `${at}.indicator`);
    assert.ok(isText(card.source?.label), `${at}.source.label`);
    assert.match(String(card.source?.label), /o3care/, `${at}.source.label names o3care`);
    assert.equal(card.source?.topic?.system, RULE_SYSTEM, `${at}.source.topic.system`);
    assert.ok(isText(card.source?.topic?.code), `${at}.source.topic.code`);
    if (card.suggestions !== undefined) {
      assert.ok(['at-most-one', 'any'].includes(String(card.selectionBehavior)), `${at}.selectionBehavior`);
      for (const suggestion of card.suggestions) {
        assert.ok(isText(suggestion.label) && isText(suggestion.uuid), `${at} suggestion label and uuid`);
        for (const action of suggestion.actions ?? []) {
          assert.ok(['create', 'update', 'delete'].includes(String(action.type)), `${at} action type`);
          assert.ok(isText(action.description), `${at} action description`);
        }
      }
    } else {
      assert.equal(card.selectionBehavior, undefined, `${at}: selectionBehavior only with suggestions`);
    }
    if (card.indicator === 'warning') {
      assert.deepEqual(
        (card.overrideReasons ?? []).map((r) => `${String(r.system)}|${String(r.code)}`),
        OVERRIDE_CODES.map((code) => `${OVERRIDE_REASON_SYSTEM}|${code}`),
        `${at}: a warning offers the six override reasons`,
      );
      for (const reason of card.overrideReasons ?? [])
        assert.ok(isText(reason.display), `${at} reason display`);
    }
  });
  return cards as Card[];
}
