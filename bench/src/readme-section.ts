import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const README = fileURLToPath(new URL("../../README.md", import.meta.url));

/** One row of a benchmark's README table: what was measured, its figure, and what it is compared with. */
export type ReadmeRow = [measure: string, value: string, note: string];

/**
 * Replaces the README block between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->` with the
 * latest figures, so the README always shows what the last run measured.
 */
export function updateReadme(name: string, measuredAt: string, rows: readonly ReadmeRow[]): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const text = readFileSync(README, "utf8");
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} block`);
  const table = [
    `Measured ${measuredAt.slice(0, 10)} (bench/results/${name}.json):`,
    "",
    "| measure | value | note |",
    "|---|---:|---|",
    ...rows.map(([measure, value, note]) => `| ${measure} | ${value} | ${note} |`),
  ].join("\n");
  writeFileSync(README, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`);
}
