// A value-set table of src/clinical/value-sets.ts (CONDITION_CODES, ATC_CLASSES), compiled once at module load
// for lookups. A code matches a key when it equals one of the key's codes or starts with one of its prefixes, after
// trimming and upper-casing. Each coding's code is normalised once, exact codes are found with one Map lookup, and
// only the few prefixes (code families such as ICD-10 E05.*) are compared one by one. value-sets.ts stays the one
// source of the codes.

import type { CodeMatch } from '../clinical/value-sets.ts';

const NONE: readonly never[] = Object.freeze([]);

export class CodeTable<K extends string> {
  /** The table's keys in their declared order, the order `match` answers in. */
  private readonly keys: readonly K[];
  /** system → upper-case code → the keys listing that exact code. */
  private readonly exact = new Map<string, Map<string, K[]>>();
  /** system → the code families listed for it, with their key. */
  private readonly prefixes = new Map<string, { readonly prefix: string; readonly key: K }[]>();

  constructor(table: Readonly<Record<K, readonly CodeMatch[]>>) {
    this.keys = Object.keys(table) as K[];
    for (const key of this.keys) {
      for (const match of table[key]) {
        const code = match.code.toUpperCase();
        for (const system of match.systems) {
          if (match.prefix === true) {
            this.listFor(this.prefixes, system).push({ prefix: code, key });
          } else {
            const bySystem = this.exact.get(system) ?? new Map<string, K[]>();
            this.exact.set(system, bySystem);
            const keys = this.listFor(bySystem, code);
            if (!keys.includes(key)) keys.push(key);
          }
        }
      }
    }
  }

  private listFor<T>(map: Map<string, T[]>, name: string): T[] {
    const list = map.get(name) ?? [];
    map.set(name, list);
    return list;
  }

  /**
   * The keys whose codes match the coding (after trimming and upper-casing the code), each
   * once, in the table's order. Most codings match nothing and get a shared empty list.
   */
  match(system: string, code: string): readonly K[] {
    const exact = this.exact.get(system);
    const families = this.prefixes.get(system);
    if (exact === undefined && families === undefined) return NONE;
    const normalised = code.trim().toUpperCase();
    // Exact keys are stored in table order; a family match (rare) is merged into that order.
    const exactKeys = exact?.get(normalised) ?? NONE;
    let merged: Set<K> | undefined;
    for (const { prefix, key } of families ?? NONE) {
      if (normalised.startsWith(prefix)) (merged ??= new Set(exactKeys)).add(key);
    }
    if (merged === undefined) return exactKeys;
    const found = merged;
    return this.keys.filter((key) => found.has(key));
  }
}
