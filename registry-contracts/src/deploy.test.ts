import { Contract, ContractFactory, TypedDataEncoder, Wallet, ZeroAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialProofDomain } from "./credential-proof.js";
import { deploy } from "./deploy.js";
import { ContractCodeMissingError, DeploymentFailedError } from "./errors.js";
import {
  committeeGovernanceAbi,
  credentialProofVerifierAbi,
  credentialStatusRegistryAbi,
  ethereumDIDRegistryAbi,
  ethereumDIDRegistryBytecode,
  trustedIssuerRegistryAbi,
} from "./generated/index.js";
import { CredentialType, Role } from "./governance-types.js";
import type { Address, DeploymentManifest } from "./manifest.js";
import { suite } from "./suite.js";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import { sampleOrganisation } from "./test-governance.js";
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
    expect(Object.keys(manifest.contracts)).toEqual([
      "EthereumDIDRegistry",
      "CommitteeGovernance",
      "ParticipantRegistry",
      "TrustedIssuerRegistry",
      "CredentialStatusRegistry",
      "CredentialProofVerifier",
    ]);
    for (const address of Object.values(manifest.contracts)) {
      expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);
      expect(await chain.provider.getCode(address)).not.toBe("0x");
    }
    await verifyDeployment(chain.provider, manifest);
  });

  it("records the given chain id and deploys with the chosen timestamp unit", async () => {
    const deployer = wallet(chain, 0);
    const manifest = await deploy(deployer, { chainId: 4242, timestampUnit: "milliseconds" });
    expect(manifest.chainId).toBe(4242);
    const ms = new Contract(manifest.contracts.EthereumDIDRegistry, ethereumDIDRegistryAbi, chain.provider);
    expect(await read<bigint>(ms, "timestampDivisor", [])).toBe(1000n);
    const clocked = [
      "CommitteeGovernance",
      "ParticipantRegistry",
      "TrustedIssuerRegistry",
      "CredentialProofVerifier",
    ] as const;
    for (const name of clocked) {
      const contract = new Contract(manifest.contracts[name], ethereumDIDRegistryAbi, chain.provider);
      expect(await read<bigint>(contract, "timestampDivisor", [])).toBe(1000n);
    }
    const seconds = (await deploy(deployer, { timestampUnit: "seconds" })).contracts.EthereumDIDRegistry;
    const s = new Contract(seconds, ethereumDIDRegistryAbi, chain.provider);
    expect(await read<bigint>(s, "timestampDivisor", [])).toBe(1n);
  });

  it("wires the credential contracts and puts the configured chain id, not the opcode's, in the EIP-712 domain", async () => {
    const manifest = await deploy(wallet(chain, 0), { chainId: 4242 });
    const { contracts } = manifest;
    const statuses = new Contract(
      contracts.CredentialStatusRegistry,
      credentialStatusRegistryAbi,
      chain.provider,
    );
    const verifier = new Contract(
      contracts.CredentialProofVerifier,
      credentialProofVerifierAbi,
      chain.provider,
    );
    expect(await read(statuses, "didRegistry", [])).toBe(contracts.EthereumDIDRegistry);
    expect(await read(verifier, "didRegistry", [])).toBe(contracts.EthereumDIDRegistry);
    expect(await read(verifier, "trustedIssuerRegistry", [])).toBe(contracts.TrustedIssuerRegistry);
    expect(await read(verifier, "statusRegistry", [])).toBe(contracts.CredentialStatusRegistry);
    const domain = (await read<{ toArray(): unknown[] }>(verifier, "eip712Domain", [])).toArray();
    expect(domain.slice(0, 4)).toEqual(["0x0f", "PermitChain Credential Proof", "1", 4242n]);
    expect(domain[4]).toBe(contracts.CredentialProofVerifier);
    expect(await read(verifier, "domainSeparator", [])).toBe(
      TypedDataEncoder.hashDomain(
        credentialProofDomain({ chainId: 4242, verifyingContract: contracts.CredentialProofVerifier }),
      ),
    );
  });

  it("applies the bootstrap config: rules, committee, participants and further actions, then no admin", async () => {
    const deployer = wallet(chain, 0);
    const [a, b, regulator] = [1, 2, 3].map((i) => wallet(chain, i).address) as [string, string, string];
    const manifest = await deploy(deployer, {
      bootstrap: {
        committee: [
          { member: a, weight: 3 },
          { member: b, weight: 2 },
        ],
        quorumBps: 6_000,
        thresholdBps: 6_667,
        votingPeriod: 86_400,
        executionDelay: 172_800,
        gracePeriod: 1_209_600,
        participants: [
          { account: regulator, role: Role.Regulator, organisation: sampleOrganisation("bureau") },
        ],
        actions: [
          {
            kind: "AddTrustedIssuer",
            issuer: regulator,
            typeId: CredentialType.DischargePermit,
            sectors: [],
            validUntil: 2n ** 64n - 1n,
          },
        ],
      },
    });
    const governance = new Contract(
      manifest.contracts.CommitteeGovernance,
      committeeGovernanceAbi,
      chain.provider,
    );
    const issuers = new Contract(
      manifest.contracts.TrustedIssuerRegistry,
      trustedIssuerRegistryAbi,
      chain.provider,
    );
    expect(await read(governance, "bootstrapAdmin", [])).toBe(ZeroAddress);
    expect(await read(governance, "isMember", [deployer.address])).toBe(false);
    expect(await read(governance, "totalWeight", [])).toBe(5n);
    expect([...(await read<bigint[]>(governance, "rules", []))]).toEqual([
      6_000n,
      6_667n,
      86_400n,
      172_800n,
      1_209_600n,
    ]);
    expect(await read(issuers, "isTrusted", [regulator, CredentialType.DischargePermit])).toBe(true);
  });

  it("fails with DEPLOYMENT_FAILED naming the bootstrap step that reverted", async () => {
    const error = await deploy(wallet(chain, 0), {
      bootstrap: { committee: [{ member: wallet(chain, 1).address, weight: 0 }] },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentFailedError);
    expect(error).toMatchObject({
      code: "DEPLOYMENT_FAILED",
      contract: "CommitteeGovernance",
      details: { step: "AddMember" },
    });
    expect((error as Error).message).toMatch(/bootstrap step AddMember/);
  });

  it("fails with DEPLOYMENT_FAILED when the governance rules are out of range", async () => {
    const error = await deploy(wallet(chain, 0), { bootstrap: { thresholdBps: 0 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "DEPLOYMENT_FAILED", contract: "CommitteeGovernance" });
  });

  it("deploys Paris bytecode only: no PUSH0 (0x5f) opcode, which FISCO BCOS lacks", () => {
    for (const { name, bytecode } of suite) {
      const code = Buffer.from(bytecode.slice(2), "hex");
      const end = code.length - 2 - code.readUInt16BE(code.length - 2);
      const opcodes = new Set<number>();
      for (let pc = 0; pc < end; pc++) {
        const op = code[pc] ?? 0;
        opcodes.add(op);
        if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
      }
      expect(opcodes.has(0x5f), name).toBe(false);
    }
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
    const eoa = wallet(chain, 5).address as Address;
    const manifest: DeploymentManifest = {
      chainId: chain.chainId,
      contracts: {
        EthereumDIDRegistry: eoa,
        CommitteeGovernance: eoa,
        ParticipantRegistry: eoa,
        TrustedIssuerRegistry: eoa,
        CredentialStatusRegistry: eoa,
        CredentialProofVerifier: eoa,
      },
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
    const deployed = await deploy(wallet(chain, 0));
    const partial = { chainId: 1, contracts: { ...deployed.contracts, TrustedIssuerRegistry: undefined } };
    await expect(
      verifyDeployment(chain.provider, partial as unknown as DeploymentManifest),
    ).rejects.toMatchObject({
      code: "CONTRACT_CODE_MISSING",
      contract: "TrustedIssuerRegistry",
    });
    const zero = {
      chainId: 1,
      contracts: { ...deployed.contracts, ParticipantRegistry: ZeroAddress as Address },
    };
    await expect(verifyDeployment(chain.provider, zero)).rejects.toMatchObject({
      code: "CONTRACT_CODE_MISSING",
      contract: "ParticipantRegistry",
    });
  });
});
