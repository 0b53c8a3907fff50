import type { TimestampUnit } from "@permitchain/contracts";
import {
  CHAIN_SETTINGS,
  type ChainKind,
  type ConfigSourceOptions,
  chainSettings,
  checkLogLevel,
  configProblemsMessage,
  type FiscoNodeSettings,
  integerSetting,
  openConfigSource,
  pathSetting,
  type SettingName,
  settingLabel,
  settingValue,
  stringSetting,
} from "@permitchain/service";
import { VerifierConfigError } from "./errors.js";

/** The validated configuration of the verifier service. */
export interface VerifierServiceConfig {
  /** How the chain is reached: an Ethereum JSON-RPC endpoint (`evm`) or a FISCO BCOS node's native JSON-RPC. */
  readonly chain: ChainKind;
  /** The chain's RPC URL: http(s):// for evm, http(s):// or ws(s):// for fisco. */
  readonly rpcUrl: string;
  /** Group, node and SDK certificates of the FISCO BCOS node; present exactly when `chain` is "fisco". */
  readonly fisco: FiscoNodeSettings | undefined;
  /** Per-request timeout of JSON-RPC calls, milliseconds. */
  readonly rpcTimeoutMs: number;
  /**
   * Path of the deployment manifest (`data/deployment.json` of `permitchain up`): the chain id and the
   * EthereumDIDRegistry, TrustedIssuerRegistry and CredentialStatusRegistry addresses.
   */
  readonly deploymentPath: string;
  /** The chain id expected; start-up stops if the manifest or the chain says otherwise. Default: the manifest's. */
  readonly chainId: number | undefined;
  /**
   * Unit of `block.timestamp` on the chain: default seconds on evm, milliseconds on fisco (FISCO BCOS without
   * `feature_evm_timestamp`, as `permitchain up --chain fisco` deploys by default).
   */
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
  chain: CHAIN_SETTINGS.chain.env,
  rpcUrl: CHAIN_SETTINGS.rpcUrl.env,
  fiscoGroup: CHAIN_SETTINGS.fiscoGroup.env,
  fiscoNode: CHAIN_SETTINGS.fiscoNode.env,
  fiscoCertDir: CHAIN_SETTINGS.fiscoCertDir.env,
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
  /** Per chain kind: FISCO BCOS stamps blocks in milliseconds unless `feature_evm_timestamp` is on. */
  timestampUnit: Object.freeze({ evm: "seconds", fisco: "milliseconds" } as Record<ChainKind, TimestampUnit>),
  challengeTtlSeconds: 300,
  clockToleranceSeconds: 60,
  host: "127.0.0.1",
  port: 8082,
  bodyLimit: 1_048_576,
  logLevel: "info",
});

/** Each setting: its environment variable and its field in the config file. */
const SETTINGS = {
  ...CHAIN_SETTINGS,
  rpcTimeoutMs: { env: VERIFIER_ENV.rpcTimeoutMs, file: "rpcTimeoutMs" },
  deploymentPath: { env: VERIFIER_ENV.deploymentPath, file: "deployment" },
  chainId: { env: VERIFIER_ENV.chainId, file: "chainId" },
  timestampUnit: { env: VERIFIER_ENV.timestampUnit, file: "timestampUnit" },
  domain: { env: VERIFIER_ENV.domain, file: "domain" },
  challengeTtlSeconds: { env: VERIFIER_ENV.challengeTtlSeconds, file: "challengeTtlSeconds" },
  clockToleranceSeconds: { env: VERIFIER_ENV.clockToleranceSeconds, file: "clockToleranceSeconds" },
  host: { env: VERIFIER_ENV.host, file: "host" },
  port: { env: VERIFIER_ENV.port, file: "port" },
  bodyLimit: { env: VERIFIER_ENV.bodyLimit, file: "bodyLimit" },
  logLevel: { env: VERIFIER_ENV.logLevel, file: "logLevel" },
} as const satisfies Record<string, SettingName>;

const TIMESTAMP_UNITS: readonly TimestampUnit[] = ["seconds", "milliseconds"];

/**
 * How `loadVerifierConfig` is called: `env` default `process.env`; `file` default the file named by
 * PERMITCHAIN_VERIFIER_CONFIG, if any; `cwd` (base of relative paths given in the environment) default
 * `process.cwd()`.
 */
export type LoadVerifierConfigOptions = ConfigSourceOptions;

/**
 * Reads the configuration from a JSON file (optional) and the environment (which wins), checks every field and
 * throws one `VerifierConfigError` listing every problem found (`details.problems`). The deployment manifest is
 * read at start-up (`startVerifierServer`), not here. A relative manifest path in the file is resolved against
 * the file's folder, one in the environment against `cwd`.
 */
export function loadVerifierConfig(options: LoadVerifierConfigOptions = {}): VerifierServiceConfig {
  const problems: string[] = [];
  const source = openConfigSource(options, VERIFIER_ENV.configFile, SETTINGS, problems);
  /** A string setting that must be given: says what it is when it is not. */
  const required = (name: SettingName, what: string): string | undefined => {
    const value = stringSetting(source, name, problems);
    if (value === undefined && settingValue(source, name) === undefined) {
      problems.push(`${settingLabel(name)}: required, ${what}`);
    }
    return value;
  };
  const integer = (name: SettingName, min: number, max: number): number | undefined =>
    integerSetting(source, name, { min, max }, problems);

  const { chain, rpcUrl, fisco } = chainSettings(source, problems);
  const rpcTimeoutMs = integer(SETTINGS.rpcTimeoutMs, 100, 600_000) ?? VERIFIER_CONFIG_DEFAULTS.rpcTimeoutMs;
  const deploymentPath = pathSetting(
    source,
    SETTINGS.deploymentPath,
    VERIFIER_CONFIG_DEFAULTS.deploymentPath,
    problems,
  );
  const chainId = integer(SETTINGS.chainId, 0, Number.MAX_SAFE_INTEGER);

  const unit =
    stringSetting(source, SETTINGS.timestampUnit, problems) ?? VERIFIER_CONFIG_DEFAULTS.timestampUnit[chain];
  if (!TIMESTAMP_UNITS.includes(unit as TimestampUnit)) {
    problems.push(`${settingLabel(SETTINGS.timestampUnit)}: "seconds" or "milliseconds", got "${unit}"`);
  }

  const domain = required(
    SETTINGS.domain,
    "the domain presentations are addressed to (their aud), e.g. https://verifier.example",
  );
  if (domain !== undefined && (domain.length > 1024 || /\s/.test(domain))) {
    problems.push(`${settingLabel(SETTINGS.domain)}: at most 1024 characters, no white space`);
  }

  const challengeTtlSeconds =
    integer(SETTINGS.challengeTtlSeconds, 1, 86_400) ?? VERIFIER_CONFIG_DEFAULTS.challengeTtlSeconds;
  const clockToleranceSeconds =
    integer(SETTINGS.clockToleranceSeconds, 0, 3_600) ?? VERIFIER_CONFIG_DEFAULTS.clockToleranceSeconds;
  const host = stringSetting(source, SETTINGS.host, problems) ?? VERIFIER_CONFIG_DEFAULTS.host;
  const port = integer(SETTINGS.port, 0, 65_535) ?? VERIFIER_CONFIG_DEFAULTS.port;
  const bodyLimit = integer(SETTINGS.bodyLimit, 1_024, 64 * 1_048_576) ?? VERIFIER_CONFIG_DEFAULTS.bodyLimit;
  const logLevel = stringSetting(source, SETTINGS.logLevel, problems) ?? VERIFIER_CONFIG_DEFAULTS.logLevel;
  checkLogLevel(logLevel, SETTINGS.logLevel, problems);

  if (problems.length > 0) throw verifierConfigError(problems);
  return {
    chain,
    rpcUrl: rpcUrl!,
    fisco,
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
  return new VerifierConfigError(configProblemsMessage("verifier", problems), { details: { problems } });
}

/** The problems a `VerifierConfigError` from `loadVerifierConfig` or `startVerifierServer` lists. */
export function configProblems(error: unknown): readonly string[] | undefined {
  if (!(error instanceof VerifierConfigError)) return undefined;
  const problems = error.details?.problems;
  return Array.isArray(problems) ? (problems as string[]) : [error.message];
}
