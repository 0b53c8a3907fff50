import { Contract, encodeBytes32String, keccak256 } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "./deploy.js";
import { committeeGovernanceAbi, ethereumDIDRegistryAbi } from "./generated/index.js";
import { encodeAction } from "./governance-actions.js";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import { eventArgs } from "./test-governance.js";
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

describe("CommitteeGovernance on a millisecond chain, deployed with timestampUnit milliseconds", () => {
  it("keeps proposal times in Unix seconds", async () => {
    const deployer = wallet(chain, 0);
    const manifest = await deploy(deployer, { timestampUnit: "milliseconds" });
    const governance = new Contract(manifest.contracts.CommitteeGovernance, committeeGovernanceAbi, deployer);
    const action = encodeAction({ kind: "SetParameter", key: encodeBytes32String("unit"), value: 1n });
    const receipt = await send(governance, "propose", [action, "ms"]);
    const seconds = (await blockTimestamp(governance, receipt.blockNumber)) / 1000n;
    const [, , , , voteEnd, executableAt, expiresAt] = eventArgs(receipt, "ProposalCreated")[0] ?? [];
    expect([voteEnd, executableAt, expiresAt]).toEqual([
      seconds + 300n,
      seconds + 360n,
      seconds + 360n + 604_800n,
    ]);
  });
});
