import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEV_MNEMONIC, startEmbeddedChain } from "@permitchain/chain";
import { HDNodeWallet, Mnemonic, Wallet } from "ethers";
import { startAnvil } from "./anvil.js";
import { spawnServer } from "./child-server.js";
import { httpRpc, type Rpc } from "./json-rpc-client.js";
import { publish } from "./results.js";
import { percentile, round } from "./stats.js";

/** A counter: every call adds one to slot 0. */
const COUNTER_INITCODE = "0x600a80600b6000396000f3600054600101600055" + "00";
const CHAIN_ID = 31337;
const SENDERS = 4;
const TRANSACTIONS = 2000;

interface RunFigures {
  txPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

function senderKeys(): string[] {
  const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), "m/44'/60'/0'/0");
  return Array.from({ length: SENDERS + 1 }, (_, i) => root.deriveChild(i).privateKey);
}

/** Polls for the receipt: anvil answers eth_sendRawTransaction before it has mined the block. */
async function confirmed(rpc: Rpc, hash: unknown): Promise<unknown> {
  for (;;) {
    const receipt = await rpc("eth_getTransactionReceipt", [hash]);
    if (receipt !== null) return receipt;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Deploys the counter, then sends TRANSACTIONS pre-signed calls from SENDERS accounts at once, each sender
 * one after another; a transaction counts as confirmed when its receipt can be read.
 */
async function measure(rpc: Rpc): Promise<RunFigures> {
  const [deployerKey, ...keys] = senderKeys();
  const fees = {
    maxFeePerGas: 10_000_000_000n,
    maxPriorityFeePerGas: 1n,
    chainId: BigInt(CHAIN_ID),
    type: 2,
  };
  const owner = new Wallet(deployerKey!);
  const nonceOf = async (address: string) =>
    Number(await rpc("eth_getTransactionCount", [address, "latest"]));
  const deployHash = await rpc("eth_sendRawTransaction", [
    await owner.signTransaction({
      ...fees,
      data: COUNTER_INITCODE,
      gasLimit: 100_000n,
      nonce: await nonceOf(owner.address),
    }),
  ]);
  const receipt = (await confirmed(rpc, deployHash)) as { contractAddress: string };
  const signed: string[][] = [];
  for (const key of keys) {
    const wallet = new Wallet(key);
    const first = await nonceOf(wallet.address);
    const list: string[] = [];
    for (let i = 0; i < TRANSACTIONS / SENDERS; i++) {
      list.push(
        await wallet.signTransaction({
          ...fees,
          to: receipt.contractAddress,
          gasLimit: 60_000n,
          nonce: first + i,
        }),
      );
    }
    signed.push(list);
  }
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    signed.map(async (list) => {
      for (const raw of list) {
        const t0 = performance.now();
        await confirmed(rpc, await rpc("eth_sendRawTransaction", [raw]));
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const count = Number(await rpc("eth_getStorageAt", [receipt.contractAddress, "0x0", "latest"]));
  if (count !== TRANSACTIONS)
    throw new Error(`counter is ${count}, expected ${TRANSACTIONS}: transactions were lost`);
  latencies.sort((a, b) => a - b);
  return {
    txPerSec: round(TRANSACTIONS / seconds),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}

const CHAIN_SERVER = fileURLToPath(new URL("./chain-server.js", import.meta.url));
const ROUNDS = 3;

/** The embedded chain over HTTP, served by a process of its own as `permitchain up` serves it. */
async function embeddedHttp(dataDir: string | undefined): Promise<RunFigures> {
  const args = [CHAIN_SERVER, String(CHAIN_ID), ...(dataDir === undefined ? [] : [dataDir])];
  const server = await spawnServer(process.execPath, args);
  try {
    return await measure(httpRpc(server.url));
  } finally {
    await server.stop();
  }
}

/** The embedded chain called in this process through its EIP-1193 `request`, journaled to `dataDir`. */
async function embeddedInProcess(dataDir: string): Promise<RunFigures> {
  const chain = await startEmbeddedChain({ dataDir, chainId: CHAIN_ID, port: false });
  try {
    return await measure((method, params = []) => chain.request({ method, params }));
  } finally {
    await chain.stop();
  }
}

async function anvilHttp(): Promise<RunFigures> {
  const anvil = await startAnvil(DEV_MNEMONIC, CHAIN_ID);
  try {
    return await measure(httpRpc(anvil.url));
  } finally {
    await anvil.stop();
  }
}

/** The run with the median throughput of several, so one noisy run on a busy machine does not decide. */
function median(runs: RunFigures[]): RunFigures {
  return [...runs].sort((a, b) => a.txPerSec - b.txPerSec)[Math.floor(runs.length / 2)]!;
}

export async function chainBenchmark(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), "pc-bench-chain-"));
  try {
    const runs = {
      inMemory: [] as RunFigures[],
      http: [] as RunFigures[],
      anvil: [] as RunFigures[],
      inProcess: [] as RunFigures[],
    };
    // interleaved rounds: drift in machine load touches every contender alike
    for (let round = 0; round < ROUNDS; round++) {
      runs.inMemory.push(await embeddedHttp(undefined));
      runs.http.push(await embeddedHttp(join(workDir, `http-${round}`)));
      runs.anvil.push(await anvilHttp());
      runs.inProcess.push(await embeddedInProcess(join(workDir, `in-process-${round}`)));
    }
    const [inMemory, http, anvil, inProcess] = [runs.inMemory, runs.http, runs.anvil, runs.inProcess].map(
      median,
    ) as [RunFigures, RunFigures, RunFigures, RunFigures];
    const restart = await startEmbeddedChain({
      dataDir: join(workDir, "http-0"),
      chainId: CHAIN_ID,
      port: false,
    });
    const replay = restart.recovery;
    await restart.stop();
    const result = {
      workload: `${TRANSACTIONS} pre-signed counter increments from ${SENDERS} senders at once, each sender sequential; confirmed = receipt readable; median of ${ROUNDS} interleaved rounds; HTTP servers in their own process`,
      httpTxPerSec: http.txPerSec,
      httpP50Ms: http.p50Ms,
      httpP99Ms: http.p99Ms,
      inProcessTxPerSec: inProcess.txPerSec,
      inProcessP50Ms: inProcess.p50Ms,
      inProcessP99Ms: inProcess.p99Ms,
      inMemoryTxPerSec: inMemory.txPerSec,
      inMemoryP50Ms: inMemory.p50Ms,
      inMemoryP99Ms: inMemory.p99Ms,
      persistentOverInMemory: round(http.txPerSec / inMemory.txPerSec, 3),
      anvilHttpTxPerSec: anvil.txPerSec,
      anvilP50Ms: anvil.p50Ms,
      anvilP99Ms: anvil.p99Ms,
      httpOverAnvil: round(http.txPerSec / anvil.txPerSec, 3),
      restartReplayedBlocks: replay.replayedBlocks,
      restartReplayMs: round(replay.replayMs),
      replayBlocksPerSec: round(replay.replayedBlocks / (replay.replayMs / 1000)),
      allRuns: runs,
    };
    const latency = (f: RunFigures) => `p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms`;
    publish("chain", result, [
      ["HTTP, persistent (`httpTxPerSec`)", `${http.txPerSec} tx/s`, latency(http)],
      ["in process, persistent (`inProcessTxPerSec`)", `${inProcess.txPerSec} tx/s`, latency(inProcess)],
      ["HTTP, in memory (`inMemoryTxPerSec`)", `${inMemory.txPerSec} tx/s`, latency(inMemory)],
      ["persistent / in memory", `${result.persistentOverInMemory}`, "goal ≥ 0.5: the cost of the journal"],
      ["anvil over HTTP (`anvilHttpTxPerSec`)", `${anvil.txPerSec} tx/s`, latency(anvil)],
      ["ours over HTTP / anvil over HTTP", `${result.httpOverAnvil}`, "goal ≥ 1"],
      [
        "restart: journal replay",
        `${result.replayBlocksPerSec} blocks/s`,
        `${replay.replayedBlocks} blocks in ${result.restartReplayMs} ms`,
      ],
    ]);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
