import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { CREDENTIAL_TYPES, type CredentialType, isCredentialType } from "@permitchain/schemas";
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
  /** EVM JSON-RPC endpoint of the chain. */
  readonly rpcUrl: string;
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
  rpcUrl: "PERMITCHAIN_RPC_URL",
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

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
const DID_ETHR = /^did:ethr:(?:[A-Za-z0-9_-]{1,64}:)?0x(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{66})$/;
const PRIVATE_KEY = /^0x[0-9a-fA-F]{64}$/;
const KEY_HASH = /^sha256:[0-9a-f]{64}$/;

export interface LoadIssuerConfigOptions {
  /** The environment; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** A JSON config file; default the file named by PERMITCHAIN_ISSUER_CONFIG, if any. */
  file?: string | undefined;
  /** Base of relative paths given in the environment; default `process.cwd()`. */
  cwd?: string;
}

/**
 * Reads the configuration from a JSON file (optional) and the environment (which wins), checks every field
 * and throws one `IssuerConfigError` listing every problem found. Relative paths in the file are resolved
 * against the file's folder, those in the environment against `cwd`. Keys are not read here (see
 * `loadIssuerKeys`): only their sources are checked.
 */
export function loadIssuerConfig(options: LoadIssuerConfigOptions = {}): IssuerServiceConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];
  const filePath = options.file ?? nonEmpty(env[ISSUER_ENV.configFile]);
  let file: Record<string, unknown> = {};
  let fileBase = cwd;
  if (filePath !== undefined) {
    const path = resolve(cwd, filePath);
    fileBase = dirname(path);
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
      if (!isRecord(parsed)) problems.push(`config file ${path}: must hold a JSON object`);
      else file = parsed;
    } catch (error) {
      problems.push(`config file ${path}: ${(error as Error).message}`);
    }
  }
  const fromFile = (key: string) => file[key];
  const known = new Set([
    "rpcUrl",
    "rpcTimeoutMs",
    "deployment",
    "dataDir",
    "database",
    "host",
    "port",
    "bodyLimit",
    "logLevel",
    "issuers",
    "apiKeys",
  ]);
  for (const key of Object.keys(file))
    if (!known.has(key)) problems.push(`config file: unknown field "${key}"`);

  // paths: from the environment against cwd, from the file against the file's folder
  const pathFrom = (envName: string, fileKey: string, fallback: string): string => {
    const fromEnv = nonEmpty(env[envName]);
    if (fromEnv !== undefined) return resolve(cwd, fromEnv);
    const value = fromFile(fileKey);
    if (value === undefined) return resolve(cwd, fallback);
    if (typeof value !== "string" || value === "") {
      problems.push(`${fileKey}: must be a non-empty string`);
      return resolve(cwd, fallback);
    }
    return resolve(fileBase, value);
  };

  const rpcUrl = stringSetting(
    env[ISSUER_ENV.rpcUrl],
    fromFile("rpcUrl"),
    "rpcUrl",
    ISSUER_ENV.rpcUrl,
    problems,
  );
  if (rpcUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(rpcUrl)) {
    problems.push(`${ISSUER_ENV.rpcUrl} (rpcUrl): must be an http:// or https:// URL, got "${rpcUrl}"`);
  }
  if (rpcUrl === undefined)
    problems.push(`${ISSUER_ENV.rpcUrl} (rpcUrl): required, the chain's JSON-RPC URL`);

  const rpcTimeoutMs = intSetting(
    env[ISSUER_ENV.rpcTimeoutMs],
    fromFile("rpcTimeoutMs"),
    `${ISSUER_ENV.rpcTimeoutMs} (rpcTimeoutMs)`,
    ISSUER_CONFIG_DEFAULTS.rpcTimeoutMs,
    100,
    600_000,
    problems,
  );
  const deploymentPath = pathFrom(
    ISSUER_ENV.deploymentPath,
    "deployment",
    ISSUER_CONFIG_DEFAULTS.deploymentPath,
  );
  const dataDir = pathFrom(ISSUER_ENV.dataDir, "dataDir", ISSUER_CONFIG_DEFAULTS.dataDir);
  const database = databaseSetting(
    env[ISSUER_ENV.databaseUrl],
    fromFile("database"),
    dataDir,
    cwd,
    fileBase,
    problems,
  );
  const host =
    stringSetting(env[ISSUER_ENV.host], fromFile("host"), "host", ISSUER_ENV.host, problems) ??
    ISSUER_CONFIG_DEFAULTS.host;
  const port = intSetting(
    env[ISSUER_ENV.port],
    fromFile("port"),
    `${ISSUER_ENV.port} (port)`,
    ISSUER_CONFIG_DEFAULTS.port,
    0,
    65_535,
    problems,
  );
  const bodyLimit = intSetting(
    env[ISSUER_ENV.bodyLimit],
    fromFile("bodyLimit"),
    `${ISSUER_ENV.bodyLimit} (bodyLimit)`,
    ISSUER_CONFIG_DEFAULTS.bodyLimit,
    1_024,
    64 * 1_048_576,
    problems,
  );
  const logLevel =
    stringSetting(
      env[ISSUER_ENV.logLevel],
      fromFile("logLevel"),
      "logLevel",
      ISSUER_ENV.logLevel,
      problems,
    ) ?? ISSUER_CONFIG_DEFAULTS.logLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`${ISSUER_ENV.logLevel} (logLevel): one of ${LOG_LEVELS.join(", ")}, got "${logLevel}"`);
  }

  const issuersRaw = jsonSetting(env[ISSUER_ENV.issuers], fromFile("issuers"), ISSUER_ENV.issuers, problems);
  const issuersFromEnv = nonEmpty(env[ISSUER_ENV.issuers]) !== undefined;
  const issuers = parseIssuers(issuersRaw, issuersFromEnv ? cwd : fileBase, problems);
  const apiKeysRaw = jsonSetting(env[ISSUER_ENV.apiKeys], fromFile("apiKeys"), ISSUER_ENV.apiKeys, problems);
  const apiKeys = parseApiKeys(apiKeysRaw, issuers, problems);

  if (problems.length > 0) throw new IssuerConfigError(problems);
  return {
    rpcUrl: rpcUrl!,
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

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function stringSetting(
  fromEnv: string | undefined,
  fromFile: unknown,
  fileKey: string,
  envName: string,
  problems: string[],
): string | undefined {
  const value = nonEmpty(fromEnv);
  if (value !== undefined) return value;
  if (fromFile === undefined) return undefined;
  if (typeof fromFile !== "string" || fromFile === "") {
    problems.push(`${envName} (${fileKey}): must be a non-empty string`);
    return undefined;
  }
  return fromFile;
}

function intSetting(
  fromEnv: string | undefined,
  fromFile: unknown,
  label: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw: unknown = nonEmpty(fromEnv) ?? fromFile;
  if (raw === undefined) return fallback;
  const value = typeof raw === "string" && /^[0-9]+$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${label}: an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    return fallback;
  }
  return value;
}

function jsonSetting(
  fromEnv: string | undefined,
  fromFile: unknown,
  envName: string,
  problems: string[],
): unknown {
  const value = nonEmpty(fromEnv);
  if (value === undefined) return fromFile;
  try {
    return JSON.parse(value);
  } catch (error) {
    problems.push(`${envName}: not valid JSON (${(error as Error).message})`);
    return undefined;
  }
}

/**
 * `DATABASE_URL` (or the file's `database`): `postgres://` / `postgresql://` for PostgreSQL; `sqlite:PATH`,
 * `file:PATH` or a plain path for SQLite; default `<dataDir>/issuer.sqlite`.
 */
function databaseSetting(
  fromEnv: string | undefined,
  fromFile: unknown,
  dataDir: string,
  cwd: string,
  fileBase: string,
  problems: string[],
): DatabaseConfig {
  const fallback: DatabaseConfig = {
    kind: "sqlite",
    path: resolve(dataDir, ISSUER_CONFIG_DEFAULTS.sqliteFile),
  };
  const envValue = nonEmpty(fromEnv);
  const raw: unknown = envValue ?? fromFile;
  const base = envValue !== undefined ? cwd : fileBase;
  if (raw === undefined) return fallback;
  if (typeof raw !== "string" || raw === "") {
    problems.push(`${ISSUER_ENV.databaseUrl} (database): must be a non-empty string`);
    return fallback;
  }
  if (/^postgres(?:ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      problems.push(`${ISSUER_ENV.databaseUrl} (database): not a valid PostgreSQL URL`);
    }
    return { kind: "postgres", url: raw };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && !raw.startsWith("file:")) {
    problems.push(
      `${ISSUER_ENV.databaseUrl} (database): postgres://... for PostgreSQL, or a file path (sqlite:PATH) for SQLite`,
    );
    return fallback;
  }
  const path = raw.replace(/^(?:sqlite|file):(?:\/\/)?/, "");
  if (path === "") {
    problems.push(`${ISSUER_ENV.databaseUrl} (database): the SQLite file path is empty`);
    return fallback;
  }
  return { kind: "sqlite", path: isAbsolute(path) ? path : resolve(base, path) };
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
  const label = `${ISSUER_ENV.issuers} (issuers)`;
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
  const label = `${ISSUER_ENV.apiKeys} (apiKeys)`;
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
