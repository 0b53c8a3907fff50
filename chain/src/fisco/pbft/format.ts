/** A number for people: integers as is, others with a few significant digits, infinity as "∞". */
export function fmt(x: number): string {
  if (x === Number.POSITIVE_INFINITY) return "∞";
  if (Number.isNaN(x)) return "NaN";
  if (Number.isInteger(x)) return String(x);
  const abs = Math.abs(x);
  const text = abs >= 100 ? x.toFixed(1) : abs >= 1 ? x.toFixed(2) : x.toPrecision(3);
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** Rounds up to a multiple of `step`. */
export function ceilTo(x: number, step: number): number {
  return Math.ceil(x / step - 1e-9) * step;
}

/** Rounds down to a multiple of `step`. */
export function floorTo(x: number, step: number): number {
  return Math.floor(x / step + 1e-9) * step;
}

export function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

/** One step of reasoning: what is computed, the formula, the formula with numbers, and the result. */
export interface Derivation {
  name: string;
  formula: string;
  evaluation: string;
  value: number;
  unit: string;
}
