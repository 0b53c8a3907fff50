import { Interface, ZeroAddress } from "ethers";
import { ethereumDIDRegistryAbi } from "../generated/index.js";

export const registryEvents = new Interface(ethereumDIDRegistryAbi);

const OWNER_CHANGED = registryEvents.getEvent("DIDOwnerChanged")!;
const DELEGATE_CHANGED = registryEvents.getEvent("DIDDelegateChanged")!;
const ATTRIBUTE_CHANGED = registryEvents.getEvent("DIDAttributeChanged")!;

/** topic0 of the three registry events whose `identity` (topic 1) names the DID that changed. */
export const REGISTRY_EVENT_TOPICS = [
  OWNER_CHANGED.topicHash,
  DELEGATE_CHANGED.topicHash,
  ATTRIBUTE_CHANGED.topicHash,
] as const;

/** A log as eth_getLogs returns it (hex quantities). */
export interface RawLog {
  address: string;
  topics: readonly string[];
  data: string;
  blockNumber: string;
  logIndex: string;
  removed?: boolean;
}

/** The identity (checksum-free lower-case address) a registry log is about, from topic 1. */
export function logIdentity(log: RawLog): string | undefined {
  const topic = log.topics[1];
  return topic === undefined || topic.length !== 66 ? undefined : `0x${topic.slice(26)}`.toLowerCase();
}

function order(a: RawLog, b: RawLog): number {
  const byBlock = Number(BigInt(a.blockNumber) - BigInt(b.blockNumber));
  return byBlock !== 0 ? byBlock : Number(BigInt(a.logIndex) - BigInt(b.logIndex));
}

/**
 * The earliest `validTo` (registry seconds) among the delegates and attributes of one identity that are in
 * force at `now`, from the identity's registry logs: the moment its resolved document changes with no event
 * (ethr-did-resolver keeps an entry while `validTo >= now`, so the document changes once `now > validTo`).
 * Later events replace earlier ones for the same delegate or attribute, as in the resolver; a deactivated
 * identity (owner 0x0) never changes again. `undefined` when nothing in force expires.
 */
export function earliestExpiry(logs: readonly RawLog[], now: bigint): bigint | undefined {
  const latest = new Map<string, bigint>();
  for (const log of [...logs].filter((l) => l.removed !== true).sort(order)) {
    const parsed = registryEvents.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed === null) continue;
    if (parsed.name === "DIDOwnerChanged") {
      if (parsed.args.owner === ZeroAddress) return undefined;
    } else if (parsed.name === "DIDDelegateChanged") {
      latest.set(`D:${parsed.args.delegateType}:${parsed.args.delegate}`, parsed.args.validTo as bigint);
    } else if (parsed.name === "DIDAttributeChanged") {
      latest.set(`A:${parsed.args.name}:${parsed.args.value}`, parsed.args.validTo as bigint);
    }
  }
  let earliest: bigint | undefined;
  for (const validTo of latest.values()) {
    if (validTo >= now && (earliest === undefined || validTo < earliest)) earliest = validTo;
  }
  return earliest;
}
