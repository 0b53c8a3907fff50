import { readFileSync } from "node:fs";
import { Wallet } from "ethers";
import type { IssuerKeyConfig, KeySource } from "./config.js";
import { type DidNetwork, didAddress } from "./did.js";
import { IssuerConfigError } from "./errors.js";

/** An issuer DID the service acts for, with its keys loaded. */
export interface IssuerIdentity {
  /** The DID as configured. */
  readonly did: string;
  /** The DID's identity address (its `statusIssuer`). */
  readonly address: string;
  readonly name: string | undefined;
  /** Signs credentials (ES256K) and EIP-712 proofs: the DID's owner or a `veriKey` delegate. */
  readonly signingKey: Wallet;
  /** Sends status-registry transactions: the DID's owner or a `sigAuth` delegate (default the signing key). */
  readonly statusKey: Wallet;
}

/** The issuers by DID (case-insensitively). */
export class IssuerKeyring {
  readonly #byDid = new Map<string, IssuerIdentity>();

  constructor(identities: readonly IssuerIdentity[]) {
    for (const identity of identities) this.#byDid.set(identity.did.toLowerCase(), identity);
  }

  get(did: string): IssuerIdentity | undefined {
    return this.#byDid.get(did.toLowerCase());
  }

  list(): IssuerIdentity[] {
    return [...this.#byDid.values()];
  }
}

export interface LoadIssuerKeysOptions {
  /** The chain the DIDs must be on. */
  network: DidNetwork;
  /** Where `passwordEnv` names are looked up; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads every issuer's keys (inline hex, a hex key file, or an encrypted JSON keystore and its password) and
 * checks each DID against the chain's network. Throws one `IssuerConfigError` listing every problem.
 */
export async function loadIssuerKeys(
  configs: readonly IssuerKeyConfig[],
  options: LoadIssuerKeysOptions,
): Promise<IssuerKeyring> {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  const identities: IssuerIdentity[] = [];
  for (const config of configs) {
    const address = didAddress(config.did, options.network);
    if (!address.ok) problems.push(`issuer ${config.did}: ${address.message}`);
    const signingKey = await loadKey(config.signingKey, `issuer ${config.did} signingKey`, env, problems);
    const statusKey =
      config.statusKey === undefined
        ? signingKey
        : await loadKey(config.statusKey, `issuer ${config.did} statusKey`, env, problems);
    if (address.ok && signingKey !== undefined && statusKey !== undefined) {
      identities.push({
        did: config.did,
        address: address.address,
        name: config.name,
        signingKey,
        statusKey,
      });
    }
  }
  if (problems.length > 0) throw new IssuerConfigError(problems);
  return new IssuerKeyring(identities);
}

async function loadKey(
  source: KeySource,
  label: string,
  env: Readonly<Record<string, string | undefined>>,
  problems: string[],
): Promise<Wallet | undefined> {
  if (source.kind === "hex") return new Wallet(source.hex);
  let text: string;
  try {
    text = readFileSync(source.path, "utf8").trim();
  } catch (error) {
    problems.push(
      `${label}: cannot read ${source.path} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
    return undefined;
  }
  if (/^(?:0x)?[0-9a-fA-F]{64}$/.test(text)) {
    return new Wallet(text.startsWith("0x") ? text : `0x${text}`);
  }
  let password: string | undefined;
  if (source.passwordFile !== undefined) {
    try {
      password = readFileSync(source.passwordFile, "utf8").replace(/\r?\n$/, "");
    } catch (error) {
      problems.push(
        `${label}: cannot read the password file ${source.passwordFile} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      );
      return undefined;
    }
  } else if (source.passwordEnv !== undefined) {
    password = env[source.passwordEnv];
    if (password === undefined) {
      problems.push(
        `${label}: the environment variable ${source.passwordEnv} (the keystore password) is not set`,
      );
      return undefined;
    }
  }
  if (password === undefined) {
    problems.push(
      `${label}: ${source.path} is not a hex private key; an encrypted keystore needs "passwordFile" or "passwordEnv"`,
    );
    return undefined;
  }
  try {
    const wallet = await Wallet.fromEncryptedJson(text, password);
    return new Wallet(wallet.privateKey);
  } catch {
    problems.push(`${label}: ${source.path} is neither a hex private key nor a keystore this password opens`);
    return undefined;
  }
}
