/**
 * TLS towards a FISCO BCOS 3.x RPC port with the SDK certificate files that `build_chain.sh` writes to
 * `nodes/<ip>/sdk/`: `ca.crt` (the chain CA), `sdk.crt` and `sdk.key` (the SDK's own certificate and key).
 * The node's RPC (boostssl) requires mutual TLS: it checks the SDK certificate against the same chain CA,
 * and the SDK checks the node's certificate against `ca.crt` (FISCO-BCOS-DOC 3.x
 * docs/develop/sdk/cert_config.md; `[rpc] enable_ssl` / `disable_ssl` in config.ini).
 *
 * Node certificates name the node, not its host or IP, so the official SDKs check the chain of trust and
 * not the host name; so does this client unless `verifyHostname` is set.
 *
 * SM (guomi) TLS is NOT supported: SM chains built with `-s` use GM/T 0024 TLS with SM2 certificates in
 * pairs (`sm_ca.crt`, `sm_sdk.crt`/`sm_sdk.key` and `sm_ensdk.crt`/`sm_ensdk.key`), which Node's OpenSSL
 * does not implement. Against an SM chain, either run the RPC with `enable_ssl=false` behind a trusted
 * network or a TLS-terminating proxy, or use an ECDSA-TLS RPC; transactions are still signed with SM2 by
 * this client (see signature.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConnectionOptions } from "node:tls";
import { FiscoTlsError } from "./errors.js";

export interface FiscoTlsOptions {
  /** Directory holding `ca.crt`, `sdk.crt` and `sdk.key` (the node's `sdk/` folder). */
  certDir?: string;
  /** PEM contents or file paths of the chain CA, the SDK certificate and its key (override `certDir`). */
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Also require the node certificate to name the host connected to; default false (see above). */
  verifyHostname?: boolean;
}

const PEM_RE = /-----BEGIN [A-Z0-9 ]+-----/;

function material(name: string, value: string | Buffer | undefined, fallback: string | undefined): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === "string" && PEM_RE.test(value)) return Buffer.from(value);
  const path = value ?? fallback;
  if (path === undefined) {
    throw new FiscoTlsError(`TLS needs ${name}: give certDir or ${name}`, { details: { field: name } });
  }
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new FiscoTlsError(`cannot read the TLS ${name} file ${path}`, {
      cause,
      details: { field: name, path },
    });
  }
}

/** The `node:tls` options for a connection to the node: chain CA, client certificate, no host check. */
export function tlsConnectionOptions(options: FiscoTlsOptions): ConnectionOptions {
  const dir = options.certDir;
  const connection: ConnectionOptions = {
    ca: material("ca", options.ca, dir === undefined ? undefined : join(dir, "ca.crt")),
    cert: material("cert", options.cert, dir === undefined ? undefined : join(dir, "sdk.crt")),
    key: material("key", options.key, dir === undefined ? undefined : join(dir, "sdk.key")),
    rejectUnauthorized: true,
  };
  if (options.verifyHostname !== true) connection.checkServerIdentity = () => undefined;
  return connection;
}
