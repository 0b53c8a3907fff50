import type { FastifyBaseLogger } from "fastify";
import type { CredentialView } from "../../read-credentials.js";

/**
 * Logs (warn) what a read found about its credentials' statuses: each credential whose status on chain differs
 * from the record, and the credentials shown with their recorded status because the chain could not be read
 * (one line per failure code).
 */
export function logStatusChecks(log: FastifyBaseLogger, views: readonly CredentialView[]): void {
  const unread = new Map<string, string[]>();
  for (const view of views) {
    const { status } = view;
    if (status.source === "chain" && status.matchesRecord === false) {
      log.warn(
        {
          credentialId: view.id,
          chainStatus: status.status,
          recordedStatus: status.recordedStatus,
          checkedAtBlock: status.checkedAtBlock,
        },
        "the credential's status on chain differs from the record",
      );
    }
    const failure = status.chainReadFailure;
    if (status.source === "recorded" && failure !== undefined) {
      const ids = unread.get(failure.code) ?? [];
      unread.set(failure.code, [...ids, view.id]);
    }
  }
  for (const [code, credentialIds] of unread) {
    log.warn(
      { chainReadFailure: code, credentialIds },
      "credential status shown as recorded: the chain could not be read",
    );
  }
}
