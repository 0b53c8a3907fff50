import type { ChainClock } from "./chain-clock.js";
import type { EdrEngine, MinedHead } from "./edr-engine.js";
import { JournalError, RpcError } from "./errors.js";
import type { JournalWriter } from "./journal.js";
import type { BlockRecord, JournalRecord } from "./journal-record.js";
import { READ_METHODS, REFUSED_METHODS, WRITE_METHODS } from "./rpc-methods.js";

interface BlockHeader {
  number: string;
  hash: string;
  timestamp: string;
}

const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;

function quantity(value: bigint): string {
  return `0x${value.toString(16)}`;
}

function parseQuantity(value: unknown, name: string): bigint {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^(0x[0-9a-fA-F]+|\d+)$/.test(value)) return BigInt(value);
  throw new RpcError(INVALID_PARAMS, `${name} must be a non-negative integer or hex quantity`);
}

/**
 * The embedded chain's request handler: writes (mining) one at a time, reads beside them, every mined block
 * appended to the journal before any response that could have seen it leaves, so nothing a client has seen
 * can be lost.
 */
export class ChainNode {
  private writes: Promise<unknown> = Promise.resolve();
  /** The write executing now (settled when none is). */
  private writing: Promise<unknown> = Promise.resolve();
  private head: { number: number; timestamp: bigint };
  /**
   * Whether the engine's own clock agrees with ours, so that a block mined without an explicit timestamp
   * gets the one we would give it. True only on a seconds chain after we set a timestamp from the clock
   * and before anything moves the clock; on a milliseconds chain never (the engine counts seconds).
   */
  private engineClockInStep = false;

  constructor(
    private readonly engine: EdrEngine,
    private readonly clock: ChainClock,
    private readonly journal: JournalWriter | undefined,
    head: { number: number; timestamp: bigint },
  ) {
    this.head = head;
  }

  /**
   * EIP-1193-style entry point, safe to call concurrently. Writes run one after another; reads run
   * beside them, but a read that finishes while a write is under way answers only once that write's
   * block is in the journal, so no client ever sees a block that a crash could take back.
   */
  request(method: string, params: readonly unknown[] = []): Promise<unknown> {
    if (!WRITE_METHODS.has(method)) return this.read(method, params);
    const run = this.writes.then(() => {
      const executing = this.write(method, params);
      this.writing = executing.catch(() => undefined);
      return executing;
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every write accepted so far has finished. */
  async drain(): Promise<void> {
    await this.writes;
  }

  private async read(method: string, params: readonly unknown[]): Promise<unknown> {
    try {
      return await this.dispatch(method, params);
    } finally {
      // the write executing now may have mined a block this read saw; wait until it is journaled
      await this.writing;
    }
  }

  private async dispatch(method: string, params: readonly unknown[]): Promise<unknown> {
    if (READ_METHODS.has(method)) return this.engine.request(method, params);
    if (method === "eth_accounts") return [];
    const refusal = REFUSED_METHODS.get(method);
    if (refusal) throw new RpcError(METHOD_NOT_FOUND, `${method} is not available: ${refusal}`);
    throw new RpcError(METHOD_NOT_FOUND, `the method ${method} does not exist/is not available`);
  }

  private async write(method: string, params: readonly unknown[]): Promise<unknown> {
    switch (method) {
      case "eth_sendRawTransaction": {
        const raw = params[0];
        if (typeof raw !== "string" || !/^0x[0-9a-fA-F]*$/.test(raw)) {
          throw new RpcError(
            INVALID_PARAMS,
            "eth_sendRawTransaction expects one hex-encoded signed transaction",
          );
        }
        return this.mine(raw);
      }
      case "evm_mine": {
        if (params[0] !== undefined) this.setNextTimestamp(parseQuantity(params[0], "timestamp"));
        await this.mine(undefined);
        return "0x0";
      }
      case "evm_increaseTime": {
        const offset = this.clock.increase(parseQuantity(params[0], "amount"));
        this.engineClockInStep = false;
        this.journal?.append({ kind: "clock", offset: offset.toString() });
        return offset.toString();
      }
      case "evm_setNextBlockTimestamp":
        this.setNextTimestamp(parseQuantity(params[0], "timestamp"));
        return null;
      default:
        throw new RpcError(METHOD_NOT_FOUND, `the method ${method} does not exist/is not available`);
    }
  }

  private setNextTimestamp(timestamp: bigint): void {
    this.engineClockInStep = false;
    if (!this.clock.setNext(timestamp, this.head.timestamp)) {
      throw new RpcError(
        INVALID_PARAMS,
        `timestamp ${timestamp} is before the latest block's timestamp ${this.head.timestamp}`,
      );
    }
  }

  /** Mines one block holding `raw` (or nothing) and journals it; resolves with the transaction hash. */
  private async mine(raw: string | undefined): Promise<string | undefined> {
    const plan = this.clock.plan(this.head.timestamp);
    const explicit = !this.engineClockInStep || plan.consumesPending;
    if (explicit) await this.engine.request("evm_setNextBlockTimestamp", [quantity(plan.timestamp)]);
    const txHash =
      raw === undefined
        ? await this.engine.request("evm_mine", [])
        : await this.engine.request("eth_sendRawTransaction", [raw]);
    const block = await this.minedHead();
    if (block.number !== this.head.number + 1) {
      throw new JournalError(
        "JOURNAL_REPLAY_DIVERGED",
        `expected block ${this.head.number + 1} to be mined, the engine is at ${block.number}`,
        { number: block.number },
      );
    }
    if (this.clock.commit(plan))
      this.journal?.append({ kind: "clock", offset: this.clock.offset.toString() });
    this.engineClockInStep = this.clock.unit === "seconds" && !plan.consumesPending;
    this.journal?.append({
      kind: "block",
      number: block.number,
      hash: block.hash,
      timestamp: block.timestamp,
      transactions: raw === undefined ? [] : [raw],
    });
    this.head = { number: block.number, timestamp: BigInt(block.timestamp) };
    return raw === undefined ? undefined : (txHash as string);
  }

  /** The block just mined: from the engine's announcement, or asked for if none arrived. */
  private async minedHead(): Promise<MinedHead> {
    const announced = this.engine.latestMined;
    if (announced && announced.number === this.head.number + 1) return announced;
    const block = (await this.engine.request("eth_getBlockByNumber", ["latest", false])) as BlockHeader;
    return { number: Number(block.number), hash: block.hash, timestamp: block.timestamp };
  }
}

/** How often replay compares block hashes; the final block is always compared (hashes chain). */
const REPLAY_CHECK_EVERY = 512;

/**
 * Mines the journal's blocks again on a fresh engine from the same genesis, with the same timestamps and
 * transactions, and proves the result by block hash. Returns the head and the clock offset.
 */
export async function replayJournal(
  engine: EdrEngine,
  records: readonly JournalRecord[],
): Promise<{ head: { number: number; timestamp: bigint } | undefined; offset: bigint | undefined }> {
  let offset: bigint | undefined;
  let last: BlockRecord | undefined;
  let expected = 1;
  const verify = async (record: BlockRecord) => {
    const block = (await engine.request("eth_getBlockByNumber", [
      quantity(BigInt(record.number)),
      false,
    ])) as BlockHeader | null;
    if (block?.hash !== record.hash) {
      throw new JournalError(
        "JOURNAL_REPLAY_DIVERGED",
        `replaying the journal gave block ${record.number} hash ${block?.hash ?? "(none)"}, the journal recorded ${record.hash}; the engine or its configuration differs from the one that mined this chain`,
        { number: record.number, expected: record.hash, actual: block?.hash },
      );
    }
  };
  for (const record of records) {
    if (record.kind === "clock") {
      offset = BigInt(record.offset);
      continue;
    }
    if (record.number !== expected || record.transactions.length > 1) {
      throw new JournalError(
        "JOURNAL_CORRUPT",
        `journal record for block ${record.number} is out of sequence (expected ${expected})`,
        {
          number: record.number,
        },
      );
    }
    await engine.request("evm_setNextBlockTimestamp", [record.timestamp]);
    const raw = record.transactions[0];
    try {
      await (raw === undefined
        ? engine.request("evm_mine", [])
        : engine.request("eth_sendRawTransaction", [raw]));
    } catch (error) {
      throw new JournalError(
        "JOURNAL_REPLAY_DIVERGED",
        `replaying block ${record.number} failed: ${(error as Error).message}`,
        { number: record.number },
      );
    }
    if (record.number % REPLAY_CHECK_EVERY === 0) await verify(record);
    last = record;
    expected++;
  }
  if (last) await verify(last);
  return { head: last && { number: last.number, timestamp: BigInt(last.timestamp) }, offset };
}
