import { isValidUscc } from "./uscc.js";

/**
 * Pollutant-discharge permit number (排污许可证编号), which is the code of the stationary pollution source
 * (固定污染源代码) of HJ 608-2017 "排污单位编码规则": 22 characters,
 * - 1-18: the discharging unit's unified social credit code (GB 32100-2015);
 * - 19-21: sequence number of the unit's stationary sources, three digits (001, 002, ...);
 * - 22: a capital-letter marker (特别标识码); HJ 608-2017 annex A shows "P" for permitted sources:
 *   河钢股份有限公司唐山分公司, USCC 91130200699229617X, has sources 91130200699229617X001P and ...002P.
 *
 * Not accepted: the "H9..." 18-character substitute that the 2016 trial rules (固定污染源(水、大气)编码规则(试行))
 * gave units without a USCC; every permitted unit has had a USCC since the 2015-2017 transition.
 */
export const PERMIT_NUMBER_PATTERN =
  "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?:00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})[A-Z]$";

/** Where the pattern comes from, carried in the schema's `$comment`. */
export const PERMIT_NUMBER_SOURCE =
  "HJ 608-2017 排污单位编码规则 (Coding rules for the pollutant discharging units), code of the stationary pollution source, annex A: " +
  "positions 1-18 the unit's unified social credit code (GB 32100-2015), 19-21 the three-digit sequence number " +
  "of the unit's stationary pollution source, 22 a capital-letter marker (annex A example: 91130200699229617X001P).";

const permitNumberShape = new RegExp(PERMIT_NUMBER_PATTERN);

/** The parts of a permit number. */
export interface PermitNumberParts {
  /** The holder's unified social credit code (positions 1-18). */
  readonly uscc: string;
  /** The stationary-source sequence number (positions 19-21), 1 to 999. */
  readonly sequence: number;
  /** The marker letter (position 22), "P" for permits. */
  readonly marker: string;
}

/** The parts of `value` when it is a permit number whose embedded USCC has a valid check character, else `undefined`. */
export function parsePermitNumber(value: unknown): PermitNumberParts | undefined {
  if (typeof value !== "string" || value.length !== 22 || !permitNumberShape.test(value)) return undefined;
  const uscc = value.slice(0, 18);
  if (!isValidUscc(uscc)) return undefined;
  return { uscc, sequence: Number(value.slice(18, 21)), marker: value.charAt(21) };
}

/** True when `value` is a permit number whose embedded USCC has a valid check character. */
export function isValidPermitNumber(value: unknown): value is string {
  return parsePermitNumber(value) !== undefined;
}
