// Where each consent stands as the patient reads it, and which prepared consent texts still wait for their signature:
// the current template (in their language when there is one) of each consent family covering a technique of an active
// plan, unless they already gave a standing consent on a current version of that family.
import type { Consent, ConsentTemplate, Plan } from '../api/my-record.ts';

export type ConsentStatus = 'in-force' | 'awaiting-countersignature' | 'withdrawn' | 'expired';

export function consentStatus(consent: Consent, now: Date): ConsentStatus {
  if (consent.withdrawn) return 'withdrawn';
  if (new Date(consent.validUntil).getTime() <= now.getTime()) return 'expired';
  return consent.countersignature ? 'in-force' : 'awaiting-countersignature';
}

const baseLanguage = (tag: string) => tag.toLowerCase().split('-')[0] ?? tag;

export function consentsToSign(input: {
  readonly plans: readonly Plan[];
  readonly consents: readonly Consent[];
  readonly templates: readonly ConsentTemplate[];
  readonly language: string;
  readonly now: Date;
}): ConsentTemplate[] {
  const planned = new Set<string>(
    input.plans.filter((plan) => plan.status === 'active').map((p) => p.technique),
  );
  const relevant = input.templates.filter((template) =>
    template.techniques.some((code) => planned.has(code)),
  );
  const families = new Map<string, ConsentTemplate[]>();
  for (const template of relevant)
    families.set(template.key, [...(families.get(template.key) ?? []), template]);
  const standing = input.consents.filter((consent) => {
    const status = consentStatus(consent, input.now);
    return status === 'in-force' || status === 'awaiting-countersignature';
  });
  const toSign: ConsentTemplate[] = [];
  for (const versions of families.values()) {
    const signed = versions.some((template) =>
      standing.some((consent) => consent.templateId === template.id),
    );
    if (signed) continue;
    const wanted = baseLanguage(input.language);
    const inLanguage = versions.find((template) => baseLanguage(template.language) === wanted);
    const chosen = inLanguage ?? versions[0];
    if (chosen) toSign.push(chosen);
  }
  return toSign;
}
