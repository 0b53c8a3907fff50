import { Contract, ContractFactory, Wallet, ZeroAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "./deploy.js";
import { ContractCodeMissingError, DeploymentFailedError } from "./errors.js";
import { ethereumDIDRegistryAbi, ethereumDIDRegistryBytecode } from "./generated/index.js";
import type { Address, DeploymentManifest } from "./manifest.js";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import { read, registryInterface } from "./test-registry.js";
import { expectCustomError } from "./test-revert.js";
import { verifyDeployment } from "./verify-deployment.js";

let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain();
});

afterAll(async () => {
  await chain?.stop();
});

describe("deploy", () => {
  it("deploys the suite and records the provider's chain id and the receipt addresses", async () => {
    const deployer = wallet(chain, 0);
    const manifest = await deploy(deployer);
    expect(manifest.chainId).toBe(chain.chainId);
    expect(Object.keys(manifest.contracts)).toEqual(["EthereumDIDRegistry"]);
    const address = manifest.contracts.EthereumDIDRegistry;
    expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(await chain.provider.getCode(address)).not.toBe("0x");
    await verifyDeployment(chain.provider, manifest);
  });

  it("records the given chain id and deploys with the chosen timestamp unit", async () => {
    const deployer = wallet(chain, 0);
    const manifest = await deploy(deployer, { chainId: 4242, timestampUnit: "milliseconds" });
    expect(manifest.chainId).toBe(4242);
    const ms = new Contract(manifest.contracts.EthereumDIDRegistry, ethereumDIDRegistryAbi, chain.provider);
    expect(await read<bigint>(ms, "timestampDivisor", [])).toBe(1000n);
    const seconds = (await deploy(deployer, { timestampUnit: "seconds" })).contracts.EthereumDIDRegistry;
    const s = new Contract(seconds, ethereumDIDRegistryAbi, chain.provider);
    expect(await read<bigint>(s, "timestampDivisor", [])).toBe(1n);
  });

  it("fails with DEPLOYMENT_FAILED naming the contract when the transaction cannot be sent", async () => {
    const broke = Wallet.createRandom().connect(chain.provider);
    const error = await deploy(broke).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentFailedError);
    expect(error).toMatchObject({ code: "DEPLOYMENT_FAILED", contract: "EthereumDIDRegistry" });
    expect((error as DeploymentFailedError).cause).toBeDefined();
  });

  it("fails with DEPLOYMENT_FAILED when there is no provider to read the chain id from", async () => {
    const error = await deploy(Wallet.createRandom()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "DEPLOYMENT_FAILED" });
  });

  it("rejects a timestamp divisor other than 1 or 1000 at construction", async () => {
    const factory = new ContractFactory(
      ethereumDIDRegistryAbi,
      ethereumDIDRegistryBytecode,
      wallet(chain, 0),
    );
    await expectCustomError(factory.deploy(60n), registryInterface, "UnsupportedTimestampDivisor", [60n]);
  });
});

describe("verifyDeployment", () => {
  it("names the contract whose address holds no code", async () => {
    const manifest: DeploymentManifest = {
      chainId: chain.chainId,
      contracts: { EthereumDIDRegistry: wallet(chain, 5).address as Address },
    };
    const error = await verifyDeployment(chain.provider, manifest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractCodeMissingError);
    expect(error).toMatchObject({
      code: "CONTRACT_CODE_MISSING",
      contract: "EthereumDIDRegistry",
      address: wallet(chain, 5).address,
    });
    expect((error as Error).message).toContain("EthereumDIDRegistry");
  });

  it("names the contract missing from the manifest", async () => {
    const manifest = { chainId: 1, contracts: {} } as DeploymentManifest;
    await expect(verifyDeployment(chain.provider, manifest)).rejects.toMatchObject({
      code: "CONTRACT_CODE_MISSING",
      contract: "EthereumDIDRegistry",
      address: undefined,
    });
    const zero = { chainId: 1, contracts: { EthereumDIDRegistry: ZeroAddress as Address } };
    await expect(verifyDeployment(chain.provider, zero)).rejects.toBeInstanceOf(ContractCodeMissingError);
  });
});
