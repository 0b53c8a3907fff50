import { readFileSync } from "node:fs";

/**
 * The fields of a JSON config file, or none when it cannot be read or does not hold a JSON object (the
 * reason goes to `problems`, naming the file).
 */
export function readConfigFile(path: string, problems: string[]): Readonly<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
    problems.push(`config file ${path}: must hold a JSON object`);
  } catch (error) {
    problems.push(`config file ${path}: ${(error as Error).message}`);
  }
  return {};
}

/** Adds a problem for each field of the config file that is not one of `known` (a typo is never ignored). */
export function checkKnownFields(
  fields: Readonly<Record<string, unknown>>,
  known: Iterable<string>,
  problems: string[],
): void {
  const knownFields = new Set(known);
  for (const field of Object.keys(fields)) {
    if (!knownFields.has(field)) problems.push(`config file: unknown field "${field}"`);
  }
}
