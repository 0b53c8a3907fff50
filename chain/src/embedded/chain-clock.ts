import type { TimestampUnit } from "./config.js";

/**
 * The time the embedded chain stamps on its blocks: wall time in the chain's unit plus an offset that
 * `evm_increaseTime` and `evm_setNextBlockTimestamp` move. Timestamps never go backwards; blocks mined in
 * the same second (or millisecond) share it, as on FISCO BCOS and anvil.
 */
export class ChainClock {
  private pending: bigint | undefined;

  constructor(
    readonly unit: TimestampUnit,
    public offset = 0n,
    private readonly wallMs: () => number = Date.now,
  ) {}

  now(): bigint {
    const ms = BigInt(this.wallMs());
    return (this.unit === "seconds" ? ms / 1000n : ms) + this.offset;
  }

  /** Advances the clock by `amount` chain units; returns the new offset. */
  increase(amount: bigint): bigint {
    this.offset += amount;
    return this.offset;
  }

  /** Fixes the next block's timestamp; it must not lie before `parentTimestamp`. */
  setNext(timestamp: bigint, parentTimestamp: bigint): boolean {
    if (timestamp < parentTimestamp) return false;
    this.pending = timestamp;
    return true;
  }

  /**
   * The timestamp of the block about to be mined, without committing to it: a timestamp fixed with
   * `setNext` also moves the offset so that time runs on from it, once the block is actually mined.
   */
  plan(parentTimestamp: bigint): BlockTimePlan {
    if (this.pending !== undefined) {
      return {
        timestamp: this.pending,
        offset: this.offset + this.pending - this.now(),
        consumesPending: true,
      };
    }
    const now = this.now();
    return {
      timestamp: now > parentTimestamp ? now : parentTimestamp,
      offset: this.offset,
      consumesPending: false,
    };
  }

  /** Applies a plan whose block was mined; returns whether the offset changed (and must be journaled). */
  commit(plan: BlockTimePlan): boolean {
    if (plan.consumesPending) this.pending = undefined;
    const changed = plan.offset !== this.offset;
    this.offset = plan.offset;
    return changed;
  }
}

export interface BlockTimePlan {
  timestamp: bigint;
  offset: bigint;
  consumesPending: boolean;
}
