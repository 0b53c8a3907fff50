/** The message of a service's config error: one line naming the service, then one line a problem. */
export function configProblemsMessage(service: string, problems: readonly string[]): string {
  return `invalid ${service} configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`;
}
