import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { TimestampUnit } from "@permitchain/contracts";
import { VerifierConfigError } from "./errors.js";

/** The validated configuration of the verifier service. */
export interface VerifierServiceConfig {
  /** EVM JSON-RPC endpoint of the chain. */
  readonly rpcUrl: string;
  /** Per-request timeout of JSON-RPC calls, milliseconds. */
  readonly rpcTimeoutMs: number;
  /**
   * Path of the deployment manifest (`data/deployment.json` of `permitchain up`): the chain id and the
   * EthereumDIDRegistry, TrustedIssuerRegistry and CredentialStatusRegistry addresses.
   */
  readonly deploymentPath: string;
  /** The chain id expected; start-up stops if the manifest or the chain says otherwise. Default: the manifest's. */
  readonly chainId: number | undefined;
  /** Unit of `block.timestamp` on the chain (FISCO BCOS: milliseconds by default). */
  readonly timestampUnit: TimestampUnit;
  /** The verifier's domain: challenges are bound to it, presentations must carry it in `aud`. */
  readonly domain: string;
  /** How long a challenge is accepted, seconds. */
  readonly challengeTtlSeconds: number;
  /** Clock difference tolerated on validity bounds, seconds. */
  readonly clockToleranceSeconds: number;
  readonly host: string;
  readonly port: number;
  /** Largest request body accepted, bytes (413 above). */
  readonly bodyLimit: number;
  readonly logLevel: string;
}

/** Environment variables read by `loadVerifierConfig` (each overrides the config file's field). */
export const VERIFIER_ENV = Object.freeze({
  configFile: "PERMITCHAIN_VERIFIER_CONFIG",
  rpcUrl: "PERMITCHAIN_RPC_URL",
  rpcTimeoutMs: "PERMITCHAIN_RPC_TIMEOUT_MS",
  deploymentPath: "PERMITCHAIN_DEPLOYMENT",
  chainId: "PERMITCHAIN_CHAIN_ID",
  timestampUnit: "PERMITCHAIN_TIMESTAMP_UNIT",
  domain: "PERMITCHAIN_VERIFIER_DOMAIN",
  challengeTtlSeconds: "PERMITCHAIN_VERIFIER_CHALLENGE_TTL_SECONDS",
  clockToleranceSeconds: "PERMITCHAIN_VERIFIER_CLOCK_TOLERANCE_SECONDS",
  host: "PERMITCHAIN_VERIFIER_HOST",
  port: "PERMITCHAIN_VERIFIER_PORT",
  bodyLimit: "PERMITCHAIN_VERIFIER_BODY_LIMIT",
  logLevel: "PERMITCHAIN_VERIFIER_LOG_LEVEL",
} as const);

export const VERIFIER_CONFIG_DEFAULTS = Object.freeze({
  rpcTimeoutMs: 15_000,
  deploymentPath: "data/deployment.json",
  timestampUnit: "seconds" as TimestampUnit,
  challengeTtlSeconds: 300,
  clockToleranceSeconds: 60,
  host: "127.0.0.1",
  port: 8082,
  bodyLimit: 1_048_576,
  logLevel: "info",
});

/** Fields of the JSON config file, by the name of their environment variable's key. */
const FILE_FIELDS = {
  rpcUrl: "rpcUrl",
  rpcTimeoutMs: "rpcTimeoutMs",
  deploymentPath: "deployment",
  chainId: "chainId",
  timestampUnit: "timestampUnit",
  domain: "domain",
  challengeTtlSeconds: "challengeTtlSeconds",
  clockToleranceSeconds: "clockToleranceSeconds",
  host: "host",
  port: "port",
  bodyLimit: "bodyLimit",
  logLevel: "logLevel",
} as const;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
const TIMESTAMP_UNITS: readonly TimestampUnit[] = ["seconds", "milliseconds"];

export interface LoadVerifierConfigOptions {
  /** The environment; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** A JSON config file; default the file named by PERMITCHAIN_VERIFIER_CONFIG, if any. */
  file?: string | undefined;
  /** Base of relative paths given in the environment; default `process.cwd()`. */
  cwd?: string;
}

/**
 * Reads the configuration from a JSON file (optional) and the environment (which wins), checks every field and
 * throws one `VerifierConfigError` listing every problem found (`details.problems`). The deployment manifest is
 * read at start-up (`startVerifierServer`), not here. A relative manifest path in the file is resolved against
 * the file's folder, one in the environment against `cwd`.
 */
export function loadVerifierConfig(options: LoadVerifierConfigOptions = {}): VerifierServiceConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];
  const filePath = options.file ?? nonEmpty(env[VERIFIER_ENV.configFile]);
  let file: Record<string, unknown> = {};
  let fileBase = cwd;
  if (filePath !== undefined) {
    const path = resolve(cwd, filePath);
    fileBase = dirname(path);
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        problems.push(`config file ${path}: must hold a JSON object`);
      } else {
        file = parsed as Record<string, unknown>;
      }
    } catch (error) {
      problems.push(`config file ${path}: ${(error as Error).message}`);
    }
  }
  const known = new Set<string>(Object.values(FILE_FIELDS));
  for (const key of Object.keys(file))
    if (!known.has(key)) problems.push(`config file: unknown field "${key}"`);

  type Key = keyof typeof FILE_FIELDS;
  const label = (key: Key) => `${VERIFIER_ENV[key]} (${FILE_FIELDS[key]})`;
  /** The raw value: the environment's (trimmed, non-empty) or the file's. */
  const raw = (key: Key): unknown => nonEmpty(env[VERIFIER_ENV[key]]) ?? file[FILE_FIELDS[key]];
  const text = (key: Key): string | undefined => {
    const value = raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== "string" || value.trim() === "") {
      problems.push(`${label(key)}: must be a non-empty string`);
      return undefined;
    }
    return value.trim();
  };
  const integer = (key: Key, min: number, max: number): number | undefined => {
    const value = raw(key);
    if (value === undefined) return undefined;
    const number = typeof value === "string" && /^[0-9]+$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isSafeInteger(number) || number < min || number > max) {
      problems.push(`${label(key)}: an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return number;
  };

  const rpcUrl = text("rpcUrl");
  if (rpcUrl === undefined && raw("rpcUrl") === undefined) {
    problems.push(`${label("rpcUrl")}: required, the chain's JSON-RPC URL`);
  } else if (rpcUrl !== undefined && !isHttpUrl(rpcUrl)) {
    problems.push(`${label("rpcUrl")}: must be an http:// or https:// URL, got "${rpcUrl}"`);
  }
  const rpcTimeoutMs = integer("rpcTimeoutMs", 100, 600_000) ?? VERIFIER_CONFIG_DEFAULTS.rpcTimeoutMs;

  const deploymentFromEnv = nonEmpty(env[VERIFIER_ENV.deploymentPath]);
  let deploymentPath = resolve(cwd, VERIFIER_CONFIG_DEFAULTS.deploymentPath);
  if (deploymentFromEnv !== undefined) deploymentPath = resolve(cwd, deploymentFromEnv);
  else if (file.deployment !== undefined) {
    const fromFile = text("deploymentPath");
    if (fromFile !== undefined) deploymentPath = resolve(fileBase, fromFile);
  }

  const chainId = integer("chainId", 0, Number.MAX_SAFE_INTEGER);

  const unit = text("timestampUnit") ?? VERIFIER_CONFIG_DEFAULTS.timestampUnit;
  if (!TIMESTAMP_UNITS.includes(unit as TimestampUnit)) {
    problems.push(`${label("timestampUnit")}: "seconds" or "milliseconds", got "${unit}"`);
  }

  const domain = text("domain");
  if (domain === undefined && raw("domain") === undefined) {
    problems.push(
      `${label("domain")}: required, the domain presentations are addressed to (their aud), e.g. https://verifier.example`,
    );
  } else if (domain !== undefined && (domain.length > 1024 || /\s/.test(domain))) {
    problems.push(`${label("domain")}: at most 1024 characters, no white space`);
  }

  const challengeTtlSeconds =
    integer("challengeTtlSeconds", 1, 86_400) ?? VERIFIER_CONFIG_DEFAULTS.challengeTtlSeconds;
  const clockToleranceSeconds =
    integer("clockToleranceSeconds", 0, 3_600) ?? VERIFIER_CONFIG_DEFAULTS.clockToleranceSeconds;
  const host = text("host") ?? VERIFIER_CONFIG_DEFAULTS.host;
  const port = integer("port", 0, 65_535) ?? VERIFIER_CONFIG_DEFAULTS.port;
  const bodyLimit = integer("bodyLimit", 1_024, 64 * 1_048_576) ?? VERIFIER_CONFIG_DEFAULTS.bodyLimit;
  const logLevel = text("logLevel") ?? VERIFIER_CONFIG_DEFAULTS.logLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`${label("logLevel")}: one of ${LOG_LEVELS.join(", ")}, got "${logLevel}"`);
  }

  if (problems.length > 0) throw verifierConfigError(problems);
  return {
    rpcUrl: rpcUrl!,
    rpcTimeoutMs,
    deploymentPath,
    chainId,
    timestampUnit: unit as TimestampUnit,
    domain: domain!,
    challengeTtlSeconds,
    clockToleranceSeconds,
    host,
    port,
    bodyLimit,
    logLevel,
  };
}

/** One `VerifierConfigError` listing every problem (in its message, and as `details.problems`). */
export function verifierConfigError(problems: readonly string[]): VerifierConfigError {
  return new VerifierConfigError(
    `invalid verifier configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    { details: { problems } },
  );
}

/** The problems a `VerifierConfigError` from `loadVerifierConfig` or `startVerifierServer` lists. */
export function configProblems(error: unknown): readonly string[] | undefined {
  if (!(error instanceof VerifierConfigError)) return undefined;
  const problems = error.details?.problems;
  return Array.isArray(problems) ? (problems as string[]) : [error.message];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\/\S+$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
