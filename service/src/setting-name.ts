import { type ConfigSource, envValue } from "./config-source.js";

/** One setting: its environment variable and its field in the config file. */
export interface SettingName {
  readonly env: string;
  readonly file: string;
}

/** How problems name a setting: `VARIABLE (field)`. */
export function settingLabel(name: SettingName): string {
  return `${name.env} (${name.file})`;
}

/** The setting's raw value: the environment's (trimmed, when not blank), else the file's; unchecked. */
export function settingValue(source: ConfigSource, name: SettingName): unknown {
  return envValue(source.env, name.env) ?? source.file[name.file];
}

/** What a relative path in the setting is relative to: `cwd` when the environment gives it, else the file's folder. */
export function settingBase(source: ConfigSource, name: SettingName): string {
  return envValue(source.env, name.env) === undefined ? source.fileBase : source.cwd;
}
