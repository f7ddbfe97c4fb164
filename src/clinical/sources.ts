// Citation ids used by rules, goals and library entries. Each points at an entry of ../shared/CLINICAL-REFERENCE.md
// and carries that document's confidence mark: V verified, S secondary, U unverified, C conflicting.

export type Confidence = 'V' | 'S' | 'U' | 'C';

export interface Source {
  readonly id: string;
  readonly citation: string;
  readonly confidence: readonly Confidence[];
  /** Where in CLINICAL-REFERENCE.md the finding is recorded. */
  readonly reference: string;
}

const entries = [
  {
    id: 'cfr-801-415',
    citation:
      '21 CFR 801.415: ozone is a toxic gas with no known useful medical application; inhaled ozone injures the lungs',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §1',
  },
  {
    id: 'isco3-2018-non-recommended',
    citation:
      'ISCO3 SOP LEG/00/10 v2 (2017); Martínez-Sánchez et al., Rev Esp Ozonoterapia 2018;8(1):19-35 — direct IV gas, HBO3 multipass, high-dose ozone, intraperitoneal ozone not recommended',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §2.3',
  },
  {
    id: 'dgho-2015',
    citation: 'DGHO Onkopedia, Ozontherapie (2015): toxic to the lungs, dangerous when injected into a vein',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §1',
  },
  {
    id: 'iss-2020',
    citation:
      'Istituto Superiore di Sanità opinion on ozone autohaemotherapy (2020), via the Italian Favism Association: G6PD deficiency absolute; pregnancy, recent MI, uncompensated hyperthyroidism relative; withdrawal ≤ 13% of blood volume',
    confidence: ['S'],
    reference: 'CLINICAL-REFERENCE §2.3, §4.1',
  },
  {
    id: 'contraindication-sources',
    citation:
      'Clinic and society contraindication lists (Clinalgia, Medozons, HPGO3, Ozonebras, Diagnostica Donna), consolidated in CLINICAL-REFERENCE §4.1',
    confidence: ['S'],
    reference: 'CLINICAL-REFERENCE §4.1-4.2',
  },
  {
    id: 'pregnancy-conflict',
    citation: 'Pregnancy: ISS relative, clinics absolute; default block (CLINICAL-REFERENCE §6.3)',
    confidence: ['S', 'C'],
    reference: 'CLINICAL-REFERENCE §4.1, §6',
  },
  {
    id: 'thrombocytopenia-threshold',
    citation: 'Thrombocytopenia: no numeric threshold verified; 50 ×10^9/L is a configurable placeholder',
    confidence: ['U'],
    reference: 'CLINICAL-REFERENCE §4.1, §6.5',
  },
  {
    id: 'ace-inhibitor-mah',
    citation:
      'ACE inhibitors with MAH: slower reinfusion advised (German Wikipedia, Turkish toxicology blog)',
    confidence: ['S'],
    reference: 'CLINICAL-REFERENCE §3, §4.1',
  },
  {
    id: 'rimini-reinfusion',
    citation:
      'Rimini et al., Ozone Therapy (PAGEPress): fast MAH reinfusion caused symptoms and vasoconstriction',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §3',
  },
  {
    id: 'klein-anstee-2014',
    citation: 'Klein & Anstee 2014, quoted by ISS 2020: maximum blood withdrawal 13% of total blood volume',
    confidence: ['S'],
    reference: 'CLINICAL-REFERENCE §3',
  },
  {
    id: 'nadler-1962',
    citation:
      'Nadler, Hidalgo & Bloch, Surgery 1962;51:224-232: estimated blood volume from height, weight and sex',
    confidence: ['U'],
    reference: 'standard formula; not in CLINICAL-REFERENCE',
  },
  {
    id: 'low-dose-concept',
    citation:
      'Viebahn-Hänsler et al., Ozone Sci Eng 2012;34(6):408-424 (low-dose concept); Bocci et al., Med Gas Res 2011;1:6 (therapeutic window)',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §2.3',
  },
  {
    id: 'escalation-after-ae',
    citation: 'Candidate rule: concentration step-up only after a session with no recorded adverse event',
    confidence: ['U'],
    reference: 'CLINICAL-REFERENCE §3 (candidate rules)',
  },
  {
    id: 'intradiscal-embolism',
    citation:
      'Image guidance in all verified intradiscal protocols; gas embolism case reports (Khosravi 2024, Rodríguez Cornet 2023); Steppan et al. JVIR 2010',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §3, §5',
  },
  {
    id: 'sheehan-2003',
    citation:
      'Sheehan et al., Diabetes Care 2003;26:1879-1882: < 50% wound-area reduction at 4 weeks predicts non-healing',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §8',
  },
  {
    id: 'farrar-2001',
    citation: 'Farrar et al., Pain 2001;94:149-158: −2 points or −30% on pain NRS is clinically important',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §8',
  },
  {
    id: 'ostelo-2008',
    citation: 'Ostelo et al., Spine 2008;33:90-94: MIC 10 points on ODI, 2 on NRS, or 30%',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §8',
  },
  {
    id: 'koos-mic',
    citation: 'KOOS MIC about 10 points per subscale (Roos & Lohmander 2003; cohorts vary)',
    confidence: ['V', 'C'],
    reference: 'CLINICAL-REFERENCE §8',
  },
  {
    id: 'gardner-2018',
    citation: 'Gardner et al., Vasc Med 2018;23:349-357: PWT MCID 38/95/152 s; COT 35/87/138 s',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §8',
  },
  {
    id: 'llombart-blanco-2024',
    citation:
      'Llombart-Blanco et al., Life 2024;14:1406: small short-term benefit on ODI/VAS in low back pain',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §7.2',
  },
  {
    id: 'braz-j-anesthesiol-2019',
    citation:
      'SR/MA, Braz J Anesthesiol 2019;69(5): ozone for disc herniation, mostly high or unclear risk of bias',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §7.2',
  },
  {
    id: 'lopes-de-jesus-2017',
    citation: 'Lopes de Jesus et al., PLoS One 2017 (RCT, n=98): intra-articular ozone 20 µg/mL in knee OA',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §3, §7.2',
  },
  {
    id: 'adv-rheumatol-2025',
    citation: 'Adv Rheumatol 2025;65:11: 20 vs 40 µg/mL intra-articular, no difference',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §3',
  },
  {
    id: 'fernandez-cuadros-2017',
    citation: 'Fernández-Cuadros et al. 2017: knee 20 µg/mL, 20 mL, weekly × 4',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §3',
  },
  {
    id: 'de-sire-2021',
    citation:
      'de Sire et al., Biomolecules 2021;11:356: ozone seems to reduce musculoskeletal pain; more studies needed',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §7.2',
  },
  {
    id: 'cochrane-dfu-2015',
    citation:
      'Liu et al., Cochrane CD008474.pub2 (2015): 3 RCTs, 212 participants, high or unclear risk of bias',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §7.2',
  },
  {
    id: 'bocci-pad-2011',
    citation:
      'Bocci et al., Am J Cardiovasc Drugs 2011;11:73-82: calls for a multicentre trial; no confirmatory RCT',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §7.2',
  },
  {
    id: 'serra-2023-egm',
    citation:
      'Serra et al., Front Public Health 2023;10:1112296: evidence and gap map (counts associations, not efficacy)',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §7.1',
  },
  {
    id: 'jbmr-paravertebral',
    citation: 'Paravertebral RCT, J Back Musculoskelet Rehabil: 20-25 µg/mL, 30 mL, twice weekly × 8',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §3',
  },
  {
    id: 'ozonoterapia-salerno',
    citation: 'Italian clinic practice: paravertebral 10-20 µg/mL, 20-40 mL, 12-14 sessions twice weekly',
    confidence: ['S'],
    reference: 'CLINICAL-REFERENCE §3',
  },
  {
    id: 'jvir-2012-intradiscal',
    citation:
      'J Vasc Interv Radiol 2012 (n=283): 30 µg/mL, 3 mL intradisc + 7 mL periganglionic, single session',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §3',
  },
  {
    id: 'ozonosan-rectal',
    citation: 'Hänsler / ozonosan: rectal insufflation 10-25 µg/mL, 150-300 mL',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §3 (manufacturer)',
  },
  {
    id: 'ozonosan-bagging',
    citation:
      'ozonosan transcutaneous gas bath: 70-100 µg/mL at first, below 20 once healing starts; 3-20 min',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §3 (manufacturer)',
  },
  {
    id: 'mah-dose-sources',
    citation: 'MAH: 20-60 µg/mL, blood 50-200 mL, 10-15 sessions (secondary sources that vary widely)',
    confidence: ['S', 'C'],
    reference: 'CLINICAL-REFERENCE §3',
  },
  {
    id: 'minor-aht-sources',
    citation: 'Minor autohaemotherapy: 5-10 mL blood (Nordfors; Spanish slides)',
    confidence: ['S'],
    reference: 'CLINICAL-REFERENCE §3',
  },
  {
    id: 'subcutaneous-sources',
    citation: 'Subcutaneous: 5-15 µg/mL, 10 to over 200 mL depending on site',
    confidence: ['S'],
    reference: 'CLINICAL-REFERENCE §3',
  },
  {
    id: 'eboo-saline-conflict',
    citation: 'EBOO: no ISCO3 endorsement found; ozonated saline: oxidation by-products unresolved (Ma 2020)',
    confidence: ['S', 'C'],
    reference: 'CLINICAL-REFERENCE §3, §6',
  },
  {
    id: 'seed-stance',
    citation:
      'o3care clinical stance: ozone is an adjunct inside a wider programme, with a defined goal and fundamentals first',
    confidence: ['S'],
    reference: 'SPEC-CLINICAL §1',
  },
  {
    id: 'governance',
    citation:
      'Protocol-library governance: the medical director approves a library version before use (smart-pump model)',
    confidence: ['S'],
    reference: 'SPEC-CLINICAL §1, §7',
  },
  {
    id: 'consent-policy',
    citation: 'Informed-consent policy: signed, technique-specific, valid 12 months unless withdrawn',
    confidence: ['S'],
    reference: 'SPEC-CLINICAL §6; DESIGN.md workflow step 5',
  },
  {
    id: 'oversight-policy',
    citation: 'Physician oversight: every session has a supervising physician and a credentialed operator',
    confidence: ['S'],
    reference: 'SPEC-CLINICAL §6; DESIGN.md workflow step 6',
  },
  {
    id: 'tracking-design',
    citation: 'Outcome tracking: review at a pre-set point; non-responder when the MCID is not reached',
    confidence: ['V'],
    reference: 'CLINICAL-REFERENCE §8 (tracking design)',
  },
  {
    id: 'ae-review-policy',
    citation:
      'Record adverse events per session, graded; any event of grade 2 or more is reviewed by a physician',
    confidence: ['S'],
    reference: 'CLINICAL-REFERENCE §5 (tracking)',
  },
] as const satisfies readonly Source[];

export type SourceId = (typeof entries)[number]['id'];

export const SOURCES: ReadonlyMap<SourceId, Source> = new Map(entries.map((entry) => [entry.id, entry]));

export function sourceOf(id: SourceId): Source {
  const source = SOURCES.get(id);
  if (!source) throw new Error(`unknown source id ${id}`);
  return source;
}
