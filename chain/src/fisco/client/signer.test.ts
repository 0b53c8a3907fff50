import { deploy, ethereumDIDRegistryAbi } from "@permitchain/contracts";
import { Contract, encodeBytes32String, getAddress, keccak256 } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FiscoProtocolServer, startFiscoProtocolServer } from "../protocol-server/index.js";
import { cryptoSuite } from "../signature.js";
import { FiscoClient } from "./client.js";
import { FiscoTransactionStatusError } from "./errors.js";
import { FiscoProvider } from "./provider.js";
import { FiscoSigner } from "./signer.js";
import { FiscoTransactionResponse } from "./transaction-response.js";

const OWNER_KEY = `0x${"21".repeat(32)}`;
const NEW_OWNER_KEY = `0x${"22".repeat(32)}`;
const DELEGATE = "0x000000000000000000000000000000000000dEaD";
const VERI_KEY = encodeBytes32String("veriKey");
const ATTRIBUTE = encodeBytes32String("did/svc/MessagingService");

describe.each(["ecdsa", "sm"] as const)("FiscoSigner and FiscoProvider on a %s chain", (suiteName) => {
  let server: FiscoProtocolServer;
  let provider: FiscoProvider;
  let owner: FiscoSigner;
  let registry: Contract;

  beforeAll(async () => {
    server = await startFiscoProtocolServer({ cryptoSuite: suiteName });
    provider = new FiscoProvider(new FiscoClient({ url: server.url, timeoutMs: 10_000 }), { chainId: 20200 });
    owner = new FiscoSigner(OWNER_KEY, provider);
  });

  afterAll(async () => {
    provider?.destroy();
    await provider?.client.close();
    await server?.close();
  });

  it("deploys the contract suite with @permitchain/contracts deploy() unchanged", async () => {
    const manifest = await deploy(owner, { timestampUnit: "milliseconds" });
    expect(manifest.chainId).toBe(20200);
    const address = manifest.contracts.EthereumDIDRegistry;
    expect(await provider.getCode(address)).toMatch(/^0x60/);
    registry = new Contract(address, ethereumDIDRegistryAbi, owner);
  });

  it("derives the signer's address with the chain's suite", async () => {
    const suite = cryptoSuite(suiteName);
    expect(await owner.getAddress()).toBe(getAddress(suite.address(suite.publicKey(OWNER_KEY))));
  });

  it("runs registry operations through ethers Contracts: addDelegate, setAttribute, changeOwner", async () => {
    const identity = await owner.getAddress();
    const delegated = await (
      await registry.getFunction("addDelegate")(identity, VERI_KEY, DELEGATE, 3600n)
    ).wait();
    expect(delegated?.status).toBe(1);
    expect(delegated?.logs).toHaveLength(1);
    expect(await registry.getFunction("validDelegate")(identity, VERI_KEY, DELEGATE)).toBe(true);
    const validTo = (await registry.getFunction("delegates")(
      identity,
      keccak256(VERI_KEY),
      DELEGATE,
    )) as bigint;
    const nowSeconds = BigInt(Math.floor(Date.now() / 1000));
    expect(validTo - nowSeconds).toBeGreaterThan(3500n);
    expect(validTo - nowSeconds).toBeLessThanOrEqual(3600n);

    const value = new TextEncoder().encode("https://hub.example/inbox");
    const attributed = await (
      await registry.getFunction("setAttribute")(identity, ATTRIBUTE, value, 86400n)
    ).wait();
    expect(attributed?.status).toBe(1);

    const next = new FiscoSigner(NEW_OWNER_KEY, provider);
    const changed = await (
      await registry.getFunction("changeOwner")(identity, await next.getAddress())
    ).wait();
    expect(changed?.status).toBe(1);
    expect(await registry.getFunction("identityOwner")(identity)).toBe(await next.getAddress());

    const logs = await provider.getLogs({
      address: await registry.getAddress(),
      fromBlock: delegated?.blockNumber,
      toBlock: changed?.blockNumber,
    });
    expect(logs.map((log) => registry.interface.parseLog(log)?.name)).toEqual([
      "DIDDelegateChanged",
      "DIDAttributeChanged",
      "DIDOwnerChanged",
    ]);
    const block = await provider.getBlock(changed?.blockNumber ?? 0);
    expect(Math.abs((block?.timestamp ?? 0) - Date.now() / 1000)).toBeLessThan(120);
  });

  it("resolves a failed transaction's wait() with FiscoTransactionStatusError (status 16)", async () => {
    const identity = await owner.getAddress(); // no longer its own owner after changeOwner
    const data = registry.interface.encodeFunctionData("changeOwner", [identity, identity]);
    const response = await owner.sendTransaction({ to: await registry.getAddress(), data });
    expect(response).toBeInstanceOf(FiscoTransactionResponse);
    const error = (await response.wait().catch((e: unknown) => e)) as FiscoTransactionStatusError;
    expect(error).toBeInstanceOf(FiscoTransactionStatusError);
    expect(error).toMatchObject({ status: 16, code: "FISCO_TX_REVERTED", transactionHash: response.hash });
    expect(registry.interface.parseError(error.output)?.name).toBe("NotOwner");
  });
});
