/**
 * An ethers v6 Signer that sends FISCO BCOS native transactions: an ethers TransactionRequest becomes a
 * version-0 `TransactionData` (chain and group ids from `getGroupInfo`, `blockLimit` = current block +
 * the client's offset, a random 256-bit nonce, `to`, `input` = data, `abi` ""), signed with our codec
 * (ECDSA or SM2, by default the chain's own as `getGroupInfo` reports it) and sent with the node's
 * `sendTransaction` (FiscoClient: at most once, typed errors). The response's `wait()` resolves to the
 * receipt or throws FiscoTransactionStatusError (transaction-response.ts).
 *
 * Limits: no value transfers (FISCO BCOS has no native coin by default); gas fields are ignored
 * (version-0 transactions carry none); `signTransaction` returns the FISCO transaction hex, not an
 * Ethereum transaction; messages and typed data are signed Ethereum-style (EIP-191 / EIP-712) with the
 * secp256k1 key in ECDSA mode and are unsupported in SM mode.
 */
import {
  AbstractSigner,
  getAddress,
  hexlify,
  type Provider,
  resolveAddress,
  type TransactionRequest,
  type TypedDataDomain,
  type TypedDataField,
  Wallet,
} from "ethers";
import { toHex } from "../bytes.js";
import { signTransaction as signFiscoTransaction } from "../sign-transaction.js";
import { type CryptoSuite, cryptoSuite, type PrivateKeyInput, privateKeyBytes } from "../signature.js";
import { FiscoClientConfigError, FiscoUnsupportedError } from "./errors.js";
import { ethersSignature } from "./ethers-format.js";
import { FiscoProvider } from "./provider.js";
import { FiscoTransactionResponse } from "./transaction-response.js";

export interface FiscoSignerOptions {
  /** Signature suite; default the chain's (SM when `getGroupInfo` reports smCryptoType). */
  suite?: "ecdsa" | "sm";
}

export class FiscoSigner extends AbstractSigner<FiscoProvider> {
  readonly #key: Uint8Array;
  readonly #options: FiscoSignerOptions;
  #suite: Promise<CryptoSuite> | undefined;

  constructor(privateKey: PrivateKeyInput, provider: FiscoProvider, options: FiscoSignerOptions = {}) {
    if (!(provider instanceof FiscoProvider)) {
      throw new FiscoClientConfigError("FiscoSigner needs a FiscoProvider");
    }
    super(provider);
    this.#key = privateKeyBytes(privateKey);
    this.#options = options;
    if (options.suite !== undefined) this.#suite = Promise.resolve(cryptoSuite(options.suite));
  }

  private suite(): Promise<CryptoSuite> {
    const provider = this.provider as FiscoProvider;
    this.#suite ??= provider.client.chainInfo().then((info) => cryptoSuite(info.smCrypto ? "sm" : "ecdsa"));
    const suite = this.#suite;
    suite.catch(() => {
      if (this.#suite === suite) this.#suite = undefined;
    });
    return suite;
  }

  override async getAddress(): Promise<string> {
    const suite = await this.suite();
    return getAddress(suite.address(suite.publicKey(this.#key)));
  }

  override connect(provider: Provider | null): FiscoSigner {
    if (!(provider instanceof FiscoProvider))
      throw new FiscoClientConfigError("FiscoSigner needs a FiscoProvider");
    return new FiscoSigner(this.#key, provider, this.#options);
  }

  private async request(tx: TransactionRequest): Promise<{ to: string | undefined; data: string }> {
    const provider = this.provider as FiscoProvider;
    if (tx.value !== undefined && tx.value !== null && BigInt(tx.value) !== 0n) {
      throw new FiscoUnsupportedError("FISCO BCOS transactions carry no native value");
    }
    if (tx.from !== undefined && tx.from !== null) {
      const from = await resolveAddress(tx.from, provider);
      if (from.toLowerCase() !== (await this.getAddress()).toLowerCase()) {
        throw new FiscoClientConfigError(`transaction from ${from} does not match the signer`);
      }
    }
    const to = tx.to === undefined || tx.to === null ? undefined : await resolveAddress(tx.to, provider);
    return { to, data: hexlify(tx.data ?? "0x") };
  }

  override async sendTransaction(tx: TransactionRequest): Promise<FiscoTransactionResponse> {
    const provider = this.provider as FiscoProvider;
    const { to, data } = await this.request(tx);
    const suite = await this.suite();
    const { transaction, receipt } = await provider.client.submitTransaction({ to, input: data }, this.#key, {
      suite: suite.name,
      allowFailure: true,
    });
    const network = await provider.getNetwork();
    const blockHash = await provider.client.getBlockHashByNumber(receipt.blockNumber);
    const params = {
      blockNumber: receipt.blockNumber,
      blockHash,
      hash: transaction.hash,
      index: 0,
      type: 0,
      to: to === undefined ? null : getAddress(to),
      from: getAddress(transaction.sender),
      nonce: 0,
      gasLimit: 0n,
      gasPrice: 0n,
      maxPriorityFeePerGas: null,
      maxFeePerGas: null,
      data,
      value: 0n,
      chainId: network.chainId,
      signature: ethersSignature(toHex(transaction.transaction.signature)),
      accessList: null,
      authorizationList: null,
    };
    return new FiscoTransactionResponse(params, provider, receipt, transaction);
  }

  /** The signed FISCO BCOS transaction as hex (what the node's `sendTransaction` takes). */
  override async signTransaction(tx: TransactionRequest): Promise<string> {
    const provider = this.provider as FiscoProvider;
    const { to, data } = await this.request(tx);
    const info = await provider.client.chainInfo();
    const signed = signFiscoTransaction(
      {
        chainID: info.chainId,
        groupID: info.groupId,
        blockLimit: await provider.client.nextBlockLimit(),
        to,
        input: data,
      },
      await this.suite(),
      this.#key,
    );
    return signed.hex;
  }

  private async wallet(): Promise<Wallet> {
    if ((await this.suite()).name !== "ecdsa") {
      throw new FiscoUnsupportedError("Ethereum-style message signatures need an ECDSA (secp256k1) key");
    }
    return new Wallet(toHex(this.#key));
  }

  override async signMessage(message: string | Uint8Array): Promise<string> {
    return (await this.wallet()).signMessage(message);
  }

  override async signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    return (await this.wallet()).signTypedData(domain, types, value);
  }
}
