import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, test } from 'node:test';
import { CliError } from './cli-error.ts';
import { cdsOptions, cdsWorkersOf } from './serve-command.ts';

describe('O3CARE_CDS_WORKERS', () => {
  test('unset, one worker on a machine with a second core and none on a single core', () => {
    assert.equal(cdsWorkersOf('serve', {}), availableParallelism() > 1 ? 1 : 0);
    assert.equal(cdsWorkersOf('serve', { O3CARE_CDS_WORKERS: ' ' }), availableParallelism() > 1 ? 1 : 0);
  });

  test('a whole number from 0 to 16 is taken as it is', () => {
    assert.equal(cdsWorkersOf('serve', { O3CARE_CDS_WORKERS: '0' }), 0);
    assert.equal(cdsWorkersOf('serve', { O3CARE_CDS_WORKERS: '16' }), 16);
  });

  test('anything else is refused, naming the variable and the value', () => {
    for (const value of ['17', '-1', '1.5', 'two', '1e1']) {
      assert.throws(
        () => cdsWorkersOf('serve', { O3CARE_CDS_WORKERS: value }),
        (error: unknown) =>
          error instanceof CliError &&
          error.message.includes('O3CARE_CDS_WORKERS') &&
          error.message.includes(`"${value}"`),
        value,
      );
    }
  });

  test('a mistyped value is refused even when no CDS client is registered', () => {
    assert.equal(cdsOptions('serve', {}), undefined);
    assert.throws(() => cdsOptions('serve', { O3CARE_CDS_WORKERS: 'one' }), /O3CARE_CDS_WORKERS/);
  });
});
