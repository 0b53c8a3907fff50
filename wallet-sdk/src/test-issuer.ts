// Test helper (not exported): the contract suite on a fresh embedded chain with a regulator trusted for
// permits, a regulator that is not, and permits issued with did-jwt-vc, each with a real status entry and,
// for the trusted regulator, a real EIP-712 proof signed with `signCredentialProof`.
import { randomUUID } from "node:crypto";
import { connectJsonRpc, type EmbeddedChain, startEmbeddedChain } from "@permitchain/chain";
import {
  CREDENTIAL_PROOF_TYPES,
  type CredentialProof,
  CredentialType,
  createDidResolver,
  credentialIdHash,
  credentialProofDomain,
  credentialProofVerifierAbi,
  credentialStatusRegistryAbi,
  type DeploymentManifest,
  type DidResolver,
  deploy,
  organisationRecord,
  type PermittedPollutantCap,
  permitClaimsHash,
  Role,
  signCredentialProof,
} from "@permitchain/contracts";
import { examples, STATUS_REGISTRY_TYPE } from "@permitchain/schemas";
import {
  type ChallengeStore,
  createMemoryChallengeStore,
  createStatusRegistryReader,
  createTrustedIssuerRegistryReader,
  createVerifier,
  type Verifier,
} from "@permitchain/verifier";
import { ES256KSigner } from "did-jwt";
import { createVerifiableCredentialJwt } from "did-jwt-vc";
import {
  Contract,
  computeAddress,
  getAddress,
  type JsonRpcProvider,
  type Log,
  parseEther,
  Wallet,
} from "ethers";
import type { CredentialProofInput } from "./credentials/proof.js";

type Json = Record<string, unknown>;

const NO_EXPIRY = 2n ** 64n - 1n;
const YEAR = 365 * 86_400;

export const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

export interface IssuedPermit {
  readonly id: string;
  readonly jwt: string;
  readonly statusIndex: bigint;
  /** The issuer service's shape of the EIP-712 proof (typed data with decimal strings, signature, signer). */
  readonly proof: CredentialProofInput;
}

export interface IssuePermitParameters {
  /** The holder's DID (credentialSubject.id). */
  readonly subject: string;
  /** Default the trusted regulator. */
  readonly issuer?: Wallet;
  /** JSON-pointer changes to the example permit, applied last. */
  readonly changes?: Json;
}

export interface TestIssuer {
  readonly chain: EmbeddedChain;
  readonly provider: JsonRpcProvider;
  readonly manifest: DeploymentManifest;
  readonly deployer: Wallet;
  /** Trusted for DischargePermitCredential (dev account 1). */
  readonly regulator: Wallet;
  /** A registered regulator with no trust for permits (dev account 2). */
  readonly untrusted: Wallet;
  readonly resolver: DidResolver;
  readonly challenges: ChallengeStore;
  /** The real verifier on the chain's registries (no worker threads). */
  readonly verifier: Verifier;
  readonly statuses: Contract;
  readonly proofVerifier: Contract;
  didOf(wallet: Wallet): string;
  issuePermit(parameters: IssuePermitParameters): Promise<IssuedPermit>;
  revoke(issued: IssuedPermit, issuer?: Wallet): Promise<void>;
  /** The signature `signer` makes over the statement of `proof` (for forgeries). */
  signProofAs(signer: Wallet, proof: CredentialProofInput): Promise<string>;
  fund(address: string): Promise<void>;
  stop(): Promise<void>;
}

async function latestTimestamp(provider: JsonRpcProvider): Promise<number> {
  const block = await provider.getBlock("latest");
  if (block === null) throw new Error("no latest block");
  return block.timestamp;
}

const organisation = (tag: string) =>
  organisationRecord({
    name: `Bureau ${tag}`,
    creditCode: `1131000000${tag.padStart(8, "0")}`.slice(0, 18),
    regionCode: 310000,
    sector: "S922",
  });

export async function startTestIssuer(): Promise<TestIssuer> {
  const chain = await startEmbeddedChain({ port: 0 });
  const provider = await connectJsonRpc(chain.rpcUrl!);
  const [deployer, regulator, untrusted] = chain.devAccounts
    .slice(0, 3)
    .map((account) => new Wallet(account.privateKey, provider)) as [Wallet, Wallet, Wallet];
  const manifest = await deploy(deployer, {
    bootstrap: {
      committee: [{ member: deployer.address, weight: 1 }],
      participants: [
        { account: regulator.address, role: Role.Regulator, organisation: organisation("1") },
        { account: untrusted.address, role: Role.Regulator, organisation: organisation("2") },
      ],
      actions: [
        {
          kind: "AddTrustedIssuer",
          issuer: regulator.address,
          typeId: CredentialType.DischargePermit,
          sectors: [],
          validUntil: NO_EXPIRY,
        },
      ],
    },
  });
  const { contracts } = manifest;
  const resolver = createDidResolver({
    chainId: chain.chainId,
    registry: contracts.EthereumDIDRegistry,
    provider,
  });
  const challenges = createMemoryChallengeStore();
  const verifier = createVerifier({
    resolver,
    trustedIssuers: createTrustedIssuerRegistryReader({ address: contracts.TrustedIssuerRegistry, provider }),
    statusReader: createStatusRegistryReader({ address: contracts.CredentialStatusRegistry, provider }),
    challenges,
    workers: 0,
  });
  const statuses = new Contract(contracts.CredentialStatusRegistry, credentialStatusRegistryAbi, provider);
  const proofVerifier = new Contract(contracts.CredentialProofVerifier, credentialProofVerifierAbi, provider);
  const didOf = (wallet: Wallet) => `did:ethr:0x${chain.chainId.toString(16)}:${wallet.address}`;
  const domain = { chainId: manifest.chainId, verifyingContract: contracts.CredentialProofVerifier };

  const allocate = async (issuer: Wallet): Promise<bigint> => {
    const asIssuer = statuses.connect(issuer) as Contract;
    const receipt = await (await asIssuer.getFunction("allocate").send(issuer.address, 1)).wait();
    const event = (receipt?.logs ?? [])
      .map((log: Log) => statuses.interface.parseLog(log))
      .find((parsed) => parsed?.name === "StatusIndicesAllocated");
    if (event == null) throw new Error("allocate emitted no StatusIndicesAllocated");
    return event.args[1] as bigint;
  };

  return {
    chain,
    provider,
    manifest,
    deployer,
    regulator,
    untrusted,
    resolver,
    challenges,
    verifier,
    statuses,
    proofVerifier,
    didOf,
    async issuePermit(parameters) {
      const issuer = parameters.issuer ?? regulator;
      const statusIndex = await allocate(issuer);
      const issuedAt = await latestTimestamp(provider);
      const id = `urn:uuid:${randomUUID()}`;
      const credential = examples.withChanges(
        examples.withChanges(examples.dischargePermitExample, {
          "/id": id,
          "/issuer": didOf(issuer),
          "/credentialSubject/id": parameters.subject,
          "/issuanceDate": iso(issuedAt),
          "/expirationDate": iso(issuedAt + 4 * YEAR),
          "/credentialSubject/validity": {
            validFrom: iso(issuedAt - 86_400),
            validUntil: iso(issuedAt + 4 * YEAR),
          },
          "/credentialStatus": {
            id: `eip155:${chain.chainId}:${contracts.CredentialStatusRegistry}/${issuer.address}/${statusIndex}`,
            type: STATUS_REGISTRY_TYPE,
            statusRegistry: contracts.CredentialStatusRegistry,
            statusIssuer: issuer.address,
            statusIndex: String(statusIndex),
          },
        }),
        parameters.changes ?? {},
      ) as Json;
      const jwt = await createVerifiableCredentialJwt(credential as never, {
        did: didOf(issuer),
        signer: ES256KSigner(Buffer.from(issuer.privateKey.slice(2), "hex")),
        alg: "ES256K",
      });
      const subject = credential.credentialSubject as Json;
      const validity = subject.validity as { validFrom: string; validUntil: string };
      const proof: CredentialProof = {
        credentialId: credentialIdHash(id),
        credentialType: CredentialType.DischargePermit,
        issuer: issuer.address,
        subject: identityAddressOf(String(subject.id)),
        statusIndex,
        validFrom: BigInt(Date.parse(validity.validFrom) / 1000),
        validUntil: BigInt(Date.parse(validity.validUntil) / 1000),
        claimsHash: permitClaimsHash(subject.pollutants as PermittedPollutantCap[]),
      };
      const signature = await signCredentialProof(issuer, domain, proof);
      const typedDomain = credentialProofDomain(domain);
      return {
        id,
        jwt,
        statusIndex,
        proof: {
          typedData: {
            domain: {
              name: String(typedDomain.name),
              version: String(typedDomain.version),
              chainId: manifest.chainId,
              verifyingContract: contracts.CredentialProofVerifier,
            },
            types: {
              CredentialProof: CREDENTIAL_PROOF_TYPES.CredentialProof.map(({ name, type }) => ({
                name,
                type,
              })),
            },
            primaryType: "CredentialProof",
            message: Object.fromEntries(Object.entries(proof).map(([key, value]) => [key, String(value)])),
          },
          signature,
          signer: issuer.address,
        },
      };
    },
    async revoke(issued, issuer = regulator) {
      const asIssuer = statuses.connect(issuer) as Contract;
      await (await asIssuer.getFunction("revoke").send(issuer.address, issued.statusIndex, 1)).wait();
    },
    signProofAs(signer, proof) {
      const message = proof.typedData.message;
      return signCredentialProof(signer, domain, {
        credentialId: String(message.credentialId),
        credentialType: String(message.credentialType),
        issuer: String(message.issuer),
        subject: String(message.subject),
        statusIndex: BigInt(message.statusIndex!),
        validFrom: BigInt(message.validFrom!),
        validUntil: BigInt(message.validUntil!),
        claimsHash: String(message.claimsHash),
      });
    },
    async fund(address) {
      await (await deployer.sendTransaction({ to: address, value: parseEther("1") })).wait();
    },
    async stop() {
      await verifier.close();
      resolver.close();
      provider.destroy();
      await chain.stop();
    },
  };
}

/** The identity address of a did:ethr DID (address or compressed public key). */
export function identityAddressOf(did: string): string {
  const last = did.split(":").pop() ?? "";
  return last.length === 68 ? computeAddress(last) : getAddress(last);
}
