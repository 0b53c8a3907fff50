import type { IKey, IKeyManager, TAgent } from "@veramo/core";
import {
  AbstractSigner,
  computeAddress,
  getAddress,
  hexlify,
  type Provider,
  resolveAddress,
  resolveProperties,
  Transaction,
  type TransactionLike,
  type TransactionRequest,
  type TypedDataDomain,
  type TypedDataField,
  toUtf8Bytes,
} from "ethers";

/**
 * An ethers v6 `Signer` whose key stays in the Veramo KMS: transactions, messages and typed data are signed
 * with `keyManagerSign`. (Veramo's own `KmsEthereumSigner` is marked internal, hence this one.)
 */
export class KmsSigner extends AbstractSigner {
  readonly address: string;

  constructor(
    private readonly agent: TAgent<IKeyManager>,
    private readonly key: IKey,
    provider: Provider | null,
  ) {
    super(provider);
    if (key.type !== "Secp256k1") throw new Error(`a ${key.type} key cannot sign Ethereum transactions`);
    this.address = computeAddress(`0x${key.publicKeyHex}`);
  }

  async getAddress(): Promise<string> {
    return this.address;
  }

  connect(provider: Provider | null): KmsSigner {
    return new KmsSigner(this.agent, this.key, provider);
  }

  async signTransaction(request: TransactionRequest | Transaction): Promise<string> {
    let unsigned: Transaction;
    if (request instanceof Transaction) {
      // AbstractSigner.sendTransaction hands over a populated, unsigned Transaction
      unsigned = request;
    } else {
      const { to, from } = await resolveProperties({
        to: request.to ? resolveAddress(request.to, this.provider) : undefined,
        from: request.from ? resolveAddress(request.from, this.provider) : undefined,
      });
      if (from != null && getAddress(from) !== this.address) {
        throw new Error(`transaction from ${from} cannot be signed by ${this.address}`);
      }
      const { from: _, ...rest } = request;
      unsigned = Transaction.from({ ...rest, ...(to == null ? {} : { to }) } as TransactionLike<string>);
    }
    return this.agent.keyManagerSign({
      keyRef: this.key.kid,
      algorithm: "eth_signTransaction",
      data: unsigned.unsignedSerialized,
      encoding: "hex",
    });
  }

  async signMessage(message: string | Uint8Array): Promise<string> {
    const bytes = typeof message === "string" ? toUtf8Bytes(message) : message;
    return this.agent.keyManagerSign({
      keyRef: this.key.kid,
      algorithm: "eth_signMessage",
      data: hexlify(bytes),
      encoding: "hex",
    });
  }

  async signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    return this.agent.keyManagerSign({
      keyRef: this.key.kid,
      algorithm: "eth_signTypedData",
      data: JSON.stringify({ domain, types, message: value }, (_key, v) =>
        typeof v === "bigint" ? v.toString() : v,
      ),
    });
  }
}
