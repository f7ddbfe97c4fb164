// Turns facts into the evidence a finding carries: which resource said what, and when.

import type { Fact } from '../facts.ts';
import type { Evidence } from '../findings.ts';

export function evidenceOf<T>(fact: string, source: Fact<T>, unit?: string): Evidence {
  const value = source.value;
  const shown =
    typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : undefined;
  return {
    fact,
    ...(shown !== undefined ? { value: shown } : {}),
    ...(unit !== undefined ? { unit } : {}),
    ...(source.effective !== undefined ? { date: source.effective } : {}),
    resource: source.provenance.resource,
  };
}
