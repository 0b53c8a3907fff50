import { type Contract, keccak256, ZeroAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import {
  asSigner,
  blockTimestamp,
  deployRegistry,
  events,
  PUB_KEY_ATTRIBUTE,
  PUB_KEY_VALUE,
  read,
  registryInterface,
  SIG_AUTH,
  send,
  VERI_KEY,
} from "./test-registry.js";
import { expectCustomError } from "./test-revert.js";

const DAY = 86_400n;

let chain: TestChain;
let registry: Contract;

beforeAll(async () => {
  chain = await startTestChain();
  registry = await deployRegistry(wallet(chain, 0), 1n);
});

afterAll(async () => {
  await chain?.stop();
});

describe("EthereumDIDRegistry: reads of an untouched identity", () => {
  it("owns itself, has no change, no nonce, no delegate", async () => {
    const identity = wallet(chain, 9).address;
    expect(await read(registry, "identityOwner", [identity])).toBe(identity);
    expect(await read(registry, "owners", [identity])).toBe(ZeroAddress);
    expect(await read(registry, "changed", [identity])).toBe(0n);
    expect(await read(registry, "nonce", [identity])).toBe(0n);
    expect(await read(registry, "validDelegate", [identity, VERI_KEY, wallet(chain, 8).address])).toBe(false);
  });
});

describe("EthereumDIDRegistry: owner writes", () => {
  // One identity goes through every operation; each event must point at the block of the previous one.
  const state = { lastChange: 0n };

  it("addDelegate stores and emits validTo = now + validity, previousChange 0", async () => {
    const identity = wallet(chain, 1);
    const delegate = wallet(chain, 2).address;
    const receipt = await send(asSigner(registry, identity), "addDelegate", [
      identity.address,
      VERI_KEY,
      delegate,
      DAY,
    ]);
    const validTo = (await blockTimestamp(registry, receipt.blockNumber)) + DAY;
    const [event, ...others] = events(receipt, "DIDDelegateChanged");
    expect(others).toHaveLength(0);
    expect(event?.args.toArray()).toEqual([identity.address, VERI_KEY, delegate, validTo, 0n]);
    expect(await read(registry, "delegates", [identity.address, keccak256(VERI_KEY), delegate])).toBe(
      validTo,
    );
    expect(await read(registry, "validDelegate", [identity.address, VERI_KEY, delegate])).toBe(true);
    expect(await read(registry, "validDelegate", [identity.address, SIG_AUTH, delegate])).toBe(false);
    expect(await read(registry, "changed", [identity.address])).toBe(BigInt(receipt.blockNumber));
    state.lastChange = BigInt(receipt.blockNumber);
  });

  it("revokeDelegate sets validTo = now - 1 and invalidates the delegate at once", async () => {
    const identity = wallet(chain, 1);
    const delegate = wallet(chain, 2).address;
    const receipt = await send(asSigner(registry, identity), "revokeDelegate", [
      identity.address,
      VERI_KEY,
      delegate,
    ]);
    const revokedAt = (await blockTimestamp(registry, receipt.blockNumber)) - 1n;
    expect(events(receipt, "DIDDelegateChanged")[0]?.args.toArray()).toEqual([
      identity.address,
      VERI_KEY,
      delegate,
      revokedAt,
      state.lastChange,
    ]);
    expect(await read(registry, "delegates", [identity.address, keccak256(VERI_KEY), delegate])).toBe(
      revokedAt,
    );
    expect(await read(registry, "validDelegate", [identity.address, VERI_KEY, delegate])).toBe(false);
    state.lastChange = BigInt(receipt.blockNumber);
  });

  it("setAttribute emits the value with validTo = now + validity", async () => {
    const identity = wallet(chain, 1);
    const receipt = await send(asSigner(registry, identity), "setAttribute", [
      identity.address,
      PUB_KEY_ATTRIBUTE,
      PUB_KEY_VALUE,
      DAY,
    ]);
    const validTo = (await blockTimestamp(registry, receipt.blockNumber)) + DAY;
    expect(events(receipt, "DIDAttributeChanged")[0]?.args.toArray()).toEqual([
      identity.address,
      PUB_KEY_ATTRIBUTE,
      PUB_KEY_VALUE,
      validTo,
      state.lastChange,
    ]);
    state.lastChange = BigInt(receipt.blockNumber);
  });

  it("revokeAttribute emits the value with validTo 0", async () => {
    const identity = wallet(chain, 1);
    const args = [identity.address, PUB_KEY_ATTRIBUTE, PUB_KEY_VALUE];
    const receipt = await send(asSigner(registry, identity), "revokeAttribute", args);
    expect(events(receipt, "DIDAttributeChanged")[0]?.args.toArray()).toEqual([
      ...args,
      0n,
      state.lastChange,
    ]);
    state.lastChange = BigInt(receipt.blockNumber);
  });

  it("changeOwner moves control: the new owner writes, the old one is refused", async () => {
    const identity = wallet(chain, 1);
    const newOwner = wallet(chain, 3);
    const receipt = await send(asSigner(registry, identity), "changeOwner", [
      identity.address,
      newOwner.address,
    ]);
    expect(events(receipt, "DIDOwnerChanged")[0]?.args.toArray()).toEqual([
      identity.address,
      newOwner.address,
      state.lastChange,
    ]);
    expect(await read(registry, "identityOwner", [identity.address])).toBe(newOwner.address);
    expect(await read(registry, "owners", [identity.address])).toBe(newOwner.address);
    state.lastChange = BigInt(receipt.blockNumber);

    await expectCustomError(
      send(asSigner(registry, identity), "changeOwner", [identity.address, identity.address]),
      registryInterface,
      "NotOwner",
      [identity.address, identity.address],
    );
    const back = await send(asSigner(registry, newOwner), "changeOwner", [
      identity.address,
      identity.address,
    ]);
    expect(events(back, "DIDOwnerChanged")[0]?.args.toArray()).toEqual([
      identity.address,
      identity.address,
      state.lastChange,
    ]);
  });

  it("keeps the changed list walkable: changed -> event.previousChange -> ... -> 0", async () => {
    const identity = wallet(chain, 1).address;
    const provider = chain.provider;
    const seen: string[] = [];
    let block = await read<bigint>(registry, "changed", [identity]);
    while (block !== 0n) {
      const logs = await provider.getLogs({
        address: await registry.getAddress(),
        topics: [null, `0x${identity.slice(2).toLowerCase().padStart(64, "0")}`],
        fromBlock: block,
        toBlock: block,
      });
      const parsed = logs.map((log) => registryInterface.parseLog(log));
      expect(parsed).toHaveLength(1);
      seen.unshift(parsed[0]?.name ?? "?");
      block = parsed[0]?.args.getValue("previousChange") as bigint;
    }
    expect(seen).toEqual([
      "DIDDelegateChanged",
      "DIDDelegateChanged",
      "DIDAttributeChanged",
      "DIDAttributeChanged",
      "DIDOwnerChanged",
      "DIDOwnerChanged",
    ]);
  });
});

describe("EthereumDIDRegistry: caller checks", () => {
  it("refuses every write from an account that does not own the identity", async () => {
    const identity = wallet(chain, 4).address;
    const intruder = wallet(chain, 5);
    const delegate = wallet(chain, 6).address;
    const calls: [string, unknown[]][] = [
      ["changeOwner", [identity, intruder.address]],
      ["addDelegate", [identity, VERI_KEY, delegate, DAY]],
      ["revokeDelegate", [identity, VERI_KEY, delegate]],
      ["setAttribute", [identity, PUB_KEY_ATTRIBUTE, PUB_KEY_VALUE, DAY]],
      ["revokeAttribute", [identity, PUB_KEY_ATTRIBUTE, PUB_KEY_VALUE]],
    ];
    for (const [method, args] of calls) {
      await expectCustomError(
        send(asSigner(registry, intruder), method, args),
        registryInterface,
        "NotOwner",
        [identity, intruder.address],
      );
    }
    expect(await read(registry, "changed", [identity])).toBe(0n);
  });
});

describe("EthereumDIDRegistry: clock normalised to seconds", () => {
  it("with divisor 1000 stores validTo = floor(block.timestamp / 1000) + validity", async () => {
    const msRegistry = await deployRegistry(wallet(chain, 0), 1000n);
    const identity = wallet(chain, 7);
    const delegate = wallet(chain, 8).address;
    const receipt = await send(asSigner(msRegistry, identity), "addDelegate", [
      identity.address,
      SIG_AUTH,
      delegate,
      DAY,
    ]);
    const validTo = (await blockTimestamp(msRegistry, receipt.blockNumber)) / 1000n + DAY;
    expect(await read(msRegistry, "delegates", [identity.address, keccak256(SIG_AUTH), delegate])).toBe(
      validTo,
    );
    expect(events(receipt, "DIDDelegateChanged")[0]?.args.getValue("validTo")).toBe(validTo);

    const attribute = await send(asSigner(msRegistry, identity), "setAttribute", [
      identity.address,
      PUB_KEY_ATTRIBUTE,
      PUB_KEY_VALUE,
      DAY,
    ]);
    const attributeValidTo = (await blockTimestamp(msRegistry, attribute.blockNumber)) / 1000n + DAY;
    expect(events(attribute, "DIDAttributeChanged")[0]?.args.getValue("validTo")).toBe(attributeValidTo);
  });
});
