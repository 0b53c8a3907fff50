/**
 * Industry code (国民经济行业分类), GB/T 4754-2017: the section letter followed by the division (2 digits),
 * optionally the group (3rd digit) and the class (4th digit), e.g. "C25" (石油、煤炭及其他燃料加工业),
 * "C251", "C2511" (原油加工及石油制品制造). The pattern ties every division to its section:
 * A 01-05, B 06-12, C 13-43, D 44-46, E 47-50, F 51-52, G 53-60, H 61-62, I 63-65, J 66-69, K 70, L 71-72,
 * M 73-75, N 76-79, O 80-82, P 83, Q 84-85, R 86-90, S 91-96, T 97. The 排污许可分类管理名录 writes the same
 * classes without the letter ("2511"); prefix the section letter.
 */
export const SECTOR_CODE_PATTERN =
  "^(?:A0[1-5]|B(?:0[6-9]|1[0-2])|C(?:1[3-9]|[23][0-9]|4[0-3])|D4[4-6]|E(?:4[7-9]|50)|F5[12]|G(?:5[3-9]|60)" +
  "|H6[12]|I6[3-5]|J6[6-9]|K70|L7[12]|M7[3-5]|N7[6-9]|O8[0-2]|P83|Q8[45]|R(?:8[6-9]|90)|S9[1-6]|T97)[0-9]{0,2}$";

const sectorShape = new RegExp(SECTOR_CODE_PATTERN);

/** True when `value` is a GB/T 4754-2017 division, group or class code with its section letter. */
export function isSectorCode(value: unknown): value is string {
  return typeof value === "string" && value.length <= 5 && sectorShape.test(value);
}

/**
 * True when `scope` (a division, group or class code) covers `sector`: "C25" covers "C251" and "C2511",
 * "C2511" covers only itself.
 */
export function sectorCovers(scope: string, sector: string): boolean {
  return sector.startsWith(scope);
}
