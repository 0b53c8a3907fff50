/** A minimal keep-alive JSON-RPC client over fetch, the same for every endpoint measured. */
export function httpRpc(url: string) {
  let id = 0;
  return async (method: string, params: unknown[] = []): Promise<unknown> => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
}

export type Rpc = (method: string, params?: unknown[]) => Promise<unknown>;
