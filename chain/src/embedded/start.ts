import { ChainClock } from "./chain-clock.js";
import { ChainNode, replayJournal } from "./chain-node.js";
import { type EmbeddedChainOptions, resolveChainConfig } from "./config.js";
import { type ChainIdentity, DataDir, genesisAccountsDigest } from "./data-dir.js";
import { type DevAccount, deriveDevAccounts } from "./dev-accounts.js";
import { EdrEngine, EMBEDDED_HARDFORK } from "./edr-engine.js";
import { JournalError } from "./errors.js";
import { JournalWriter, openJournalFile, readJournal } from "./journal.js";
import { RpcHttpServer } from "./rpc-http-server.js";

/** A running embedded chain. */
export interface EmbeddedChain {
  /** HTTP JSON-RPC endpoint, or undefined when started with `port: false`. */
  readonly rpcUrl: string | undefined;
  readonly chainId: number;
  readonly dataDir: string | undefined;
  readonly devAccounts: readonly DevAccount[];
  /** Blocks replayed from the journal at start-up, and how long that took. */
  readonly recovery: { replayedBlocks: number; replayMs: number; tornBytesDropped: number };
  /** In-process EIP-1193 request, served by the same node as the HTTP endpoint. */
  request(args: { method: string; params?: readonly unknown[] }): Promise<unknown>;
  /** Finishes accepted requests, flushes the journal, releases the data directory. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded chain: an EDR EVM in this process with automining, its blocks journaled under
 * `dataDir` and replayed on the next start, served over HTTP JSON-RPC.
 */
export async function startEmbeddedChain(options: EmbeddedChainOptions = {}): Promise<EmbeddedChain> {
  const config = resolveChainConfig(options);
  const devAccounts = deriveDevAccounts(config.mnemonic, config.accountCount);
  const genesisAccounts = devAccounts.map((a) => ({ address: a.address, balance: config.accountBalance }));
  const identity: ChainIdentity = {
    chainId: config.chainId,
    hardfork: EMBEDDED_HARDFORK,
    timestampUnit: config.timestampUnit,
    blockGasLimit: config.blockGasLimit.toString(),
    genesisAccounts: genesisAccountsDigest(genesisAccounts),
  };
  const dataDir = config.dataDir === undefined ? undefined : DataDir.open(config.dataDir, identity);
  let journal: JournalWriter | undefined;
  try {
    const clock = new ChainClock(config.timestampUnit);
    const genesisTimestamp = dataDir?.chainFile ? BigInt(dataDir.chainFile.genesisTimestamp) : clock.now();
    const engine = await EdrEngine.create({
      chainId: config.chainId,
      blockGasLimit: config.blockGasLimit,
      genesisTimestamp,
      accounts: genesisAccounts,
    });
    const genesis = (await engine.request("eth_getBlockByNumber", ["0x0", false])) as { hash: string };
    const recovery = { replayedBlocks: 0, replayMs: 0, tornBytesDropped: 0 };
    let head = { number: 0, timestamp: genesisTimestamp };
    if (dataDir) {
      if (!dataDir.chainFile) {
        dataDir.writeChainFile({
          format: 1,
          ...identity,
          genesisTimestamp: genesisTimestamp.toString(),
          genesisHash: genesis.hash,
          createdAt: new Date().toISOString(),
        });
      } else if (dataDir.chainFile.genesisHash !== genesis.hash) {
        throw new JournalError(
          "JOURNAL_REPLAY_DIVERGED",
          `genesis block hash ${genesis.hash} differs from the recorded ${dataDir.chainFile.genesisHash}: the engine version changed how it builds blocks`,
          { expected: dataDir.chainFile.genesisHash, actual: genesis.hash },
        );
      }
      const fd = openJournalFile(dataDir.journalPath);
      const { records, validBytes, tornBytes } = readJournal(dataDir.journalPath, fd);
      if (tornBytes > 0) {
        JournalWriter.truncateTorn(fd, validBytes);
        config.log(`recovered: cut ${tornBytes} bytes of an unfinished journal write at byte ${validBytes}`);
      }
      journal = new JournalWriter(fd, { fsync: config.fsync, fsyncIntervalMs: config.fsyncIntervalMs });
      const started = performance.now();
      const replayed = await replayJournal(engine, records);
      if (replayed.head) head = replayed.head;
      if (replayed.offset !== undefined) clock.offset = replayed.offset;
      recovery.replayedBlocks = head.number;
      recovery.replayMs = performance.now() - started;
      recovery.tornBytesDropped = tornBytes;
      if (head.number > 0) config.log(`replayed ${head.number} blocks in ${recovery.replayMs.toFixed(0)} ms`);
    }
    const node = new ChainNode(engine, clock, journal, head);
    const onInternalError = (error: unknown) =>
      config.log(`internal error: ${(error as Error)?.stack ?? String(error)}`);
    const server =
      config.port === false
        ? undefined
        : await RpcHttpServer.listen((method, params) => node.request(method, params), {
            host: config.host,
            port: config.port,
            maxRequestBytes: config.maxRequestBytes,
            onInternalError,
          });
    let stopped: Promise<void> | undefined;
    return {
      rpcUrl: server?.url,
      chainId: config.chainId,
      dataDir: dataDir?.path,
      devAccounts,
      recovery,
      request: ({ method, params }) => node.request(method, params ?? []),
      stop: () => {
        stopped ??= (async () => {
          await server?.close();
          await node.drain();
          journal?.close();
          dataDir?.release();
        })();
        return stopped;
      },
    };
  } catch (error) {
    journal?.close();
    dataDir?.release();
    throw error;
  }
}
