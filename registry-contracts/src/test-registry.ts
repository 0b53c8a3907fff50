// Test helper: drive an EthereumDIDRegistry through ethers without typed bindings.
import {
  Contract,
  ContractFactory,
  encodeBytes32String,
  Interface,
  type LogDescription,
  type Signer,
  type TransactionReceipt,
  type Wallet,
} from "ethers";
import { ethereumDIDRegistryAbi, ethereumDIDRegistryBytecode } from "./generated/index.js";
import { type RegistryOperation, registryMetaTxDigest } from "./meta-transaction.js";

export const registryInterface = new Interface(ethereumDIDRegistryAbi);

export const VERI_KEY = encodeBytes32String("veriKey");
export const SIG_AUTH = encodeBytes32String("sigAuth");
export const PUB_KEY_ATTRIBUTE = encodeBytes32String("did/pub/Secp256k1/veriKey/hex");
/** A compressed secp256k1 public key, as a DID attribute value. */
export const PUB_KEY_VALUE = "0x02b97c30de767f084ce3080168ee293053ba33b235d7116a3263d29f1450936b71";

/** Deploys a registry directly (not through `deploy()`), reading its address from the receipt. */
export async function deployRegistry(signer: Signer, divisor: bigint): Promise<Contract> {
  const factory = new ContractFactory(ethereumDIDRegistryAbi, ethereumDIDRegistryBytecode, signer);
  const response = await signer.sendTransaction(await factory.getDeployTransaction(divisor));
  const receipt = await response.wait();
  if (receipt?.contractAddress == null) throw new Error("registry deployment created no contract");
  return new Contract(receipt.contractAddress, ethereumDIDRegistryAbi, signer);
}

/** The registry at the same address, sending from `signer`. */
export function asSigner(registry: Contract, signer: Signer): Contract {
  return registry.connect(signer) as Contract;
}

export async function send(
  registry: Contract,
  method: string,
  args: readonly unknown[],
): Promise<TransactionReceipt> {
  const response = await registry.getFunction(method).send(...args);
  const receipt = await response.wait();
  if (receipt === null) throw new Error(`${method}: no receipt`);
  return receipt;
}

export async function read<T>(registry: Contract, method: string, args: readonly unknown[]): Promise<T> {
  return (await registry.getFunction(method).staticCall(...args)) as T;
}

/** The registry events in `receipt`, parsed. */
export function events(receipt: TransactionReceipt, name: string): LogDescription[] {
  return receipt.logs
    .map((log) => registryInterface.parseLog(log))
    .filter((parsed): parsed is LogDescription => parsed?.name === name);
}

export async function blockTimestamp(registry: Contract, blockNumber: number): Promise<bigint> {
  const block = await registry.runner?.provider?.getBlock(blockNumber);
  if (block == null) throw new Error(`block ${blockNumber} not found`);
  return BigInt(block.timestamp);
}

export interface MetaSignature {
  sigV: number;
  sigR: string;
  sigS: string;
}

/** Signs `operation` on `identity` as `owner`, with the owner's current registry nonce. */
export async function signOperation(
  registry: Contract,
  owner: Wallet,
  identity: string,
  operation: RegistryOperation,
  registryAddress?: string,
): Promise<MetaSignature> {
  const nonce = await read<bigint>(registry, "nonce", [owner.address]);
  const digest = registryMetaTxDigest({
    registry: registryAddress ?? (await registry.getAddress()),
    nonce,
    identity,
    operation,
  });
  const signature = owner.signingKey.sign(digest);
  return { sigV: signature.v, sigR: signature.r, sigS: signature.s };
}
