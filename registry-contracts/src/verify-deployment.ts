import type { Provider } from "ethers";
import { ContractCodeMissingError } from "./errors.js";
import type { DeploymentManifest } from "./manifest.js";
import { suite } from "./suite.js";

/** Checks that contract code exists at every address of `manifest`; throws `ContractCodeMissingError` if not. */
export async function verifyDeployment(provider: Provider, manifest: DeploymentManifest): Promise<void> {
  for (const { name } of suite) {
    const address: string | undefined = manifest.contracts[name];
    if (address === undefined) throw new ContractCodeMissingError(name, undefined);
    const code = await provider.getCode(address);
    if (code === "0x") throw new ContractCodeMissingError(name, address);
  }
}
