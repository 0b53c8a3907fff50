/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015 "法人和其他组织统一社会信用代码编码规则".
 *
 * 18 characters from a 31-character set (digits and capital letters without I, O, Z, S, V):
 * position 1 registration authority, 2 organisation category, 3-8 the registering authority's administrative
 * division code (GB/T 2260, digits), 9-17 the subject identifier (organisation code, GB 11714), 18 the check
 * character. The check character is C18 = 31 - MOD(Σ Ci·Wi, 31) over i = 1..17 with Wi = MOD(3^(i-1), 31),
 * where Ci is the character's index in the character set and a result of 31 maps to 0. GB 32100-2015's own
 * worked example: for 91350100M000100Y4? the sum is 1640, 1640 mod 31 = 28, so the check character is "3".
 */

/** The GB 32100-2015 character set, in value order: the index of a character is its value Ci. */
export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** Shape of a USCC: charset at every position, digits at 3-8. The check character is not covered. */
export const USCC_PATTERN = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$";

/** Wi = MOD(3^(i-1), 31) for i = 1..17: 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28. */
export const USCC_WEIGHTS: readonly number[] = Object.freeze(
  Array.from({ length: 17 }, (_, i) => {
    let weight = 1;
    for (let k = 0; k < i; k++) weight = (weight * 3) % 31;
    return weight;
  }),
);

const usccShape = new RegExp(USCC_PATTERN);

/**
 * The check character for the first 17 characters of a USCC, or `undefined` when `body` is not 17 characters
 * of the GB 32100 character set.
 */
export function computeUsccCheckCharacter(body: string): string | undefined {
  if (body.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(body.charAt(i));
    if (value < 0) return undefined;
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/** True when `value` is an 18-character USCC of the right shape whose 18th character is the right check character. */
export function isValidUscc(value: unknown): value is string {
  if (typeof value !== "string" || value.length !== 18 || !usccShape.test(value)) return false;
  return computeUsccCheckCharacter(value.slice(0, 17)) === value.charAt(17);
}
