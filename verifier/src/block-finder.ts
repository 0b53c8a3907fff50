import type { TimestampUnit } from "@permitchain/contracts";
import { singleFlight } from "./cache.js";
import { BlockLookupError } from "./errors.js";

/** What the finder reads of a chain: ethers' Provider fits. */
export interface BlockSource {
  getBlock(tag: number | "latest"): Promise<{ readonly number: number; readonly timestamp: number } | null>;
}

export interface BlockFinder {
  /** The last block whose timestamp is at or before `timestamp` (Unix seconds); null if the chain began later. */
  blockAt(timestamp: number): Promise<number | null>;
  /** Block timestamps read from the chain so far (for tests and tuning). */
  readonly reads: number;
}

export interface CreateBlockFinderParameters {
  readonly provider: BlockSource;
  /** Unit of `block.timestamp` on the chain; default "seconds" ("milliseconds" for FISCO BCOS). */
  readonly timestampUnit?: TimestampUnit;
  /** Most block timestamps remembered; default 100,000. */
  readonly maxBlocks?: number;
}

/**
 * Finds the block at or before a time by binary search over block timestamps (non-decreasing along the chain).
 * Every timestamp read is remembered (a block's timestamp never changes on a final chain, as PBFT's are), and a
 * search starts from the closest remembered blocks on either side, so a repeated or nearby lookup costs no
 * read; a lookup at or after the newest block remembered reads the head (one call) and nothing else when the
 * head is old enough. A time in a block's second counts as at or after that block (millisecond timestamps are
 * floored to seconds).
 */
export function createBlockFinder(parameters: CreateBlockFinderParameters): BlockFinder {
  const { provider } = parameters;
  const divisor = (parameters.timestampUnit ?? "seconds") === "milliseconds" ? 1000 : 1;
  const maxBlocks = parameters.maxBlocks ?? 100_000;
  /** Remembered blocks, ascending by number: [number, timestamp in seconds]. */
  let known: [number, number][] = [];
  let reads = 0;

  const remember = (number: number, seconds: number) => {
    let lo = 0;
    let hi = known.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (known[mid]![0] < number) lo = mid + 1;
      else hi = mid;
    }
    if (known[lo]?.[0] === number) return;
    if (known.length >= maxBlocks) known = [];
    known.splice(lo, 0, [number, seconds]);
  };

  const read = async (tag: number | "latest"): Promise<[number, number]> => {
    let block: Awaited<ReturnType<BlockSource["getBlock"]>>;
    try {
      block = await provider.getBlock(tag);
    } catch (cause) {
      throw new BlockLookupError(
        `block ${tag} could not be read: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    }
    reads++;
    if (block === null) throw new BlockLookupError(`the chain has no block ${tag}`);
    const seconds = Math.floor(Number(block.timestamp) / divisor);
    remember(block.number, seconds);
    return [block.number, seconds];
  };
  const readNumber = singleFlight((number: number) => read(number));
  const timestampOf = async (number: number): Promise<number> => {
    const index = indexOf(number);
    if (index >= 0) return known[index]![1];
    return (await readNumber(number))[1];
  };
  const indexOf = (number: number): number => {
    let lo = 0;
    let hi = known.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = known[mid]![0];
      if (at === number) return mid;
      if (at < number) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  const readHead = singleFlight((_: "latest") => read("latest"));

  return {
    get reads() {
      return reads;
    },
    async blockAt(timestamp) {
      if (!Number.isFinite(timestamp)) throw new BlockLookupError(`${timestamp} is not a time`);
      // the closest remembered blocks at or before, and after, the time
      let first = 0;
      let last = known.length;
      while (first < last) {
        const mid = (first + last) >> 1;
        if (known[mid]![1] <= timestamp) first = mid + 1;
        else last = mid;
      }
      const below = known[first - 1];
      const above = known[first];
      let lo: number;
      let hi: number;
      if (above === undefined) {
        const head = await readHead("latest");
        if (head[1] <= timestamp) return head[0];
        hi = head[0] - 1;
      } else hi = above[0] - 1;
      if (below === undefined) {
        if ((await timestampOf(0)) > timestamp) return null;
        lo = 0;
      } else lo = below[0];
      while (lo < hi) {
        const mid = lo + Math.ceil((hi - lo) / 2);
        if ((await timestampOf(mid)) <= timestamp) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
  };
}
