import { ethereumDIDRegistryAbi, ethereumDIDRegistryBytecode } from "@permitchain/contracts";
import { Interface } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FiscoProtocolServer, startFiscoProtocolServer } from "../protocol-server/index.js";
import { signTransaction } from "../sign-transaction.js";
import { ecdsaSuite } from "../signature.js";
import { FiscoClient } from "./client.js";
import { FiscoGroupNotFoundError, FiscoRpcError, FiscoTransactionStatusError } from "./errors.js";
import { TransactionStatus } from "./transaction-status.js";

const KEY = `0x${"11".repeat(32)}`;
const OTHER = `0x${"12".repeat(32)}`;
const registry = new Interface(ethereumDIDRegistryAbi);

let server: FiscoProtocolServer;
let client: FiscoClient;
let registryAddress: string;

beforeAll(async () => {
  server = await startFiscoProtocolServer();
  client = new FiscoClient({ url: server.url, timeoutMs: 10_000 });
  const deployment = await client.submitTransaction(
    { input: ethereumDIDRegistryBytecode + registry.encodeDeploy([1000n]).slice(2) },
    KEY,
  );
  registryAddress = deployment.receipt.contractAddress;
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe("FiscoClient against the protocol server (HTTP)", () => {
  it("reads the group, the block number, code and system configuration", async () => {
    const info = await client.chainInfo();
    expect(info).toMatchObject({ chainId: "chain0", groupId: "group0", smCrypto: false });
    expect(await client.getBlockNumber()).toBeGreaterThanOrEqual(1);
    expect(await client.getCode(registryAddress)).toMatch(/^0x60/);
    expect((await client.getSystemConfigByKey("tx_gas_limit")).value).toBe("3000000000");
    expect(await client.getEvmTimestampUnit()).toBe("milliseconds");
    const missing = client.getSystemConfigByKey("feature_evm_timestamp");
    await expect(missing).rejects.toBeInstanceOf(FiscoRpcError);
    await expect(missing).rejects.toMatchObject({ rpcCode: 3008 });
  });

  it("sends a transaction and returns the node's receipt, readable again by hash", async () => {
    const identity = ecdsaSuite.address(ecdsaSuite.publicKey(KEY));
    const newOwner = ecdsaSuite.address(ecdsaSuite.publicKey(OTHER));
    const { transaction, receipt } = await client.submitTransaction(
      { to: registryAddress, input: registry.encodeFunctionData("changeOwner", [identity, newOwner]) },
      KEY,
    );
    expect(receipt).toMatchObject({ status: 0, transactionHash: transaction.hash, from: identity });
    expect(receipt.logEntries).toHaveLength(1);
    expect(receipt.logEntries[0]?.address).toBe(registryAddress.slice(2));
    const again = await client.getTransactionReceipt(transaction.hash);
    expect(again).toMatchObject({ status: 0, blockNumber: receipt.blockNumber, from: identity });
    const call = await client.call(registryAddress, registry.encodeFunctionData("identityOwner", [identity]));
    expect(registry.decodeFunctionResult("identityOwner", call.output)[0].toLowerCase()).toBe(newOwner);
    expect(await client.getTransactionReceipt(`0x${"ab".repeat(32)}`)).toBeNull();
  });

  it("throws FiscoTransactionStatusError with status 16 and the revert data for a reverted transaction", async () => {
    const stranger = ecdsaSuite.address(ecdsaSuite.publicKey(OTHER));
    const victim = `0x${"77".repeat(20)}`;
    const attempt = client.submitTransaction(
      { to: registryAddress, input: registry.encodeFunctionData("changeOwner", [victim, stranger]) },
      OTHER,
    );
    const error = (await attempt.catch((e: unknown) => e)) as FiscoTransactionStatusError;
    expect(error).toBeInstanceOf(FiscoTransactionStatusError);
    expect(error).toMatchObject({ code: "FISCO_TX_REVERTED", status: TransactionStatus.RevertInstruction });
    expect(error.statusName).toBe("RevertInstruction");
    const decoded = registry.parseError(error.output);
    expect(decoded?.name).toBe("NotOwner");
    expect(error.receipt?.blockNumber).toBeGreaterThan(0);
  });

  it("refuses a transaction outside the block-limit window with BlockLimitCheckFail", async () => {
    const current = await client.getBlockNumber();
    for (const blockLimit of [current, current + 1001]) {
      const signed = signTransaction(
        { chainID: "chain0", groupID: "group0", blockLimit, to: registryAddress, input: "0x" },
        ecdsaSuite,
        KEY,
      );
      const error = await client.sendTransaction(signed).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FiscoTransactionStatusError);
      expect(error).toMatchObject({
        code: "FISCO_TX_REJECTED",
        status: TransactionStatus.BlockLimitCheckFail,
        statusName: "BlockLimitCheckFail",
      });
    }
  });

  it("refuses a reused nonce with NonceCheckFail", async () => {
    const blockLimit = await client.nextBlockLimit();
    const fields = { chainID: "chain0", groupID: "group0", blockLimit, nonce: "424242", to: registryAddress };
    const identity = ecdsaSuite.address(ecdsaSuite.publicKey(OTHER));
    const first = signTransaction(
      { ...fields, input: registry.encodeFunctionData("changeOwner", [identity, identity]) },
      ecdsaSuite,
      OTHER,
    );
    expect((await client.sendTransaction(first)).status).toBe(0);
    const second = signTransaction(
      { ...fields, input: registry.encodeFunctionData("changed", [identity]) },
      ecdsaSuite,
      OTHER,
    );
    const error = await client.sendTransaction(second).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "FISCO_TX_REJECTED", status: TransactionStatus.NonceCheckFail });
  });

  it("reports an unknown group with FiscoGroupNotFoundError and the node's message", async () => {
    const stray = new FiscoClient({ url: server.url, groupId: "group9", timeoutMs: 5000 });
    try {
      const error = (await stray.getBlockNumber().catch((e: unknown) => e)) as FiscoGroupNotFoundError;
      expect(error).toBeInstanceOf(FiscoGroupNotFoundError);
      expect(error.rpcCode).toBe(-32000);
      expect(error.nodeMessage).toContain(
        "Invalid request for the specified node of doesn't exist or doesn't started!",
      );
      expect(error.nodeMessage).toContain("group=group9");
      await expect(stray.getGroupInfo()).rejects.toBeInstanceOf(FiscoGroupNotFoundError);
    } finally {
      await stray.close();
    }
  });
});
