// Branded unit types: a concentration can never be passed where a volume is expected.
// Units also appear in names (concentrationUgPerMl) because brands vanish at run time (DESIGN.md, Units).

export type UgPerMl = number & { readonly __unit: 'ug/mL' };
export type Ml = number & { readonly __unit: 'mL' };
export type Ug = number & { readonly __unit: 'ug' };
export type Kg = number & { readonly __unit: 'kg' };
export type Cm = number & { readonly __unit: 'cm' };
export type Hours = number & { readonly __unit: 'h' };
export type Minutes = number & { readonly __unit: 'min' };

export const ugPerMl = (value: number): UgPerMl => value as UgPerMl;
export const ml = (value: number): Ml => value as Ml;
export const ug = (value: number): Ug => value as Ug;
export const kg = (value: number): Kg => value as Kg;
export const cm = (value: number): Cm => value as Cm;
export const hours = (value: number): Hours => value as Hours;
export const minutes = (value: number): Minutes => value as Minutes;

/** Total ozone delivered: concentration (µg per mL of gas) × gas volume (mL). */
export const totalOzoneUg = (concentration: UgPerMl, gasVolume: Ml): Ug => ug(concentration * gasVolume);

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
