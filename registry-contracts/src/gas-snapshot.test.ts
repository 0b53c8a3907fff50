// Gas of each registry operation, compared with the committed registry-contracts/gas-snapshot.json.
// UPDATE_GAS_SNAPSHOT=1 (or a missing file) rewrites the snapshot instead of comparing.
//
// Scenario, on a fresh chain (so addresses, nonces and signatures are the same every run): identities
// already have one change and, for signed calls, a used nonce, so each figure is a steady-state cost;
// addDelegate and changeOwner write fresh slots (a new delegate, a first owner).
//
// Governance (keys prefixed with the contract name): a committee of three (weights 2, 1, 1) set up in the
// bootstrap; a new participant registered and an auditor accredited for one sector through proposals. Every
// argument is fixed (no wall-clock value in calldata), so the figures do not depend on when the test runs.
// Credentials: the suite deployed by deploy() with a regulator trusted for permits in the bootstrap, then a
// status registry and a verifier deployed (measured) on its registries; the regulator allocates (a first and a
// later allocation), revokes one entry and signs a permit proof with fixed fields (validity 2023..2100), which
// the polluter registers. The signature is deterministic (RFC 6979), so calldata is the same every run.
// Views are measured with eth_estimateGas, so they include the 21,000 of a transaction.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Contract, ContractFactory, type Signer, type TransactionReceipt, type Wallet } from "ethers";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type CredentialProof,
  credentialIdHash,
  permitClaimsHash,
  signCredentialProof,
} from "./credential-proof.js";
import { deploy } from "./deploy.js";
import {
  committeeGovernanceAbi,
  committeeGovernanceBytecode,
  credentialProofVerifierAbi,
  credentialProofVerifierBytecode,
  credentialStatusRegistryAbi,
  credentialStatusRegistryBytecode,
  ethereumDIDRegistryAbi,
  ethereumDIDRegistryBytecode,
  participantRegistryAbi,
  participantRegistryBytecode,
  trustedIssuerRegistryAbi,
  trustedIssuerRegistryBytecode,
} from "./generated/index.js";
import { encodeAction, type GovernanceAction } from "./governance-actions.js";
import { CredentialType, Role, sectorId, VoteType } from "./governance-types.js";
import type { RegistryOperation } from "./meta-transaction.js";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import { SAMPLE_POLLUTANTS } from "./test-credentials.js";
import { sampleOrganisation, TEST_RULES, travel } from "./test-governance.js";
import {
  asSigner,
  PUB_KEY_ATTRIBUTE,
  PUB_KEY_VALUE,
  send,
  signOperation,
  VERI_KEY,
} from "./test-registry.js";

const snapshotFile = fileURLToPath(new URL("../gas-snapshot.json", import.meta.url));
const DAY = 86_400n;

let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain();
});

afterAll(async () => {
  await chain?.stop();
});

async function measure(): Promise<Record<string, number>> {
  const gas: Record<string, number> = {};
  const deployer = wallet(chain, 0);
  const factory = new ContractFactory(ethereumDIDRegistryAbi, ethereumDIDRegistryBytecode, deployer);
  const deployment = await (await deployer.sendTransaction(await factory.getDeployTransaction(1n))).wait();
  if (deployment?.contractAddress == null) throw new Error("registry deployment created no contract");
  gas.deploy = Number(deployment.gasUsed);
  const registry = new Contract(deployment.contractAddress, ethereumDIDRegistryAbi, deployer);

  const relayer = asSigner(registry, wallet(chain, 9));
  const owner = wallet(chain, 1);
  const other = wallet(chain, 4);
  const direct = asSigner(registry, owner);
  const id = owner.address;
  const delegateA = wallet(chain, 2).address;
  const delegateB = wallet(chain, 3).address;
  const newOwner = wallet(chain, 5).address;

  // Warm-up, not measured: a first change for both identities and a first signed call by the owner.
  const warm: RegistryOperation = {
    type: "setAttribute",
    name: PUB_KEY_ATTRIBUTE,
    value: "0x",
    validity: DAY,
  };
  const warmSig = await signOperation(registry, owner, id, warm);
  await send(relayer, "setAttributeSigned", [
    id,
    warmSig.sigV,
    warmSig.sigR,
    warmSig.sigS,
    PUB_KEY_ATTRIBUTE,
    "0x",
    DAY,
  ]);
  await send(asSigner(registry, other), "setAttribute", [other.address, PUB_KEY_ATTRIBUTE, "0x", DAY]);

  const directCalls: [string, unknown[]][] = [
    ["addDelegate", [id, VERI_KEY, delegateA, DAY]],
    ["revokeDelegate", [id, VERI_KEY, delegateA]],
    ["setAttribute", [id, PUB_KEY_ATTRIBUTE, PUB_KEY_VALUE, DAY]],
    ["revokeAttribute", [id, PUB_KEY_ATTRIBUTE, PUB_KEY_VALUE]],
  ];
  for (const [method, args] of directCalls) gas[method] = Number((await send(direct, method, args)).gasUsed);
  const changeOwner = await send(asSigner(registry, other), "changeOwner", [other.address, newOwner]);
  gas.changeOwner = Number(changeOwner.gasUsed);

  const signed: [string, RegistryOperation, unknown[]][] = [
    [
      "addDelegateSigned",
      { type: "addDelegate", delegateType: VERI_KEY, delegate: delegateB, validity: DAY },
      [VERI_KEY, delegateB, DAY],
    ],
    [
      "revokeDelegateSigned",
      { type: "revokeDelegate", delegateType: VERI_KEY, delegate: delegateB },
      [VERI_KEY, delegateB],
    ],
    [
      "setAttributeSigned",
      { type: "setAttribute", name: PUB_KEY_ATTRIBUTE, value: PUB_KEY_VALUE, validity: DAY },
      [PUB_KEY_ATTRIBUTE, PUB_KEY_VALUE, DAY],
    ],
    [
      "revokeAttributeSigned",
      { type: "revokeAttribute", name: PUB_KEY_ATTRIBUTE, value: PUB_KEY_VALUE },
      [PUB_KEY_ATTRIBUTE, PUB_KEY_VALUE],
    ],
    ["changeOwnerSigned", { type: "changeOwner", newOwner }, [newOwner]],
  ];
  for (const [method, operation, rest] of signed) {
    const sig = await signOperation(registry, owner, id, operation);
    const receipt = await send(relayer, method, [id, sig.sigV, sig.sigR, sig.sigS, ...rest]);
    gas[method] = Number(receipt.gasUsed);
  }
  return gas;
}

async function deployMeasured(
  signer: Signer,
  abi: ConstructorParameters<typeof ContractFactory>[0],
  bytecode: string,
  args: readonly unknown[],
): Promise<{ contract: Contract; gas: number }> {
  const factory = new ContractFactory(abi, bytecode, signer);
  const receipt = await (await signer.sendTransaction(await factory.getDeployTransaction(...args))).wait();
  if (receipt?.contractAddress == null) throw new Error("deployment created no contract");
  return { contract: new Contract(receipt.contractAddress, abi, signer), gas: Number(receipt.gasUsed) };
}

async function sendFrom(contract: Contract, signer: Signer, method: string, args: readonly unknown[]) {
  const response = await (contract.connect(signer) as Contract).getFunction(method).send(...args);
  const receipt: TransactionReceipt | null = await response.wait();
  if (receipt === null) throw new Error(`${method}: no receipt`);
  return receipt;
}

async function measureGovernance(): Promise<Record<string, number>> {
  const gas: Record<string, number> = {};
  const admin = wallet(chain, 0);
  const [chair, memberB, memberC] = [1, 2, 3].map((i) => wallet(chain, i)) as [Wallet, Wallet, Wallet];
  const regulator = wallet(chain, 4).address;
  const auditor = wallet(chain, 5).address;

  const governance = await deployMeasured(admin, committeeGovernanceAbi, committeeGovernanceBytecode, [
    1n,
    TEST_RULES,
  ]);
  gas["CommitteeGovernance.deploy"] = governance.gas;
  const governanceAddress = await governance.contract.getAddress();
  const participants = await deployMeasured(admin, participantRegistryAbi, participantRegistryBytecode, [
    1n,
    governanceAddress,
  ]);
  gas["ParticipantRegistry.deploy"] = participants.gas;
  const issuers = await deployMeasured(admin, trustedIssuerRegistryAbi, trustedIssuerRegistryBytecode, [
    1n,
    governanceAddress,
    await participants.contract.getAddress(),
  ]);
  gas["TrustedIssuerRegistry.deploy"] = issuers.gas;
  const gov = governance.contract;

  const bind = await sendFrom(gov, admin, "bindRegistries", [
    await participants.contract.getAddress(),
    await issuers.contract.getAddress(),
  ]);
  gas["CommitteeGovernance.bindRegistries"] = Number(bind.gasUsed);
  const seats: [Signer, number][] = [
    [chair, 2],
    [memberB, 1],
    [memberC, 1],
  ];
  for (const [i, [member, weight]] of seats.entries()) {
    const action = encodeAction({ kind: "AddMember", account: await member.getAddress(), weight });
    const receipt = await sendFrom(gov, admin, "bootstrapExecute", [action]);
    if (i === 0) gas["CommitteeGovernance.bootstrapExecute(AddMember)"] = Number(receipt.gasUsed);
  }
  const registerRegulator = encodeAction({
    kind: "RegisterParticipant",
    account: regulator,
    role: Role.Regulator,
    organisation: sampleOrganisation("gas-regulator"),
  });
  const bootRegister = await sendFrom(gov, admin, "bootstrapExecute", [registerRegulator]);
  gas["CommitteeGovernance.bootstrapExecute(RegisterParticipant)"] = Number(bootRegister.gasUsed);
  gas["CommitteeGovernance.finishBootstrap"] = Number(
    (await sendFrom(gov, admin, "finishBootstrap", [])).gasUsed,
  );

  const enact = async (action: GovernanceAction, label: string) => {
    const created = await sendFrom(gov, chair, "propose", [encodeAction(action), "gas snapshot"]);
    gas[`CommitteeGovernance.propose(${label})`] = Number(created.gasUsed);
    const proposalId = await gov.getFunction("proposalCount").staticCall();
    const first = await sendFrom(gov, chair, "castVote", [proposalId, VoteType.For]);
    const second = await sendFrom(gov, memberB, "castVote", [proposalId, VoteType.For]);
    gas["CommitteeGovernance.castVote(first)"] = Number(first.gasUsed);
    gas["CommitteeGovernance.castVote(next)"] = Number(second.gasUsed);
    await travel(chain, TEST_RULES.votingPeriod + TEST_RULES.executionDelay + 1);
    const executed = await sendFrom(gov, memberC, "execute", [proposalId]);
    gas[`CommitteeGovernance.execute(${label})`] = Number(executed.gasUsed);
  };
  await enact(
    {
      kind: "RegisterParticipant",
      account: auditor,
      role: Role.Auditor,
      organisation: sampleOrganisation("gas-auditor", "M7450"),
    },
    "RegisterParticipant",
  );
  await enact(
    {
      kind: "AddTrustedIssuer",
      issuer: auditor,
      typeId: CredentialType.AuditReport,
      sectors: [sectorId("C3110")],
      validUntil: 4_102_444_800n,
    },
    "AddTrustedIssuer",
  );

  const reads = issuers.contract;
  const views: [string, string, unknown[]][] = [
    ["isTrusted", "isTrusted", [auditor, CredentialType.AuditReport]],
    ["isTrustedForSector", "isTrustedForSector", [auditor, CredentialType.AuditReport, sectorId("C3110")]],
    ["wasTrustedAt", "wasTrustedAt", [auditor, CredentialType.AuditReport, 1n]],
  ];
  for (const [key, method, args] of views) {
    const estimate = await reads.getFunction(method).estimateGas(...args);
    gas[`TrustedIssuerRegistry.${key}(estimate)`] = Number(estimate);
  }
  return gas;
}

async function measureCredentials(): Promise<Record<string, number>> {
  const gas: Record<string, number> = {};
  const admin = wallet(chain, 0);
  const regulator = wallet(chain, 6);
  const polluter = wallet(chain, 7);
  const { chainId, contracts } = await deploy(admin, {
    bootstrap: {
      participants: [
        { account: regulator.address, role: Role.Regulator, organisation: sampleOrganisation("gas-bureau") },
      ],
      actions: [
        {
          kind: "AddTrustedIssuer",
          issuer: regulator.address,
          typeId: CredentialType.DischargePermit,
          sectors: [],
          validUntil: 4_102_444_800n,
        },
      ],
    },
  });
  const statuses = await deployMeasured(
    admin,
    credentialStatusRegistryAbi,
    credentialStatusRegistryBytecode,
    [contracts.EthereumDIDRegistry],
  );
  gas["CredentialStatusRegistry.deploy"] = statuses.gas;
  const statusesAddress = await statuses.contract.getAddress();
  const verifier = await deployMeasured(admin, credentialProofVerifierAbi, credentialProofVerifierBytecode, [
    1n,
    chainId,
    contracts.EthereumDIDRegistry,
    contracts.TrustedIssuerRegistry,
    statusesAddress,
  ]);
  gas["CredentialProofVerifier.deploy"] = verifier.gas;

  const allocate = async (count: number) =>
    Number((await sendFrom(statuses.contract, regulator, "allocate", [regulator.address, count])).gasUsed);
  gas["CredentialStatusRegistry.allocate(first)"] = await allocate(2);
  gas["CredentialStatusRegistry.allocate(next)"] = await allocate(1);
  const revoke = await sendFrom(statuses.contract, regulator, "revoke", [regulator.address, 0n, 1]);
  gas["CredentialStatusRegistry.revoke"] = Number(revoke.gasUsed);
  const isLive = await statuses.contract.getFunction("isLive").estimateGas(regulator.address, 1n);
  gas["CredentialStatusRegistry.isLive(estimate)"] = Number(isLive);
  const allocationBlock = await statuses.contract
    .getFunction("allocationBlock")
    .estimateGas(regulator.address, 1n);
  gas["CredentialStatusRegistry.allocationBlock(estimate)"] = Number(allocationBlock);

  const proof: CredentialProof = {
    credentialId: credentialIdHash("urn:uuid:6f1c2d3e-0000-4000-8000-000000000001"),
    credentialType: CredentialType.DischargePermit,
    issuer: regulator.address,
    subject: polluter.address,
    statusIndex: 1n,
    validFrom: 1_700_000_000n,
    validUntil: 4_102_444_800n,
    claimsHash: permitClaimsHash(SAMPLE_POLLUTANTS),
  };
  const domain = { chainId, verifyingContract: await verifier.contract.getAddress() };
  const signature = await signCredentialProof(regulator, domain, proof);
  const v = verifier.contract;
  gas["CredentialProofVerifier.requireEligible(estimate)"] = Number(
    await v.getFunction("requireEligible").estimateGas(polluter.address, proof, signature),
  );
  const registered = await sendFrom(v, polluter, "registerProof", [proof, signature]);
  gas["CredentialProofVerifier.registerProof"] = Number(registered.gasUsed);
  gas["CredentialProofVerifier.isEligible(estimate)"] = Number(
    await v.getFunction("isEligible").estimateGas(polluter.address, CredentialType.DischargePermit),
  );
  return gas;
}

it("registry gas matches gas-snapshot.json", async () => {
  const measured = {
    ...(await measure()),
    ...(await measureGovernance()),
    ...(await measureCredentials()),
  };
  if (process.env.UPDATE_GAS_SNAPSHOT === "1" || !existsSync(snapshotFile)) {
    writeFileSync(snapshotFile, `${JSON.stringify(measured, null, 2)}\n`);
    return;
  }
  const committed = JSON.parse(readFileSync(snapshotFile, "utf8")) as Record<string, number>;
  const names = [...new Set([...Object.keys(committed), ...Object.keys(measured)])];
  const differences = names
    .filter((name) => committed[name] !== measured[name])
    .map((name) => `${name}: snapshot ${committed[name] ?? "none"}, measured ${measured[name] ?? "none"}`);
  expect(differences, "gas changed; rerun with UPDATE_GAS_SNAPSHOT=1 if intended").toEqual([]);
});
