/**
 * Administrative division code (行政区划代码), GB/T 2260: six digits, the first two the province-level unit.
 * Accepted province prefixes: 11-15 (North), 21-23 (North-east), 31-37 (East), 41-46 (Central-south),
 * 50-54 (South-west), 61-65 (North-west), 71 Taiwan, 81 Hong Kong, 82 Macao. Whether the remaining four digits
 * name a division that exists (the list changes every year) is for a registry lookup, not for a pattern.
 */
export const REGION_CODE_PATTERN = "^(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|81|82)[0-9]{4}$";

const regionShape = new RegExp(REGION_CODE_PATTERN);

/** True when `value` is a six-digit code with a GB/T 2260 province-level prefix. */
export function isRegionCode(value: unknown): value is string {
  return typeof value === "string" && value.length === 6 && regionShape.test(value);
}
