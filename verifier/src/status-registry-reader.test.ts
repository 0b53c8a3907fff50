import { connectJsonRpc, type EmbeddedChain, startEmbeddedChain } from "@permitchain/chain";
import { credentialStatusRegistryAbi, deploy } from "@permitchain/contracts";
import { Contract, type JsonRpcProvider, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VerifierConfigError } from "./errors.js";
import { createStatusRegistryReader } from "./status-registry-reader.js";

let chain: EmbeddedChain;
let provider: JsonRpcProvider;
let registry: Contract;
let issuer: Wallet;

beforeAll(async () => {
  chain = await startEmbeddedChain({ port: 0 });
  provider = await connectJsonRpc(chain.rpcUrl!);
  const manifest = await deploy(new Wallet(chain.devAccounts[0]!.privateKey, provider));
  issuer = new Wallet(chain.devAccounts[1]!.privateKey, provider);
  registry = new Contract(manifest.contracts.CredentialStatusRegistry, credentialStatusRegistryAbi, issuer);
});

afterAll(async () => {
  provider?.destroy();
  await chain?.stop();
});

describe("status registry reader", () => {
  it("reads each state from the contract as it changes, never from a cache", async () => {
    const reader = createStatusRegistryReader({ address: await registry.getAddress(), provider });
    expect(reader.registry).toBe(await registry.getAddress());
    await (await registry.getFunction("allocate")(issuer.address, 2)).wait();
    expect(await reader.statusOf(issuer.address, 0n)).toBe("active");
    expect(await reader.statusOf(issuer.address, 2n)).toBe("unallocated");
    await (await registry.getFunction("suspend")(issuer.address, 0n, 1)).wait();
    expect(await reader.statusOf(issuer.address, 0n)).toBe("suspended");
    await (await registry.getFunction("revoke")(issuer.address, 0n, 1)).wait();
    expect(await reader.statusOf(issuer.address, 0n)).toBe("revoked");
    expect(await reader.statusOf(issuer.address, 1n)).toBe("active");
  });

  it("names the block that allocated an entry, and nothing for an entry not allocated", async () => {
    const reader = createStatusRegistryReader({ address: await registry.getAddress(), provider });
    const count = Number(await registry.getFunction("allocatedCount")(issuer.address));
    const receipt = await (await registry.getFunction("allocate")(issuer.address, 3)).wait();
    for (const index of [count, count + 2]) {
      expect(await reader.allocationBlock!(issuer.address, BigInt(index))).toBe(receipt!.blockNumber);
    }
    expect(await reader.allocationBlock!(issuer.address, BigInt(count + 3))).toBeUndefined();
  });

  it("refuses an address that is not one, and rejects when the chain cannot be read", async () => {
    expect(() => createStatusRegistryReader({ address: "0x1234", provider })).toThrow(VerifierConfigError);
    const down = await connectJsonRpc(chain.rpcUrl!);
    const reader = createStatusRegistryReader({ address: await registry.getAddress(), provider: down });
    down.destroy();
    await expect(reader.statusOf(issuer.address, 0n)).rejects.toThrow();
  });
});
