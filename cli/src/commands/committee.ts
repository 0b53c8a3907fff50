import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { PermitChainError } from "@permitchain/chain";
import {
  CredentialType,
  committeeGovernanceAbi,
  encodeAction,
  type GovernanceAction,
  ParticipantStatus,
  ProposalState,
  participantRegistryAbi,
  Role,
  VoteType,
} from "@permitchain/contracts";
import {
  Contract,
  type ContractTransactionResponse,
  type Result,
  type TransactionReceipt,
  Wallet,
  ZeroAddress,
} from "ethers";
import { UsageError } from "../cli-error.js";
import {
  CHAIN_OPTIONS,
  type ChainSession,
  DEFAULT_DATA_DIR,
  DEFAULT_RPC_URL,
  devAccountZero,
  isoTime,
  openChainSession,
  parseInteger,
  privateKeyFrom,
  rpcUrlOf,
  timeFromNow,
} from "./chain-session.js";
import {
  ACTION_FLAGS,
  type ActionFlag,
  type DecodedAction,
  decodeAction,
  formatAction,
  PROPOSAL_ACTIONS,
  parseProposalAction,
} from "./committee-actions.js";
import {
  ContractRevertError,
  contractError,
  proposalStateName,
  roleName,
  statusName,
} from "./contract-errors.js";

type Out = (line: string) => void;

const MEMBER = "[--key-file FILE | --dev-member] [--rpc URL] [--data-dir DIR]";

export const COMMITTEE_USAGE = [
  `permitchain committee propose ACTION [action flags] --description TEXT ${MEMBER}`,
  `permitchain committee vote ID for|against|abstain ${MEMBER}`,
  `permitchain committee execute ID ${MEMBER}`,
  `permitchain committee cancel ID ${MEMBER}`,
  "permitchain committee list [--json] [--rpc URL] [--data-dir DIR]",
  "ACTION:",
  "  register-participant --account ADDR --role regulator|auditor|polluter --name NAME --credit-code USCC",
  "                       --region CODE --sector CODE",
  "  suspend-participant --account ADDR | unsuspend-participant --account ADDR",
  "  add-trusted-issuer --issuer ADDR --type DischargePermitCredential|AuditReportCredential|ParticipantCredential",
  "                     [--sectors C2511,...] --valid-until ISO-DATE",
  "  remove-trusted-issuer --issuer ADDR --type TYPE",
  "  set-parameter --key NAME --value N",
  "  add-member --account ADDR --weight N | remove-member --account ADDR",
].join("\n");

const HELP = [
  `usage: ${COMMITTEE_USAGE.split("\n").slice(0, 5).join("\n       ")}`,
  "",
  "The committee governs participants' roles, trusted issuers, parameters and its own membership on chain:",
  "a member proposes one action, members vote for, against or abstain until voting ends, and a passed proposal",
  "is executed by a member once its execution delay has elapsed and before it expires. Times are chain time.",
  "",
  ...COMMITTEE_USAGE.split("\n").slice(5),
  "  ADDR is an address or a did:ethr DID (its registry address). --name and --credit-code (the 18-character",
  "  unified social credit code) go on chain as keccak256 hashes; --region is a GB/T 2260 division code,",
  "  --sector and --sectors GB/T 4754 industry codes with their section letter (C2511).",
  "",
  "options:",
  "  --key-file FILE    the member's private key (one 32-byte hex key); or PERMITCHAIN_MEMBER_KEY",
  "  --dev-member       act as dev account 0 of the public development mnemonic: the deployer, and so the",
  "                     bootstrap committee, of the embedded dev chain. Accepted only there (chain id 31337",
  "                     and permitchain up's chain.json in --data-dir); never used unless asked for",
  "  --description TEXT free text recorded with the proposal (e.g. the minutes' reference); required",
  "  --json             list: the proposals as JSON",
  `  --rpc URL          the chain's JSON-RPC endpoint (default $PERMITCHAIN_RPC_URL or ${DEFAULT_RPC_URL})`,
  `  --data-dir DIR     where permitchain up keeps deployment.json (default ${DEFAULT_DATA_DIR})`,
].join("\n");

const OPTIONS = {
  ...CHAIN_OPTIONS,
  "key-file": { type: "string" },
  "dev-member": { type: "boolean" },
  description: { type: "string" },
  json: { type: "boolean" },
  ...(Object.fromEntries(ACTION_FLAGS.map((flag) => [flag, { type: "string" }])) as Record<
    ActionFlag,
    { type: "string" }
  >),
} as const;

type Values = ReturnType<typeof parse>["values"];

function parse(argv: string[]) {
  return parseArgs({ args: argv, strict: true, allowPositionals: true, options: OPTIONS });
}

const MEMBER_FLAGS = ["key-file", "dev-member"];

/** Flags each subcommand takes besides --rpc, --data-dir and --help. */
const FLAGS_OF: Record<string, readonly string[]> = {
  propose: [...MEMBER_FLAGS, "description", ...ACTION_FLAGS],
  vote: MEMBER_FLAGS,
  execute: MEMBER_FLAGS,
  cancel: MEMBER_FLAGS,
  list: ["json"],
};

/** Positional arguments after the subcommand. */
const OPERANDS_OF: Record<string, number> = { propose: 1, vote: 2, execute: 1, cancel: 1, list: 0 };

interface Invocation {
  subcommand: string;
  operands: string[];
  values: Values;
  rpcUrl: string;
  dataDir: string;
}

function parseInvocation(argv: string[], env: NodeJS.ProcessEnv): Invocation | "help" {
  const { values, positionals } = parse(argv);
  if (values.help || positionals[0] === "help") return "help";
  const [subcommand, ...operands] = positionals;
  if (subcommand === undefined) {
    throw new UsageError("a subcommand is required: propose, vote, execute, cancel or list");
  }
  const allowed = FLAGS_OF[subcommand];
  if (allowed === undefined) {
    throw new UsageError(`unknown subcommand "${subcommand}": propose, vote, execute, cancel or list`);
  }
  const expected = OPERANDS_OF[subcommand]!;
  if (operands.length < expected) {
    const what = {
      propose: `an action: ${Object.keys(PROPOSAL_ACTIONS).join(", ")}`,
      vote: "a proposal id and for, against or abstain",
      execute: "a proposal id",
      cancel: "a proposal id",
    }[subcommand];
    throw new UsageError(`committee ${subcommand} needs ${what}`);
  }
  if (operands.length > expected) throw new UsageError(`unexpected argument "${operands[expected]}"`);
  const misplaced = Object.keys(OPTIONS).find(
    (flag) =>
      !(flag in CHAIN_OPTIONS) && !allowed.includes(flag) && values[flag as keyof Values] !== undefined,
  );
  if (misplaced !== undefined)
    throw new UsageError(`--${misplaced} does not apply to committee ${subcommand}`);
  return {
    subcommand,
    operands,
    values,
    rpcUrl: rpcUrlOf(values.rpc, env),
    dataDir: resolve(values["data-dir"] ?? DEFAULT_DATA_DIR),
  };
}

function proposalIdOf(text: string): bigint {
  const id = parseInteger("the proposal id", text);
  if (id < 1n) throw new UsageError("proposal ids count from 1");
  return id;
}

const VOTES: Record<string, number> = {
  for: VoteType.For,
  against: VoteType.Against,
  abstain: VoteType.Abstain,
};

interface MemberChoice {
  key: string | undefined;
  dev: boolean;
}

/** The member's key as given; checked before connecting so that a missing key is a usage error. */
function memberChoiceOf(values: Values, env: NodeJS.ProcessEnv): MemberChoice {
  if (values["dev-member"]) {
    if (values["key-file"] !== undefined)
      throw new UsageError("--dev-member and --key-file exclude each other");
    return { key: undefined, dev: true };
  }
  const key = privateKeyFrom("key-file", values["key-file"], "PERMITCHAIN_MEMBER_KEY", env);
  if (key === undefined) {
    throw new UsageError(
      "acting as a committee member needs its key: --key-file FILE or PERMITCHAIN_MEMBER_KEY (on the embedded dev chain, --dev-member acts as dev account 0, its bootstrap committee)",
    );
  }
  return { key, dev: false };
}

function memberSigner(choice: MemberChoice, session: ChainSession, out: Out): Wallet {
  if (!choice.dev) {
    const member = new Wallet(choice.key!, session.provider);
    out(`member: ${member.address}`);
    return member;
  }
  if (!session.embeddedDev) {
    throw new PermitChainError(
      "DEV_MEMBER_REFUSED",
      `--dev-member works only on the embedded dev chain (chain id 31337 at ${session.rpcUrl} and permitchain up's chain.json in ${session.dataDir}); give the member's key with --key-file FILE or PERMITCHAIN_MEMBER_KEY`,
    );
  }
  const dev = devAccountZero();
  out(
    `member: ${dev.address} (--dev-member: dev account 0 of the public development mnemonic, the bootstrap committee of the embedded dev chain)`,
  );
  return new Wallet(dev.privateKey, session.provider);
}

function governanceOf(session: ChainSession, runner: Wallet | ChainSession["provider"]): Contract {
  return new Contract(session.manifest.contracts.CommitteeGovernance, committeeGovernanceAbi, runner);
}

/** Sends one governance transaction (gas estimated first, so a refusal comes back as its custom error). */
async function transact(
  session: ChainSession,
  label: string,
  send: () => Promise<ContractTransactionResponse>,
): Promise<TransactionReceipt> {
  let receipt: TransactionReceipt | null;
  try {
    const response = await send();
    receipt = await response.wait();
  } catch (error) {
    throw contractError(label, error, await session.now().catch(() => undefined));
  }
  if (receipt === null || receipt.status !== 1) {
    throw new PermitChainError("TRANSACTION_FAILED", `${label}: the transaction did not succeed`);
  }
  return receipt;
}

interface ProposalView {
  id: number;
  state: string;
  action: DecodedAction;
  description: string | undefined;
  proposer: string;
  votes: { for: string; against: string; abstain: string; totalWeight: string };
  quorumBps: number;
  thresholdBps: number;
  voteEnd: number;
  executableAt: number;
  expiresAt: number;
}

async function readProposal(governance: Contract, id: bigint, description?: string): Promise<ProposalView> {
  const details = (await governance.getFunction("proposal").staticCall(id)) as Result;
  const state = (await governance.getFunction("state").staticCall(id)) as bigint;
  const action = details.getValue("action") as Result;
  return {
    id: Number(id),
    state: proposalStateName(state),
    action: decodeAction(action[0] as bigint, action[1] as string),
    description,
    proposer: details.getValue("proposer") as string,
    votes: {
      for: String(details.getValue("forWeight")),
      against: String(details.getValue("againstWeight")),
      abstain: String(details.getValue("abstainWeight")),
      totalWeight: String(details.getValue("totalWeight")),
    },
    quorumBps: Number(details.getValue("quorumBps")),
    thresholdBps: Number(details.getValue("thresholdBps")),
    voteEnd: Number(details.getValue("voteEnd")),
    executableAt: Number(details.getValue("executableAt")),
    expiresAt: Number(details.getValue("expiresAt")),
  };
}

function tally(view: ProposalView): string {
  const { votes } = view;
  return `for ${votes.for}, against ${votes.against}, abstain ${votes.abstain} of total weight ${votes.totalWeight}`;
}

/**
 * Warnings about what the registries say now and would make the action fail at execution (`propose` only
 * checks that the arguments decode). Warnings only: the state may change before the proposal is executed.
 */
async function foreseeableFailures(session: ChainSession, action: GovernanceAction): Promise<string[]> {
  const participants = new Contract(
    session.manifest.contracts.ParticipantRegistry,
    participantRegistryAbi,
    session.provider,
  );
  const read = async (method: string, ...args: unknown[]) =>
    participants.getFunction(method).staticCall(...args) as Promise<unknown>;
  const warnings: string[] = [];
  if (action.kind === "RegisterParticipant") {
    const status = await read("statusOf", action.account);
    if (Number(status) !== ParticipantStatus.None) {
      warnings.push(
        `${action.account} is registered already (status ${statusName(status)}): AlreadyRegistered`,
      );
    }
    const holder = String(await read("holderOfCreditCode", action.organisation.creditCodeHash));
    if (holder !== ZeroAddress && holder !== action.account) {
      warnings.push(`${holder} holds this unified social credit code: CreditCodeTaken`);
    }
  } else if (action.kind === "AddTrustedIssuer") {
    const required = action.typeId === CredentialType.AuditReport ? Role.Auditor : Role.Regulator;
    const role = await read("roleOf", action.issuer);
    const status = await read("statusOf", action.issuer);
    if (Number(role) !== required || Number(status) !== ParticipantStatus.Active) {
      warnings.push(
        `${action.issuer} is not an active ${roleName(required)} (role ${roleName(role)}, status ${statusName(status)}): IssuerRoleMismatch or IssuerNotActive`,
      );
    }
  } else if (action.kind === "SuspendParticipant" || action.kind === "UnsuspendParticipant") {
    const status = Number(await read("statusOf", action.account));
    const expected =
      action.kind === "SuspendParticipant" ? ParticipantStatus.Active : ParticipantStatus.Suspended;
    if (status !== expected) {
      warnings.push(
        `${action.account} is ${statusName(status)}, not ${statusName(expected)}: InvalidParticipantStatus`,
      );
    }
  }
  return warnings.map((warning) => `warning: as the registry stands, execution would fail: ${warning}`);
}

async function propose(invocation: Invocation, choice: MemberChoice, session: ChainSession, out: Out) {
  const [name] = invocation.operands as [string];
  const action = parseProposalAction(name, invocation.values);
  const encoded = encodeAction(action);
  const member = memberSigner(choice, session, out);
  for (const warning of await foreseeableFailures(session, action)) out(warning);
  const governance = governanceOf(session, member);
  const receipt = await transact(session, "propose", () =>
    governance.getFunction("propose").send(encoded, invocation.values.description!),
  );
  const created = receipt.logs
    .map((log) => governance.interface.parseLog(log))
    .find((parsed) => parsed?.name === "ProposalCreated");
  if (!created)
    throw new PermitChainError("TRANSACTION_FAILED", "propose: no ProposalCreated event in the receipt");
  const now = await session.now();
  const id = created.args.getValue("proposalId") as bigint;
  out(`proposal ${id}: ${formatAction(decodeAction(encoded.kind, encoded.args))}`);
  out(`voting ends:     ${timeFromNow(created.args.getValue("voteEnd") as bigint, now)}`);
  out(
    `executable from: ${isoTime(created.args.getValue("executableAt") as bigint)} if passed, until ${isoTime(created.args.getValue("expiresAt") as bigint)}`,
  );
  out(`next: permitchain committee vote ${id} for|against|abstain`);
}

async function vote(invocation: Invocation, choice: MemberChoice, session: ChainSession, out: Out) {
  const [idText, supportText] = invocation.operands as [string, string];
  const id = proposalIdOf(idText);
  const support = VOTES[supportText];
  if (support === undefined) throw new UsageError(`a vote is for, against or abstain, got "${supportText}"`);
  const member = memberSigner(choice, session, out);
  const governance = governanceOf(session, member);
  await transact(session, `vote on proposal ${id}`, () =>
    governance.getFunction("castVote").send(id, support),
  );
  const view = await readProposal(governance, id);
  const weight = (await governance.getFunction("votingWeight").staticCall(id, member.address)) as bigint;
  out(`voted ${supportText} on proposal ${id} with weight ${weight}`);
  out(`tally: ${tally(view)}; state ${view.state}`);
  out(`voting ends: ${timeFromNow(BigInt(view.voteEnd), await session.now())}`);
}

async function execute(invocation: Invocation, choice: MemberChoice, session: ChainSession, out: Out) {
  const id = proposalIdOf(invocation.operands[0]!);
  const member = memberSigner(choice, session, out);
  const governance = governanceOf(session, member);
  try {
    await transact(session, `execute proposal ${id}`, () => governance.getFunction("execute").send(id));
  } catch (error) {
    // still being voted on: say when voting ends and when it would become executable
    if (
      error instanceof ContractRevertError &&
      error.errorName === "ProposalNotExecutable" &&
      Number(error.errorArgs[1]) === ProposalState.Active
    ) {
      const view = await readProposal(governance, id);
      const now = await session.now();
      throw error.withMore(
        `voting is open until ${timeFromNow(BigInt(view.voteEnd), now)}; if it passes it can be executed from ${timeFromNow(BigInt(view.executableAt), now)}`,
      );
    }
    throw error;
  }
  const view = await readProposal(governance, id);
  out(`executed proposal ${id}: ${formatAction(view.action)}`);
  out(`state ${view.state}`);
}

async function cancel(invocation: Invocation, choice: MemberChoice, session: ChainSession, out: Out) {
  const id = proposalIdOf(invocation.operands[0]!);
  const member = memberSigner(choice, session, out);
  const governance = governanceOf(session, member);
  await transact(session, `cancel proposal ${id}`, () => governance.getFunction("cancel").send(id));
  out(`cancelled proposal ${id}`);
}

async function list(invocation: Invocation, session: ChainSession, out: Out) {
  const governance = governanceOf(session, session.provider);
  const count = (await governance.getFunction("proposalCount").staticCall()) as bigint;
  const descriptions = new Map<bigint, string>();
  if (count > 0n) {
    const events = await governance.queryFilter(governance.filters.ProposalCreated!(), 0, "latest");
    for (const event of events) {
      if ("args" in event)
        descriptions.set(
          event.args.getValue("proposalId") as bigint,
          event.args.getValue("description") as string,
        );
    }
  }
  const views: ProposalView[] = [];
  for (let id = 1n; id <= count; id++) views.push(await readProposal(governance, id, descriptions.get(id)));
  const now = await session.now();
  if (invocation.values.json) {
    out(JSON.stringify({ chainTime: Number(now), proposals: views }, null, 2));
    return;
  }
  if (views.length === 0) {
    out("no proposals yet (permitchain committee propose creates one)");
    return;
  }
  out(`chain time ${isoTime(now)}`);
  for (const view of views) {
    out(`proposal ${view.id}: ${view.state}`);
    out(`  action:      ${formatAction(view.action)}`);
    if (view.description) out(`  description: ${view.description}`);
    out(`  proposer:    ${view.proposer}`);
    out(
      `  votes:       ${tally(view)} (quorum ${view.quorumBps / 100}% of the weight, threshold ${view.thresholdBps / 100}% of for + against)`,
    );
    out(`  voting ends: ${timeFromNow(BigInt(view.voteEnd), now)}`);
    out(`  executable:  from ${isoTime(view.executableAt)} if passed, until ${isoTime(view.expiresAt)}`);
  }
}

/**
 * `permitchain committee propose|vote|execute|cancel|list`: committee governance against the suite
 * `permitchain up` deployed, as the member whose key is given.
 */
export async function committeeCommand(
  argv: string[],
  out: Out,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const invocation = parseInvocation(argv, env);
  if (invocation === "help") {
    out(HELP);
    return 0;
  }
  const { subcommand } = invocation;
  let choice: MemberChoice | undefined;
  // every flag error before the key, and the key before connecting
  if (subcommand === "propose") {
    parseProposalAction(invocation.operands[0]!, invocation.values);
    if (invocation.values.description === undefined) throw new UsageError("--description TEXT is required");
  } else if (subcommand !== "list") {
    proposalIdOf(invocation.operands[0]!);
  }
  if (subcommand === "vote" && VOTES[invocation.operands[1]!] === undefined) {
    throw new UsageError(`a vote is for, against or abstain, got "${invocation.operands[1]}"`);
  }
  if (subcommand !== "list") choice = memberChoiceOf(invocation.values, env);
  const session = await openChainSession({
    rpcUrl: invocation.rpcUrl,
    dataDir: invocation.dataDir,
    contracts: ["CommitteeGovernance", "ParticipantRegistry"],
  });
  try {
    if (subcommand === "propose") await propose(invocation, choice!, session, out);
    else if (subcommand === "vote") await vote(invocation, choice!, session, out);
    else if (subcommand === "execute") await execute(invocation, choice!, session, out);
    else if (subcommand === "cancel") await cancel(invocation, choice!, session, out);
    else await list(invocation, session, out);
  } finally {
    session.close();
  }
  return 0;
}
