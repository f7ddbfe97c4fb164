// Consent → history.consents. Only o3care consents count: those whose provision codes name ozone techniques.
// Seeing one means the sender keeps consent records, so `consents` becomes a list (possibly empty) instead of
// undefined ("no consent records held", where the consent rules stay silent).

import type { ConsentRecord } from '../clinical/facts.ts';
import type { TechniqueCode } from '../clinical/techniques.ts';
import { isTechniqueCode } from '../clinical/techniques.ts';
import type { IndexedEntry } from './bundle-index.ts';
import { resourceLabel } from './bundle-index.ts';
import { codingsOf } from './codes.ts';
import type { ExtractContext } from './extract-context.ts';
import { addIssue, firstDate } from './extract-context.ts';
import { asArray, asString, child, preview } from './json.ts';
import { TECHNIQUE_SYSTEM } from './urls.ts';

const STATUS: ReadonlyMap<string, ConsentRecord['status']> = new Map([
  ['active', 'signed'],
  ['proposed', 'unsigned'],
  ['draft', 'unsigned'],
  ['rejected', 'withdrawn'],
  ['inactive', 'withdrawn'],
]);

/** Technique codings of `provision.code[]`, or undefined when the Consent is not an o3care consent. */
function techniqueCodings(ctx: ExtractContext, entry: IndexedEntry): TechniqueCode[] | undefined {
  const codes = asArray(child(entry.resource, 'provision')?.code);
  let isO3care = false;
  const techniques: TechniqueCode[] = [];
  for (let index = 0; index < codes.length; index++) {
    for (const coding of codingsOf(codes[index])) {
      if (coding.system !== TECHNIQUE_SYSTEM) continue;
      isO3care = true;
      if (isTechniqueCode(coding.code)) {
        if (!techniques.includes(coding.code)) techniques.push(coding.code);
      } else {
        const path = `${entry.path}.provision.code[${index}].coding[${coding.index}].code`;
        addIssue(ctx, path, `${path} ${preview(coding.code)} is not an o3care technique code; ignored`);
      }
    }
  }
  return isO3care ? techniques : undefined;
}

export function mapConsent(ctx: ExtractContext, entry: IndexedEntry): void {
  const { resource, path } = entry;
  const techniques = techniqueCodings(ctx, entry);
  if (techniques === undefined) return;
  ctx.consents ??= [];
  const rawStatus = asString(resource.status);
  if (rawStatus === 'entered-in-error') return;
  const status = rawStatus === undefined ? undefined : STATUS.get(rawStatus);
  if (status === undefined) {
    addIssue(
      ctx,
      `${path}.status`,
      `${path}.status ${preview(resource.status)} is not a Consent status; consent skipped`,
    );
    return;
  }
  if (techniques.length === 0) {
    addIssue(ctx, `${path}.provision.code`, `${path} names no known technique; consent skipped`);
    return;
  }
  const signedAt = firstDate(ctx, entry, [['dateTime', resource.dateTime]]);
  const validUntil = firstDate(ctx, entry, [
    ['provision.period.end', child(child(resource, 'provision'), 'period')?.end],
  ]);
  ctx.consents.push({
    id: entry.id ?? resourceLabel(entry),
    status,
    techniques,
    ...(signedAt === undefined ? {} : { signedAt }),
    ...(validUntil === undefined ? {} : { validUntil }),
  });
}
