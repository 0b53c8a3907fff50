import { isAbsolute, resolve } from "node:path";
import { CREDENTIAL_TYPES, type CredentialType, isCredentialType } from "@permitchain/schemas";
import {
  CHAIN_SETTINGS,
  type ChainKind,
  type ConfigSource,
  type ConfigSourceOptions,
  chainSettings,
  checkLogLevel,
  envValue,
  type FiscoNodeSettings,
  integerSetting,
  openConfigSource,
  pathSetting,
  type SettingName,
  settingBase,
  settingLabel,
  stringSetting,
} from "@permitchain/service";
import { IssuerConfigError } from "./errors.js";

/**
 * Where a private key comes from: inline hex (tests and development only), or a file holding either a
 * 0x-hex private key or an encrypted JSON keystore (Web3 Secret Storage, scrypt; as `ethers` writes it), whose
 * password is read from `passwordFile` or from the environment variable `passwordEnv`.
 */
export type KeySource =
  | { readonly kind: "hex"; readonly hex: string }
  | {
      readonly kind: "file";
      readonly path: string;
      readonly passwordFile?: string | undefined;
      readonly passwordEnv?: string | undefined;
    };

/** One issuer DID the service signs for. */
export interface IssuerKeyConfig {
  /** `did:ethr:<chainIdHex>:0x...`, on the deployment's chain. */
  readonly did: string;
  /** Signs credentials and on-chain proofs: the DID's owner key or a valid `veriKey` delegate. */
  readonly signingKey: KeySource;
  /**
   * Sends status-registry writes and pays their gas: the DID's owner key or a valid `sigAuth` delegate.
   * Default: the signing key.
   */
  readonly statusKey?: KeySource | undefined;
  /** Display name put in the credential's `issuer.name` when the request gives none. */
  readonly name?: string | undefined;
}

/** One operator API key, stored hashed. */
export interface ApiKeyConfig {
  /** Who the key belongs to (logged and recorded with every issuance and status change). */
  readonly operator: string;
  /** `sha256:<64 hex>` of the key (see `hashApiKey`); the key itself is never stored. */
  readonly keyHash: string;
  /** The issuer DIDs the key may act for (each one of `issuers`). */
  readonly issuers: readonly string[];
  /** The credential types the key may issue and change the status of. */
  readonly types: readonly CredentialType[];
}

export type DatabaseConfig =
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "postgres"; readonly url: string };

/** The validated configuration of the issuer service. */
export interface IssuerServiceConfig {
  /** How the chain is reached: an Ethereum JSON-RPC endpoint (`evm`) or a FISCO BCOS node's native JSON-RPC. */
  readonly chain: ChainKind;
  /** The chain's RPC URL: http(s):// for evm, http(s):// or ws(s):// for fisco. */
  readonly rpcUrl: string;
  /** Group, node and SDK certificates of the FISCO BCOS node; present exactly when `chain` is "fisco". */
  readonly fisco: FiscoNodeSettings | undefined;
  /** Per-request timeout of JSON-RPC calls, milliseconds. */
  readonly rpcTimeoutMs: number;
  /** Path of the deployment manifest (`data/deployment.json` of `permitchain up`). */
  readonly deploymentPath: string;
  /** Directory for the service's own files (the SQLite database by default). */
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly host: string;
  readonly port: number;
  /** Largest request body accepted, bytes (413 above). */
  readonly bodyLimit: number;
  readonly logLevel: string;
  readonly issuers: readonly IssuerKeyConfig[];
  readonly apiKeys: readonly ApiKeyConfig[];
}

/** Environment variables read by `loadIssuerConfig` (each overrides the config file's field). */
export const ISSUER_ENV = Object.freeze({
  configFile: "PERMITCHAIN_ISSUER_CONFIG",
  chain: CHAIN_SETTINGS.chain.env,
  rpcUrl: CHAIN_SETTINGS.rpcUrl.env,
  fiscoGroup: CHAIN_SETTINGS.fiscoGroup.env,
  fiscoNode: CHAIN_SETTINGS.fiscoNode.env,
  fiscoCertDir: CHAIN_SETTINGS.fiscoCertDir.env,
  rpcTimeoutMs: "PERMITCHAIN_RPC_TIMEOUT_MS",
  deploymentPath: "PERMITCHAIN_DEPLOYMENT",
  dataDir: "PERMITCHAIN_ISSUER_DATA_DIR",
  databaseUrl: "DATABASE_URL",
  host: "PERMITCHAIN_ISSUER_HOST",
  port: "PERMITCHAIN_ISSUER_PORT",
  bodyLimit: "PERMITCHAIN_ISSUER_BODY_LIMIT",
  logLevel: "PERMITCHAIN_ISSUER_LOG_LEVEL",
  issuers: "PERMITCHAIN_ISSUER_KEYS",
  apiKeys: "PERMITCHAIN_ISSUER_API_KEYS",
} as const);

export const ISSUER_CONFIG_DEFAULTS = Object.freeze({
  rpcTimeoutMs: 15_000,
  deploymentPath: "data/deployment.json",
  dataDir: "data/issuer",
  sqliteFile: "issuer.sqlite",
  host: "127.0.0.1",
  port: 8081,
  bodyLimit: 1_048_576,
  logLevel: "info",
});

const DID_ETHR = /^did:ethr:(?:[A-Za-z0-9_-]{1,64}:)?0x(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{66})$/;
const PRIVATE_KEY = /^0x[0-9a-fA-F]{64}$/;
const KEY_HASH = /^sha256:[0-9a-f]{64}$/;

/** Each setting: its environment variable and its field in the config file. */
const SETTINGS = {
  ...CHAIN_SETTINGS,
  rpcTimeoutMs: { env: ISSUER_ENV.rpcTimeoutMs, file: "rpcTimeoutMs" },
  deploymentPath: { env: ISSUER_ENV.deploymentPath, file: "deployment" },
  dataDir: { env: ISSUER_ENV.dataDir, file: "dataDir" },
  database: { env: ISSUER_ENV.databaseUrl, file: "database" },
  host: { env: ISSUER_ENV.host, file: "host" },
  port: { env: ISSUER_ENV.port, file: "port" },
  bodyLimit: { env: ISSUER_ENV.bodyLimit, file: "bodyLimit" },
  logLevel: { env: ISSUER_ENV.logLevel, file: "logLevel" },
  issuers: { env: ISSUER_ENV.issuers, file: "issuers" },
  apiKeys: { env: ISSUER_ENV.apiKeys, file: "apiKeys" },
} as const satisfies Record<string, SettingName>;

/**
 * How `loadIssuerConfig` is called: `env` default `process.env`; `file` default the file named by
 * PERMITCHAIN_ISSUER_CONFIG, if any; `cwd` (base of relative paths given in the environment) default
 * `process.cwd()`.
 */
export type LoadIssuerConfigOptions = ConfigSourceOptions;

/**
 * Reads the configuration from a JSON file (optional) and the environment (which wins), checks every field
 * and throws one `IssuerConfigError` listing every problem found. Relative paths in the file are resolved
 * against the file's folder, those in the environment against `cwd`. Keys are not read here (see
 * `loadIssuerKeys`): only their sources are checked.
 */
export function loadIssuerConfig(options: LoadIssuerConfigOptions = {}): IssuerServiceConfig {
  const problems: string[] = [];
  const source = openConfigSource(options, ISSUER_ENV.configFile, SETTINGS, problems);

  const { chain, rpcUrl, fisco } = chainSettings(source, problems);

  const rpcTimeoutMs =
    integerSetting(source, SETTINGS.rpcTimeoutMs, { min: 100, max: 600_000 }, problems) ??
    ISSUER_CONFIG_DEFAULTS.rpcTimeoutMs;
  const deploymentPath = pathSetting(
    source,
    SETTINGS.deploymentPath,
    ISSUER_CONFIG_DEFAULTS.deploymentPath,
    problems,
  );
  const dataDir = pathSetting(source, SETTINGS.dataDir, ISSUER_CONFIG_DEFAULTS.dataDir, problems);
  const database = databaseSetting(source, dataDir, problems);
  const host = stringSetting(source, SETTINGS.host, problems) ?? ISSUER_CONFIG_DEFAULTS.host;
  const port =
    integerSetting(source, SETTINGS.port, { min: 0, max: 65_535 }, problems) ?? ISSUER_CONFIG_DEFAULTS.port;
  const bodyLimit =
    integerSetting(source, SETTINGS.bodyLimit, { min: 1_024, max: 64 * 1_048_576 }, problems) ??
    ISSUER_CONFIG_DEFAULTS.bodyLimit;
  const logLevel = stringSetting(source, SETTINGS.logLevel, problems) ?? ISSUER_CONFIG_DEFAULTS.logLevel;
  checkLogLevel(logLevel, SETTINGS.logLevel, problems);

  const issuersRaw = jsonSetting(source, SETTINGS.issuers, problems);
  const issuers = parseIssuers(issuersRaw, settingBase(source, SETTINGS.issuers), problems);
  const apiKeysRaw = jsonSetting(source, SETTINGS.apiKeys, problems);
  const apiKeys = parseApiKeys(apiKeysRaw, issuers, problems);

  if (problems.length > 0) throw new IssuerConfigError(problems);
  return {
    chain,
    rpcUrl: rpcUrl!,
    fisco,
    rpcTimeoutMs,
    deploymentPath,
    dataDir,
    database,
    host,
    port,
    bodyLimit,
    logLevel,
    issuers,
    apiKeys,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON setting: JSON text in the environment, any JSON value in the file. */
function jsonSetting(source: ConfigSource, name: SettingName, problems: string[]): unknown {
  const value = envValue(source.env, name.env);
  if (value === undefined) return source.file[name.file];
  try {
    return JSON.parse(value);
  } catch (error) {
    problems.push(`${name.env}: not valid JSON (${(error as Error).message})`);
    return undefined;
  }
}

/**
 * `DATABASE_URL` (or the file's `database`): `postgres://` / `postgresql://` for PostgreSQL; `sqlite:PATH`,
 * `file:PATH` or a plain path for SQLite; default `<dataDir>/issuer.sqlite`.
 */
function databaseSetting(source: ConfigSource, dataDir: string, problems: string[]): DatabaseConfig {
  const fallback: DatabaseConfig = {
    kind: "sqlite",
    path: resolve(dataDir, ISSUER_CONFIG_DEFAULTS.sqliteFile),
  };
  const raw = stringSetting(source, SETTINGS.database, problems);
  if (raw === undefined) return fallback;
  if (/^postgres(?:ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      problems.push(`${settingLabel(SETTINGS.database)}: not a valid PostgreSQL URL`);
    }
    return { kind: "postgres", url: raw };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && !raw.startsWith("file:")) {
    problems.push(
      `${settingLabel(SETTINGS.database)}: postgres://... for PostgreSQL, or a file path (sqlite:PATH) for SQLite`,
    );
    return fallback;
  }
  const path = raw.replace(/^(?:sqlite|file):(?:\/\/)?/, "");
  if (path === "") {
    problems.push(`${settingLabel(SETTINGS.database)}: the SQLite file path is empty`);
    return fallback;
  }
  return {
    kind: "sqlite",
    path: isAbsolute(path) ? path : resolve(settingBase(source, SETTINGS.database), path),
  };
}

function parseKeySource(
  raw: unknown,
  label: string,
  base: string,
  problems: string[],
): KeySource | undefined {
  if (typeof raw === "string") {
    if (!PRIVATE_KEY.test(raw)) {
      problems.push(`${label}: inline keys must be 0x followed by 64 hex digits (or use {"file": ...})`);
      return undefined;
    }
    return { kind: "hex", hex: raw };
  }
  if (!isRecord(raw) || typeof raw.file !== "string" || raw.file === "") {
    problems.push(
      `${label}: a 0x-hex private key or {"file": PATH, "passwordFile"?: PATH, "passwordEnv"?: NAME}`,
    );
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (!["file", "passwordFile", "passwordEnv"].includes(key))
      problems.push(`${label}: unknown field "${key}"`);
  }
  if (raw.passwordFile !== undefined && (typeof raw.passwordFile !== "string" || raw.passwordFile === "")) {
    problems.push(`${label}.passwordFile: must be a non-empty string`);
  }
  if (raw.passwordEnv !== undefined && (typeof raw.passwordEnv !== "string" || raw.passwordEnv === "")) {
    problems.push(`${label}.passwordEnv: must be the name of an environment variable`);
  }
  return {
    kind: "file",
    path: resolve(base, raw.file),
    passwordFile: typeof raw.passwordFile === "string" ? resolve(base, raw.passwordFile) : undefined,
    passwordEnv: typeof raw.passwordEnv === "string" ? raw.passwordEnv : undefined,
  };
}

function parseIssuers(raw: unknown, base: string, problems: string[]): IssuerKeyConfig[] {
  const label = settingLabel(SETTINGS.issuers);
  if (raw === undefined) {
    problems.push(`${label}: required, a JSON array of {"did", "signingKey", "statusKey"?, "name"?}`);
    return [];
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`${label}: must be a non-empty JSON array`);
    return [];
  }
  const issuers: IssuerKeyConfig[] = [];
  const seen = new Set<string>();
  raw.forEach((entry: unknown, i) => {
    const at = `${label}[${i}]`;
    if (!isRecord(entry)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    for (const key of Object.keys(entry)) {
      if (!["did", "signingKey", "statusKey", "name"].includes(key))
        problems.push(`${at}: unknown field "${key}"`);
    }
    const did = entry.did;
    if (typeof did !== "string" || !DID_ETHR.test(did)) {
      problems.push(`${at}.did: must be a did:ethr DID, got ${JSON.stringify(did)}`);
      return;
    }
    if (seen.has(did.toLowerCase())) problems.push(`${at}.did: ${did} is listed twice`);
    seen.add(did.toLowerCase());
    const signingKey = parseKeySource(entry.signingKey, `${at}.signingKey`, base, problems);
    const statusKey =
      entry.statusKey === undefined
        ? undefined
        : parseKeySource(entry.statusKey, `${at}.statusKey`, base, problems);
    if (entry.name !== undefined && (typeof entry.name !== "string" || entry.name.trim() === "")) {
      problems.push(`${at}.name: must be a non-empty string`);
    }
    if (signingKey === undefined) return;
    issuers.push({
      did,
      signingKey,
      statusKey,
      name: typeof entry.name === "string" ? entry.name : undefined,
    });
  });
  return issuers;
}

function parseApiKeys(raw: unknown, issuers: readonly IssuerKeyConfig[], problems: string[]): ApiKeyConfig[] {
  const label = settingLabel(SETTINGS.apiKeys);
  if (raw === undefined) {
    problems.push(`${label}: required, a JSON array of {"operator", "keyHash", "issuers", "types"}`);
    return [];
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`${label}: must be a non-empty JSON array`);
    return [];
  }
  const configured = new Map(issuers.map((issuer) => [issuer.did.toLowerCase(), issuer.did]));
  const keys: ApiKeyConfig[] = [];
  const hashes = new Set<string>();
  raw.forEach((entry: unknown, i) => {
    const at = `${label}[${i}]`;
    if (!isRecord(entry)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    for (const key of Object.keys(entry)) {
      if (!["operator", "keyHash", "issuers", "types"].includes(key))
        problems.push(`${at}: unknown field "${key}"`);
    }
    const { operator, keyHash, issuers: allowed, types } = entry;
    let ok = true;
    if (typeof operator !== "string" || !/^[A-Za-z0-9._@-]{1,128}$/.test(operator)) {
      problems.push(`${at}.operator: 1-128 characters of letters, digits, ".", "_", "@", "-"`);
      ok = false;
    }
    if (typeof keyHash !== "string" || !KEY_HASH.test(keyHash)) {
      problems.push(
        `${at}.keyHash: "sha256:" and 64 lower-case hex digits (hashApiKey of the key), never the key`,
      );
      ok = false;
    } else if (hashes.has(keyHash)) {
      problems.push(`${at}.keyHash: the same key is listed twice`);
    } else {
      hashes.add(keyHash);
    }
    const issuerDids: string[] = [];
    if (!Array.isArray(allowed) || allowed.length === 0) {
      problems.push(`${at}.issuers: a non-empty array of configured issuer DIDs`);
      ok = false;
    } else {
      for (const did of allowed) {
        const match = typeof did === "string" ? configured.get(did.toLowerCase()) : undefined;
        if (match === undefined) {
          problems.push(`${at}.issuers: ${JSON.stringify(did)} is not one of the configured issuers`);
          ok = false;
        } else {
          issuerDids.push(match);
        }
      }
    }
    const typeNames: CredentialType[] = [];
    if (!Array.isArray(types) || types.length === 0) {
      problems.push(`${at}.types: a non-empty array of ${CREDENTIAL_TYPES.join(", ")}`);
      ok = false;
    } else {
      for (const type of types) {
        if (!isCredentialType(type)) {
          problems.push(`${at}.types: ${JSON.stringify(type)} is not one of ${CREDENTIAL_TYPES.join(", ")}`);
          ok = false;
        } else {
          typeNames.push(type);
        }
      }
    }
    if (ok)
      keys.push({
        operator: operator as string,
        keyHash: keyHash as string,
        issuers: issuerDids,
        types: typeNames,
      });
  });
  return keys;
}
