import { describe, expect, it } from "vitest";
import { ChainClock } from "./chain-clock.js";

describe("chain clock", () => {
  it("counts seconds or FISCO BCOS milliseconds from wall time", () => {
    expect(new ChainClock("seconds", 0n, () => 1_700_000_000_999).now()).toBe(1_700_000_000n);
    expect(new ChainClock("milliseconds", 0n, () => 1_700_000_000_999).now()).toBe(1_700_000_000_999n);
  });

  it("never stamps a block before its parent", () => {
    const clock = new ChainClock("seconds", 0n, () => 1_000_000);
    expect(clock.plan(2_000n).timestamp).toBe(2_000n);
    expect(clock.plan(500n).timestamp).toBe(1_000n);
  });

  it("moves by evm_increaseTime and keeps running from a fixed next timestamp once it is mined", () => {
    let wall = 1_000_000;
    const clock = new ChainClock("seconds", 0n, () => wall);
    expect(clock.increase(60n)).toBe(60n);
    expect(clock.now()).toBe(1_060n);
    expect(clock.setNext(500n, 1_000n)).toBe(false);
    expect(clock.setNext(5_000n, 1_000n)).toBe(true);
    const plan = clock.plan(1_000n);
    expect(plan.timestamp).toBe(5_000n);
    expect(clock.now()).toBe(1_060n); // planning alone changes nothing
    expect(clock.commit(plan)).toBe(true);
    wall += 10_000;
    expect(clock.now()).toBe(5_010n);
    expect(clock.commit(clock.plan(5_010n))).toBe(false);
  });
});
