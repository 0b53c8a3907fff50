import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type FiscoProtocolServer,
  FiscoProvider,
  FiscoSigner,
  fisco,
  startFiscoProtocolServer,
} from "@permitchain/chain";
import {
  CredentialStatus,
  credentialIdHash,
  credentialProofVerifierAbi,
  credentialStatusRegistryAbi,
  type DeploymentManifest,
  deploy,
  ethereumDIDRegistryAbi,
  StatusReason,
} from "@permitchain/contracts";
import {
  ApiKeyStore,
  buildApp,
  createIssuerService,
  didNetwork,
  type FaultPoint,
  hashApiKey,
  IssuerError,
  type IssuerService,
  loadIssuerKeys,
  type Operator,
  SimulatedCrashError,
  SqliteRepository,
} from "@permitchain/issuer";
import { examples } from "@permitchain/schemas";
import { Contract, encodeBytes32String, getBytes, hexlify, Interface, isError, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { permitBootstrap } from "./permit-bootstrap.js";

/*
 * Issue 5, done when: a permit issuance with its on-chain status, run through the native FISCO BCOS client
 * against the protocol test server. The suite is deployed through FiscoSigner (TARS transactions, block
 * timestamps in milliseconds); the issuer service (fastify app over the library) reaches the chain only
 * through FiscoProvider, so its status allocation and its revocation are FISCO native transactions; the
 * EIP-712 proof it returns is checked by the CredentialProofVerifier through FiscoProvider, before and after
 * the revocation.
 */

/** The numeric chain id the provider reports and the deployment records (FISCO names its chain "chain0"). */
const CHAIN_ID = 20200;
const YEAR = 365n * 86_400n;
const API_KEY = "pck_test-fisco-bureau-key-00000000000000000000";
const { REGULATOR_ORGANIZATION, dischargePermitExample } = examples;

const network = didNetwork(CHAIN_ID);
const didOf = (address: string) => `did:ethr:${network.chainIdHex}:${address}`;
const statusRegistryInterface = new Interface(credentialStatusRegistryAbi);
const verifierInterface = new Interface(credentialProofVerifierAbi);

let server: FiscoProtocolServer;
let provider: FiscoProvider;
let manifest: DeploymentManifest;
let service: IssuerService;
let app: Awaited<ReturnType<typeof buildApp>>;
let dir: string;
/** REGULATOR's DID owner: signs the VC-JWTs and the EIP-712 proofs. */
const regulator = Wallet.createRandom();
/** A sigAuth delegate of the regulator's DID: the service's status key (sends the status transactions). */
const regulatorOperator = Wallet.createRandom();
/** The polluter the permit is issued to. */
const firm = Wallet.createRandom();

beforeAll(async () => {
  server = await startFiscoProtocolServer({ cryptoSuite: "ecdsa", chainId: "chain0", groupId: "group0" });
  provider = new FiscoProvider(
    { url: server.url, groupId: "group0", timeoutMs: 10_000 },
    { chainId: CHAIN_ID, pollingInterval: 100 },
  );
  const deployer = new FiscoSigner(Wallet.createRandom().privateKey, provider);
  manifest = await deploy(deployer, {
    timestampUnit: "milliseconds",
    chainId: CHAIN_ID,
    bootstrap: permitBootstrap(regulator.address, firm.address),
  });
  // the regulator's DID names its status key a sigAuth delegate, through the native client too
  const didRegistry = new Contract(
    manifest.contracts.EthereumDIDRegistry,
    ethereumDIDRegistryAbi,
    new FiscoSigner(regulator.privateKey, provider),
  );
  await (
    await didRegistry.getFunction("addDelegate")(
      regulator.address,
      encodeBytes32String("sigAuth"),
      regulatorOperator.address,
      YEAR,
    )
  ).wait();

  dir = mkdtempSync(join(tmpdir(), "fisco-permit-"));
  const issuers = await loadIssuerKeys(
    [
      {
        did: didOf(regulator.address),
        name: REGULATOR_ORGANIZATION.name,
        signingKey: { kind: "hex", hex: regulator.privateKey },
        statusKey: { kind: "hex", hex: regulatorOperator.privateKey },
      },
    ],
    { network },
  );
  service = createIssuerService({
    repository: SqliteRepository.open(join(dir, "issuer.sqlite")),
    issuers,
    manifest,
    provider,
    miningTimeoutMs: 20_000,
  });
  app = await buildApp({
    service,
    apiKeys: new ApiKeyStore([
      {
        operator: "bureau-ops",
        keyHash: hashApiKey(API_KEY),
        issuers: [didOf(regulator.address)],
        types: ["DischargePermitCredential"],
      },
    ]),
  });
});

afterAll(async () => {
  await app?.close();
  await service?.close();
  provider?.destroy();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The FISCO native transaction the node holds for `hash`, decoded from the node's JSON. */
async function nativeTransaction(hash: string) {
  const tx = await provider.client.getTransaction(hash);
  expect(tx, `the node knows ${hash}`).not.toBeNull();
  return tx!;
}

describe("a discharge permit issued and revoked through the native FISCO BCOS client", () => {
  it("allocates its status on chain, proves eligibility on chain, and revocation ends it", async () => {
    const statusRegistry = new Contract(
      manifest.contracts.CredentialStatusRegistry,
      statusRegistryInterface,
      provider,
    );
    const verifier = new Contract(manifest.contracts.CredentialProofVerifier, verifierInterface, provider);
    const statusOf = async (index: bigint) =>
      Number(await statusRegistry.getFunction("statusOf").staticCall(regulator.address, index));
    const before = await statusRegistry.getFunction("allocatedCount").staticCall(regulator.address);
    const sentBefore = server.sendTransactionCount;

    const issued = await app.inject({
      method: "POST",
      url: "/credentials/issue",
      headers: { authorization: `Bearer ${API_KEY}`, "idempotency-key": "fisco-permit-1" },
      payload: {
        credential: {
          type: dischargePermitExample.type,
          issuer: didOf(regulator.address),
          credentialSubject: { ...dischargePermitExample.credentialSubject, id: didOf(firm.address) },
        },
      },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const body = issued.json();
    expect(body.status).toMatchObject({
      type: "PermitChainStatusRegistry2025",
      statusRegistry: manifest.contracts.CredentialStatusRegistry,
      statusIssuer: regulator.address,
      statusIndex: before.toString(),
      status: "active",
    });
    expect(body.credential.issuer).toEqual({
      id: didOf(regulator.address),
      name: REGULATOR_ORGANIZATION.name,
    });
    expect(body.credential.credentialSubject.id).toBe(didOf(firm.address));
    // exactly one native transaction: the allocation, sent by the status key, tagged with the credential
    expect(server.sendTransactionCount).toBe(sentBefore + 1);
    const index = BigInt(body.status.statusIndex);
    expect(await statusRegistry.getFunction("allocatedCount").staticCall(regulator.address)).toBe(
      before + 1n,
    );
    expect(await statusOf(index)).toBe(CredentialStatus.Active);
    const allocation = await nativeTransaction(body.status.allocationTransaction);
    expect(allocation.from.toLowerCase()).toBe(regulatorOperator.address.toLowerCase());
    expect(allocation.input.endsWith(credentialIdHash(body.id).slice(2))).toBe(true);
    // what the issuer recorded before sending: the signed TARS transaction itself, within its blockLimit
    const recorded = (await service.context.repository.getIssuance("bureau-ops", "fisco-permit-1"))
      ?.allocationTransaction;
    expect(recorded?.hash).toBe(body.status.allocationTransaction);
    const tars = fisco.decodeTransaction(getBytes(recorded!.raw));
    expect(hexlify(tars.dataHash)).toBe(recorded!.hash);
    expect(tars.data).toMatchObject({
      chainID: "chain0",
      groupID: "group0",
      blockLimit: BigInt(allocation.blockLimit),
    });
    const receipt = await provider.getTransactionReceipt(body.status.allocationTransaction);
    expect(receipt?.blockNumber).toBe(body.status.allocationBlock);
    expect(receipt?.status).toBe(1);

    // the EIP-712 proof: domain = the deployment's chain id and verifier; accepted on chain for the holder
    const { typedData, signature } = body.proof;
    expect(typedData.domain).toEqual({
      name: "PermitChain Credential Proof",
      version: "1",
      chainId: CHAIN_ID,
      verifyingContract: manifest.contracts.CredentialProofVerifier,
    });
    expect(typedData.message).toMatchObject({
      credentialId: credentialIdHash(body.id),
      issuer: regulator.address,
      subject: firm.address,
      statusIndex: body.status.statusIndex,
    });
    const proof = { ...typedData.message };
    await verifier.getFunction("requireEligible").staticCall(firm.address, proof, signature);

    // revoke through the service: a FISCO native transaction from the status key
    const revoked = await app.inject({
      method: "POST",
      url: "/credentials/status",
      headers: { authorization: `Bearer ${API_KEY}` },
      payload: { credentialId: body.id, action: "revoke", reason: StatusReason.keyCompromise },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const change = revoked.json();
    expect(change).toMatchObject({
      credentialId: body.id,
      previousStatus: "active",
      status: { status: "revoked", reason: StatusReason.keyCompromise },
    });
    expect(server.sendTransactionCount).toBe(sentBefore + 2);
    const revocation = await nativeTransaction(change.transactionHash);
    expect(revocation.from.toLowerCase()).toBe(regulatorOperator.address.toLowerCase());
    expect(statusRegistryInterface.parseTransaction({ data: revocation.input })?.name).toBe("revoke");
    expect((await provider.getTransactionReceipt(change.transactionHash))?.blockNumber).toBe(
      change.blockNumber,
    );
    expect(await statusOf(index)).toBe(CredentialStatus.Revoked);

    // the same proof is refused on chain now, by name
    const refusal = await verifier
      .getFunction("requireEligible")
      .staticCall(firm.address, proof, signature)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(isError(refusal, "CALL_EXCEPTION"), String(refusal)).toBe(true);
    const data = (refusal as { data?: string }).data;
    const decoded = verifierInterface.parseError(data!);
    expect(decoded?.name).toBe("CredentialNotLive");
    expect([...decoded!.args]).toEqual([regulator.address, index, BigInt(CredentialStatus.Revoked)]);

    // and the service's record says so
    const record = await app.inject({
      method: "GET",
      url: `/credentials/${encodeURIComponent(body.id)}`,
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(record.statusCode, record.body).toBe(200);
    expect(record.json().status).toMatchObject({ status: "revoked" });
  });
});

describe("the issuer's FISCO BCOS status client when things go wrong", () => {
  const operator: Operator = {
    id: "bureau-ops",
    issuers: [didOf(regulator.address)],
    types: ["DischargePermitCredential"],
  };
  const permit = () => ({
    type: dischargePermitExample.type,
    issuer: didOf(regulator.address),
    credentialSubject: { ...dischargePermitExample.credentialSubject, id: didOf(firm.address) },
  });
  const allocatedCount = async (): Promise<bigint> =>
    new Contract(manifest.contracts.CredentialStatusRegistry, statusRegistryInterface, provider)
      .getFunction("allocatedCount")
      .staticCall(regulator.address);

  /** A library service on its own database and FiscoProvider, crashing once at `crash.at` if set. */
  async function libraryService(
    name: string,
    options: {
      statusKey?: { readonly privateKey: string };
      blockLimitOffset?: number;
      crash?: { at?: FaultPoint };
    } = {},
  ) {
    const own = new FiscoProvider(
      { url: server.url, groupId: "group0", timeoutMs: 10_000, blockLimitOffset: options.blockLimitOffset },
      { chainId: CHAIN_ID },
    );
    const issuers = await loadIssuerKeys(
      [
        {
          did: didOf(regulator.address),
          signingKey: { kind: "hex", hex: regulator.privateKey },
          statusKey: { kind: "hex", hex: (options.statusKey ?? regulatorOperator).privateKey },
        },
      ],
      { network },
    );
    const library = createIssuerService({
      repository: SqliteRepository.open(join(dir, `${name}.sqlite`)),
      issuers,
      manifest,
      provider: own,
      miningTimeoutMs: 20_000,
      faults: (point) => {
        if (options.crash?.at !== point) return;
        options.crash.at = undefined;
        throw new SimulatedCrashError(point);
      },
    });
    return {
      library,
      async close() {
        await library.close();
        own.destroy();
      },
    };
  }

  it("resumes an issuance recorded but never sent by sending that very TARS transaction", async () => {
    const crash: { at?: FaultPoint } = { at: "allocation-signed" };
    const { library, close } = await libraryService("resume", { crash });
    try {
      const before = await allocatedCount();
      const sent = server.sendTransactionCount;
      await expect(
        library.issue({ operator, credential: permit(), idempotencyKey: "resume-1" }),
      ).rejects.toBeInstanceOf(SimulatedCrashError);
      const recorded = (await library.context.repository.getIssuance(operator.id, "resume-1"))
        ?.allocationTransaction;
      expect(recorded).toBeDefined();
      expect(server.sendTransactionCount).toBe(sent);
      expect(await provider.getTransactionReceipt(recorded!.hash)).toBeNull();

      const { response } = await library.issue({
        operator,
        credential: permit(),
        idempotencyKey: "resume-1",
      });
      expect(response.status.allocationTransaction).toBe(recorded!.hash);
      expect(server.sendTransactionCount).toBe(sent + 1);
      expect(await allocatedCount()).toBe(before + 1n);
    } finally {
      await close();
    }
  });

  it("signs a new allocation when the recorded one is past its blockLimit, and allocates once", async () => {
    const crash: { at?: FaultPoint } = { at: "allocation-signed" };
    const { library, close } = await libraryService("expired", { crash, blockLimitOffset: 1 });
    try {
      const before = await allocatedCount();
      await expect(
        library.issue({ operator, credential: permit(), idempotencyKey: "expired-1" }),
      ).rejects.toBeInstanceOf(SimulatedCrashError);
      const recorded = (await library.context.repository.getIssuance(operator.id, "expired-1"))
        ?.allocationTransaction;
      const stale = fisco.decodeTransaction(getBytes(recorded!.raw));
      // another transaction takes the chain to the recorded one's blockLimit: it can never be committed now
      const someone = new FiscoSigner(Wallet.createRandom().privateKey, provider);
      await (
        await new Contract(
          manifest.contracts.EthereumDIDRegistry,
          ethereumDIDRegistryAbi,
          someone,
        ).getFunction("setAttribute")(await someone.getAddress(), encodeBytes32String("x"), "0x01", 1)
      ).wait();
      expect(BigInt(await provider.getBlockNumber())).toBeGreaterThanOrEqual(stale.data.blockLimit);

      const { response } = await library.issue({
        operator,
        credential: permit(),
        idempotencyKey: "expired-1",
      });
      expect(response.status.allocationTransaction).not.toBe(recorded!.hash);
      expect(await provider.getTransactionReceipt(recorded!.hash)).toBeNull();
      expect(await allocatedCount()).toBe(before + 1n);
    } finally {
      await close();
    }
  });

  it("refuses a status key that is neither owner nor sigAuth delegate before sending anything", async () => {
    const { library, close } = await libraryService("unauthorised", { statusKey: Wallet.createRandom() });
    try {
      const sent = server.sendTransactionCount;
      const refusal = await library
        .issue({ operator, credential: permit(), idempotencyKey: "unauthorised-1" })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(refusal).toBeInstanceOf(IssuerError);
      expect((refusal as IssuerError).code).toBe("ISSUER_KEY_NOT_AUTHORISED");
      expect(server.sendTransactionCount).toBe(sent);
    } finally {
      await close();
    }
  });
});
