// The status reads of the FISCO BCOS client (latestBlock, statusAt, statusOf) against the in-repo FISCO BCOS
// protocol server: an entry allocated and suspended with native transactions, read at the blocks around it.
import {
  type FiscoProtocolServer,
  FiscoProvider,
  FiscoSigner,
  startFiscoProtocolServer,
} from "@permitchain/chain";
import { credentialIdHash, deploy } from "@permitchain/contracts";
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fiscoStatusRegistry } from "./fisco-status-registry.js";
import type { StatusRegistryClient } from "./status-registry.js";

const CHAIN_ID = 20200;

let server: FiscoProtocolServer;
let provider: FiscoProvider;
let registry: StatusRegistryClient;

beforeAll(async () => {
  server = await startFiscoProtocolServer({ cryptoSuite: "ecdsa", chainId: "chain0", groupId: "group0" });
  provider = new FiscoProvider(
    { url: server.url, groupId: "group0", timeoutMs: 10_000 },
    { chainId: CHAIN_ID, pollingInterval: 100 },
  );
  const deployer = new FiscoSigner(Wallet.createRandom().privateKey, provider);
  const manifest = await deploy(deployer, { timestampUnit: "milliseconds", chainId: CHAIN_ID });
  registry = fiscoStatusRegistry(provider, manifest.contracts.CredentialStatusRegistry, {
    pollIntervalMs: 50,
    miningTimeoutMs: 20_000,
  });
});

afterAll(async () => {
  provider?.destroy();
  await server?.close();
});

describe("fiscoStatusRegistry reads", () => {
  it("reads an entry's status now and at the end of a given block", async () => {
    // an address is its own DID's owner: it may allocate and change its entries
    const issuer = new Wallet(Wallet.createRandom().privateKey);
    const signed = await registry.signAllocation(
      issuer,
      issuer.address,
      credentialIdHash("urn:uuid:fisco-read"),
    );
    await registry.broadcast(signed);
    const allocated = await registry.waitForAllocation(signed, issuer.address);
    if (allocated.state !== "mined") throw new Error(`the allocation is ${allocated.state}`);
    const index = allocated.allocation.first;

    const suspended = await registry.changeStatus(issuer, issuer.address, index, "suspend", 6);
    const latest = await registry.latestBlock();
    expect(latest).toBeGreaterThanOrEqual(suspended.blockNumber);
    expect(await registry.statusAt(issuer.address, index, allocated.allocation.blockNumber - 1)).toBe(
      "unallocated",
    );
    expect(await registry.statusAt(issuer.address, index, allocated.allocation.blockNumber)).toBe("active");
    expect(await registry.statusAt(issuer.address, index, suspended.blockNumber - 1)).toBe("active");
    expect(await registry.statusAt(issuer.address, index, suspended.blockNumber)).toBe("suspended");
    expect(await registry.statusAt(issuer.address, index, latest)).toBe("suspended");
    expect(await registry.statusOf(issuer.address, index)).toBe("suspended");
    // the change as its event records it, read through the native client's getLogs
    const from = allocated.allocation.blockNumber;
    expect(await registry.lastStatusChange(issuer.address, index, from, latest)).toEqual({
      action: "suspend",
      reason: 6,
      operator: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/),
      transactionHash: suspended.transactionHash,
      blockNumber: suspended.blockNumber,
    });
    expect(await registry.lastStatusChange(issuer.address, index, from, suspended.blockNumber - 1)).toBe(
      undefined,
    );
  });
});
