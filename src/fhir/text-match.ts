// Whole-word, case-insensitive matching of drug names and ozone words in free text. The regular expressions are
// compiled once, at module load; each text is scanned once per word list, whatever the list's length.

import type { DrugClass } from '../clinical/value-sets.ts';
import { DRUG_NAMES, OZONE_WORDS } from '../clinical/value-sets.ts';

/** Texts longer than this are not scanned (a medication name or allergy text is never this long). */
export const MAX_MATCH_TEXT = 10_000;

const SPACES = /\s+/g;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** The canonical form of a matched phrase: lower case, single spaces. */
const canonical = (phrase: string): string => phrase.toLowerCase().replace(SPACES, ' ');

/**
 * One alternation of every word, longest first (so "acetylsalicylic acid" wins over a shorter overlap), bounded by
 * anything that is not a letter or digit in any script: `\b` is ASCII-only and would split "ozônio".
 */
function wordPattern(words: readonly string[]): RegExp {
  const alternatives = [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(REGEX_SPECIAL, '\\$&').replace(SPACES, '\\s+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

const DRUG_CLASS_BY_NAME = new Map<string, DrugClass>(
  (Object.keys(DRUG_NAMES) as DrugClass[]).flatMap((drugClass) =>
    DRUG_NAMES[drugClass].map((name): [string, DrugClass] => [canonical(name), drugClass]),
  ),
);
const DRUG_NAME_PATTERN = wordPattern([...DRUG_CLASS_BY_NAME.keys()]);
const OZONE_PATTERN = wordPattern(OZONE_WORDS);

/** The first phrase of the pattern in `text`, in canonical form. */
function firstMatch(pattern: RegExp, text: string): string | undefined {
  const match = pattern.exec(text);
  return match?.[1] === undefined ? undefined : canonical(match[1]);
}

/** The drug class of the first international non-proprietary name in `text`, with the name as listed. */
export function matchDrugName(text: string): { drugClass: DrugClass; name: string } | undefined {
  const name = firstMatch(DRUG_NAME_PATTERN, text);
  const drugClass = name === undefined ? undefined : DRUG_CLASS_BY_NAME.get(name);
  return name === undefined || drugClass === undefined ? undefined : { drugClass, name };
}

/** The first word naming ozone in `text` (any of the languages in OZONE_WORDS). */
export function matchOzoneWord(text: string): string | undefined {
  return firstMatch(OZONE_PATTERN, text);
}
