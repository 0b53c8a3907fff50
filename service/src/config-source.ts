import { dirname, resolve } from "node:path";
import { checkKnownFields, readConfigFile } from "./config-file.js";
import type { SettingName } from "./setting-name.js";

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** How a service's `load…Config` is called; everything has a default. */
export interface ConfigSourceOptions {
  /** The environment; default `process.env`. */
  env?: Environment;
  /** A JSON config file; default the file named by the service's config-file variable, if any. */
  file?: string | undefined;
  /** Base of relative paths given in the environment; default `process.cwd()`. */
  cwd?: string;
}

/** Where a service's settings come from: the environment, which wins, and the fields of its config file. */
export interface ConfigSource {
  readonly env: Environment;
  /** The config file's fields; none without a file, or when it could not be read. */
  readonly file: Readonly<Record<string, unknown>>;
  /** Base of relative paths given in the environment. */
  readonly cwd: string;
  /** Base of relative paths given in the file: its folder (`cwd` without a file). */
  readonly fileBase: string;
}

/**
 * The environment and the config file (`options.file`, else the one the variable `fileVariable` names, if
 * any; relative to `cwd`), whose fields must be those of `settings`. A file that cannot be read, is not a JSON
 * object or has a field no setting has is a problem, not an exception.
 */
export function openConfigSource(
  options: ConfigSourceOptions,
  fileVariable: string,
  settings: Readonly<Record<string, SettingName>>,
  problems: string[],
): ConfigSource {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const filePath = options.file ?? envValue(env, fileVariable);
  if (filePath === undefined) return { env, cwd, file: {}, fileBase: cwd };
  const path = resolve(cwd, filePath);
  const file = readConfigFile(path, problems);
  checkKnownFields(
    file,
    Object.values(settings).map((name) => name.file),
    problems,
  );
  return { env, cwd, file, fileBase: dirname(path) };
}

/** A variable's value, trimmed; undefined when it is unset or blank. */
export function envValue(env: Environment, variable: string): string | undefined {
  const value = env[variable];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
