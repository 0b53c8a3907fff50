import { Contract, type Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CredentialStatus, StatusReason } from "./credential-status.js";
import { ethereumDIDRegistryAbi } from "./generated/index.js";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import {
  attempt,
  call,
  deployGovernedSuite,
  eventArgs,
  type GovernedSuite,
  sendAs,
  suiteInterface,
  travel,
} from "./test-governance.js";
import { SIG_AUTH, VERI_KEY } from "./test-registry.js";
import { expectCustomError } from "./test-revert.js";

let chain: TestChain;
let suite: GovernedSuite;
let did: Contract;
let issuer: Wallet;
let operator: Wallet;
let stranger: Wallet;
let otherIssuer: Wallet;

beforeAll(async () => {
  chain = await startTestChain();
  [issuer, operator, stranger, otherIssuer] = [1, 2, 3, 4].map((i) => wallet(chain, i)) as [
    Wallet,
    Wallet,
    Wallet,
    Wallet,
  ];
  suite = await deployGovernedSuite(wallet(chain, 0));
  did = new Contract(suite.manifest.contracts.EthereumDIDRegistry, ethereumDIDRegistryAbi, chain.provider);
  // The issuer's operator key: a sigAuth delegate of its DID for a day.
  await sendAs(did, issuer, "addDelegate", [issuer.address, SIG_AUTH, operator.address, 86_400n]);
});

afterAll(async () => {
  await chain?.stop();
});

const statusOf = (of: string, index: bigint) => call<bigint>(suite.statuses, "statusOf", [of, index]);
const allocate = (by: Wallet, of: string, count: number) =>
  sendAs(suite.statuses, by, "allocate", [of, count]);
/** Allocates `count` indices for `by` itself and returns the first. */
async function allocateOwn(by: Wallet, count: number): Promise<bigint> {
  const [event] = eventArgs(await allocate(by, by.address, count), "StatusIndicesAllocated");
  return event?.[1] as bigint;
}

describe("CredentialStatusRegistry: allocation", () => {
  it("allocates indices sequentially from 0, per issuer, each Active, and never hands one out twice", async () => {
    expect(await call(suite.statuses, "allocatedCount", [issuer.address])).toBe(0n);
    expect(await statusOf(issuer.address, 0n)).toBe(BigInt(CredentialStatus.Unallocated));
    expect(await suite.statuses.connect(issuer).getFunction("allocate").staticCall(issuer.address, 3)).toBe(
      0n,
    );

    const first = await allocate(issuer, issuer.address, 3);
    expect(eventArgs(first, "StatusIndicesAllocated")).toEqual([[issuer.address, 0n, 3n, issuer.address]]);
    const second = await allocate(operator, issuer.address, 2);
    expect(eventArgs(second, "StatusIndicesAllocated")).toEqual([[issuer.address, 3n, 2n, operator.address]]);
    expect(await call(suite.statuses, "allocatedCount", [issuer.address])).toBe(5n);
    for (const index of [0n, 1n, 2n, 3n, 4n]) {
      expect(await statusOf(issuer.address, index)).toBe(BigInt(CredentialStatus.Active));
      expect(await call(suite.statuses, "isLive", [issuer.address, index])).toBe(true);
    }
    expect(await statusOf(issuer.address, 5n)).toBe(BigInt(CredentialStatus.Unallocated));
    expect(await call(suite.statuses, "isLive", [issuer.address, 5n])).toBe(false);

    // A revoked index stays revoked; the next allocation continues after the last one.
    await sendAs(suite.statuses, issuer, "revoke", [issuer.address, 4n, StatusReason.superseded]);
    const third = await allocate(issuer, issuer.address, 1);
    expect(eventArgs(third, "StatusIndicesAllocated")).toEqual([[issuer.address, 5n, 1n, issuer.address]]);
    expect(await statusOf(issuer.address, 4n)).toBe(BigInt(CredentialStatus.Revoked));

    // Another issuer has its own sequence.
    const other = await allocate(otherIssuer, otherIssuer.address, 1);
    expect(eventArgs(other, "StatusIndicesAllocated")).toEqual([
      [otherIssuer.address, 0n, 1n, otherIssuer.address],
    ]);
    expect(await call(suite.statuses, "allocatedCount", [issuer.address])).toBe(6n);
  });

  it("rejects an empty allocation", async () => {
    await expectCustomError(
      attempt(suite.statuses, issuer, "allocate", [issuer.address, 0]),
      suiteInterface,
      "ZeroAllocation",
      [issuer.address],
    );
  });
});

describe("CredentialStatusRegistry: suspend, reinstate, revoke", () => {
  it("suspends and reinstates an entry, each change evented with issuer, index, reason and operator", async () => {
    const index = await allocateOwn(issuer, 1);
    const entry = [issuer.address, index] as const;
    const suspended = await sendAs(suite.statuses, operator, "suspend", [
      ...entry,
      StatusReason.certificateHold,
    ]);
    expect(eventArgs(suspended, "CredentialSuspended")).toEqual([
      [...entry, BigInt(StatusReason.certificateHold), operator.address],
    ]);
    expect(await statusOf(...entry)).toBe(BigInt(CredentialStatus.Suspended));
    expect(await call(suite.statuses, "isLive", [...entry])).toBe(false);
    await expectCustomError(
      attempt(suite.statuses, issuer, "suspend", [...entry, 0]),
      suiteInterface,
      "CredentialAlreadySuspended",
      [...entry],
    );

    const reinstated = await sendAs(suite.statuses, issuer, "reinstate", [
      ...entry,
      StatusReason.removeFromCRL,
    ]);
    expect(eventArgs(reinstated, "CredentialReinstated")).toEqual([
      [...entry, BigInt(StatusReason.removeFromCRL), issuer.address],
    ]);
    expect(await statusOf(...entry)).toBe(BigInt(CredentialStatus.Active));
    expect(await call(suite.statuses, "isLive", [...entry])).toBe(true);
    await expectCustomError(
      attempt(suite.statuses, issuer, "reinstate", [...entry, 0]),
      suiteInterface,
      "CredentialNotSuspended",
      [...entry],
    );
  });

  it("revokes an active or a suspended entry for good: no suspend, reinstate or second revoke after", async () => {
    const first = await allocateOwn(issuer, 2);
    const active = [issuer.address, first] as const;
    const suspended = [issuer.address, first + 1n] as const;
    await sendAs(suite.statuses, issuer, "suspend", [...suspended, StatusReason.certificateHold]);

    for (const entry of [active, suspended]) {
      const receipt = await sendAs(suite.statuses, issuer, "revoke", [...entry, StatusReason.keyCompromise]);
      expect(eventArgs(receipt, "CredentialRevoked")).toEqual([
        [...entry, BigInt(StatusReason.keyCompromise), issuer.address],
      ]);
      expect(await statusOf(...entry)).toBe(BigInt(CredentialStatus.Revoked));
      for (const method of ["suspend", "reinstate", "revoke"]) {
        await expectCustomError(
          attempt(suite.statuses, issuer, method, [...entry, 0]),
          suiteInterface,
          "CredentialAlreadyRevoked",
          [...entry],
        );
      }
    }
  });

  it("rejects a change to an index never allocated, naming the issuer's allocated count", async () => {
    const count = await call<bigint>(suite.statuses, "allocatedCount", [issuer.address]);
    for (const method of ["suspend", "reinstate", "revoke"]) {
      await expectCustomError(
        attempt(suite.statuses, issuer, method, [issuer.address, count, 0]),
        suiteInterface,
        "UnallocatedIndex",
        [issuer.address, count, count],
      );
    }
  });
});

describe("CredentialStatusRegistry: who may write", () => {
  it("accepts the DID owner and its sigAuth delegates only, and follows an owner change", async () => {
    const index = await allocateOwn(issuer, 1);
    expect(await call(suite.statuses, "isIssuerOperator", [issuer.address, issuer.address])).toBe(true);
    expect(await call(suite.statuses, "isIssuerOperator", [issuer.address, operator.address])).toBe(true);
    expect(await call(suite.statuses, "isIssuerOperator", [issuer.address, stranger.address])).toBe(false);

    for (const method of ["suspend", "reinstate", "revoke"]) {
      await expectCustomError(
        attempt(suite.statuses, stranger, method, [issuer.address, index, 0]),
        suiteInterface,
        "NotIssuerOperator",
        [issuer.address, stranger.address],
      );
    }
    await expectCustomError(
      attempt(suite.statuses, stranger, "allocate", [issuer.address, 1]),
      suiteInterface,
      "NotIssuerOperator",
      [issuer.address, stranger.address],
    );

    // A veriKey delegate signs credentials but does not operate the status entries.
    await sendAs(did, issuer, "addDelegate", [issuer.address, VERI_KEY, stranger.address, 86_400n]);
    await expectCustomError(
      attempt(suite.statuses, stranger, "suspend", [issuer.address, index, 0]),
      suiteInterface,
      "NotIssuerOperator",
      [issuer.address, stranger.address],
    );

    // The DID's owner changes: the old key loses the right, the new owner gains it.
    const agency = wallet(chain, 5);
    const newOwner = wallet(chain, 6);
    await sendAs(did, agency, "changeOwner", [agency.address, newOwner.address]);
    await expectCustomError(
      attempt(suite.statuses, agency, "allocate", [agency.address, 1]),
      suiteInterface,
      "NotIssuerOperator",
      [agency.address, agency.address],
    );
    const receipt = await allocate(newOwner, agency.address, 1);
    expect(eventArgs(receipt, "StatusIndicesAllocated")).toEqual([
      [agency.address, 0n, 1n, newOwner.address],
    ]);
  });

  it("refuses an expired or revoked sigAuth delegate", async () => {
    const index = await allocateOwn(issuer, 1);
    const shortLived = wallet(chain, 7);
    const revoked = wallet(chain, 8);
    await sendAs(did, issuer, "addDelegate", [issuer.address, SIG_AUTH, shortLived.address, 60n]);
    await sendAs(did, issuer, "addDelegate", [issuer.address, SIG_AUTH, revoked.address, 86_400n]);
    await sendAs(suite.statuses, shortLived, "suspend", [issuer.address, index, 0]);
    await sendAs(did, issuer, "revokeDelegate", [issuer.address, SIG_AUTH, revoked.address]);
    await expectCustomError(
      attempt(suite.statuses, revoked, "reinstate", [issuer.address, index, 0]),
      suiteInterface,
      "NotIssuerOperator",
      [issuer.address, revoked.address],
    );
    await travel(chain, 61);
    await expectCustomError(
      attempt(suite.statuses, shortLived, "reinstate", [issuer.address, index, 0]),
      suiteInterface,
      "NotIssuerOperator",
      [issuer.address, shortLived.address],
    );
    await sendAs(suite.statuses, issuer, "reinstate", [issuer.address, index, 0]);
  });
});

describe("CredentialStatusRegistry: history", () => {
  it("names the block of each index's allocation, and refuses an index not allocated", async () => {
    const issuerC = wallet(chain, 8);
    const blocks: number[] = [];
    for (const count of [1, 3, 1, 2, 5])
      blocks.push((await allocate(issuerC, issuerC.address, count)).blockNumber);
    const expected = [0, 1, 1, 1, 2, 3, 3, 4, 4, 4, 4, 4].map((round) => blocks[round]!);
    for (const [index, block] of expected.entries()) {
      expect(
        await call<bigint>(suite.statuses, "allocationBlock", [issuerC.address, index]),
        `index ${index}`,
      ).toBe(BigInt(block));
    }
    await expectCustomError(
      call(suite.statuses, "allocationBlock", [issuerC.address, 12n]),
      suiteInterface,
      "UnallocatedIndex",
      [issuerC.address, 12n, 12n],
    );
    await expectCustomError(
      call(suite.statuses, "allocationBlock", [stranger.address, 0n]),
      suiteInterface,
      "UnallocatedIndex",
      [stranger.address, 0n, 0n],
    );
  });

  it("answers the status at any past block, Unallocated before the allocation", async () => {
    const issuerB = wallet(chain, 9);
    const allocated = await allocate(issuerB, issuerB.address, 2);
    const suspended = await sendAs(suite.statuses, issuerB, "suspend", [issuerB.address, 1n, 6]);
    await travel(chain, 10);
    const reinstated = await sendAs(suite.statuses, issuerB, "reinstate", [issuerB.address, 1n, 8]);
    const revoked = await sendAs(suite.statuses, issuerB, "revoke", [issuerB.address, 1n, 1]);
    const latest = await chain.provider.getBlockNumber();
    const at = (index: bigint, block: number) =>
      call<bigint>(suite.statuses, "statusAt", [issuerB.address, index, block]);

    const { Unallocated, Active, Suspended, Revoked } = CredentialStatus;
    const expected: [number, bigint, number][] = [
      [allocated.blockNumber - 1, 1n, Unallocated],
      [allocated.blockNumber, 1n, Active],
      [suspended.blockNumber - 1, 1n, Active],
      [suspended.blockNumber, 1n, Suspended],
      [reinstated.blockNumber - 1, 1n, Suspended],
      [reinstated.blockNumber, 1n, Active],
      [revoked.blockNumber, 1n, Revoked],
      [latest, 1n, Revoked],
      [latest, 0n, Active],
      [allocated.blockNumber - 1, 0n, Unallocated],
      [latest, 2n, Unallocated],
    ];
    for (const [block, index, status] of expected) {
      expect(await at(index, block), `index ${index} at block ${block}`).toBe(BigInt(status));
    }
    await expectCustomError(
      call(suite.statuses, "statusAt", [issuerB.address, 1n, latest + 1]),
      suiteInterface,
      "FutureLookup",
      [BigInt(latest + 1), BigInt(latest)],
    );
  });
});
