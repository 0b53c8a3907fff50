import { Contract, encodeBytes32String, TypedDataEncoder, type Wallet, ZeroHash } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  annualCapInGrams,
  type CredentialProof,
  type CredentialProofDomainParameters,
  canonicalPollutantCaps,
  credentialProofDigest,
  credentialProofDomain,
  credentialProofTypedData,
  decodeCredentialProofFailure,
  permitClaimsHash,
  pollutantId,
  recoverCredentialProofSigner,
  signCredentialProof,
} from "./credential-proof.js";
import { CredentialStatus, StatusReason } from "./credential-status.js";
import {
  credentialProofVerifierAbi,
  credentialProofVerifierBytecode,
  ethereumDIDRegistryAbi,
} from "./generated/index.js";
import { CredentialType, Role } from "./governance-types.js";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import {
  allocateIndex,
  highS,
  permitProof,
  SAMPLE_POLLUTANTS,
  verifierDomain,
  withV,
} from "./test-credentials.js";
import {
  attempt,
  call,
  deployContract,
  deployGovernedSuite,
  enact,
  eventArgs,
  type GovernedSuite,
  latestTimestamp,
  sampleOrganisation,
  sendAs,
  suiteInterface,
  toPlain,
  travel,
} from "./test-governance.js";
import { SIG_AUTH, VERI_KEY } from "./test-registry.js";
import { expectCustomError } from "./test-revert.js";

const NO_EXPIRY = 2n ** 64n - 1n;
const DAY = 86_400n;

let chain: TestChain;
let suite: GovernedSuite;
let did: Contract;
let domain: CredentialProofDomainParameters;
let member: Wallet;
let regulator: Wallet;
let polluter: Wallet;
let signingKey: Wallet;
let stranger: Wallet;
let regulatorB: Wallet;
let untrusted: Wallet;
let polluterB: Wallet;

beforeAll(async () => {
  chain = await startTestChain();
  [member, regulator, polluter, signingKey, stranger, regulatorB, untrusted, polluterB] = [
    1, 2, 3, 4, 5, 6, 7, 8,
  ].map((i) => wallet(chain, i)) as [Wallet, Wallet, Wallet, Wallet, Wallet, Wallet, Wallet, Wallet];
  const regulatorRecord = (account: Wallet, tag: string) => ({
    account: account.address,
    role: Role.Regulator,
    organisation: sampleOrganisation(tag),
  });
  const trustForPermits = (issuer: Wallet) =>
    ({
      kind: "AddTrustedIssuer",
      issuer: issuer.address,
      typeId: CredentialType.DischargePermit,
      sectors: [],
      validUntil: NO_EXPIRY,
    }) as const;
  suite = await deployGovernedSuite(wallet(chain, 0), {
    committee: [{ member: member.address, weight: 1 }],
    participants: [
      regulatorRecord(regulator, "bureau-a"),
      regulatorRecord(regulatorB, "bureau-b"),
      regulatorRecord(untrusted, "bureau-c"),
      {
        account: polluter.address,
        role: Role.Polluter,
        organisation: sampleOrganisation("plant-a", "C3110"),
      },
    ],
    actions: [trustForPermits(regulator), trustForPermits(regulatorB)],
  });
  did = new Contract(suite.manifest.contracts.EthereumDIDRegistry, ethereumDIDRegistryAbi, chain.provider);
  domain = await verifierDomain(suite.verifier, suite.manifest.chainId);
});

afterAll(async () => {
  await chain?.stop();
});

/** A permit proof from `issuer` (default: the trusted regulator) to the polluter, on a fresh status index. */
async function freshProof(
  issuer: Wallet = regulator,
  overrides: Partial<CredentialProof> = {},
): Promise<CredentialProof> {
  const index = await allocateIndex(suite.statuses, issuer);
  return permitProof(issuer.address, polluter.address, index, await latestTimestamp(chain), overrides);
}

async function expectHolds(holder: string, proof: CredentialProof, signature: string): Promise<void> {
  expect(toPlain(await call(suite.verifier, "checkProof", [holder, proof, signature]))).toEqual([true, "0x"]);
  await call(suite.verifier, "requireEligible", [holder, proof, signature]);
}

/** Both `checkProof` and `requireEligible` report `name(args)`. */
async function expectFailure(
  holder: string,
  proof: CredentialProof,
  signature: string,
  name: string,
  args: readonly unknown[],
): Promise<void> {
  const [ok, failure] = toPlain(await call(suite.verifier, "checkProof", [holder, proof, signature])) as [
    boolean,
    string,
  ];
  expect(ok).toBe(false);
  expect(decodeCredentialProofFailure(failure)).toEqual({ name, args: [...args] });
  await expectCustomError(
    call(suite.verifier, "requireEligible", [holder, proof, signature]),
    suiteInterface,
    name,
    args,
  );
}

describe("CredentialProofVerifier: a proof that holds", () => {
  it("accepts a permit proof signed by the issuer DID's owner, for its subject", async () => {
    const proof = await freshProof();
    const signature = await signCredentialProof(regulator, domain, proof);
    await expectHolds(polluter.address, proof, signature);
    // The EOA convenience: the caller is the holder.
    await (suite.verifier.connect(polluter) as Contract)
      .getFunction("requireValidProof")
      .staticCall(proof, signature);
    expect(await call(suite.verifier, "proofDigest", [proof])).toBe(credentialProofDigest(domain, proof));
    expect(recoverCredentialProofSigner(domain, proof, signature)).toBe(regulator.address);
  });

  it("accepts a proof signed by a valid veriKey delegate of the issuer, and not after the delegate is revoked", async () => {
    await sendAs(did, regulator, "addDelegate", [regulator.address, VERI_KEY, signingKey.address, DAY]);
    const proof = await freshProof();
    const signature = await signCredentialProof(signingKey, domain, proof);
    await expectHolds(polluter.address, proof, signature);

    await sendAs(did, regulator, "revokeDelegate", [regulator.address, VERI_KEY, signingKey.address]);
    await expectFailure(polluter.address, proof, signature, "UnauthorisedSigner", [
      regulator.address,
      signingKey.address,
    ]);
  });

  it("follows the issuer DID's owner: after a key rotation the new owner signs, the old key no longer does", async () => {
    const agency = wallet(chain, 9);
    await sendAs(did, regulator, "changeOwner", [regulator.address, agency.address]);
    // The regulator's DID, now controlled by the agency key, allocates through it.
    const index = await call<bigint>(suite.statuses, "allocatedCount", [regulator.address]);
    await sendAs(suite.statuses, agency, "allocate", [regulator.address, 1]);
    const proof = permitProof(regulator.address, polluter.address, index, await latestTimestamp(chain));
    await expectHolds(polluter.address, proof, await signCredentialProof(agency, domain, proof));
    await expectFailure(
      polluter.address,
      proof,
      await signCredentialProof(regulator, domain, proof),
      "UnauthorisedSigner",
      [regulator.address, regulator.address],
    );
    await sendAs(did, agency, "changeOwner", [regulator.address, regulator.address]);
  });

  it("publishes its EIP-712 domain (ERC-5267) with the configured chain id", async () => {
    const address = await suite.verifier.getAddress();
    expect(toPlain(await call(suite.verifier, "eip712Domain"))).toEqual([
      "0x0f",
      "PermitChain Credential Proof",
      "1",
      BigInt(suite.manifest.chainId),
      address,
      ZeroHash,
      [],
    ]);
    expect(await call(suite.verifier, "domainSeparator")).toBe(
      TypedDataEncoder.hashDomain(credentialProofDomain(domain)),
    );
    const typed = credentialProofTypedData(domain, await freshProof());
    expect(typed.primaryType).toBe("CredentialProof");
    expect(TypedDataEncoder.from(typed.types).primaryType).toBe("CredentialProof");
  });
});

describe("CredentialProofVerifier: signatures that do not hold", () => {
  it("rejects a proof signed by someone else, or by a sigAuth (not veriKey) delegate", async () => {
    const proof = await freshProof();
    await expectFailure(
      polluter.address,
      proof,
      await signCredentialProof(stranger, domain, proof),
      "UnauthorisedSigner",
      [regulator.address, stranger.address],
    );
    await sendAs(did, regulator, "addDelegate", [regulator.address, SIG_AUTH, stranger.address, DAY]);
    await expectFailure(
      polluter.address,
      proof,
      await signCredentialProof(stranger, domain, proof),
      "UnauthorisedSigner",
      [regulator.address, stranger.address],
    );
  });

  it("rejects a proof whose fields were changed after signing", async () => {
    const proof = await freshProof();
    const signature = await signCredentialProof(regulator, domain, proof);
    const tampered: CredentialProof[] = [
      { ...proof, claimsHash: permitClaimsHash(SAMPLE_POLLUTANTS.slice(1)) },
      { ...proof, validUntil: proof.validUntil + DAY },
      { ...proof, statusIndex: proof.statusIndex + 1n },
      { ...proof, credentialId: ZeroHash },
    ];
    for (const altered of tampered) {
      const recovered = recoverCredentialProofSigner(domain, altered, signature);
      expect(recovered).not.toBe(regulator.address);
      await expectFailure(polluter.address, altered, signature, "UnauthorisedSigner", [
        regulator.address,
        recovered,
      ]);
    }
  });

  it("rejects a signature made for another chain id", async () => {
    const proof = await freshProof();
    const signature = await signCredentialProof(regulator, { ...domain, chainId: 1 }, proof);
    await expectFailure(polluter.address, proof, signature, "UnauthorisedSigner", [
      regulator.address,
      recoverCredentialProofSigner(domain, proof, signature),
    ]);
  });

  it("rejects a signature made for another verifying contract, which that contract accepts", async () => {
    const { contracts } = suite.manifest;
    const other = await deployContract(
      wallet(chain, 0),
      credentialProofVerifierAbi,
      credentialProofVerifierBytecode,
      [
        1n,
        suite.manifest.chainId,
        contracts.EthereumDIDRegistry,
        contracts.TrustedIssuerRegistry,
        contracts.CredentialStatusRegistry,
      ],
    );
    const otherDomain = await verifierDomain(other, suite.manifest.chainId);
    const proof = await freshProof();
    const signature = await signCredentialProof(regulator, otherDomain, proof);
    await call(other, "requireEligible", [polluter.address, proof, signature]);
    await expectFailure(polluter.address, proof, signature, "UnauthorisedSigner", [
      regulator.address,
      recoverCredentialProofSigner(domain, proof, signature),
    ]);
  });

  it("rejects the malleable twin of a valid signature, a bad length and a bad v", async () => {
    const proof = await freshProof();
    const signature = await signCredentialProof(regulator, domain, proof);
    await expectHolds(polluter.address, proof, signature);
    const twin = highS(signature);
    // The twin recovers to the issuer with a plain ecrecover: it is rejected for its high s alone.
    await expectFailure(polluter.address, proof, twin.signature, "MalleableSignature", [twin.s]);
    await expectFailure(polluter.address, proof, signature.slice(0, 130), "InvalidSignatureLength", [64n]);
    await expectFailure(polluter.address, proof, withV(signature, 29), "UnrecoverableSignature", [
      credentialProofDigest(domain, proof),
    ]);
  });
});

describe("CredentialProofVerifier: holder, time, trust and status", () => {
  it("binds the proof to its subject: another holder cannot use it", async () => {
    const proof = await freshProof();
    const signature = await signCredentialProof(regulator, domain, proof);
    await expectFailure(stranger.address, proof, signature, "HolderNotSubjectOwner", [
      polluter.address,
      polluter.address,
      stranger.address,
    ]);
    await expectCustomError(
      (suite.verifier.connect(stranger) as Contract)
        .getFunction("requireValidProof")
        .staticCall(proof, signature),
      suiteInterface,
      "HolderNotSubjectOwner",
      [polluter.address, polluter.address, stranger.address],
    );
  });

  it("rejects a proof before its validFrom and from its validUntil, in Unix seconds", async () => {
    const now = await latestTimestamp(chain);
    // a call runs in a block stamped with the wall clock, which may be a second or two past the head's
    const callTime = expect.toSatisfy((t: bigint) => t >= now && t <= now + 5n);
    const early = await freshProof(regulator, { validFrom: now + 3_600n });
    await expectFailure(
      polluter.address,
      early,
      await signCredentialProof(regulator, domain, early),
      "ProofNotYetValid",
      [now + 3_600n, callTime],
    );
    const late = await freshProof(regulator, { validFrom: now - DAY, validUntil: now });
    await expectFailure(
      polluter.address,
      late,
      await signCredentialProof(regulator, domain, late),
      "ProofExpired",
      [now, callTime],
    );

    const shortLived = await freshProof(regulator, { validUntil: (await latestTimestamp(chain)) + 100n });
    const signature = await signCredentialProof(regulator, domain, shortLived);
    await expectHolds(polluter.address, shortLived, signature);
    await travel(chain, 100);
    const afterTravel = await latestTimestamp(chain);
    await expectFailure(polluter.address, shortLived, signature, "ProofExpired", [
      shortLived.validUntil,
      expect.toSatisfy((t: bigint) => t >= afterTravel && t <= afterTravel + 5n),
    ]);
  });

  it("rejects a proof from an issuer not trusted for the type: not granted, or another type", async () => {
    const proof = await freshProof(untrusted);
    await expectFailure(
      polluter.address,
      proof,
      await signCredentialProof(untrusted, domain, proof),
      "IssuerNotTrusted",
      [untrusted.address, CredentialType.DischargePermit],
    );
    const report = await freshProof(regulator, { credentialType: CredentialType.AuditReport });
    await expectFailure(
      polluter.address,
      report,
      await signCredentialProof(regulator, domain, report),
      "IssuerNotTrusted",
      [regulator.address, CredentialType.AuditReport],
    );
  });

  it("rejects a proof whose credential was suspended (until reinstated), revoked, or never allocated", async () => {
    const proof = await freshProof();
    const signature = await signCredentialProof(regulator, domain, proof);
    const entry = [regulator.address, proof.statusIndex] as const;
    await sendAs(suite.statuses, regulator, "suspend", [...entry, StatusReason.certificateHold]);
    await expectFailure(polluter.address, proof, signature, "CredentialNotLive", [
      ...entry,
      BigInt(CredentialStatus.Suspended),
    ]);
    await sendAs(suite.statuses, regulator, "reinstate", [...entry, StatusReason.removeFromCRL]);
    await expectHolds(polluter.address, proof, signature);
    await sendAs(suite.statuses, regulator, "revoke", [...entry, StatusReason.cessationOfOperation]);
    await expectFailure(polluter.address, proof, signature, "CredentialNotLive", [
      ...entry,
      BigInt(CredentialStatus.Revoked),
    ]);

    const count = await call<bigint>(suite.statuses, "allocatedCount", [regulator.address]);
    const unallocated = { ...proof, statusIndex: count + 10n };
    await expectFailure(
      polluter.address,
      unallocated,
      await signCredentialProof(regulator, domain, unallocated),
      "CredentialNotLive",
      [regulator.address, count + 10n, BigInt(CredentialStatus.Unallocated)],
    );
  });
});

describe("CredentialProofVerifier: registered proofs", () => {
  it("registers a verified proof for its subject only, evented, and re-checks status on every use", async () => {
    const proof = await freshProof();
    const signature = await signCredentialProof(regulator, domain, proof);
    const permit = CredentialType.DischargePermit;
    expect(await call(suite.verifier, "isEligible", [polluter.address, permit])).toBe(false);
    await expectCustomError(
      call(suite.verifier, "requireRegistered", [polluter.address, permit]),
      suiteInterface,
      "NoRegisteredProof",
      [polluter.address, permit],
    );
    await expectCustomError(
      attempt(suite.verifier, stranger, "registerProof", [proof, signature]),
      suiteInterface,
      "HolderNotSubjectOwner",
      [polluter.address, polluter.address, stranger.address],
    );

    const receipt = await sendAs(suite.verifier, polluter, "registerProof", [proof, signature]);
    expect(eventArgs(receipt, "ProofRegistered")).toEqual([
      [
        polluter.address,
        permit,
        proof.credentialId,
        polluter.address,
        regulator.address,
        proof.statusIndex,
        proof.validUntil,
        proof.claimsHash,
      ],
    ]);
    expect(toPlain(await call(suite.verifier, "registeredProof", [polluter.address, permit]))).toEqual([
      regulator.address,
      proof.validUntil,
      proof.statusIndex,
      proof.credentialId,
      proof.claimsHash,
      polluter.address,
    ]);
    expect(await call(suite.verifier, "isEligible", [polluter.address, permit])).toBe(true);
    await call(suite.verifier, "requireRegistered", [polluter.address, permit]);
    expect(await call(suite.verifier, "isEligible", [polluter.address, CredentialType.AuditReport])).toBe(
      false,
    );

    await sendAs(suite.statuses, regulator, "revoke", [regulator.address, proof.statusIndex, 1]);
    expect(await call(suite.verifier, "isEligible", [polluter.address, permit])).toBe(false);
    await expectCustomError(
      call(suite.verifier, "requireRegistered", [polluter.address, permit]),
      suiteInterface,
      "CredentialNotLive",
      [regulator.address, proof.statusIndex, BigInt(CredentialStatus.Revoked)],
    );
    // A revoked proof cannot be registered again either.
    await expectCustomError(
      attempt(suite.verifier, polluter, "registerProof", [proof, signature]),
      suiteInterface,
      "CredentialNotLive",
      [regulator.address, proof.statusIndex, BigInt(CredentialStatus.Revoked)],
    );
  });

  it("follows the subject DID's owner: after an owner change the new owner holds the proof, the old key does not", async () => {
    const permit = CredentialType.DischargePermit;
    const proof = await freshProof();
    const signature = await signCredentialProof(regulator, domain, proof);
    await sendAs(suite.verifier, polluter, "registerProof", [proof, signature]);
    const newOwner = wallet(chain, 9);
    await sendAs(did, polluter, "changeOwner", [polluter.address, newOwner.address]);
    try {
      const refused = [polluter.address, newOwner.address, polluter.address];
      await expectFailure(polluter.address, proof, signature, "HolderNotSubjectOwner", refused);
      await expectHolds(newOwner.address, proof, signature);
      // the old key's registration stops holding; the new owner registers again
      expect(await call(suite.verifier, "isEligible", [polluter.address, permit])).toBe(false);
      await expectCustomError(
        call(suite.verifier, "requireRegistered", [polluter.address, permit]),
        suiteInterface,
        "HolderNotSubjectOwner",
        refused,
      );
      await expectCustomError(
        attempt(suite.verifier, polluter, "registerProof", [proof, signature]),
        suiteInterface,
        "HolderNotSubjectOwner",
        refused,
      );
      const receipt = await sendAs(suite.verifier, newOwner, "registerProof", [proof, signature]);
      expect(eventArgs(receipt, "ProofRegistered")[0]?.slice(0, 5)).toEqual([
        newOwner.address,
        permit,
        proof.credentialId,
        polluter.address,
        regulator.address,
      ]);
      expect(await call(suite.verifier, "isEligible", [newOwner.address, permit])).toBe(true);
    } finally {
      await sendAs(did, newOwner, "changeOwner", [polluter.address, polluter.address]);
    }
    expect(await call(suite.verifier, "isEligible", [polluter.address, permit])).toBe(true);
    expect(await call(suite.verifier, "isEligible", [newOwner.address, permit])).toBe(false);
  });

  it("lets a renewal replace the registration, which ends at its validUntil", async () => {
    const permit = CredentialType.DischargePermit;
    const now = await latestTimestamp(chain);
    const renewal = await freshProof(regulator, { validUntil: now + 1_000n });
    await sendAs(suite.verifier, polluter, "registerProof", [
      renewal,
      await signCredentialProof(regulator, domain, renewal),
    ]);
    expect(await call(suite.verifier, "isEligible", [polluter.address, permit])).toBe(true);
    await travel(chain, 1_000);
    expect(await call(suite.verifier, "isEligible", [polluter.address, permit])).toBe(false);
    const afterTravel = await latestTimestamp(chain);
    await expectCustomError(
      call(suite.verifier, "requireRegistered", [polluter.address, permit]),
      suiteInterface,
      "ProofExpired",
      [renewal.validUntil, expect.toSatisfy((t: bigint) => t >= afterTravel && t <= afterTravel + 5n)],
    );
  });

  it("stops holding, registered or not, once the committee withdraws the issuer's trust", async () => {
    const permit = CredentialType.DischargePermit;
    const proof = await freshProof(regulatorB);
    const signature = await signCredentialProof(regulatorB, domain, proof);
    await sendAs(suite.verifier, polluter, "registerProof", [proof, signature]);
    expect(await call(suite.verifier, "isEligible", [polluter.address, permit])).toBe(true);

    await enact(chain, suite, [member], {
      kind: "RemoveTrustedIssuer",
      issuer: regulatorB.address,
      typeId: permit,
    });
    await expectFailure(polluter.address, proof, signature, "IssuerNotTrusted", [regulatorB.address, permit]);
    expect(await call(suite.verifier, "isEligible", [polluter.address, permit])).toBe(false);
    await expectCustomError(
      call(suite.verifier, "requireRegistered", [polluter.address, permit]),
      suiteInterface,
      "IssuerNotTrusted",
      [regulatorB.address, permit],
    );
  });

  it("keeps registrations per holder and per type", async () => {
    const permit = CredentialType.DischargePermit;
    expect(await call(suite.verifier, "isEligible", [polluterB.address, permit])).toBe(false);
    expect(toPlain(await call(suite.verifier, "registeredProof", [polluterB.address, permit]))).toEqual([
      "0x0000000000000000000000000000000000000000",
      0n,
      0n,
      ZeroHash,
      ZeroHash,
      "0x0000000000000000000000000000000000000000",
    ]);
  });
});

describe("permit claims hash", () => {
  it("is the same on chain and off, over the caps in canonical order", async () => {
    const caps = canonicalPollutantCaps(SAMPLE_POLLUTANTS);
    expect(caps.map((c) => c.pollutant)).toEqual(
      ["COD", "Hg", "NOx", "SO2"].map((code) => pollutantId(code)),
    );
    expect(caps.find((c) => c.pollutant === pollutantId("Hg"))).toEqual({
      pollutant: pollutantId("Hg"),
      medium: encodeBytes32String("air"),
      annualCapGrams: 500n,
    });
    const hash = permitClaimsHash(SAMPLE_POLLUTANTS);
    expect(await call(suite.verifier, "permitClaimsHash", [caps])).toBe(hash);
    expect(permitClaimsHash([...SAMPLE_POLLUTANTS].reverse())).toBe(hash);
    expect(permitClaimsHash(caps)).toBe(hash);
    expect(await call(suite.verifier, "permitClaimsHash", [[...caps].reverse()])).not.toBe(hash);
    expect(permitClaimsHash([])).toBe(await call(suite.verifier, "permitClaimsHash", [[]]));
  });

  it("converts caps to whole grams and refuses what it cannot represent", () => {
    expect(annualCapInGrams({ value: 12.345, unit: "t/a" })).toBe(12_345_000n);
    expect(annualCapInGrams({ value: 0.001, unit: "kg/a" })).toBe(1n);
    expect(() => annualCapInGrams({ value: 0.0001, unit: "kg/a" })).toThrow(RangeError);
    expect(() => annualCapInGrams({ value: -1, unit: "t/a" })).toThrow(RangeError);
    expect(() => annualCapInGrams({ value: Number.NaN, unit: "t/a" })).toThrow(RangeError);
    const first = SAMPLE_POLLUTANTS[0];
    if (first === undefined) throw new Error("no sample pollutant");
    expect(() => permitClaimsHash([first, first])).toThrow(RangeError);
  });
});
