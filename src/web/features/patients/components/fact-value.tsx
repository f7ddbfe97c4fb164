// A recorded fact's value in words and units: a lab with its unit, a medication with its class, a condition as
// present. Values arrive as the server stores them (typed per kind on the server; `unknown` here), so anything
// unexpected is shown as it is rather than hidden.
import { useTranslation } from 'react-i18next';

const UNITS: Readonly<Record<string, string>> = {
  weightKg: 'kg',
  heightCm: 'cm',
  haemoglobinGPerDl: 'g/dL',
  tshMiuPerL: 'mIU/L',
  plateletsE9PerL: '×10⁹/L',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function useFactValueText(): (kind: string, value: unknown) => string {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  return (kind, value) => {
    if (typeof value === 'number') {
      const unit = UNITS[kind];
      return unit ? `${number.format(value)} ${unit}` : number.format(value);
    }
    if (value === true) return t(kind === 'freeT4AboveRange' ? 'records.yes' : 'records.present');
    if (value === false) return t('records.no');
    if (kind === 'g6pd' && typeof value === 'string')
      return t(`records.g6pd.${value}`, { defaultValue: value });
    if (kind === 'medications' && isRecord(value)) {
      const name = typeof value.name === 'string' ? value.name : '';
      const drugClass = typeof value.drugClass === 'string' ? value.drugClass : undefined;
      return drugClass
        ? `${name} (${t(`records.drugClass.${drugClass}`, { defaultValue: drugClass })})`
        : name;
    }
    if (kind === 'pregnancy' && isRecord(value)) {
      const basis = typeof value.basis === 'string' ? value.basis : '';
      return `${t(value.pregnant === true ? 'records.pregnancy.pregnant' : 'records.pregnancy.notPregnant')} (${t(
        `records.pregnancy.basis.${basis}`,
        { defaultValue: basis },
      )})`;
    }
    if (kind === 'hyperthyroidism' && isRecord(value)) {
      return value.crisis === true ? t('records.hyperthyroidism.crisis') : t('records.present');
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
}

export function FactValue({ kind, value }: { readonly kind: string; readonly value: unknown }) {
  const text = useFactValueText();
  return <>{text(kind, value)}</>;
}
