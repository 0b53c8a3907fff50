import { Contract, encodeBytes32String, keccak256, type Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signCredentialProof } from "./credential-proof.js";
import { deploy } from "./deploy.js";
import { committeeGovernanceAbi, ethereumDIDRegistryAbi } from "./generated/index.js";
import { encodeAction } from "./governance-actions.js";
import { CredentialType, Role } from "./governance-types.js";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import { allocateIndex, permitProof, verifierDomain } from "./test-credentials.js";
import {
  call,
  deployGovernedSuite,
  eventArgs,
  latestTimestamp,
  sampleOrganisation,
  suiteInterface,
} from "./test-governance.js";
import { asSigner, blockTimestamp, read, send, VERI_KEY } from "./test-registry.js";
import { expectCustomError } from "./test-revert.js";

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

describe("CredentialProofVerifier on a millisecond chain, deployed with timestampUnit milliseconds", () => {
  it("judges a proof's validity window, in Unix seconds, against the chain clock in seconds", async () => {
    const [regulator, polluter] = [1, 2].map((i) => wallet(chain, i)) as [Wallet, Wallet];
    const suite = await deployGovernedSuite(
      wallet(chain, 0),
      {
        participants: [
          { account: regulator.address, role: Role.Regulator, organisation: sampleOrganisation("ms-bureau") },
        ],
        actions: [
          {
            kind: "AddTrustedIssuer",
            issuer: regulator.address,
            typeId: CredentialType.DischargePermit,
            sectors: [],
            validUntil: 2n ** 64n - 1n,
          },
        ],
      },
      { timestampUnit: "milliseconds" },
    );
    const domain = await verifierDomain(suite.verifier, suite.manifest.chainId);
    const seconds = async () => (await latestTimestamp(chain)) / 1000n;
    const now = await seconds();
    expect(now).toBeLessThan(10_000_000_000n);
    const index = await allocateIndex(suite.statuses, regulator);

    // Valid for one more minute: a contract comparing milliseconds with seconds would call it expired.
    const proof = permitProof(regulator.address, polluter.address, index, now, { validUntil: now + 60n });
    const signature = await signCredentialProof(regulator, domain, proof);
    await call(suite.verifier, "requireEligible", [polluter.address, proof, signature]);

    const early = permitProof(regulator.address, polluter.address, index, now, { validFrom: now + 3_600n });
    await expectCustomError(
      call(suite.verifier, "requireEligible", [
        polluter.address,
        early,
        await signCredentialProof(regulator, domain, early),
      ]),
      suiteInterface,
      "ProofNotYetValid",
      [now + 3_600n, await seconds()],
    );
    const late = permitProof(regulator.address, polluter.address, index, now, { validUntil: now - 1n });
    await expectCustomError(
      call(suite.verifier, "requireEligible", [
        polluter.address,
        late,
        await signCredentialProof(regulator, domain, late),
      ]),
      suiteInterface,
      "ProofExpired",
      [now - 1n, await seconds()],
    );
  });
});
