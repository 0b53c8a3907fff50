import { resolve } from "node:path";
import type { ConfigSource } from "./config-source.js";
import { type SettingName, settingBase, settingLabel, settingValue } from "./setting-name.js";

/** The integers a setting accepts, both ends included (within ±`Number.MAX_SAFE_INTEGER`). */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

/**
 * An integer setting: a JSON number in the file, decimal digits in the environment. Undefined when it is not
 * given, or when it is not an integer in `range` (a problem then).
 */
export function integerSetting(
  source: ConfigSource,
  name: SettingName,
  range: IntegerRange,
  problems: string[],
): number | undefined {
  const raw = settingValue(source, name);
  if (raw === undefined) return undefined;
  const value = typeof raw === "string" && /^[0-9]+$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < range.min || value > range.max) {
    problems.push(
      `${settingLabel(name)}: an integer from ${range.min} to ${range.max}, got ${JSON.stringify(raw)}`,
    );
    return undefined;
  }
  return value;
}

/** A string setting, trimmed. Undefined when it is not given, or when it is not a non-blank string (a problem then). */
export function stringSetting(
  source: ConfigSource,
  name: SettingName,
  problems: string[],
): string | undefined {
  const value = settingValue(source, name);
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "") {
    problems.push(`${settingLabel(name)}: must be a non-empty string`);
    return undefined;
  }
  return value.trim();
}

/**
 * A path setting, absolute: relative to `cwd` from the environment, to the file's folder from the file;
 * `fallback` (relative to `cwd`) when it is not given or not a non-blank string (a problem then).
 */
export function pathSetting(
  source: ConfigSource,
  name: SettingName,
  fallback: string,
  problems: string[],
): string {
  const value = stringSetting(source, name, problems);
  return value === undefined ? resolve(source.cwd, fallback) : resolve(settingBase(source, name), value);
}
