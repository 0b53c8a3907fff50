// Writes each credential type's JSON Schema to dist/schemas/<path of its $id>, e.g.
// dist/schemas/credentials/discharge-permit/v1.json, so that the documents can be served at their $id as files.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const { CREDENTIAL_JSON_SCHEMAS } = await import(join(packageDir, "dist", "index.js"));

for (const schema of Object.values(CREDENTIAL_JSON_SCHEMAS)) {
  const file = join(packageDir, "dist", "schemas", new URL(schema.$id).pathname);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`schemas: ${file.slice(packageDir.length + 1)}`);
}
