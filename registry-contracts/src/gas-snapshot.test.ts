// Gas of each registry operation, compared with the committed registry-contracts/gas-snapshot.json.
// UPDATE_GAS_SNAPSHOT=1 (or a missing file) rewrites the snapshot instead of comparing.
//
// Scenario, on a fresh chain (so addresses, nonces and signatures are the same every run): identities
// already have one change and, for signed calls, a used nonce, so each figure is a steady-state cost;
// addDelegate and changeOwner write fresh slots (a new delegate, a first owner).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Contract, ContractFactory } from "ethers";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ethereumDIDRegistryAbi, ethereumDIDRegistryBytecode } from "./generated/index.js";
import type { RegistryOperation } from "./meta-transaction.js";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import {
  asSigner,
  PUB_KEY_ATTRIBUTE,
  PUB_KEY_VALUE,
  send,
  signOperation,
  VERI_KEY,
} from "./test-registry.js";

const snapshotFile = fileURLToPath(new URL("../gas-snapshot.json", import.meta.url));
const DAY = 86_400n;

let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain();
});

afterAll(async () => {
  await chain?.stop();
});

async function measure(): Promise<Record<string, number>> {
  const gas: Record<string, number> = {};
  const deployer = wallet(chain, 0);
  const factory = new ContractFactory(ethereumDIDRegistryAbi, ethereumDIDRegistryBytecode, deployer);
  const deployment = await (await deployer.sendTransaction(await factory.getDeployTransaction(1n))).wait();
  if (deployment?.contractAddress == null) throw new Error("registry deployment created no contract");
  gas.deploy = Number(deployment.gasUsed);
  const registry = new Contract(deployment.contractAddress, ethereumDIDRegistryAbi, deployer);

  const relayer = asSigner(registry, wallet(chain, 9));
  const owner = wallet(chain, 1);
  const other = wallet(chain, 4);
  const direct = asSigner(registry, owner);
  const id = owner.address;
  const delegateA = wallet(chain, 2).address;
  const delegateB = wallet(chain, 3).address;
  const newOwner = wallet(chain, 5).address;

  // Warm-up, not measured: a first change for both identities and a first signed call by the owner.
  const warm: RegistryOperation = {
    type: "setAttribute",
    name: PUB_KEY_ATTRIBUTE,
    value: "0x",
    validity: DAY,
  };
  const warmSig = await signOperation(registry, owner, id, warm);
  await send(relayer, "setAttributeSigned", [
    id,
    warmSig.sigV,
    warmSig.sigR,
    warmSig.sigS,
    PUB_KEY_ATTRIBUTE,
    "0x",
    DAY,
  ]);
  await send(asSigner(registry, other), "setAttribute", [other.address, PUB_KEY_ATTRIBUTE, "0x", DAY]);

  const directCalls: [string, unknown[]][] = [
    ["addDelegate", [id, VERI_KEY, delegateA, DAY]],
    ["revokeDelegate", [id, VERI_KEY, delegateA]],
    ["setAttribute", [id, PUB_KEY_ATTRIBUTE, PUB_KEY_VALUE, DAY]],
    ["revokeAttribute", [id, PUB_KEY_ATTRIBUTE, PUB_KEY_VALUE]],
  ];
  for (const [method, args] of directCalls) gas[method] = Number((await send(direct, method, args)).gasUsed);
  const changeOwner = await send(asSigner(registry, other), "changeOwner", [other.address, newOwner]);
  gas.changeOwner = Number(changeOwner.gasUsed);

  const signed: [string, RegistryOperation, unknown[]][] = [
    [
      "addDelegateSigned",
      { type: "addDelegate", delegateType: VERI_KEY, delegate: delegateB, validity: DAY },
      [VERI_KEY, delegateB, DAY],
    ],
    [
      "revokeDelegateSigned",
      { type: "revokeDelegate", delegateType: VERI_KEY, delegate: delegateB },
      [VERI_KEY, delegateB],
    ],
    [
      "setAttributeSigned",
      { type: "setAttribute", name: PUB_KEY_ATTRIBUTE, value: PUB_KEY_VALUE, validity: DAY },
      [PUB_KEY_ATTRIBUTE, PUB_KEY_VALUE, DAY],
    ],
    [
      "revokeAttributeSigned",
      { type: "revokeAttribute", name: PUB_KEY_ATTRIBUTE, value: PUB_KEY_VALUE },
      [PUB_KEY_ATTRIBUTE, PUB_KEY_VALUE],
    ],
    ["changeOwnerSigned", { type: "changeOwner", newOwner }, [newOwner]],
  ];
  for (const [method, operation, rest] of signed) {
    const sig = await signOperation(registry, owner, id, operation);
    const receipt = await send(relayer, method, [id, sig.sigV, sig.sigR, sig.sigS, ...rest]);
    gas[method] = Number(receipt.gasUsed);
  }
  return gas;
}

it("registry gas matches gas-snapshot.json", async () => {
  const measured = await measure();
  if (process.env.UPDATE_GAS_SNAPSHOT === "1" || !existsSync(snapshotFile)) {
    writeFileSync(snapshotFile, `${JSON.stringify(measured, null, 2)}\n`);
    return;
  }
  const committed = JSON.parse(readFileSync(snapshotFile, "utf8")) as Record<string, number>;
  const names = [...new Set([...Object.keys(committed), ...Object.keys(measured)])];
  const differences = names
    .filter((name) => committed[name] !== measured[name])
    .map((name) => `${name}: snapshot ${committed[name] ?? "none"}, measured ${measured[name] ?? "none"}`);
  expect(differences, "gas changed; rerun with UPDATE_GAS_SNAPSHOT=1 if intended").toEqual([]);
});
