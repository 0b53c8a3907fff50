// Test helper (not exported): the contract suite on a fresh embedded chain with a trusted regulator, and
// credentials issued with did-jwt-vc from real DIDs.
import { connectJsonRpc, type EmbeddedChain, startEmbeddedChain } from "@permitchain/chain";
import {
  CredentialType,
  committeeGovernanceAbi,
  createDidResolver,
  type DeploymentManifest,
  type DidResolver,
  deploy,
  encodeAction,
  type GovernanceAction,
  organisationRecord,
  Role,
  VoteType,
} from "@permitchain/contracts";
import { examples } from "@permitchain/schemas";
import { ES256KSigner } from "did-jwt";
import { createVerifiableCredentialJwt, createVerifiablePresentationJwt } from "did-jwt-vc";
import { type BaseWallet, Contract, type JsonRpcProvider, type Log, parseEther, Wallet } from "ethers";
import { createMemoryChallengeStore } from "./challenge-store.js";
import type { CredentialStatusReader, CredentialStatusValue } from "./check-status.js";
import { createTrustedIssuerRegistryReader } from "./trusted-issuer-registry.js";

type Json = Record<string, unknown>;

export const NO_EXPIRY = 2n ** 64n - 1n;
const VOTING_PERIOD = 60;

/** A DID with its key: signs credentials and presentations. */
export interface TestIdentity {
  readonly wallet: BaseWallet;
  readonly did: string;
}

/** The status registry stand-in (the contract is being written elsewhere): a map, and a switch to fail. */
export interface FakeStatusReader extends CredentialStatusReader {
  set(issuer: string, index: number, status: CredentialStatusValue): void;
  /** Records the block that allocated an entry (entries not recorded have no known allocation block). */
  allocate(issuer: string, index: number, block: number): void;
  failing: boolean;
  reads: number;
}

export function createFakeStatusReader(registry?: string): FakeStatusReader {
  const statuses = new Map<string, CredentialStatusValue>();
  const allocations = new Map<string, number>();
  const reader: FakeStatusReader = {
    ...(registry === undefined ? {} : { registry }),
    failing: false,
    reads: 0,
    set(issuer, index, status) {
      statuses.set(`${issuer.toLowerCase()}|${index}`, status);
    },
    async statusOf(issuer, index) {
      reader.reads++;
      if (reader.failing) throw new Error("connect ECONNREFUSED 127.0.0.1:1");
      return statuses.get(`${issuer.toLowerCase()}|${index}`) ?? "active";
    },
    allocate(issuer, index, block) {
      allocations.set(`${issuer.toLowerCase()}|${index}`, block);
    },
    async allocationBlock(issuer, index) {
      if (reader.failing) throw new Error("connect ECONNREFUSED 127.0.0.1:1");
      return allocations.get(`${issuer.toLowerCase()}|${index}`);
    },
  };
  return reader;
}

export interface VerifierFixture {
  readonly chain: EmbeddedChain;
  readonly provider: JsonRpcProvider;
  readonly manifest: DeploymentManifest;
  readonly deployer: Wallet;
  /** Trusted for DischargePermitCredential since the bootstrap (dev account 1, the examples' regulator). */
  readonly regulator: TestIdentity;
  /** A regulator granted trust by a committee vote at `lateGrantTime`. */
  readonly lateRegulator: TestIdentity;
  /** A regulator trusted at the bootstrap, its trust removed by a vote at `removalTime`. */
  readonly removedRegulator: TestIdentity;
  /** The permit holder (dev account 3, the examples' firm). */
  readonly firm: TestIdentity;
  /** Registered nowhere. */
  readonly stranger: TestIdentity;
  /** Chain time (s) after the bootstrap, before any vote: when the fixture's credentials are issued. */
  readonly issuedAt: number;
  readonly lateGrantTime: number;
  readonly removalTime: number;
  readonly resolver: DidResolver;
  readonly trustedIssuers: ReturnType<typeof createTrustedIssuerRegistryReader>;
  readonly statuses: FakeStatusReader;
  readonly challenges: ReturnType<typeof createMemoryChallengeStore>;
  /** The verifier's clock, ms; tests move it. */
  now: number;
  /** A funded identity with no role, for DID document changes. */
  freshIdentity(): Promise<TestIdentity>;
  stop(): Promise<void>;
}

export function identityOf(wallet: BaseWallet, chainId: number): TestIdentity {
  return { wallet, did: `did:ethr:0x${chainId.toString(16)}:${wallet.address}` };
}

export function signerOf(identity: TestIdentity, recoverable = false) {
  return ES256KSigner(Buffer.from(identity.wallet.privateKey.slice(2), "hex"), recoverable);
}

const YEAR = 365 * 86_400;

export const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * The examples' permit, issued by `issuer` to `holder` at `issuedAt`, valid from the day before for four years
 * (whatever today's date), with a status entry of the issuer's.
 */
export function permitFor(
  issuer: TestIdentity,
  holder: TestIdentity,
  options: { issuedAt: number; statusIndex?: number; changes?: Json },
): Json {
  const base = examples.withChanges(examples.dischargePermitExample, {
    "/issuer": issuer.did,
    "/credentialSubject/id": holder.did,
    "/issuanceDate": iso(options.issuedAt),
    "/expirationDate": iso(options.issuedAt + 4 * YEAR),
    "/credentialSubject/validity": {
      validFrom: iso(options.issuedAt - 86_400),
      validUntil: iso(options.issuedAt + 4 * YEAR),
    },
    "/credentialStatus": examples.exampleStatus(
      issuer.wallet.address as `0x${string}`,
      options.statusIndex ?? 0,
    ),
  });
  return examples.withChanges(base, options.changes ?? {}) as Json;
}

/** A VC-JWT made by did-jwt-vc. */
export function issueJwt(
  credential: Json,
  issuer: TestIdentity,
  options: { alg?: "ES256K" | "ES256K-R"; header?: Json } = {},
): Promise<string> {
  const alg = options.alg ?? "ES256K";
  return createVerifiableCredentialJwt(
    credential as never,
    { did: issuer.did, signer: signerOf(issuer, alg === "ES256K-R"), alg },
    options.header === undefined ? {} : { header: options.header as never },
  );
}

/** A VP-JWT made by did-jwt-vc. */
export function presentJwt(
  holder: TestIdentity,
  credentials: readonly unknown[],
  options: { challenge?: string; domain?: string } = {},
): Promise<string> {
  return createVerifiablePresentationJwt(
    {
      "@context": [examples.dischargePermitExample["@context"][0]],
      type: ["VerifiablePresentation"],
      holder: holder.did,
      verifiableCredential: credentials,
    } as never,
    { did: holder.did, signer: signerOf(holder), alg: "ES256K" },
    {
      ...(options.challenge === undefined ? {} : { challenge: options.challenge }),
      ...(options.domain === undefined ? {} : { domain: options.domain }),
    },
  );
}

/** A compact JWS over any header and payload, signed by `identity` (for inputs did-jwt-vc will not make). */
export async function signRaw(
  header: Json,
  payload: Json,
  identity: TestIdentity,
  recoverable = false,
): Promise<string> {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = await signerOf(identity, recoverable)(input);
  return `${input}.${signature as string}`;
}

export const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export const decodeJwtPayload = (jwt: string): Json =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Json;

async function mined(tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await tx).wait();
}

async function latestTimestamp(provider: JsonRpcProvider): Promise<number> {
  const block = await provider.getBlock("latest");
  if (block === null) throw new Error("no latest block");
  return block.timestamp;
}

async function enact(
  provider: JsonRpcProvider,
  governance: Contract,
  member: Wallet,
  action: GovernanceAction,
) {
  const asMember = governance.connect(member) as Contract;
  const receipt = await (await asMember.getFunction("propose").send(encodeAction(action), "test")).wait();
  const created = (receipt?.logs ?? [])
    .map((log: Log) => governance.interface.parseLog(log))
    .find((parsed) => parsed?.name === "ProposalCreated");
  if (created == null) throw new Error("propose emitted no ProposalCreated");
  const proposalId = created.args[0] as bigint;
  await mined(asMember.getFunction("castVote").send(proposalId, VoteType.For));
  await provider.send("evm_increaseTime", [VOTING_PERIOD + 1]);
  await provider.send("evm_mine", []);
  await mined(asMember.getFunction("execute").send(proposalId));
  return latestTimestamp(provider);
}

const organisation = (tag: string) =>
  organisationRecord({
    name: `Bureau ${tag}`,
    creditCode: `1131000000${tag.padStart(8, "0")}`.slice(0, 18),
    regionCode: 310000,
    sector: "S922",
  });

export async function startVerifierFixture(): Promise<VerifierFixture> {
  const chain = await startEmbeddedChain({ port: 0 });
  const provider = await connectJsonRpc(chain.rpcUrl!);
  const wallets = chain.devAccounts.map((account) => new Wallet(account.privateKey, provider));
  const [deployer, regulatorWallet, , firmWallet, , lateWallet, removedWallet] = wallets;
  const identity = (wallet: Wallet | undefined) => identityOf(wallet!, chain.chainId);
  const regulator = identity(regulatorWallet);
  const lateRegulator = identity(lateWallet);
  const removedRegulator = identity(removedWallet);
  const firm = identity(firmWallet);
  const stranger = identityOf(Wallet.createRandom(provider), chain.chainId);
  const permitGrant = (issuer: string): GovernanceAction => ({
    kind: "AddTrustedIssuer",
    issuer,
    typeId: CredentialType.DischargePermit,
    sectors: [],
    validUntil: NO_EXPIRY,
  });
  const manifest = await deploy(deployer!, {
    bootstrap: {
      committee: [{ member: deployer!.address, weight: 1 }],
      votingPeriod: VOTING_PERIOD,
      executionDelay: 0,
      gracePeriod: 86_400,
      participants: [
        { account: regulator.wallet.address, role: Role.Regulator, organisation: organisation("1") },
        { account: lateRegulator.wallet.address, role: Role.Regulator, organisation: organisation("2") },
        { account: removedRegulator.wallet.address, role: Role.Regulator, organisation: organisation("3") },
        { account: firm.wallet.address, role: Role.Polluter, organisation: organisation("4") },
      ],
      actions: [permitGrant(regulator.wallet.address), permitGrant(removedRegulator.wallet.address)],
    },
  });
  const issuedAt = await latestTimestamp(provider);
  const governance = new Contract(manifest.contracts.CommitteeGovernance, committeeGovernanceAbi, provider);
  const lateGrantTime = await enact(
    provider,
    governance,
    deployer!,
    permitGrant(lateRegulator.wallet.address),
  );
  const removalTime = await enact(provider, governance, deployer!, {
    kind: "RemoveTrustedIssuer",
    issuer: removedRegulator.wallet.address,
    typeId: CredentialType.DischargePermit,
  });
  const resolver = createDidResolver({
    chainId: chain.chainId,
    registry: manifest.contracts.EthereumDIDRegistry,
    provider,
  });
  const trustedIssuers = createTrustedIssuerRegistryReader({
    address: manifest.contracts.TrustedIssuerRegistry,
    provider,
  });
  const time = { now: (removalTime + 10) * 1000 };
  const fixture: VerifierFixture = {
    chain,
    provider,
    manifest,
    deployer: deployer!,
    regulator,
    lateRegulator,
    removedRegulator,
    firm,
    stranger,
    issuedAt,
    lateGrantTime,
    removalTime,
    resolver,
    trustedIssuers,
    statuses: createFakeStatusReader(examples.STATUS_REGISTRY_ADDRESS),
    challenges: createMemoryChallengeStore({ clock: () => time.now }),
    get now() {
      return time.now;
    },
    set now(value: number) {
      time.now = value;
    },
    async freshIdentity() {
      const wallet = Wallet.createRandom(provider);
      await mined(deployer!.sendTransaction({ to: wallet.address, value: parseEther("1") }));
      return identityOf(wallet, chain.chainId);
    },
    async stop() {
      resolver.close();
      provider.destroy();
      await chain.stop();
    },
  };
  return fixture;
}
