import { HDNodeWallet, Mnemonic } from "ethers";

export interface DevAccount {
  address: string;
  privateKey: string;
}

/** The funded development accounts: m/44'/60'/0'/0/i of the configured mnemonic. */
export function deriveDevAccounts(mnemonic: string, count: number): DevAccount[] {
  const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(mnemonic), "m/44'/60'/0'/0");
  const accounts: DevAccount[] = [];
  for (let i = 0; i < count; i++) {
    const wallet = root.deriveChild(i);
    accounts.push({ address: wallet.address, privateKey: wallet.privateKey });
  }
  return accounts;
}
