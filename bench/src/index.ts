export { anvilBinary, freePort, startAnvil } from "./anvil.js";
export type { ServerProcess } from "./child-server.js";
