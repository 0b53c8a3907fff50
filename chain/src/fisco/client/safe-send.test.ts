import { describe, expect, it } from "vitest";
import {
  FiscoSendOutcomeUnknownError,
  FiscoTlsError,
  FiscoTransactionExpiredError,
  FiscoTransportError,
} from "./errors.js";
import { type SafeSendDependencies, sendAtMostOnce } from "./safe-send.js";
import type { FiscoReceipt } from "./types.js";

const HASH = `0x${"cd".repeat(32)}`;
const receipt = { status: 0, transactionHash: HASH, blockNumber: 7 } as FiscoReceipt;

function deps(overrides: Partial<SafeSendDependencies> & { sends: Array<() => Promise<unknown>> }) {
  let sent = 0;
  const result: SafeSendDependencies & { sent(): number } = {
    send: () => {
      const next = overrides.sends[sent++];
      if (next === undefined) throw new Error("sent too often");
      return next();
    },
    getTransactionReceipt: async () => null,
    getBlockNumber: async () => 1,
    retry: { retries: 2, backoffMs: 1 },
    pollIntervalMs: 5,
    outcomeTimeoutMs: 200,
    ...overrides,
    sent: () => sent,
  };
  return result;
}

const refused = () => Promise.reject(new FiscoTransportError("refused", false));
const lost = () => Promise.reject(new FiscoTransportError("reset", true));

describe("sendAtMostOnce", () => {
  it("sends again only while the node certainly did not get the request", async () => {
    const d = deps({ sends: [refused, refused, async () => ({ ok: true })] });
    await expect(sendAtMostOnce(d, HASH, 100n)).resolves.toEqual({ kind: "answered", result: { ok: true } });
    expect(d.sent()).toBe(3);
  });

  it("looks a lost answer up by hash instead of sending again", async () => {
    let lookups = 0;
    const d = deps({ sends: [lost], getTransactionReceipt: async () => (++lookups < 3 ? null : receipt) });
    await expect(sendAtMostOnce(d, HASH, 100n)).resolves.toEqual({ kind: "recovered", receipt });
    expect(d.sent()).toBe(1);
  });

  it("reports a lost transaction as expired once the chain passes its blockLimit", async () => {
    const d = deps({ sends: [lost], getBlockNumber: async () => 100 });
    await expect(sendAtMostOnce(d, HASH, 100n)).rejects.toBeInstanceOf(FiscoTransactionExpiredError);
    expect(d.sent()).toBe(1);
  });

  it("gives up with the hash when no receipt appears before the deadline", async () => {
    const d = deps({ sends: [lost] });
    const error = await sendAtMostOnce(d, HASH, 100n).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FiscoSendOutcomeUnknownError);
    expect(error).toMatchObject({ code: "FISCO_SEND_OUTCOME_UNKNOWN", transactionHash: HASH });
    expect(d.sent()).toBe(1);
  });

  it("does not retry a TLS failure", async () => {
    const d = deps({ sends: [() => Promise.reject(new FiscoTlsError("bad certificate"))] });
    await expect(sendAtMostOnce(d, HASH, 100n)).rejects.toBeInstanceOf(FiscoTlsError);
    expect(d.sent()).toBe(1);
  });
});
