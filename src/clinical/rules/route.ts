// Route rules: prohibited techniques can never be used, and the clinic's approved library decides which of the
// others it offers (SPEC-CLINICAL §1, §3).

import { isEnabled } from '../library.ts';
import { isProhibited, TECHNIQUES } from '../techniques.ts';
import type { Rule } from './rule.ts';
import { finding } from './rule.ts';

/**
 * `route.prohibited` — inhalation harms the lungs (21 CFR 801.415(b) [V]; DGHO [V]); direct IV gas, HBO3
 * multipass, "high-dose ozone" and intraperitoneal ozone are ISCO3 non-recommended routes (2018 [V]).
 * Fires for orders and sessions; screening reports these techniques through eligibility alone.
 */
export const routeProhibited: Rule = ({ mode, techniques }) => {
  if (mode === 'screening') return [];
  return techniques.filter(isProhibited).map((technique) =>
    finding('route.prohibited', 'hard-stop', {
      techniques: [technique],
      message: `${TECHNIQUES[technique].name} is never used: ${TECHNIQUES[technique].note}.`,
      params: { technique },
      evidence: [{ fact: 'technique', value: technique }],
    }),
  );
};

/** `route.disabled-by-clinic` — governance: the approved library does not offer this technique. */
export const routeDisabledByClinic: Rule = ({ mode, techniques, library }) => {
  if (mode === 'screening') return [];
  return techniques
    .filter((technique) => !isProhibited(technique) && !isEnabled(library, technique))
    .map((technique) =>
      finding('route.disabled-by-clinic', 'hard-stop', {
        techniques: [technique],
        message: `${TECHNIQUES[technique].name} is not enabled in library ${library.version}.`,
        params: { technique, library: library.version },
        evidence: [{ fact: 'library', value: library.version }],
      }),
    );
};
