import { type SettingName, settingLabel } from "./setting-name.js";

/** The log levels a service's logger (pino) takes. */
export const LOG_LEVELS: readonly string[] = Object.freeze([
  "fatal",
  "error",
  "warn",
  "info",
  "debug",
  "trace",
  "silent",
]);

/** Adds a problem when `level`, the value of the setting `name`, is not one of `LOG_LEVELS`. */
export function checkLogLevel(level: string, name: SettingName, problems: string[]): void {
  if (!LOG_LEVELS.includes(level)) {
    problems.push(`${settingLabel(name)}: one of ${LOG_LEVELS.join(", ")}, got "${level}"`);
  }
}
