// The human verdict of `o3care check`: who and when, the findings worst first, what each technique may be used
// for, and for orders whether they can be signed. Rendered from the same object `--json` prints.

import type { EligibilityStatus, Severity } from '../clinical/findings.ts';
import type { TechniqueCode } from '../clinical/techniques.ts';
import { TECHNIQUES } from '../clinical/techniques.ts';
import type { CheckFinding, CheckOutput } from './check-output.ts';
import type { Paint, Palette } from './terminal.ts';
import { wrap } from './terminal.ts';

export interface ReportContext {
  readonly patientId?: string;
  readonly sex?: string;
  readonly ageYears?: number;
  readonly asOf: Date;
  readonly libraryNote: string;
  /** `order: intra-articular, 40 µg/mL …` or `session: …`; absent when screening. */
  readonly orderLine?: string;
}

const SEVERITIES: readonly { severity: Severity; title: string }[] = [
  { severity: 'hard-stop', title: 'HARD STOP' },
  { severity: 'warning', title: 'WARNING' },
  { severity: 'info', title: 'INFO' },
];

const MAX_EVIDENCE_SHOWN = 4;

function severityPaint(severity: Severity, p: Palette): Paint {
  switch (severity) {
    case 'hard-stop':
      return p.red;
    case 'warning':
      return p.yellow;
    case 'info':
      return p.cyan;
  }
}

function statusPaint(status: EligibilityStatus, p: Palette): Paint {
  switch (status) {
    case 'eligible':
      return p.green;
    case 'caution':
      return p.yellow;
    case 'needs-data':
      return p.cyan;
    case 'contraindicated':
      return p.red;
    case 'disabled':
    case 'prohibited':
      return p.dim;
  }
}

/** `g6pd deficient (2025-03-01, Observation/g6pd-1)`. */
function evidenceText(evidence: CheckFinding['evidence']): string {
  const shown = evidence.slice(0, MAX_EVIDENCE_SHOWN).map((e) => {
    const value = e.value === undefined ? '' : ` ${String(e.value)}${e.unit ? ` ${e.unit}` : ''}`;
    const where = [e.date, e.resource].filter((part) => part !== undefined).join(', ');
    return `${e.fact}${value}${where ? ` (${where})` : ''}`;
  });
  const more = evidence.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

function findingBlock(f: CheckFinding, paint: Paint): string {
  const lines = [
    wrap(`${f.ruleId}  [${f.techniques.join(', ') || 'no technique'}]`, '      ', undefined, '  • ').replace(
      f.ruleId,
      paint(f.ruleId),
    ),
    wrap(f.message, '    ', undefined, '    '),
  ];
  if (f.evidence.length > 0)
    lines.push(wrap(`evidence: ${evidenceText(f.evidence)}`, '      ', undefined, '    '));
  if (f.suggestion) lines.push(`    suggestion: ${f.suggestion.field} ${f.suggestion.value}`);
  return lines.join('\n');
}

function header(output: CheckOutput, context: ReportContext, p: Palette): string[] {
  const who = [
    `patient ${context.patientId ?? '(no id)'}`,
    context.sex,
    context.ageYears === undefined ? undefined : `${context.ageYears} y`,
  ].filter((part) => part !== undefined);
  const asOf = context.asOf.toISOString().replace('.000Z', 'Z');
  const lines = [
    `${p.bold(who.join(' · '))} · as of ${asOf}`,
    wrap(`library ${output.library}: ${context.libraryNote}`, '  ', undefined, ''),
  ];
  if (context.orderLine !== undefined) lines.push(wrap(context.orderLine, '  ', undefined, ''));
  return lines;
}

function eligibilityTable(output: CheckOutput, p: Palette): string[] {
  const rows = (Object.keys(output.eligibility) as TechniqueCode[])
    .flatMap((technique) => {
      const status = output.eligibility[technique];
      return status === undefined ? [] : [{ technique, status }];
    })
    // Usable techniques first, in catalogue order; disabled and prohibited ones last.
    .sort((a, b) => {
      const rank = (s: string) => (s === 'prohibited' ? 2 : s === 'disabled' ? 1 : 0);
      return rank(a.status) - rank(b.status);
    });
  if (rows.length === 0) return ['Eligibility: no technique was evaluated'];
  const lines = [p.bold('Eligibility')];
  for (const { technique, status } of rows) {
    const name = TECHNIQUES[technique].name;
    lines.push(`  ${technique.padEnd(20)}${name.padEnd(50)}${statusPaint(status, p)(status)}`);
  }
  return lines;
}

export function renderCheckReport(output: CheckOutput, context: ReportContext, p: Palette): string {
  const sections: string[] = [header(output, context, p).join('\n')];
  for (const { severity, title } of SEVERITIES) {
    const findings = output.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    const paint = severityPaint(severity, p);
    sections.push(
      [p.bold(paint(`${title} (${findings.length})`)), ...findings.map((f) => findingBlock(f, paint))].join(
        '\n',
      ),
    );
  }
  if (output.findings.length === 0) sections.push(p.green('No findings.'));
  sections.push(eligibilityTable(output, p).join('\n'));
  if (output.signable !== undefined) {
    const stops = output.findings.filter((f) => f.severity === 'hard-stop').length;
    sections.push(
      output.signable
        ? p.bold(p.green('signable: yes'))
        : p.bold(p.red(`signable: no (${stops} hard stop${stops === 1 ? '' : 's'})`)),
    );
  }
  if (output.issues !== undefined) {
    sections.push(
      [
        p.bold(`Skipped in the record (${output.issues.length})`),
        ...output.issues.map((i) => wrap(`${i.path}: ${i.message}`, '      ', undefined, '    ')),
      ].join('\n'),
    );
  }
  return sections.join('\n\n') + '\n';
}
