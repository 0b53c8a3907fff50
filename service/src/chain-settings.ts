import { resolve } from "node:path";
import type { ConfigSource } from "./config-source.js";
import { isUrlWithScheme } from "./http-url.js";
import { type SettingName, settingBase, settingLabel, settingValue } from "./setting-name.js";
import { stringSetting } from "./setting-readers.js";

/** How a service reaches its chain: an Ethereum JSON-RPC endpoint, or a FISCO BCOS 3.x node's native JSON-RPC. */
export type ChainKind = "evm" | "fisco";

/** The chain kinds a service takes, the default first. */
export const CHAIN_KINDS: readonly ChainKind[] = Object.freeze(["evm", "fisco"]);

/** Where a FISCO BCOS node serves the group (as `permitchain up --chain fisco` takes it). */
export interface FiscoNodeSettings {
  /** The group; default "group0". */
  readonly group: string;
  /** The node within the group; default "" (the RPC picks one). */
  readonly node: string;
  /** Directory holding the SDK certificates `ca.crt`, `sdk.crt`, `sdk.key` (https:// and wss:// only). */
  readonly certDir: string | undefined;
}

/** The chain settings, checked. */
export interface ChainSettings {
  readonly chain: ChainKind;
  /** Undefined when it is missing or wrong (a problem then). */
  readonly rpcUrl: string | undefined;
  /** Present exactly when `chain` is "fisco". */
  readonly fisco: FiscoNodeSettings | undefined;
}

/** The settings that name the chain, the same in every service. */
export const CHAIN_SETTINGS = Object.freeze({
  chain: { env: "PERMITCHAIN_CHAIN", file: "chain" },
  rpcUrl: { env: "PERMITCHAIN_RPC_URL", file: "rpcUrl" },
  fiscoGroup: { env: "PERMITCHAIN_FISCO_GROUP", file: "fiscoGroup" },
  fiscoNode: { env: "PERMITCHAIN_FISCO_NODE", file: "fiscoNode" },
  fiscoCertDir: { env: "PERMITCHAIN_FISCO_CERT_DIR", file: "fiscoCertDir" },
} as const satisfies Record<string, SettingName>);

export const FISCO_NODE_DEFAULTS = Object.freeze({ group: "group0", node: "" });

const URL_SCHEMES: Readonly<Record<ChainKind, readonly string[]>> = {
  evm: ["http", "https"],
  fisco: ["http", "https", "ws", "wss"],
};
const FISCO_ONLY = [CHAIN_SETTINGS.fiscoGroup, CHAIN_SETTINGS.fiscoNode, CHAIN_SETTINGS.fiscoCertDir];

/**
 * Reads which chain a service works on (`chain`, default "evm"), its RPC URL (required: http(s):// for evm,
 * http(s):// or ws(s):// for fisco) and, for fisco, the group, the node and the SDK certificate directory (a path
 * resolved like any other). FISCO settings given for an evm chain are problems, as is a certificate directory
 * for a URL without TLS.
 */
export function chainSettings(source: ConfigSource, problems: string[]): ChainSettings {
  const given = stringSetting(source, CHAIN_SETTINGS.chain, problems);
  const kind = given === undefined ? CHAIN_KINDS[0]! : CHAIN_KINDS.find((name) => name === given);
  if (kind === undefined) {
    problems.push(`${settingLabel(CHAIN_SETTINGS.chain)}: "evm" or "fisco", got "${given}"`);
  }
  const rpcUrl = rpcUrlSetting(source, kind, problems);
  if (kind === "fisco") return { chain: kind, rpcUrl, fisco: fiscoNodeSettings(source, rpcUrl, problems) };
  if (kind === "evm") {
    for (const name of FISCO_ONLY) {
      if (settingValue(source, name) !== undefined) {
        problems.push(
          `${settingLabel(name)}: only for ${settingLabel(CHAIN_SETTINGS.chain)} "fisco", not "evm"`,
        );
      }
    }
  }
  return { chain: kind ?? CHAIN_KINDS[0]!, rpcUrl, fisco: undefined };
}

/** The RPC URL, with the schemes of `kind` (any scheme a chain kind takes when the kind itself is wrong). */
function rpcUrlSetting(
  source: ConfigSource,
  kind: ChainKind | undefined,
  problems: string[],
): string | undefined {
  const name = CHAIN_SETTINGS.rpcUrl;
  const url = stringSetting(source, name, problems);
  if (url === undefined) {
    if (settingValue(source, name) === undefined)
      problems.push(`${settingLabel(name)}: required, the chain's JSON-RPC URL`);
    return undefined;
  }
  if (isUrlWithScheme(url, URL_SCHEMES[kind ?? "fisco"])) return url;
  if (kind === "fisco") {
    problems.push(`${settingLabel(name)}: must be an http://, https://, ws:// or wss:// URL, got "${url}"`);
  } else {
    const ws = isUrlWithScheme(url, ["ws", "wss"]);
    const hint = ws ? ` (ws:// and wss:// are for ${settingLabel(CHAIN_SETTINGS.chain)} "fisco")` : "";
    problems.push(`${settingLabel(name)}: must be an http:// or https:// URL, got "${url}"${hint}`);
  }
  return undefined;
}

function fiscoNodeSettings(
  source: ConfigSource,
  rpcUrl: string | undefined,
  problems: string[],
): FiscoNodeSettings {
  const group = stringSetting(source, CHAIN_SETTINGS.fiscoGroup, problems) ?? FISCO_NODE_DEFAULTS.group;
  const node = stringSetting(source, CHAIN_SETTINGS.fiscoNode, problems) ?? FISCO_NODE_DEFAULTS.node;
  const dir = stringSetting(source, CHAIN_SETTINGS.fiscoCertDir, problems);
  const certDir =
    dir === undefined ? undefined : resolve(settingBase(source, CHAIN_SETTINGS.fiscoCertDir), dir);
  if (certDir !== undefined && rpcUrl !== undefined && !isUrlWithScheme(rpcUrl, ["https", "wss"])) {
    problems.push(
      `${settingLabel(CHAIN_SETTINGS.fiscoCertDir)}: the SDK certificates are for an https:// or wss:// ${CHAIN_SETTINGS.rpcUrl.file}, got "${rpcUrl}"`,
    );
  }
  return { group, node, certDir };
}

/** A service's validated chain settings, with its per-request time limit. */
export interface ServiceChainConfig {
  readonly chain: ChainKind;
  readonly rpcUrl: string;
  readonly rpcTimeoutMs: number;
  readonly fisco: FiscoNodeSettings | undefined;
}

/** What `connectChainEndpoint` of @permitchain/chain takes to reach a service's chain. */
export interface ChainEndpointOptions {
  readonly kind: ChainKind;
  readonly url: string;
  readonly chainId: number;
  readonly timeoutMs: number;
  readonly fisco: FiscoNodeSettings | undefined;
}

/** The endpoint of a service's chain settings, for the deployment's chain id. */
export function chainEndpointOptions(config: ServiceChainConfig, chainId: number): ChainEndpointOptions {
  return {
    kind: config.chain,
    url: config.rpcUrl,
    chainId,
    timeoutMs: config.rpcTimeoutMs,
    fisco: config.fisco,
  };
}
