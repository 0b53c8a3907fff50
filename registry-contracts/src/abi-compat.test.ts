import { Interface } from "ethers";
import { describe, expect, it } from "vitest";
import { ethereumDIDRegistryAbi, ethereumDIDRegistryBytecode } from "./generated/index.js";

// The ABI of uport-project/ethr-did-registry v1.0.0 as ethr-did-resolver 11.x ships it.
const upstream = new Interface([
  "function identityOwner(address identity) view returns (address)",
  "function owners(address) view returns (address)",
  "function delegates(address, bytes32, address) view returns (uint256)",
  "function changed(address) view returns (uint256)",
  "function nonce(address) view returns (uint256)",
  "function validDelegate(address identity, bytes32 delegateType, address delegate) view returns (bool)",
  "function changeOwner(address identity, address newOwner)",
  "function changeOwnerSigned(address identity, uint8 sigV, bytes32 sigR, bytes32 sigS, address newOwner)",
  "function addDelegate(address identity, bytes32 delegateType, address delegate, uint256 validity)",
  "function addDelegateSigned(address identity, uint8 sigV, bytes32 sigR, bytes32 sigS, bytes32 delegateType, address delegate, uint256 validity)",
  "function revokeDelegate(address identity, bytes32 delegateType, address delegate)",
  "function revokeDelegateSigned(address identity, uint8 sigV, bytes32 sigR, bytes32 sigS, bytes32 delegateType, address delegate)",
  "function setAttribute(address identity, bytes32 name, bytes value, uint256 validity)",
  "function setAttributeSigned(address identity, uint8 sigV, bytes32 sigR, bytes32 sigS, bytes32 name, bytes value, uint256 validity)",
  "function revokeAttribute(address identity, bytes32 name, bytes value)",
  "function revokeAttributeSigned(address identity, uint8 sigV, bytes32 sigR, bytes32 sigS, bytes32 name, bytes value)",
  "event DIDOwnerChanged(address indexed identity, address owner, uint256 previousChange)",
  "event DIDDelegateChanged(address indexed identity, bytes32 delegateType, address delegate, uint256 validTo, uint256 previousChange)",
  "event DIDAttributeChanged(address indexed identity, bytes32 name, bytes value, uint256 validTo, uint256 previousChange)",
]);

const ours = new Interface(ethereumDIDRegistryAbi);

describe("EthereumDIDRegistry ABI", () => {
  it("has every ERC-1056 function with the same selector, outputs and mutability", () => {
    upstream.forEachFunction((fragment) => {
      const own = ours.getFunction(fragment.selector);
      expect(own, fragment.format()).not.toBeNull();
      expect(own?.outputs.map((p) => p.type)).toEqual(fragment.outputs.map((p) => p.type));
      expect(own?.stateMutability).toBe(fragment.stateMutability);
    });
  });

  it("has every ERC-1056 event with the same topic, field names and indexing (the resolver decodes by name)", () => {
    upstream.forEachEvent((fragment) => {
      const own = ours.getEvent(fragment.topicHash);
      expect(own, fragment.format()).not.toBeNull();
      expect(own?.inputs.map((p) => [p.name, p.type, p.indexed === true])).toEqual(
        fragment.inputs.map((p) => [p.name, p.type, p.indexed === true]),
      );
    });
  });

  it("adds only the clock getter and custom errors", () => {
    const extra: string[] = [];
    ours.forEachFunction((fragment) => {
      if (upstream.getFunction(fragment.selector) === null) extra.push(fragment.format());
    });
    const errors: string[] = [];
    ours.forEachError((fragment) => {
      errors.push(fragment.format());
    });
    expect(extra).toEqual(["timestampDivisor()"]);
    expect(errors.sort()).toEqual([
      "BadSignature(address,address)",
      "NotOwner(address,address)",
      "UnsupportedTimestampDivisor(uint256)",
    ]);
  });

  it("is Paris bytecode: no PUSH0 (0x5f) opcode, which FISCO BCOS lacks", () => {
    const code = Buffer.from(ethereumDIDRegistryBytecode.slice(2), "hex");
    // Walk opcodes, skipping PUSH1..PUSH32 immediates, up to the metadata trailer (its length is the last 2 bytes).
    const end = code.length - 2 - code.readUInt16BE(code.length - 2);
    const opcodes: number[] = [];
    for (let pc = 0; pc < end; pc++) {
      const op = code[pc] ?? 0;
      opcodes.push(op);
      if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
    }
    expect(opcodes).not.toContain(0x5f);
  });
});
