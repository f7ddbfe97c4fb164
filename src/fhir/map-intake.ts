// QuestionnaireResponse to o3care's intake questionnaire → facts.intake. Answers are found by linkId at any depth
// (groups nest items). When a record carries several intakes, extract-record.ts keeps the latest authored.

import type { Fundamental, GoalStatement, Intake } from '../clinical/facts.ts';
import { FUNDAMENTALS, toEpochMs } from '../clinical/facts.ts';
import type { GoalCode } from '../clinical/goals.ts';
import { isGoalCode } from '../clinical/goals.ts';
import type { IndexedEntry } from './bundle-index.ts';
import type { ExtractContext } from './extract-context.ts';
import { addIssue } from './extract-context.ts';
import { asArray, asFhirDateTime, asRecord, asShortString, asString, isRecord, preview } from './json.ts';
import type { JsonRecord } from './json.ts';
import { MAX_GOAL_TEXT } from './ozone-values.ts';
import { GOAL_SYSTEM, INTAKE_QUESTIONNAIRE } from './urls.ts';

/** Item nesting deeper than this is not read (the intake questionnaire nests two levels at most). */
const MAX_ITEM_DEPTH = 8;
const OXIDATIVE_BURDENS: ReadonlySet<string> = new Set(['low', 'moderate', 'high']);
const FUNDAMENTAL_SET: ReadonlySet<string> = new Set(FUNDAMENTALS);

export function isIntakeResponse(resource: JsonRecord): boolean {
  const canonical = asShortString(resource.questionnaire, 1024);
  if (canonical === undefined) return false;
  const bar = canonical.indexOf('|');
  return (bar < 0 ? canonical : canonical.slice(0, bar)) === INTAKE_QUESTIONNAIRE;
}

interface Answer {
  readonly value: JsonRecord;
  readonly path: string;
}

/** Every answer, by linkId, walking nested items with an explicit work list (no recursion, linear time). */
function answersByLinkId(entry: IndexedEntry): Map<string, Answer[]> {
  const answers = new Map<string, Answer[]>();
  const work: { items: readonly unknown[]; path: string; depth: number }[] = [
    { items: asArray(entry.resource.item), path: `${entry.path}.item`, depth: 0 },
  ];
  for (let next = 0; next < work.length; next++) {
    const { items, path, depth } = work[next] ?? { items: [], path: '', depth: 0 };
    const nest = (children: unknown, childPath: string): void => {
      if (depth < MAX_ITEM_DEPTH && Array.isArray(children)) {
        work.push({ items: children as readonly unknown[], path: childPath, depth: depth + 1 });
      }
    };
    for (let index = 0; index < items.length; index++) {
      const item = asRecord(items[index]);
      if (item === undefined) continue;
      const itemPath = `${path}[${index}]`;
      const linkId = asShortString(item.linkId, 256);
      const list = asArray(item.answer);
      for (let answerIndex = 0; answerIndex < list.length; answerIndex++) {
        const answer = list[answerIndex];
        if (!isRecord(answer)) continue;
        const answerPath = `${itemPath}.answer[${answerIndex}]`;
        if (linkId !== undefined) {
          const known = answers.get(linkId);
          if (known === undefined) {
            answers.set(linkId, [{ value: answer, path: answerPath }]);
          } else {
            known.push({ value: answer, path: answerPath });
          }
        }
        nest(answer.item, `${answerPath}.item`);
      }
      nest(item.item, `${itemPath}.item`);
    }
  }
  return answers;
}

function firstBoolean(ctx: ExtractContext, answers: readonly Answer[] | undefined): boolean | undefined {
  const [answer] = answers ?? [];
  if (answer === undefined) return undefined;
  if (typeof answer.value.valueBoolean === 'boolean') return answer.value.valueBoolean;
  addIssue(
    ctx,
    answer.path,
    `${answer.path} must be a valueBoolean, found ${preview(answer.value.valueBoolean)}; ignored`,
  );
  return undefined;
}

function codeOf(answer: Answer): string | undefined {
  return asShortString(asRecord(answer.value.valueCoding)?.code, 256);
}

function readGoal(ctx: ExtractContext, answers: Map<string, Answer[]>): GoalStatement | undefined {
  let code: GoalCode | undefined;
  const [goal] = answers.get('goal') ?? [];
  if (goal !== undefined) {
    const coding = asRecord(goal.value.valueCoding);
    if (coding?.system === GOAL_SYSTEM && isGoalCode(coding.code)) {
      code = coding.code;
    } else {
      addIssue(
        ctx,
        `${goal.path}.valueCoding`,
        `${goal.path}.valueCoding is not an o3care goal (${GOAL_SYSTEM}); ignored`,
      );
    }
  }
  const [goalText] = answers.get('goal-text') ?? [];
  const text = goalText === undefined ? undefined : asString(goalText.value.valueString);
  if (goalText !== undefined && (text === undefined || text.length > MAX_GOAL_TEXT)) {
    addIssue(ctx, `${goalText.path}.valueString`, `${goalText.path}.valueString is not a goal text; ignored`);
    return code === undefined ? undefined : { code };
  }
  if (code === undefined && text === undefined) return undefined;
  return text === undefined ? { code } : { code, text };
}

function readFundamentals(ctx: ExtractContext, answers: readonly Answer[] | undefined): Fundamental[] {
  const assessed: Fundamental[] = [];
  for (const answer of answers ?? []) {
    const code = codeOf(answer);
    if (code !== undefined && FUNDAMENTAL_SET.has(code)) {
      if (!assessed.includes(code as Fundamental)) assessed.push(code as Fundamental);
    } else {
      addIssue(
        ctx,
        `${answer.path}.valueCoding`,
        `${answer.path}.valueCoding ${preview(code)} is not a fundamental; ignored`,
      );
    }
  }
  return assessed;
}

function readOxidativeBurden(
  ctx: ExtractContext,
  answers: readonly Answer[] | undefined,
): Intake['oxidativeBurden'] {
  const [answer] = answers ?? [];
  if (answer === undefined) return undefined;
  const code = codeOf(answer);
  if (code !== undefined && OXIDATIVE_BURDENS.has(code)) return code as Intake['oxidativeBurden'];
  addIssue(
    ctx,
    `${answer.path}.valueCoding`,
    `${answer.path}.valueCoding ${preview(code)} is not low, moderate or high; ignored`,
  );
  return undefined;
}

export function mapIntake(ctx: ExtractContext, entry: IndexedEntry): void {
  const { resource } = entry;
  if (resource.status === 'entered-in-error') return;
  const answers = answersByLinkId(entry);
  const goal = readGoal(ctx, answers);
  const expectsCure = firstBoolean(ctx, answers.get('expects-cure'));
  const oxidativeBurden = readOxidativeBurden(ctx, answers.get('oxidative-burden'));
  const unstableMedicalIssues = firstBoolean(ctx, answers.get('unstable-medical-issues'));
  const intake: Intake = {
    fundamentalsAssessed: readFundamentals(ctx, answers.get('fundamentals-assessed')),
    ...(goal === undefined ? {} : { goal }),
    ...(expectsCure === undefined ? {} : { expectsCure }),
    ...(oxidativeBurden === undefined ? {} : { oxidativeBurden }),
    ...(unstableMedicalIssues === undefined ? {} : { unstableMedicalIssues }),
  };
  const authored = asFhirDateTime(resource.authored);
  ctx.intakes.push({ authoredMs: toEpochMs(authored) ?? -Infinity, intake });
}
