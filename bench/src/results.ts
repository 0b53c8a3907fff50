import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { type ReadmeRow, updateReadme } from "./readme-section.js";

const RESULTS_DIR = fileURLToPath(new URL("../results/", import.meta.url));

/** The machine a figure was measured on, stored beside it. */
export function machine() {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    platform: process.platform,
  };
}

/** Prints the result, writes it to bench/results/NAME.json and refreshes the README's table. */
export function publish(
  name: string,
  result: Record<string, unknown>,
  readmeRows: readonly ReadmeRow[],
): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = `${RESULTS_DIR}${name}.json`;
  const measuredAt = new Date().toISOString();
  const text = `${JSON.stringify({ benchmark: name, measuredAt, machine: machine(), ...result }, null, 2)}\n`;
  writeFileSync(path, text);
  process.stdout.write(text);
  updateReadme(name, measuredAt, readmeRows);
  return path;
}
