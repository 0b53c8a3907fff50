import { chainBenchmark } from "./chain-bench.js";
import { didBenchmark } from "./did-bench.js";
import { issueBenchmark } from "./issue-bench.js";
import { verifyBenchmark } from "./verify-bench.js";

const BENCHMARKS: Record<string, () => Promise<void>> = {
  chain: chainBenchmark,
  did: didBenchmark,
  verify: verifyBenchmark,
  issue: issueBenchmark,
};

const names = process.argv.slice(2);
const unknown = names.filter((n) => !(n in BENCHMARKS));
if (names.length === 0 || unknown.length > 0) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join("|")}> ...`);
  process.exit(2);
}
for (const name of names) await BENCHMARKS[name]!();
