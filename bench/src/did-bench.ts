import { fileURLToPath } from "node:url";
import { connectJsonRpc, DEV_MNEMONIC } from "@permitchain/chain";
import { createDidResolver, deploy, ethereumDIDRegistryAbi } from "@permitchain/contracts";
import { Resolver } from "did-resolver";
import { encodeBytes32String, HDNodeWallet, Interface, Mnemonic, toUtf8Bytes, Wallet } from "ethers";
import { getResolver } from "ethr-did-resolver";
import { spawnServer } from "./child-server.js";
import { publish } from "./results.js";
import { round } from "./stats.js";

const CHAIN_ID = 31337;
const CHANGE_COUNTS = [1, 100, 1000] as const;
const COLD_RUNS = 5;
const WARM_RUNS = 2000;
const CHAIN_SERVER = fileURLToPath(new URL("./chain-server.js", import.meta.url));
const SERVICE = encodeBytes32String("did/svc/HubService");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** `count` registry changes to `identity`, each in its own block, sent by the identity itself. */
async function makeChanges(
  rpc: (method: string, params: unknown[]) => Promise<unknown>,
  key: string,
  registry: string,
  count: number,
) {
  const wallet = new Wallet(key);
  const registryInterface = new Interface(ethereumDIDRegistryAbi);
  const nonce = Number(await rpc("eth_getTransactionCount", [wallet.address, "latest"]));
  for (let i = 0; i < count; i++) {
    const data = registryInterface.encodeFunctionData("setAttribute", [
      wallet.address,
      SERVICE,
      toUtf8Bytes(`https://hub.permitchain.example/${i}`),
      86_400n * 365n,
    ]);
    const raw = await wallet.signTransaction({
      to: registry,
      data,
      nonce: nonce + i,
      gasLimit: 200_000n,
      maxFeePerGas: 10_000_000_000n,
      maxPriorityFeePerGas: 1n,
      chainId: BigInt(CHAIN_ID),
      type: 2,
    });
    await rpc("eth_sendRawTransaction", [raw]);
  }
  return `did:ethr:0x${CHAIN_ID.toString(16)}:${wallet.address}`;
}

/**
 * DID resolution, cold (every read over JSON-RPC) and warm (our event-invalidated cache), for DIDs with 1,
 * 100 and 1,000 registry changes, against the upstream ethr-did-resolver without a cache, in one run.
 */
export async function didBenchmark(): Promise<void> {
  const server = await spawnServer(process.execPath, [CHAIN_SERVER, String(CHAIN_ID)]);
  try {
    const provider = await connectJsonRpc(server.url);
    const rpc = (method: string, params: unknown[]) => provider.send(method, params);
    const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), "m/44'/60'/0'/0");
    const manifest = await deploy(new Wallet(root.deriveChild(0).privateKey, provider));
    const registry = manifest.contracts.EthereumDIDRegistry;
    const dids: Record<number, string> = {};
    for (const [i, count] of CHANGE_COUNTS.entries()) {
      dids[count] = await makeChanges(rpc, root.deriveChild(i + 1).privateKey, registry, count);
    }
    const upstream = new Resolver(
      getResolver({ networks: [{ name: "dev", chainId: CHAIN_ID, rpcUrl: server.url, registry }] }),
      {
        cache: false,
      },
    );
    const upstreamCold: Record<string, number> = {};
    const oursCold: Record<string, number> = {};
    const oursWarm: Record<string, number> = {};
    for (const count of CHANGE_COUNTS) {
      const did = dids[count]!;
      const check = await upstream.resolve(did);
      const services = check.didDocument?.service?.length ?? 0;
      if (services !== count) throw new Error(`${did}: expected ${count} services, resolved ${services}`);
      const upstreamRuns: number[] = [];
      const coldRuns: number[] = [];
      for (let run = 0; run < COLD_RUNS; run++) {
        upstreamRuns.push(await timed(() => upstream.resolve(did)));
        const fresh = createDidResolver({
          chainId: CHAIN_ID,
          registry,
          rpcUrl: server.url,
          invalidation: "subscribe",
        });
        coldRuns.push(await timed(() => fresh.resolve(did)));
        fresh.close();
      }
      upstreamCold[count] = round(median(upstreamRuns), 2);
      oursCold[count] = round(median(coldRuns), 2);
      const warm = createDidResolver({
        chainId: CHAIN_ID,
        registry,
        rpcUrl: server.url,
        invalidation: "subscribe",
      });
      await warm.resolve(did);
      const started = performance.now();
      for (let run = 0; run < WARM_RUNS; run++) await warm.resolve(did);
      oursWarm[count] = round((performance.now() - started) / WARM_RUNS, 4);
      if (warm.stats.misses !== 1)
        throw new Error(`warm runs went to the chain ${warm.stats.misses - 1} times`);
      warm.close();
    }
    provider.destroy();
    const coldMs = oursCold[1]!;
    const warmMs = oursWarm[1]!;
    const result = {
      workload: `resolution of did:ethr DIDs whose identity made 1, 100 and 1,000 setAttribute changes (one block each); cold = median of ${COLD_RUNS} with no cache, over HTTP JSON-RPC to the embedded chain in its own process; warm = mean of ${WARM_RUNS} from our cache (subscribe mode)`,
      coldMs,
      warmMs,
      warmSpeedup: round(coldMs / warmMs, 1),
      coldMsByChanges: oursCold,
      warmMsByChanges: oursWarm,
      upstreamColdMsByChanges: upstreamCold,
      coldGrowth:
        "linear in the number of changes: ethr-did-resolver walks the identity's `changed` linked list backwards, one eth_getLogs per block that holds a change, so n changes cost n round trips; a warm resolution costs none",
    };
    publish("did", result, [
      ["cold, 1 change (`coldMs`)", `${coldMs} ms`, `upstream without cache: ${upstreamCold[1]} ms`],
      ["warm, 1 change (`warmMs`)", `${warmMs} ms`, "from the event-invalidated cache, no RPC"],
      ["warm speed-up (`warmSpeedup`)", `${result.warmSpeedup}×`, "goal ≥ 100×"],
      [
        "cold, 100 changes",
        `${oursCold[100]} ms`,
        `upstream: ${upstreamCold[100]} ms; warm ${oursWarm[100]} ms`,
      ],
      [
        "cold, 1,000 changes",
        `${oursCold[1000]} ms`,
        `upstream: ${upstreamCold[1000]} ms; warm ${oursWarm[1000]} ms`,
      ],
    ]);
  } finally {
    await server.stop();
  }
}
