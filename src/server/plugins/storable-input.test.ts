import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MAX_JSON_DEPTH, jsonTextProblem, jsonValueProblem } from './storable-input.ts';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

describe('the body check reads the text before walking the value', () => {
  test('it finds the same problem as the full walk, for any JSON value (NULs and lone surrogates included)', () => {
    // `binary` strings reach U+0000 and unpaired surrogates, which JSON.stringify writes as escapes.
    const text = fc.string({ unit: 'binary', maxLength: 6 });
    const value = fc.letrec((tie) => ({
      any: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie('any'), { maxLength: 4 }),
        fc.dictionary(text, tie('any'), { maxKeys: 4 }),
      ),
    })).any;
    fc.assert(
      fc.property(value, (v) => {
        assert.deepEqual(jsonTextProblem(JSON.stringify(v), v, '$.body'), jsonValueProblem(v, '$.body'));
      }),
      { numRuns: 2_000 },
    );
  });

  test('nesting is refused from the level past the limit, with the spot named', () => {
    assert.equal(
      jsonTextProblem(JSON.stringify(nested(MAX_JSON_DEPTH)), nested(MAX_JSON_DEPTH), '$'),
      undefined,
    );
    const deep = nested(MAX_JSON_DEPTH + 1);
    const problem = jsonTextProblem(JSON.stringify(deep), deep, '$');
    assert.match(problem?.message ?? '', /deeper than 64/);
    assert.deepEqual(problem, jsonValueProblem(deep, '$'));
    assert.notEqual(problem?.path, '$');
  });

  test('an escaped NUL or a lone low surrogate in a key or a value is named; an escaped backslash is not a NUL', () => {
    for (const [text, path] of [
      ['{"a":["ok","x\\u0000"]}', '$.a[1]'],
      ['{"a\\udc00":1}', '$.a\udc00'],
      ['{"a":"\\ud83d\\ude00 paired"}', undefined],
      ['{"a":"\\\\u0000 is text"}', undefined],
    ] as const) {
      assert.equal(jsonTextProblem(text, JSON.parse(text), '$')?.path, path, text);
    }
  });
});
