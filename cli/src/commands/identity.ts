import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PermitChainError } from "@permitchain/chain";
import { createDidResolver } from "@permitchain/contracts";
import {
  createWallet,
  type DelegateType,
  openWalletStores,
  type PermitChainWallet,
  readWalletIdentifiers,
} from "@permitchain/wallet-sdk";
import { computeAddress, Wallet } from "ethers";
import { UsageError } from "../cli-error.js";
import {
  CHAIN_OPTIONS,
  type ChainSession,
  DEFAULT_DATA_DIR,
  DEFAULT_RPC_URL,
  devAccountZero,
  isoTime,
  openChainSession,
  parseAccount,
  parseInteger,
  privateKeyFrom,
  rpcUrlOf,
} from "./chain-session.js";
import { failureMessageOf } from "./contract-errors.js";

type Out = (line: string) => void;

export const IDENTITY_USAGE = [
  "permitchain identity create [--alias NAME] [--wallet DIR] [--rpc URL] [--data-dir DIR]",
  "permitchain identity list [--wallet DIR] [--data-dir DIR]",
  "permitchain identity show DID|ALIAS [--version-id N] [--wallet DIR] [--rpc URL] [--data-dir DIR]",
  "permitchain identity rotate DID|ALIAS [--relayed | --direct] [--relayer-key-file FILE] [--wallet DIR] [--rpc URL] [--data-dir DIR]",
  "permitchain identity delegate add DID|ALIAS --delegate ADDRESS [--type veriKey|sigAuth] [--validity SECONDS]",
  "                                [--relayed | --direct] [--relayer-key-file FILE] [--wallet DIR] [--rpc URL] [--data-dir DIR]",
  "permitchain identity delegate revoke DID|ALIAS --delegate ADDRESS [--type veriKey|sigAuth]",
  "                                [--relayed | --direct] [--relayer-key-file FILE] [--wallet DIR] [--rpc URL] [--data-dir DIR]",
].join("\n");

const DEFAULT_VALIDITY = 365n * 86_400n;

const HELP = [
  `usage: ${IDENTITY_USAGE.split("\n").join("\n       ")}`,
  "",
  "did:ethr identities in the ERC-1056 registry of the suite `permitchain up` deployed, their keys in a wallet",
  "directory. A new identity costs nothing (it exists as soon as its key does); rotating its controller key and",
  "adding or revoking delegates are registry transactions.",
  "",
  "  create                 a new identity: prints its DID, its registry address and its controller",
  "  list                   the identities in the wallet (no passphrase needed)",
  "  show                   the DID document and its metadata, resolved from the chain by the project's resolver;",
  "                         --version-id N: as of block N (no passphrase needed)",
  "  rotate                 a new controller key; prints the old and the new controller",
  "  delegate add|revoke    a delegate (a device's or an operator's address): veriKey signs on the identity's",
  "                         behalf, sigAuth also authenticates as it; --validity in seconds (default one year)",
  "DID|ALIAS is a DID or the --alias of an identity in the wallet.",
  "",
  "options:",
  `  --rpc URL                the chain's JSON-RPC endpoint (default $PERMITCHAIN_RPC_URL or ${DEFAULT_RPC_URL})`,
  `  --data-dir DIR           where permitchain up keeps deployment.json (default ${DEFAULT_DATA_DIR})`,
  "  --wallet DIR             the wallet directory (default DIR/wallet): one SQLite database, wallet.sqlite,",
  "                           private keys and credentials encrypted with the passphrase, public data in clear;",
  "                           a directory holding a file wallet (private-keys.json, keys.json, dids.json,",
  "                           credentials.json) is used as it is. One process at a time",
  "  --relayed                the controller key signs an ERC-1056 meta-transaction and the relayer sends and",
  "                           pays for it (the default: a new identity holds no gas)",
  "  --direct                 the controller key sends the transaction and pays for it itself",
  "  --relayer-key-file FILE  the relayer's private key (one 32-byte hex key); or PERMITCHAIN_RELAYER_KEY.",
  "                           Default on the embedded dev chain only (chain id 31337 and permitchain up's",
  "                           chain.json in --data-dir): dev account 0 of the public development mnemonic",
  "",
  "environment:",
  "  PERMITCHAIN_PASSPHRASE   the wallet's passphrase, required by create, rotate and delegate (there is no",
  "                           interactive prompt); the first command on a new wallet directory sets it",
  "  PERMITCHAIN_RELAYER_KEY  the relayer's private key, when --relayer-key-file is not given",
].join("\n");

const OPTIONS = {
  ...CHAIN_OPTIONS,
  wallet: { type: "string" },
  alias: { type: "string" },
  "version-id": { type: "string" },
  relayed: { type: "boolean" },
  direct: { type: "boolean" },
  "relayer-key-file": { type: "string" },
  delegate: { type: "string" },
  type: { type: "string" },
  validity: { type: "string" },
} as const;

type Values = ReturnType<typeof parse>["values"];

function parse(argv: string[]) {
  return parseArgs({ args: argv, strict: true, allowPositionals: true, options: OPTIONS });
}

const SEND_FLAGS = ["relayed", "direct", "relayer-key-file"];

/** Flags each subcommand takes besides --rpc, --data-dir and --help. */
const FLAGS_OF: Record<string, readonly string[]> = {
  create: ["wallet", "alias"],
  list: ["wallet"],
  show: ["wallet", "version-id"],
  rotate: ["wallet", ...SEND_FLAGS],
  "delegate add": ["wallet", ...SEND_FLAGS, "delegate", "type", "validity"],
  "delegate revoke": ["wallet", ...SEND_FLAGS, "delegate", "type"],
};

interface Invocation {
  subcommand: string;
  /** The DID or alias argument, for show, rotate and delegate. */
  target: string | undefined;
  values: Values;
  dataDir: string;
  rpcUrl: string;
  walletDir: string;
  /** delegate add|revoke */
  delegate: string | undefined;
  delegateType: DelegateType;
  validity: bigint;
  /** show */
  versionId: string | undefined;
  /** rotate, delegate: the relayer's key from --relayer-key-file or PERMITCHAIN_RELAYER_KEY */
  relayerKey: string | undefined;
}

function parseInvocation(argv: string[], env: NodeJS.ProcessEnv): Invocation | "help" {
  const { values, positionals } = parse(argv);
  if (values.help || positionals[0] === "help") return "help";
  const [first, ...rest] = positionals;
  if (first === undefined)
    throw new UsageError("a subcommand is required: create, list, show, rotate or delegate");
  let subcommand = first;
  let operands = rest;
  if (first === "delegate") {
    const [action, ...after] = rest;
    if (action !== "add" && action !== "revoke") {
      throw new UsageError(
        `identity delegate expects add or revoke, got ${action === undefined ? "nothing" : `"${action}"`}`,
      );
    }
    subcommand = `delegate ${action}`;
    operands = after;
  }
  const allowed = FLAGS_OF[subcommand];
  if (allowed === undefined) {
    throw new UsageError(`unknown subcommand "${first}": create, list, show, rotate or delegate`);
  }
  const takesTarget = subcommand !== "create" && subcommand !== "list";
  if (takesTarget && operands.length === 0)
    throw new UsageError(`identity ${subcommand} needs a DID or an alias`);
  const extra = operands.slice(takesTarget ? 1 : 0);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const misplaced = Object.keys(OPTIONS).find(
    (flag) =>
      !(flag in CHAIN_OPTIONS) && !allowed.includes(flag) && values[flag as keyof Values] !== undefined,
  );
  if (misplaced !== undefined)
    throw new UsageError(`--${misplaced} does not apply to identity ${subcommand}`);
  if (values.relayed && values.direct) throw new UsageError("--relayed and --direct exclude each other");
  if (values.direct && values["relayer-key-file"] !== undefined) {
    throw new UsageError("--relayer-key-file does not apply with --direct (the controller key pays)");
  }
  const dataDir = resolve(values["data-dir"] ?? DEFAULT_DATA_DIR);
  const validity =
    values.validity === undefined ? DEFAULT_VALIDITY : parseInteger("--validity", values.validity);
  if (validity < 1n) throw new UsageError("--validity must be at least 1 second");
  const alias = values.alias;
  if (alias !== undefined && (alias === "" || alias.startsWith("did:") || /\s/.test(alias))) {
    throw new UsageError(
      `--alias expects a name without spaces that does not start with "did:", got "${alias}"`,
    );
  }
  const versionId = values["version-id"];
  if (versionId !== undefined) parseInteger("--version-id", versionId);
  const target = takesTarget ? operands[0] : undefined;
  if (versionId !== undefined && target?.includes("?")) {
    throw new UsageError("--version-id does not apply to a DID URL that has a query already");
  }
  return {
    subcommand,
    target,
    values,
    dataDir,
    rpcUrl: rpcUrlOf(values.rpc, env),
    walletDir: resolve(values.wallet ?? join(dataDir, "wallet")),
    delegate: subcommand.startsWith("delegate") ? parseAccount("delegate", values.delegate) : undefined,
    delegateType: delegateTypeOf(values.type),
    validity,
    versionId,
    relayerKey:
      allowed.includes("relayer-key-file") && !values.direct
        ? privateKeyFrom("relayer-key-file", values["relayer-key-file"], "PERMITCHAIN_RELAYER_KEY", env)
        : undefined,
  };
}

function passphraseOf(env: NodeJS.ProcessEnv, subcommand: string): string {
  const passphrase = env.PERMITCHAIN_PASSPHRASE;
  if (passphrase === undefined || passphrase === "") {
    throw new UsageError(
      `identity ${subcommand} opens the wallet's private keys: set PERMITCHAIN_PASSPHRASE to the wallet's passphrase (there is no interactive prompt)`,
    );
  }
  return passphrase;
}

/** A DID as given, or the DID of the wallet identity with that alias. */
async function didOf(target: string, walletDir: string): Promise<string> {
  if (target.startsWith("did:")) return target;
  const match = (await readWalletIdentifiers(walletDir)).find((identifier) => identifier.alias === target);
  if (match === undefined) {
    throw new PermitChainError(
      "IDENTITY_NOT_FOUND",
      `"${target}" is not a DID, and the wallet ${walletDir} holds no identity with that alias (see permitchain identity list)`,
    );
  }
  return match.did;
}

interface Relaying {
  relayed: boolean;
  relayer: Wallet | undefined;
  note: string | undefined;
}

/** Relayed (the default) or direct, and who pays for relayed operations. */
function relayingOf(invocation: Invocation, session: ChainSession): Relaying {
  if (invocation.values.direct) return { relayed: false, relayer: undefined, note: undefined };
  const key = invocation.relayerKey;
  if (key !== undefined) {
    const relayer = new Wallet(key, session.provider);
    return { relayed: true, relayer, note: `relayer: ${relayer.address} (pays for the transaction)` };
  }
  if (!session.embeddedDev) {
    throw new UsageError(
      "a relayed operation needs a relayer that pays: --relayer-key-file FILE or PERMITCHAIN_RELAYER_KEY (dev account 0 is the default only on the embedded dev chain), or --direct to pay from the identity's own key",
    );
  }
  const dev = devAccountZero();
  return {
    relayed: true,
    relayer: new Wallet(dev.privateKey, session.provider),
    note: `relayer: ${dev.address} (dev account 0 of the public development mnemonic: the default on the embedded dev chain only)`,
  };
}

function transactionLine(result: { blockNumber: number; transactionHash: string; relayed: boolean }): string {
  return `block ${result.blockNumber}, transaction ${result.transactionHash} (${result.relayed ? "relayed" : "direct"})`;
}

async function withWallet<T>(
  invocation: Invocation,
  session: ChainSession,
  env: NodeJS.ProcessEnv,
  relayer: Wallet | undefined,
  task: (wallet: PermitChainWallet) => Promise<T>,
): Promise<T> {
  const stores = await openWalletStores({
    directory: invocation.walletDir,
    passphrase: passphraseOf(env, invocation.subcommand),
  });
  try {
    const wallet = createWallet({
      chainId: session.chainId,
      registry: session.manifest.contracts.EthereumDIDRegistry,
      provider: session.provider,
      stores,
      ...(relayer === undefined ? {} : { relayer }),
    });
    try {
      return await task(wallet);
    } catch (error) {
      throw clearer(error, invocation.values.direct === true);
    } finally {
      wallet.close();
    }
  } finally {
    stores.close();
  }
}

/** A wallet error whose message is ethers' "could not coalesce error", with the node's message instead. */
function clearer(error: unknown, direct: boolean): unknown {
  if (!(error instanceof PermitChainError) || !error.message.includes("could not coalesce error"))
    return error;
  const node = failureMessageOf(error.cause);
  let message = error.message.replace("could not coalesce error", node);
  if (direct && /fund/i.test(node)) {
    message +=
      " (--direct: the controller key pays for the transaction; fund it, or leave out --direct to relay)";
  }
  return new PermitChainError(error.code, message, { cause: error, details: { ...error.details } });
}

async function create(invocation: Invocation, session: ChainSession, out: Out, env: NodeJS.ProcessEnv) {
  const alias = invocation.values.alias;
  await withWallet(invocation, session, env, undefined, async (wallet) => {
    if (alias !== undefined && (await wallet.listIdentities()).some((identity) => identity.alias === alias)) {
      throw new PermitChainError(
        "ALIAS_TAKEN",
        `the wallet ${invocation.walletDir} holds an identity with alias "${alias}" already`,
      );
    }
    const created = await wallet.createIdentity(alias === undefined ? {} : { alias });
    out(`DID:        ${created.did}`);
    out(`address:    ${created.identity}`);
    out(`controller: ${created.controllerAddress}`);
    if (alias !== undefined) out(`alias:      ${alias}`);
    out(`wallet:     ${invocation.walletDir}`);
    out("no transaction needed: an ERC-1056 identity exists as soon as its key does");
  });
}

async function list(invocation: Invocation, out: Out) {
  const identifiers = await readWalletIdentifiers(invocation.walletDir);
  if (identifiers.length === 0) {
    out(`the wallet ${invocation.walletDir} holds no identities (permitchain identity create makes one)`);
    return;
  }
  for (const identifier of identifiers) {
    const controller = identifier.keys.find((key) => key.kid === identifier.controllerKeyId);
    const address = controller === undefined ? "?" : computeAddress(`0x${controller.publicKeyHex}`);
    out(`${identifier.alias ?? "-"}  ${identifier.did}  controller ${address}`);
  }
}

async function show(invocation: Invocation, session: ChainSession, out: Out) {
  const did = await didOf(invocation.target!, invocation.walletDir);
  const { versionId } = invocation;
  const didUrl = versionId === undefined ? did : `${did}?versionId=${versionId}`;
  const resolver = createDidResolver({
    chainId: session.chainId,
    registry: session.manifest.contracts.EthereumDIDRegistry,
    provider: session.provider,
  });
  try {
    const result = await resolver.resolve(didUrl);
    const error = result.didResolutionMetadata.error;
    if (error !== undefined) {
      const message = (result.didResolutionMetadata as { message?: string }).message;
      throw new PermitChainError(
        "DID_RESOLUTION_FAILED",
        `${didUrl} does not resolve: ${error}${message === undefined ? "" : ` (${message})`}`,
      );
    }
    const { didDocument, didDocumentMetadata, didResolutionMetadata } = result;
    out(JSON.stringify({ didDocument, didDocumentMetadata, didResolutionMetadata }, null, 2));
  } finally {
    resolver.close();
  }
}

async function rotate(invocation: Invocation, session: ChainSession, out: Out, env: NodeJS.ProcessEnv) {
  const did = await didOf(invocation.target!, invocation.walletDir);
  const relaying = relayingOf(invocation, session);
  await withWallet(invocation, session, env, relaying.relayer, async (wallet) => {
    const before = await wallet.getIdentity({ did });
    if (relaying.note !== undefined) out(relaying.note);
    const rotated = await wallet.rotateOwner({ did, relayed: relaying.relayed });
    out(`rotated the controller of ${did}`);
    out(`old controller: ${before.controllerAddress ?? "?"}`);
    out(`new controller: ${rotated.controllerAddress}`);
    out(transactionLine(rotated));
  });
}

function delegateTypeOf(value: string | undefined): DelegateType {
  const type = value ?? "veriKey";
  if (type !== "veriKey" && type !== "sigAuth") {
    throw new UsageError(`--type expects veriKey or sigAuth, got "${type}"`);
  }
  return type;
}

async function delegate(invocation: Invocation, session: ChainSession, out: Out, env: NodeJS.ProcessEnv) {
  const { delegateType, validity } = invocation;
  const delegateAddress = invocation.delegate!;
  const adding = invocation.subcommand === "delegate add";
  const did = await didOf(invocation.target!, invocation.walletDir);
  const relaying = relayingOf(invocation, session);
  await withWallet(invocation, session, env, relaying.relayer, async (wallet) => {
    if (relaying.note !== undefined) out(relaying.note);
    if (adding) {
      const added = await wallet.addDelegate({
        did,
        delegate: delegateAddress,
        delegateType,
        validity,
        relayed: relaying.relayed,
      });
      out(
        `added ${delegateType} delegate ${delegateAddress} to ${did}, valid until ${isoTime(added.validTo)}`,
      );
      out(transactionLine(added));
    } else {
      const revoked = await wallet.revokeDelegate({
        did,
        delegate: delegateAddress,
        delegateType,
        relayed: relaying.relayed,
      });
      out(`revoked ${delegateType} delegate ${delegateAddress} of ${did}`);
      out(transactionLine(revoked));
    }
  });
}

/**
 * `permitchain identity create|list|show|rotate|delegate`: did:ethr identities in the wallet directory,
 * against the suite `permitchain up` deployed.
 */
export async function identityCommand(
  argv: string[],
  out: Out,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const invocation = parseInvocation(argv, env);
  if (invocation === "help") {
    out(HELP);
    return 0;
  }
  if (invocation.subcommand === "list") {
    await list(invocation, out);
    return 0;
  }
  // fail on a missing passphrase before connecting
  if (invocation.subcommand !== "show") passphraseOf(env, invocation.subcommand);
  const session = await openChainSession({
    rpcUrl: invocation.rpcUrl,
    dataDir: invocation.dataDir,
    contracts: ["EthereumDIDRegistry"],
  });
  try {
    if (invocation.subcommand === "create") await create(invocation, session, out, env);
    else if (invocation.subcommand === "show") await show(invocation, session, out);
    else if (invocation.subcommand === "rotate") await rotate(invocation, session, out, env);
    else await delegate(invocation, session, out, env);
  } finally {
    session.close();
  }
  return 0;
}
