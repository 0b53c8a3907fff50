import { describe, expect, it } from "vitest";
import { createMemoryChallengeStore } from "./challenge-store.js";

describe("createMemoryChallengeStore", () => {
  it("issues 256-bit random challenges that are accepted once", async () => {
    let now = 1_000_000;
    const store = createMemoryChallengeStore({ ttlMs: 60_000, clock: () => now });
    const first = await store.issue({ domain: "https://a.example" });
    const second = await store.issue();
    expect(first.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.value).not.toBe(second.value);
    expect(first).toMatchObject({ domain: "https://a.example", expiresAt: now + 60_000 });
    expect(await store.consume(first.value)).toEqual({ outcome: "accepted", challenge: first });
    expect(await store.consume(first.value)).toEqual({ outcome: "replayed" });
    expect(await store.consume("never-issued")).toEqual({ outcome: "unknown" });
    now += 60_001;
    expect(await store.consume(second.value)).toEqual({ outcome: "expired" });
  });

  it("consumes atomically: of concurrent consumers exactly one is accepted", async () => {
    const store = createMemoryChallengeStore();
    const { value } = await store.issue();
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => store.consume(value)));
    expect(outcomes.filter((outcome) => outcome.outcome === "accepted")).toHaveLength(1);
  });

  it("forgets expired challenges after another lifetime, and refuses to hold more than maxChallenges", async () => {
    let now = 0;
    const store = createMemoryChallengeStore({ ttlMs: 1_000, maxChallenges: 2, clock: () => now });
    const old = await store.issue();
    await store.issue();
    await expect(store.issue()).rejects.toMatchObject({ code: "CHALLENGE_STORE_FULL" });
    now = 2_001;
    await store.issue();
    expect(await store.consume(old.value)).toEqual({ outcome: "unknown" });
  });

  it("refuses a bad configuration", () => {
    expect(() => createMemoryChallengeStore({ ttlMs: 0 })).toThrow(/ttlMs/);
  });
});
