// The ozone techniques of SPEC-CLINICAL §3 (route × method), with the category that scopes most contraindications.
// Code system: https://o3care.org/fhir/CodeSystem/ozone-technique. Codes are stable identifiers.

import type { SourceId } from './sources.ts';

/** The clinic's training credential every operator of an ozone session holds (docs/decisions/0003). */
export const OZONE_THERAPY_CREDENTIAL = 'ozone-therapy';

export const TECHNIQUE_SYSTEM = 'https://o3care.org/fhir/CodeSystem/ozone-technique';

export const TECHNIQUE_CODES = [
  'mah',
  'minor-aht',
  'rectal-insufflation',
  'paravertebral-im',
  'intra-articular',
  'intradiscal',
  'subcutaneous',
  'bagging',
  'ozonated-oil',
  'eboo',
  'ozonated-saline',
  'inhalation',
  'direct-iv-gas',
  'hbo3-multipass',
  'high-dose-ozone',
  'intraperitoneal',
] as const;

export type TechniqueCode = (typeof TECHNIQUE_CODES)[number];

export type TechniqueCategory =
  | 'systemic-blood'
  | 'systemic-insufflation'
  | 'local-injection'
  | 'deep-injection'
  | 'topical'
  | 'prohibited';

export interface Technique {
  readonly code: TechniqueCode;
  readonly name: string;
  readonly category: TechniqueCategory;
  /** Blood leaves the body and comes back: blood volume is ordered and capped (13% rule). */
  readonly handlesBlood: boolean;
  /** Intradiscal work needs image guidance recorded on the session. */
  readonly requiresImageGuidance: boolean;
  /** Credentials the session operator must hold (SPEC-CLINICAL §3: intradiscal needs a credentialed physician). */
  readonly operatorCredentials: readonly string[];
  /** Techniques a clinic must switch on explicitly (with a documented rationale) in its approved library. */
  readonly disabledByDefault: boolean;
  readonly sources: readonly SourceId[];
  readonly note: string;
}

const technique = (
  code: TechniqueCode,
  name: string,
  category: TechniqueCategory,
  note: string,
  extra: Partial<Omit<Technique, 'code' | 'name' | 'category' | 'note'>> = {},
): Technique => ({
  code,
  name,
  category,
  note,
  handlesBlood: false,
  requiresImageGuidance: false,
  operatorCredentials: [OZONE_THERAPY_CREDENTIAL],
  disabledByDefault: false,
  sources: [],
  ...extra,
});

export const TECHNIQUES: Readonly<Record<TechniqueCode, Technique>> = {
  mah: technique('mah', 'Major autohemotherapy', 'systemic-blood', 'Blood drawn, ozonated, reinfused', {
    handlesBlood: true,
    sources: ['mah-dose-sources'],
  }),
  'minor-aht': technique(
    'minor-aht',
    'Minor autohemotherapy',
    'systemic-blood',
    '5–10 mL blood, ozonated, injected IM',
    {
      handlesBlood: true,
      sources: ['minor-aht-sources'],
    },
  ),
  'rectal-insufflation': technique(
    'rectal-insufflation',
    'Rectal insufflation',
    'systemic-insufflation',
    'No blood handling',
    { sources: ['ozonosan-rectal'] },
  ),
  'paravertebral-im': technique(
    'paravertebral-im',
    'Intramuscular / paravertebral injection',
    'local-injection',
    'Low back pain',
    { sources: ['jbmr-paravertebral', 'ozonoterapia-salerno'] },
  ),
  'intra-articular': technique(
    'intra-articular',
    'Intra-articular injection',
    'local-injection',
    'Knee osteoarthritis',
    {
      sources: ['lopes-de-jesus-2017', 'fernandez-cuadros-2017'],
    },
  ),
  intradiscal: technique(
    'intradiscal',
    'Intradiscal / intraforaminal injection',
    'deep-injection',
    'Image guidance and a credentialed physician required',
    {
      requiresImageGuidance: true,
      operatorCredentials: [OZONE_THERAPY_CREDENTIAL, 'intradiscal-procedures'],
      sources: ['jvir-2012-intradiscal', 'intradiscal-embolism'],
    },
  ),
  subcutaneous: technique('subcutaneous', 'Subcutaneous injection', 'local-injection', '', {
    sources: ['subcutaneous-sources'],
  }),
  bagging: technique(
    'bagging',
    'Transcutaneous gas bath (limb bag)',
    'topical',
    'Sealed bag, ozone destructor',
    {
      sources: ['ozonosan-bagging'],
    },
  ),
  'ozonated-oil': technique('ozonated-oil', 'Ozonated oil', 'topical', 'A product, not a gas dose'),
  eboo: technique(
    'eboo',
    'Extracorporeal blood oxygenation and ozonation',
    'systemic-blood',
    'Disabled by default: no consensus endorsement found',
    { handlesBlood: true, disabledByDefault: true, sources: ['eboo-saline-conflict'] },
  ),
  'ozonated-saline': technique(
    'ozonated-saline',
    'Ozonated saline infusion',
    'systemic-blood',
    'Disabled by default: oxidation by-products unresolved',
    { disabledByDefault: true, sources: ['eboo-saline-conflict'] },
  ),
  inhalation: technique('inhalation', 'Inhalation', 'prohibited', 'Toxic to the lungs (21 CFR 801.415)', {
    sources: ['cfr-801-415', 'dgho-2015'],
  }),
  'direct-iv-gas': technique(
    'direct-iv-gas',
    'Direct intravenous / intra-arterial gas',
    'prohibited',
    'Gas embolism, deaths (ISCO3 non-recommended)',
    { sources: ['isco3-2018-non-recommended', 'dgho-2015'] },
  ),
  'hbo3-multipass': technique(
    'hbo3-multipass',
    'Hyperbaric multipass ozone',
    'prohibited',
    'ISCO3 non-recommended',
    {
      sources: ['isco3-2018-non-recommended'],
    },
  ),
  'high-dose-ozone': technique(
    'high-dose-ozone',
    '"High-dose ozone" protocols',
    'prohibited',
    'ISCO3 non-recommended',
    {
      sources: ['isco3-2018-non-recommended'],
    },
  ),
  intraperitoneal: technique(
    'intraperitoneal',
    'Intraperitoneal ozone',
    'prohibited',
    'ISCO3 non-recommended',
    {
      sources: ['isco3-2018-non-recommended'],
    },
  ),
};

export const isTechniqueCode = (code: unknown): code is TechniqueCode =>
  typeof code === 'string' && (TECHNIQUE_CODES as readonly string[]).includes(code);

export const isProhibited = (code: TechniqueCode): boolean => TECHNIQUES[code].category === 'prohibited';

/** "Systemic" in SPEC-CLINICAL §3: systemic-blood + systemic-insufflation. */
export const isSystemic = (code: TechniqueCode): boolean =>
  TECHNIQUES[code].category === 'systemic-blood' || TECHNIQUES[code].category === 'systemic-insufflation';

/** "Injection" in SPEC-CLINICAL §3: local-injection + deep-injection. */
export const isInjection = (code: TechniqueCode): boolean =>
  TECHNIQUES[code].category === 'local-injection' || TECHNIQUES[code].category === 'deep-injection';

export const isTopical = (code: TechniqueCode): boolean => TECHNIQUES[code].category === 'topical';
