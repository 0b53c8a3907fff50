import { PermitChainError } from "@permitchain/chain";

/** Deploying a contract of the suite failed: the transaction was not sent, reverted, or created nothing. */
export class DeploymentFailedError extends PermitChainError {
  declare readonly code: "DEPLOYMENT_FAILED";
  readonly contract: string;

  constructor(
    contract: string,
    reason: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super("DEPLOYMENT_FAILED", `deploying ${contract} failed: ${reason}`, {
      cause: options.cause,
      details: { contract, ...options.details },
    });
    this.contract = contract;
  }
}

/** A deployment manifest names an address where no contract code is deployed. */
export class ContractCodeMissingError extends PermitChainError {
  declare readonly code: "CONTRACT_CODE_MISSING";
  readonly contract: string;
  readonly address: string | undefined;

  constructor(contract: string, address: string | undefined) {
    super(
      "CONTRACT_CODE_MISSING",
      address === undefined
        ? `the deployment manifest has no address for ${contract}`
        : `no contract code at ${address}, where the deployment manifest places ${contract}`,
      { details: { contract, address } },
    );
    this.contract = contract;
    this.address = address;
  }
}
