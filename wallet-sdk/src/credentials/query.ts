/**
 * The wallet's credential query language: a `Where` object maps paths to conditions, and a value matches
 * when every entry matches.
 *
 * Paths: property names joined by dots, into the W3C credential (or, for `claims`, into its
 * `credentialSubject`): `credentialSubject.permitNumber`, `issuer.id`. A name followed by `[]` steps into
 * each element of that array: `credentialSubject.pollutants[].code` reaches every pollutant's code. A path
 * matches when any value it reaches satisfies the condition; a path that reaches nothing satisfies only
 * `{ exists: false }`.
 *
 * Conditions:
 * - a string, number, boolean or null: equal to the value, or, when the value is an array, to one of its
 *   elements (`type: "DischargePermitCredential"`);
 * - an object of operators, all of which must hold for the same value:
 *   `eq` (as a literal), `in` (equal to one of a list), `exists` (the path reaches a value, or not),
 *   `gt` / `gte` / `lt` / `lte` (numbers with numbers; strings with strings, as instants when both are
 *   dates, else in code-point order), `some` (the value is an array, or is taken as one, and one of its
 *   elements matches a nested `Where`: conditions on the same element, e.g.
 *   `"credentialSubject.pollutants": { some: { code: "COD", "annualCap.value": { gte: 40 } } }`).
 *
 * Anything else (an unknown operator, a condition of another shape) is refused with `INVALID_ARGUMENT`
 * before any credential is looked at, so that a typo does not silently match nothing.
 */
import { InvalidArgumentError } from "../errors.js";

export type QueryScalar = string | number | boolean | null;

/** Operators of a condition; all given must hold for one value the path reaches. */
export interface QueryOperators {
  readonly eq?: QueryScalar;
  readonly in?: readonly QueryScalar[];
  readonly exists?: boolean;
  readonly gt?: number | string;
  readonly gte?: number | string;
  readonly lt?: number | string;
  readonly lte?: number | string;
  readonly some?: Where;
}

export type QueryCondition = QueryScalar | QueryOperators;

/** Path → condition; every entry must match. */
export type Where = { readonly [path: string]: QueryCondition };

const OPERATORS = new Set(["eq", "in", "exists", "gt", "gte", "lt", "lte", "some"]);
const PATH = /^[^.[\]]+(\[\])?(\.[^.[\]]+(\[\])?)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}([Tt ][\d:.]+([Zz]|[+-]\d{2}:\d{2})?)?$/;

const isScalar = (value: unknown): value is QueryScalar =>
  value === null || ["string", "number", "boolean"].includes(typeof value);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Throws {@link InvalidArgumentError} unless `where` is a well-formed query. */
export function assertWhere(where: unknown, at = "where"): asserts where is Where {
  if (!isRecord(where)) throw new InvalidArgumentError(`${at} must be an object of path: condition`);
  for (const [path, condition] of Object.entries(where)) {
    if (!PATH.test(path)) throw new InvalidArgumentError(`${at}: "${path}" is not a path (a.b, a[].b)`);
    if (isScalar(condition)) continue;
    if (!isRecord(condition)) {
      throw new InvalidArgumentError(`${at}["${path}"] must be a string, number, boolean, null or operators`);
    }
    const keys = Object.keys(condition);
    if (keys.length === 0) throw new InvalidArgumentError(`${at}["${path}"] has no operator`);
    for (const key of keys) {
      if (!OPERATORS.has(key)) {
        throw new InvalidArgumentError(
          `${at}["${path}"]: unknown operator "${key}" (eq, in, exists, gt, gte, lt, lte, some)`,
        );
      }
      const operand = condition[key];
      const bad = (expected: string) =>
        new InvalidArgumentError(`${at}["${path}"].${key} must be ${expected}`);
      switch (key) {
        case "eq":
          if (!isScalar(operand)) throw bad("a string, number, boolean or null");
          break;
        case "in":
          if (!Array.isArray(operand) || !operand.every(isScalar)) throw bad("a list of scalars");
          break;
        case "exists":
          if (typeof operand !== "boolean") throw bad("a boolean");
          break;
        case "some":
          assertWhere(operand, `${at}["${path}"].some`);
          break;
        default:
          if (typeof operand !== "number" && typeof operand !== "string") throw bad("a number or a string");
      }
    }
  }
}

/** Every value `path` reaches in `value` (see the module's documentation). */
export function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const segment of path.split(".")) {
    const each = segment.endsWith("[]");
    const name = each ? segment.slice(0, -2) : segment;
    const next: unknown[] = [];
    for (const item of current) {
      if (!isRecord(item) || !Object.hasOwn(item, name)) continue;
      const child = item[name];
      if (child === undefined) continue;
      if (each) {
        if (Array.isArray(child)) next.push(...child);
      } else next.push(child);
    }
    current = next;
  }
  return current;
}

function equal(value: unknown, expected: QueryScalar): boolean {
  return Array.isArray(value) ? value.some((element) => element === expected) : value === expected;
}

/** -1, 0, 1, or undefined when the two cannot be ordered. */
function order(value: unknown, bound: number | string): number | undefined {
  if (typeof value === "number" && typeof bound === "number") return Math.sign(value - bound);
  if (typeof value !== "string" || typeof bound !== "string") return undefined;
  if (DATE.test(value) && DATE.test(bound)) {
    const [a, b] = [Date.parse(value), Date.parse(bound)];
    if (!Number.isNaN(a) && !Number.isNaN(b)) return Math.sign(a - b);
  }
  return value < bound ? -1 : value > bound ? 1 : 0;
}

function holds(value: unknown, operators: QueryOperators): boolean {
  for (const [key, operand] of Object.entries(operators)) {
    switch (key) {
      case "eq":
        if (!equal(value, operand as QueryScalar)) return false;
        break;
      case "in":
        if (!(operand as QueryScalar[]).some((candidate) => equal(value, candidate))) return false;
        break;
      case "exists":
        break; // decided on the set of values, in matchesWhere
      case "some": {
        const elements = Array.isArray(value) ? value : [value];
        if (!elements.some((element) => matchesWhere(element, operand as Where))) return false;
        break;
      }
      default: {
        const sign = order(value, operand as number | string);
        if (sign === undefined) return false;
        if (key === "gt" && !(sign > 0)) return false;
        if (key === "gte" && !(sign >= 0)) return false;
        if (key === "lt" && !(sign < 0)) return false;
        if (key === "lte" && !(sign <= 0)) return false;
      }
    }
  }
  return true;
}

/** Whether `value` matches every entry of `where` (assumed checked with {@link assertWhere}). */
export function matchesWhere(value: unknown, where: Where): boolean {
  for (const [path, condition] of Object.entries(where)) {
    const values = valuesAt(value, path);
    if (isScalar(condition)) {
      if (!values.some((reached) => equal(reached, condition))) return false;
      continue;
    }
    if (condition.exists !== undefined && condition.exists !== values.length > 0) return false;
    const { exists: _, ...rest } = condition;
    if (Object.keys(rest).length === 0) continue;
    if (!values.some((reached) => holds(reached, rest))) return false;
  }
  return true;
}
