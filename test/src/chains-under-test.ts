import { startAnvil } from "@permitchain/bench";
import {
  connectJsonRpc,
  DEV_MNEMONIC,
  FiscoProvider,
  FiscoSigner,
  startEmbeddedChain,
  startFiscoProtocolServer,
} from "@permitchain/chain";
import type { TimestampUnit } from "@permitchain/contracts";
import { HDNodeWallet, Mnemonic, type Signer, Wallet } from "ethers";

/*
 * The chain kinds the end-to-end suite runs on, each started the way the suite needs it: a chain with an
 * account to deploy from, and the chain settings both services take (their environment variables).
 */

/** The kinds of chain the end-to-end suite runs on. */
export type ChainUnderTestKind = "embedded" | "fisco" | "evm";

export interface ChainUnderTest {
  readonly kind: ChainUnderTestKind;
  /** The numeric chain id the deployment records and the services check. */
  readonly chainId: number;
  /** Unit of `block.timestamp` the contracts are deployed for. */
  readonly timestampUnit: TimestampUnit;
  /** Sends the deployment: an ethers Wallet on the EVM chains, a FiscoSigner (native transactions) on FISCO BCOS. */
  readonly deployer: Signer;
  /** The chain settings of each service, as environment variables. */
  readonly serviceEnv: Readonly<Record<"issuer" | "verifier", Readonly<Record<string, string>>>>;
  /** Stops the chain and closes the deployer's connection. */
  stop(): Promise<void>;
}

/** Development account `index` of the public development mnemonic (funded on the embedded chain and on anvil). */
export function devWallet(index: number): Wallet {
  const node = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${index}`);
  return new Wallet(node.privateKey);
}

function sameFor(env: Readonly<Record<string, string>>): ChainUnderTest["serviceEnv"] {
  return { issuer: env, verifier: env };
}

/** The embedded chain, seconds, chain id 31337 (that of the schema examples' DIDs). */
async function startEmbedded(): Promise<ChainUnderTest> {
  const chain = await startEmbeddedChain({ port: 0 });
  const provider = await connectJsonRpc(chain.rpcUrl!);
  return {
    kind: "embedded",
    chainId: chain.chainId,
    timestampUnit: "seconds",
    deployer: devWallet(0).connect(provider),
    serviceEnv: sameFor({ PERMITCHAIN_RPC_URL: chain.rpcUrl! }),
    async stop() {
      provider.destroy();
      await chain.stop();
    },
  };
}

const FISCO_CHAIN_ID = 20200;

/**
 * A FISCO BCOS 3.x node (the protocol server over an embedded EVM: native JSON-RPC only, TARS transactions,
 * millisecond block time), the suite deployed through FiscoSigner; the issuer reaches it over HTTP and the
 * verifier over WebSocket, both through the native client.
 */
async function startFisco(): Promise<ChainUnderTest> {
  const node = await startFiscoProtocolServer({ cryptoSuite: "ecdsa", chainId: "chain0", groupId: "group0" });
  const provider = new FiscoProvider(
    { url: node.url, groupId: "group0", timeoutMs: 10_000 },
    { chainId: FISCO_CHAIN_ID, pollingInterval: 100 },
  );
  const chain = { PERMITCHAIN_CHAIN: "fisco", PERMITCHAIN_FISCO_GROUP: "group0" };
  return {
    kind: "fisco",
    chainId: FISCO_CHAIN_ID,
    timestampUnit: "milliseconds",
    deployer: new FiscoSigner(devWallet(0).privateKey, provider),
    serviceEnv: {
      issuer: { ...chain, PERMITCHAIN_RPC_URL: node.url },
      verifier: { ...chain, PERMITCHAIN_RPC_URL: node.wsUrl },
    },
    async stop() {
      provider.destroy();
      await node.close();
    },
  };
}

const ANVIL_CHAIN_ID = 4242;

/** anvil from npm, a third-party Ethereum JSON-RPC node, reached as `chain: evm`. */
async function startEvm(): Promise<ChainUnderTest> {
  const anvil = await startAnvil(DEV_MNEMONIC, ANVIL_CHAIN_ID);
  const provider = await connectJsonRpc(anvil.url, { chainId: ANVIL_CHAIN_ID });
  return {
    kind: "evm",
    chainId: ANVIL_CHAIN_ID,
    timestampUnit: "seconds",
    deployer: devWallet(0).connect(provider),
    serviceEnv: sameFor({ PERMITCHAIN_CHAIN: "evm", PERMITCHAIN_RPC_URL: anvil.url }),
    async stop() {
      provider.destroy();
      await anvil.stop();
    },
  };
}

/** How each kind of chain is started. */
export const START_CHAIN: Readonly<Record<ChainUnderTestKind, () => Promise<ChainUnderTest>>> = {
  embedded: startEmbedded,
  fisco: startFisco,
  evm: startEvm,
};
