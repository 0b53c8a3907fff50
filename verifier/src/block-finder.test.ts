import { describe, expect, it } from "vitest";
import { type BlockSource, createBlockFinder } from "./block-finder.js";

/** A chain of `count` blocks, block n at `start + 12 n` seconds (times `unit`), with repeated timestamps at 10-11. */
function chain(count: number, unit = 1): BlockSource & { reads: number; height: number } {
  const timestampOf = (n: number) => (n === 11 ? 1_000 + 12 * 10 : 1_000 + 12 * n) * unit;
  const source = {
    reads: 0,
    height: count - 1,
    async getBlock(tag: number | "latest") {
      source.reads++;
      const number = tag === "latest" ? source.height : tag;
      if (number > source.height) return null;
      return { number, timestamp: timestampOf(number) };
    },
  };
  return source;
}

describe("createBlockFinder", () => {
  it("finds the last block at or before a time", async () => {
    const finder = createBlockFinder({ provider: chain(1_000) });
    expect(await finder.blockAt(999)).toBeNull();
    expect(await finder.blockAt(1_000)).toBe(0);
    expect(await finder.blockAt(1_011)).toBe(0);
    expect(await finder.blockAt(1_012)).toBe(1);
    expect(await finder.blockAt(1_000 + 12 * 10)).toBe(11); // blocks 10 and 11 share a timestamp
    expect(await finder.blockAt(1_000 + 12 * 500 + 5)).toBe(500);
    expect(await finder.blockAt(1_000 + 12 * 999)).toBe(999);
    expect(await finder.blockAt(10_000_000)).toBe(999);
  });

  it("answers a repeated or nearby lookup from the timestamps it read", async () => {
    const source = chain(100_000);
    const finder = createBlockFinder({ provider: source });
    expect(await finder.blockAt(1_000 + 12 * 54_321)).toBe(54_321);
    const cold = source.reads;
    expect(cold).toBeLessThanOrEqual(20);
    expect(await finder.blockAt(1_000 + 12 * 54_321 + 3)).toBe(54_321);
    expect(source.reads).toBe(cold);
    expect(await finder.blockAt(1_000 + 12 * 54_330)).toBe(54_330);
    expect(source.reads - cold).toBeLessThanOrEqual(5);
  });

  it("reads the head again for a time after it, since new blocks may come", async () => {
    const source = chain(10);
    const finder = createBlockFinder({ provider: source });
    expect(await finder.blockAt(5_000)).toBe(9);
    source.height = 20;
    expect(await finder.blockAt(5_000)).toBe(20);
  });

  it("floors millisecond timestamps to seconds", async () => {
    const finder = createBlockFinder({ provider: chain(100, 1000), timestampUnit: "milliseconds" });
    expect(await finder.blockAt(1_000 + 12 * 42)).toBe(42);
    expect(await finder.blockAt(1_000 + 12 * 42 - 1)).toBe(41);
  });

  it("rejects when the chain cannot be read", async () => {
    const finder = createBlockFinder({
      provider: {
        getBlock: async () => {
          throw new Error("ECONNREFUSED");
        },
      },
    });
    await expect(finder.blockAt(1_000)).rejects.toMatchObject({ code: "BLOCK_LOOKUP_FAILED" });
  });
});
