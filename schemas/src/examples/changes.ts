/** An example a validator must reject, with exactly the issues (path and keyword) it must report. */
export interface InvalidExample {
  /** What is wrong, for test names. */
  readonly name: string;
  readonly credential: unknown;
  readonly errors: readonly { readonly path: string; readonly keyword: string }[];
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null;
}

function unescapeToken(token: string): string {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

/**
 * A deep copy of `base` with changes applied, each keyed by a JSON Pointer: the value to set there (as an own
 * property, even for keys such as "__proto__"), or `undefined` to delete it. Intermediate values must exist.
 */
export function withChanges(base: unknown, changes: Readonly<Record<string, unknown>>): unknown {
  const copy: unknown = structuredClone(base);
  for (const [pointer, value] of Object.entries(changes)) {
    const tokens = pointer.split("/").slice(1).map(unescapeToken);
    const last = tokens.pop();
    if (last === undefined) throw new Error(`cannot change the root: ${pointer}`);
    let target: unknown = copy;
    for (const token of tokens) {
      if (!isContainer(target)) throw new Error(`no container at ${pointer}`);
      target = (target as Record<string, unknown>)[token];
    }
    if (!isContainer(target)) throw new Error(`no container at ${pointer}`);
    if (value === undefined) {
      if (Array.isArray(target)) target.splice(Number(last), 1);
      else delete target[last];
    } else {
      Object.defineProperty(target, last, {
        value: structuredClone(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return copy;
}
