import { Contract, keccak256 } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "./deploy.js";
import { ethereumDIDRegistryAbi } from "./generated/index.js";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import { asSigner, blockTimestamp, read, send, VERI_KEY } from "./test-registry.js";

// A chain whose block.timestamp counts milliseconds, like FISCO BCOS without feature_evm_timestamp.
let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain({ timestampUnit: "milliseconds" });
});

afterAll(async () => {
  await chain?.stop();
});

describe("EthereumDIDRegistry on a millisecond chain, deployed with timestampUnit milliseconds", () => {
  it("keeps validTo in Unix seconds, so resolvers comparing with seconds see the delegate as valid", async () => {
    const manifest = await deploy(wallet(chain, 0), { timestampUnit: "milliseconds" });
    const registry = new Contract(
      manifest.contracts.EthereumDIDRegistry,
      ethereumDIDRegistryAbi,
      chain.provider,
    );
    const identity = wallet(chain, 1);
    const delegate = wallet(chain, 2).address;
    const receipt = await send(asSigner(registry, identity), "addDelegate", [
      identity.address,
      VERI_KEY,
      delegate,
      60n,
    ]);
    const millis = await blockTimestamp(registry, receipt.blockNumber);
    const validTo = await read<bigint>(registry, "delegates", [
      identity.address,
      keccak256(VERI_KEY),
      delegate,
    ]);
    expect(validTo).toBe(millis / 1000n + 60n);
    const wallClockSeconds = BigInt(Math.floor(Date.now() / 1000));
    expect(validTo - wallClockSeconds).toBeGreaterThan(0n);
    expect(validTo - wallClockSeconds).toBeLessThanOrEqual(60n);
    expect(await read(registry, "validDelegate", [identity.address, VERI_KEY, delegate])).toBe(true);
  });
});
