import { type Contract, recoverAddress, Signature, ZeroAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RegistryOperation, registryMetaTxDigest } from "./meta-transaction.js";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import {
  asSigner,
  blockTimestamp,
  deployRegistry,
  events,
  type MetaSignature,
  PUB_KEY_ATTRIBUTE,
  PUB_KEY_VALUE,
  read,
  registryInterface,
  send,
  signOperation,
  VERI_KEY,
} from "./test-registry.js";
import { expectCustomError } from "./test-revert.js";

const DAY = 86_400n;

let chain: TestChain;
let registry: Contract;
let relayed: Contract;

beforeAll(async () => {
  chain = await startTestChain();
  registry = await deployRegistry(wallet(chain, 0), 1n);
  relayed = asSigner(registry, wallet(chain, 9));
});

afterAll(async () => {
  await chain?.stop();
});

/** Arguments of `<operation>Signed`: identity, v, r, s, then the operation's own arguments. */
function signedArgs(identity: string, sig: MetaSignature, operation: RegistryOperation): unknown[] {
  const head = [identity, sig.sigV, sig.sigR, sig.sigS];
  switch (operation.type) {
    case "changeOwner":
      return [...head, operation.newOwner];
    case "addDelegate":
      return [...head, operation.delegateType, operation.delegate, operation.validity];
    case "revokeDelegate":
      return [...head, operation.delegateType, operation.delegate];
    case "setAttribute":
      return [...head, operation.name, operation.value, operation.validity];
    case "revokeAttribute":
      return [...head, operation.name, operation.value];
  }
}

/** The address a signature recovers to over the digest the registry will compute now. */
async function recoveredNow(
  target: Contract,
  identity: string,
  sig: MetaSignature,
  operation: RegistryOperation,
) {
  const owner = await read<string>(target, "identityOwner", [identity]);
  const digest = registryMetaTxDigest({
    registry: await target.getAddress(),
    nonce: await read<bigint>(target, "nonce", [owner]),
    identity,
    operation,
  });
  return recoverAddress(digest, Signature.from({ v: sig.sigV, r: sig.sigR, s: sig.sigS }));
}

describe("EthereumDIDRegistry: signed meta-transactions sent by a relayer", () => {
  const identity = () => wallet(chain, 1);
  const delegate = () => wallet(chain, 2).address;
  let lastChange = 0n;
  let used: { sig: MetaSignature; operation: RegistryOperation } | undefined;

  it("addDelegateSigned: the owner signs, the relayer pays, the nonce moves 0 -> 1", async () => {
    const owner = identity();
    const operation: RegistryOperation = {
      type: "addDelegate",
      delegateType: VERI_KEY,
      delegate: delegate(),
      validity: DAY,
    };
    const sig = await signOperation(registry, owner, owner.address, operation);
    const receipt = await send(relayed, "addDelegateSigned", signedArgs(owner.address, sig, operation));
    expect(receipt.from).toBe(wallet(chain, 9).address);
    const validTo = (await blockTimestamp(registry, receipt.blockNumber)) + DAY;
    expect(events(receipt, "DIDDelegateChanged")[0]?.args.toArray()).toEqual([
      owner.address,
      VERI_KEY,
      delegate(),
      validTo,
      0n,
    ]);
    expect(await read(registry, "nonce", [owner.address])).toBe(1n);
    expect(await read(registry, "validDelegate", [owner.address, VERI_KEY, delegate()])).toBe(true);
    lastChange = BigInt(receipt.blockNumber);
    used = { sig, operation };
  });

  it("a replayed signature reverts with BadSignature: the nonce it was made for is spent", async () => {
    if (used === undefined) throw new Error("needs the previous test");
    const owner = identity().address;
    const recovered = await recoveredNow(registry, owner, used.sig, used.operation);
    expect(recovered).not.toBe(owner);
    await expectCustomError(
      send(relayed, "addDelegateSigned", signedArgs(owner, used.sig, used.operation)),
      registryInterface,
      "BadSignature",
      [owner, recovered],
    );
    expect(await read(registry, "nonce", [owner])).toBe(1n);
  });

  it("a signature made for another registry reverts with BadSignature", async () => {
    const owner = identity();
    const other = await deployRegistry(wallet(chain, 0), 1n);
    const operation: RegistryOperation = {
      type: "setAttribute",
      name: PUB_KEY_ATTRIBUTE,
      value: PUB_KEY_VALUE,
      validity: DAY,
    };
    // Signed with the right nonce, but over the other registry's address.
    const sig = await signOperation(registry, owner, owner.address, operation, await other.getAddress());
    const recovered = await recoveredNow(registry, owner.address, sig, operation);
    expect(recovered).not.toBe(owner.address);
    await expectCustomError(
      send(relayed, "setAttributeSigned", signedArgs(owner.address, sig, operation)),
      registryInterface,
      "BadSignature",
      [owner.address, recovered],
    );
  });

  it("a signature by someone other than the owner reverts with BadSignature naming the signer", async () => {
    const owner = identity().address;
    const intruder = wallet(chain, 5);
    const operation: RegistryOperation = { type: "changeOwner", newOwner: intruder.address };
    // The right digest (owner's nonce, this registry), signed with the wrong key.
    const digest = registryMetaTxDigest({
      registry: await registry.getAddress(),
      nonce: await read<bigint>(registry, "nonce", [owner]),
      identity: owner,
      operation,
    });
    const forged = intruder.signingKey.sign(digest);
    await expectCustomError(
      send(relayed, "changeOwnerSigned", [owner, forged.v, forged.r, forged.s, intruder.address]),
      registryInterface,
      "BadSignature",
      [owner, intruder.address],
    );
  });

  it("a malformed signature reverts with BadSignature and signer zero", async () => {
    const owner = identity().address;
    const bad = { sigV: 29, sigR: `0x${"11".repeat(32)}`, sigS: `0x${"22".repeat(32)}` };
    await expectCustomError(
      send(relayed, "changeOwnerSigned", signedArgs(owner, bad, { type: "changeOwner", newOwner: owner })),
      registryInterface,
      "BadSignature",
      [owner, ZeroAddress],
    );
  });

  it("revokeDelegateSigned, setAttributeSigned, revokeAttributeSigned: events chained, one nonce each", async () => {
    const owner = identity();
    const operations: [string, RegistryOperation, (validTo: bigint) => unknown[]][] = [
      [
        "revokeDelegateSigned",
        { type: "revokeDelegate", delegateType: VERI_KEY, delegate: delegate() },
        (now) => [owner.address, VERI_KEY, delegate(), now - 1n],
      ],
      [
        "setAttributeSigned",
        { type: "setAttribute", name: PUB_KEY_ATTRIBUTE, value: PUB_KEY_VALUE, validity: DAY },
        (now) => [owner.address, PUB_KEY_ATTRIBUTE, PUB_KEY_VALUE, now + DAY],
      ],
      [
        "revokeAttributeSigned",
        { type: "revokeAttribute", name: PUB_KEY_ATTRIBUTE, value: PUB_KEY_VALUE },
        () => [owner.address, PUB_KEY_ATTRIBUTE, PUB_KEY_VALUE, 0n],
      ],
    ];
    let expectedNonce = 1n;
    for (const [method, operation, expected] of operations) {
      const sig = await signOperation(registry, owner, owner.address, operation);
      const receipt = await send(relayed, method, signedArgs(owner.address, sig, operation));
      const eventName = operation.type.endsWith("Delegate") ? "DIDDelegateChanged" : "DIDAttributeChanged";
      const now = await blockTimestamp(registry, receipt.blockNumber);
      expect(events(receipt, eventName)[0]?.args.toArray(), method).toEqual([...expected(now), lastChange]);
      expectedNonce += 1n;
      expect(await read(registry, "nonce", [owner.address])).toBe(expectedNonce);
      lastChange = BigInt(receipt.blockNumber);
    }
    expect(await read(registry, "validDelegate", [owner.address, VERI_KEY, delegate()])).toBe(false);
  });

  it("changeOwnerSigned hands control over; later signatures use the new owner's nonce", async () => {
    const owner = identity();
    const newOwner = wallet(chain, 3);
    const change: RegistryOperation = { type: "changeOwner", newOwner: newOwner.address };
    const sig = await signOperation(registry, owner, owner.address, change);
    const receipt = await send(relayed, "changeOwnerSigned", signedArgs(owner.address, sig, change));
    expect(events(receipt, "DIDOwnerChanged")[0]?.args.toArray()).toEqual([
      owner.address,
      newOwner.address,
      lastChange,
    ]);
    expect(await read(registry, "identityOwner", [owner.address])).toBe(newOwner.address);
    expect(await read(registry, "nonce", [owner.address])).toBe(5n);
    expect(await read(registry, "nonce", [newOwner.address])).toBe(0n);

    // The former owner can no longer sign for the identity.
    const add: RegistryOperation = {
      type: "addDelegate",
      delegateType: VERI_KEY,
      delegate: delegate(),
      validity: DAY,
    };
    const stale = await signOperation(registry, owner, owner.address, add);
    const staleSigner = await recoveredNow(registry, owner.address, stale, add);
    await expectCustomError(
      send(relayed, "addDelegateSigned", signedArgs(owner.address, stale, add)),
      registryInterface,
      "BadSignature",
      [owner.address, staleSigner],
    );

    const fresh = await signOperation(registry, newOwner, owner.address, add);
    await send(relayed, "addDelegateSigned", signedArgs(owner.address, fresh, add));
    expect(await read(registry, "nonce", [newOwner.address])).toBe(1n);
    expect(await read(registry, "validDelegate", [owner.address, VERI_KEY, delegate()])).toBe(true);
  });
});
