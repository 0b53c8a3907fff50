import {
  connectChainEndpoint,
  connectJsonRpc,
  type EmbeddedChain,
  FiscoSigner,
  startEmbeddedChain,
} from "@permitchain/chain";
import type { DeploymentManifest } from "@permitchain/contracts";
import { type Provider, type Signer, Wallet } from "ethers";
import { ensureDeployment } from "./deployment.js";
import { parseUpArgs, type UpOptions } from "./up-args.js";

type Out = (line: string) => void;

function printDeployment(out: Out, manifest: DeploymentManifest, deployedNow: boolean): void {
  out(deployedNow ? "contracts (deployed now):" : "contracts (deployed earlier, code verified):");
  for (const [name, address] of Object.entries(manifest.contracts)) out(`  ${name.padEnd(24)} ${address}`);
}

/** Resolves with the exit code once SIGINT or SIGTERM has stopped `chain`. */
function stopOnSignal(chain: EmbeddedChain, out: Out): Promise<number> {
  return new Promise((resolveExit) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      out(`received ${signal}, stopping`);
      chain.stop().then(
        () => {
          out("stopped cleanly");
          resolveExit(0);
        },
        (error: unknown) => {
          out(`error while stopping: ${(error as Error).message}`);
          resolveExit(1);
        },
      );
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
}

async function upEmbedded(options: UpOptions, out: Out): Promise<number> {
  const chain = await startEmbeddedChain({
    dataDir: options.dataDir,
    port: options.rpcPort,
    host: options.host,
    timestampUnit: options.timestampUnit,
    log: (message) => out(`chain: ${message}`),
    ...(options.chainId === undefined ? {} : { chainId: options.chainId }),
    ...(options.mnemonic === undefined ? {} : { mnemonic: options.mnemonic }),
    ...(options.accounts === undefined ? {} : { accountCount: options.accounts }),
  });
  const stopped = stopOnSignal(chain, out);
  try {
    const provider = await connectJsonRpc(chain.rpcUrl!, { chainId: chain.chainId });
    try {
      const deployer = new Wallet(chain.devAccounts[0]!.privateKey, provider);
      const { manifest, deployedNow } = await ensureDeployment({
        provider,
        deployer,
        chainId: chain.chainId,
        dataDir: options.dataDir,
        timestampUnit: options.timestampUnit,
      });
      out(`data dir:  ${options.dataDir}`);
      out(`RPC URL:   ${chain.rpcUrl}`);
      out(`chain id:  ${chain.chainId}`);
      printDeployment(out, manifest, deployedNow);
    } finally {
      provider.destroy();
    }
    out("dev accounts (keys from the configured mnemonic):");
    for (const account of chain.devAccounts.slice(0, 3)) out(`  ${account.address} ${account.privateKey}`);
    if (chain.devAccounts.length > 3) out(`  ... ${chain.devAccounts.length - 3} more`);
    out("ready; Ctrl-C stops");
  } catch (error) {
    await chain.stop();
    throw error;
  }
  return stopped;
}

/** A provider and the deployer's signer on an external chain, evm or FISCO BCOS native; it must be reachable. */
async function connectExternal(options: UpOptions): Promise<{ provider: Provider; deployer: Signer }> {
  const endpoint = await connectChainEndpoint({
    kind: options.chain === "fisco" ? "fisco" : "evm",
    url: options.rpcUrl!,
    chainId: options.chainId,
    fisco: { group: options.group, node: options.node, certDir: options.certDir },
  });
  // a deployment cannot wait for the chain: fail here, with the reason
  if (endpoint.unreachable !== undefined) {
    endpoint.provider.destroy();
    throw endpoint.unreachable;
  }
  if (endpoint.kind === "fisco") {
    const deployer = new FiscoSigner(options.deployerKey!, endpoint.provider, { suite: options.crypto });
    return { provider: endpoint.provider, deployer };
  }
  return { provider: endpoint.provider, deployer: new Wallet(options.deployerKey!, endpoint.provider) };
}

/** An external chain: deploy (or verify) the suite through its JSON-RPC endpoint and report. */
async function upExternal(options: UpOptions, out: Out): Promise<number> {
  const { provider, deployer } = await connectExternal(options);
  try {
    const chainId = Number((await provider.getNetwork()).chainId);
    const { manifest, deployedNow } = await ensureDeployment({
      provider,
      deployer,
      chainId,
      dataDir: options.dataDir,
      timestampUnit: options.timestampUnit,
    });
    out(`data dir:  ${options.dataDir}`);
    out(`RPC URL:   ${options.rpcUrl}`);
    out(`chain id:  ${chainId}`);
    out(`deployer:  ${await deployer.getAddress()}`);
    printDeployment(out, manifest, deployedNow);
    out("ready");
    return 0;
  } finally {
    provider.destroy();
  }
}

/** `permitchain up`: the embedded chain with the suite deployed until SIGINT/SIGTERM, or the suite on an external chain. */
export async function upCommand(argv: string[], out: Out): Promise<number> {
  const options = parseUpArgs(argv);
  return options.chain === "embedded" ? upEmbedded(options, out) : upExternal(options, out);
}
