// The engine sends some finding params as raw codes (a technique, a goal, a list of fundamentals) and instants as
// ISO timestamps; before a rule's message is interpolated, each code becomes its translated name and each instant a
// date in the reader's language, so a Spanish reader never sees `paravertebral-im` or `2026-11-20T10:00:00.000Z`.
import type { Finding } from '../../clinical/findings.ts';

/** The slice of i18next's `t` this module needs: a key in, the text out (the key itself when there is none). */
export type Translate = (key: string) => string;

type FindingWithParams = Pick<Finding, 'ruleId' | 'params'>;

/** The clinical.json vocabulary (`technique.*`, `goal.*`…) a param's codes are named in; none for plain values. */
export function vocabularyOf(finding: Pick<Finding, 'ruleId'>, param: string): string | undefined {
  switch (param) {
    case 'technique':
    case 'fitting':
      return 'technique';
    case 'goal':
      return 'goal';
    case 'grade':
      return 'evidence';
    case 'measures':
      return 'measure';
    case 'credentials':
      return 'credential';
    case 'missing':
      return finding.ruleId === 'fundamentals.unaddressed' ? 'fundamental' : 'requiredValue';
    default:
      return undefined;
  }
}

/** The engine joins a list of codes with ", " (`fitting`, `measures`, `missing`). */
export const codesOf = (value: string | number): string[] =>
  String(value)
    .split(', ')
    .filter((code) => code !== '');

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function nameOf(t: Translate, vocabulary: string, code: string): string {
  const key = `${vocabulary}.${code}`;
  const name = t(key);
  // A code without a name yet reads better as itself than as its lookup key.
  return name === key ? code : name;
}

/** The params with codes named and instants shown as dates, ready for `t(finding.messageKey, params)`. */
export function findingParams(
  finding: FindingWithParams,
  t: Translate,
  language?: string,
): Record<string, string | number> {
  const dateFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
  const named: Record<string, string | number> = {};
  for (const [param, value] of Object.entries(finding.params)) {
    const vocabulary = vocabularyOf(finding, param);
    if (vocabulary !== undefined && value !== '') {
      named[param] = codesOf(value)
        .map((code) => nameOf(t, vocabulary, code))
        .join(', ');
    } else if (typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) {
      named[param] = dateFormat.format(new Date(value));
    } else {
      named[param] = value;
    }
  }
  return named;
}
