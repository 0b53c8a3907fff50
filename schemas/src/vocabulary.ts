/**
 * The controlled vocabularies of the credentials: pollutant codes and the media they are discharged to, units,
 * monitoring methods, audit opinions, participant roles. The TypeScript unions are derived from these arrays,
 * and the JSON Schemas use the same arrays, so the two cannot drift.
 */

/** Environmental medium an outlet discharges to, or a pollutant is permitted for (HJ 608-2017: A air, W water). */
export const MEDIA = ["air", "water"] as const;
export type Medium = (typeof MEDIA)[number];

/**
 * Water pollutants: chemical oxygen demand (化学需氧量), ammonia nitrogen (氨氮), total nitrogen (总氮), total
 * phosphorus (总磷). COD and NH3-N are the national total-control water pollutants of the emission-rights trading
 * pilots; TN and TP are capped in nutrient-sensitive basins.
 */
export const WATER_POLLUTANT_CODES = ["COD", "NH3-N", "TN", "TP"] as const;

/**
 * Air pollutants: sulphur dioxide, nitrogen oxides (as NO2), volatile organic compounds, particulate matter
 * (颗粒物, the stack limit of the emission standards), PM10 and PM2.5 (used where a province caps them).
 * SO2 and NOx are the national total-control air pollutants of the trading pilots.
 */
export const AIR_POLLUTANT_CODES = ["SO2", "NOx", "VOCs", "PM", "PM10", "PM2.5"] as const;

/**
 * Heavy metals and metalloids (and their compounds), discharged to air or water: lead, mercury, cadmium,
 * chromium (total), arsenic are the five under total-emission control; thallium and antimony are the further key
 * heavy metals of the Ministry of Ecology and Environment's 2022 opinion on heavy-metal pollution control
 * (关于进一步加强重金属污染防控的意见).
 */
export const HEAVY_METAL_CODES = ["Pb", "Hg", "Cd", "Cr", "As", "Tl", "Sb"] as const;

/** Every pollutant code a credential may carry. */
export const POLLUTANT_CODES = [
  ...WATER_POLLUTANT_CODES,
  ...AIR_POLLUTANT_CODES,
  ...HEAVY_METAL_CODES,
] as const;
export type PollutantCode = (typeof POLLUTANT_CODES)[number];

/** Pollutant codes permitted for air: the air pollutants and the heavy metals. */
export const AIR_MEDIUM_POLLUTANT_CODES = [...AIR_POLLUTANT_CODES, ...HEAVY_METAL_CODES] as const;
/** Pollutant codes permitted for water: the water pollutants and the heavy metals. */
export const WATER_MEDIUM_POLLUTANT_CODES = [...WATER_POLLUTANT_CODES, ...HEAVY_METAL_CODES] as const;

/** The media each pollutant can be permitted for. */
export const POLLUTANT_MEDIA: { readonly [C in PollutantCode]: readonly Medium[] } = Object.freeze({
  COD: ["water"],
  "NH3-N": ["water"],
  TN: ["water"],
  TP: ["water"],
  SO2: ["air"],
  NOx: ["air"],
  VOCs: ["air"],
  PM: ["air"],
  PM10: ["air"],
  "PM2.5": ["air"],
  Pb: ["air", "water"],
  Hg: ["air", "water"],
  Cd: ["air", "water"],
  Cr: ["air", "water"],
  As: ["air", "water"],
  Tl: ["air", "water"],
  Sb: ["air", "water"],
});

/** Chinese and English names of the pollutants, for display. */
export const POLLUTANT_NAMES: {
  readonly [C in PollutantCode]: { readonly zh: string; readonly en: string };
} = Object.freeze({
  COD: { zh: "化学需氧量", en: "chemical oxygen demand" },
  "NH3-N": { zh: "氨氮", en: "ammonia nitrogen" },
  TN: { zh: "总氮", en: "total nitrogen" },
  TP: { zh: "总磷", en: "total phosphorus" },
  SO2: { zh: "二氧化硫", en: "sulphur dioxide" },
  NOx: { zh: "氮氧化物", en: "nitrogen oxides" },
  VOCs: { zh: "挥发性有机物", en: "volatile organic compounds" },
  PM: { zh: "颗粒物", en: "particulate matter" },
  PM10: { zh: "可吸入颗粒物", en: "PM10" },
  "PM2.5": { zh: "细颗粒物", en: "PM2.5" },
  Pb: { zh: "铅及其化合物", en: "lead and its compounds" },
  Hg: { zh: "汞及其化合物", en: "mercury and its compounds" },
  Cd: { zh: "镉及其化合物", en: "cadmium and its compounds" },
  Cr: { zh: "铬及其化合物", en: "chromium and its compounds" },
  As: { zh: "砷及其化合物", en: "arsenic and its compounds" },
  Tl: { zh: "铊及其化合物", en: "thallium and its compounds" },
  Sb: { zh: "锑及其化合物", en: "antimony and its compounds" },
});

/** Units of an annual emission cap (许可排放量): tonnes or kilograms per year. */
export const ANNUAL_CAP_UNITS = ["t/a", "kg/a"] as const;
export type AnnualCapUnit = (typeof ANNUAL_CAP_UNITS)[number];

/** Unit of a concentration limit per medium: mg per cubic metre of flue gas, mg per litre of wastewater. */
export const CONCENTRATION_UNITS = Object.freeze({ air: "mg/m3", water: "mg/L" } as const);
export type ConcentrationUnit = (typeof CONCENTRATION_UNITS)[Medium];

/** Units of a verified emission quantity over a reporting period. */
export const MASS_UNITS = ["t", "kg"] as const;
export type MassUnit = (typeof MASS_UNITS)[number];

/**
 * How an emission quantity was determined (the accounting methods of the permit technical specifications):
 * continuous emission monitoring systems (自动监测, CEMS), manual sampling and analysis (手工监测), emission
 * factors (产排污系数法), material balance (物料衡算法).
 */
export const MONITORING_METHODS = ["cems", "manual-sampling", "emission-factor", "material-balance"] as const;
export type MonitoringMethod = (typeof MONITORING_METHODS)[number];

/** The auditor's opinion on the reported emissions. Anything but "unqualified" needs a stated basis. */
export const AUDIT_OPINIONS = ["unqualified", "qualified", "adverse"] as const;
export type AuditOpinion = (typeof AUDIT_OPINIONS)[number];

/** A participant's role, approved on chain by the committee. */
export const PARTICIPANT_ROLES = ["regulator", "auditor", "polluter"] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** Permit management category of the 固定污染源排污许可分类管理名录: key (重点管理) or simplified (简化管理). */
export const PERMIT_MANAGEMENT_CATEGORIES = ["key", "simplified"] as const;
export type PermitManagementCategory = (typeof PERMIT_MANAGEMENT_CATEGORIES)[number];

/** A permit is valid for five years (排污许可管理条例, 2021, art. 14); issuers use this unless a law says otherwise. */
export const DEFAULT_PERMIT_VALIDITY_YEARS = 5;
