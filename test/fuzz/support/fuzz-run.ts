import { PROBLEM_STATUSES } from "@admit/client/contract";
import fc from "fast-check";
import { type RawAnswer, rawHttp } from "../../../packages/server-kit/src/testing/raw-http.js";
import { type FuzzTarget, type HostileRequest, hostileRequest } from "./hostile-requests.js";

/** Requests sent at once, each on its own connection from its own loopback address. */
const BATCH = 25;

/** The outcome of one fuzz run. */
export interface FuzzReport {
  seed: number;
  requests: number;
  seconds: number;
  /** The first failing request and why, when the run found one. */
  failure?: string;
}

/**
 * Sends at least `requests` generated hostile requests to `target` (seeded: `FUZZ_SEED`
 * replays a run) and judges every answer; stops at the first failing batch and reports the
 * request that failed, byte for byte.
 */
export async function runFuzz(
  name: string,
  target: FuzzTarget,
  options: { requests: number; seed?: number },
): Promise<FuzzReport> {
  const seed = options.seed ?? (Number(process.env.FUZZ_SEED) || Date.now() % 2 ** 31);
  console.log(`[fuzz] ${name}: seed ${seed} (replay with FUZZ_SEED=${seed})`);
  const started = performance.now();
  let sent = 0;
  let failure: string | undefined;
  const result = await fc.check(
    fc.asyncProperty(
      fc.array(hostileRequest(target), { minLength: BATCH, maxLength: BATCH }),
      async (batch) => {
        const verdicts = await Promise.all(
          batch.map(async (request) => {
            const address = loopbackAddress(sent++);
            const answers = await rawHttp(target.port, request.bytes, {
              localAddress: address,
              halfClose: request.halfClose,
              timeoutMs: 15_000,
            });
            const problem = judge(request, answers[0], target);
            return problem && describe(request, answers[0], problem, address);
          }),
        );
        failure = verdicts.find((v) => v !== undefined);
        return failure === undefined;
      },
    ),
    { seed, numRuns: Math.ceil(options.requests / BATCH), endOnFailure: true },
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `[fuzz] ${name}: ${sent} requests in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s), seed ${seed}${result.failed ? ", FAILED" : ""}`,
  );
  if (result.failed && !failure) failure = String(result.errorInstance ?? "the property failed");
  return { seed, requests: sent, seconds, ...(failure ? { failure } : {}) };
}

/** 127.16.0.1, 127.16.0.2, …: one client address per request, so no per-client limit answers. */
function loopbackAddress(n: number): string {
  const host = n + 1;
  return `127.${16 + ((host >> 16) & 0x3f)}.${(host >> 8) & 0xff}.${host & 0xff}`;
}

/** What the server's insides look like in an answer (unless the request itself said it). */
function leakMarkers(target: FuzzTarget): (string | RegExp)[] {
  return [
    process.cwd(),
    "node_modules",
    /\n\s+at \S/,
    /\bat [\w.<>]+ \(/,
    ".ts:",
    ".js:",
    "<html",
    "<pre",
    "TypeError",
    "RangeError",
    "SyntaxError",
    // SQL in one string of the answer (the OpenAPI document names a question type "select", and
    // says "from" elsewhere: quotes lie between those).
    /\bselect\b[^"\n]{1,200}\bfrom\b/i,
    /\binsert into\b/i,
    "syntax error",
    "violates",
    'relation "',
    "invalid byte sequence",
    "pglite",
    "sk_sandbox_",
    "whsec_",
    target.adminToken,
    target.webhookSecret,
    '"stack"',
  ];
}

/** The rules every answer must keep; answers what is wrong, or undefined. */
function judge(
  request: HostileRequest,
  answer: RawAnswer | undefined,
  target: FuzzTarget,
): string | undefined {
  if (!answer) return request.mayGoUnanswered ? undefined : "no answer";
  if (answer.status >= 500) return `status ${answer.status}`;
  const sentText = request.bytes.toString("latin1");
  for (const marker of leakMarkers(target)) {
    const found =
      typeof marker === "string" ? answer.body.includes(marker) : marker.test(answer.body);
    const echoed = typeof marker === "string" ? sentText.includes(marker) : marker.test(sentText);
    if (found && !echoed) return `the body leaks ${String(marker)}`;
  }
  if (answer.status < 400) return undefined;
  if (/^application\/problem\+json/.test(answer.headers["content-type"] ?? "")) {
    let code: unknown;
    try {
      code = JSON.parse(answer.body).code;
    } catch {
      return "problem+json that is not JSON";
    }
    if (typeof code !== "string" || !(code in PROBLEM_STATUSES))
      return `unknown code ${String(code)}`;
    if (PROBLEM_STATUSES[code as keyof typeof PROBLEM_STATUSES] !== answer.status)
      return `code ${code} with status ${answer.status}`;
    return undefined;
  }
  // Answers from before any framework sees the request: Node's HTTP parser refusing it (an
  // empty 400 or 431, or Fastify's clientError JSON).
  if ((answer.status === 400 || answer.status === 431) && answer.body === "") return undefined;
  if (
    answer.status === 400 &&
    /^\{"error":"Bad Request","message":"Client Error"/.test(answer.body)
  )
    return undefined;
  return `status ${answer.status} is not application/problem+json`;
}

function describe(
  request: HostileRequest,
  answer: RawAnswer | undefined,
  problem: string,
  address: string,
): string {
  const text = request.bytes.toString("latin1");
  const split = text.indexOf("\r\n\r\n");
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? "" : text.slice(split + 4);
  const clip = (s: string, n: number) =>
    s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
  return [
    `${problem}: ${request.label} from ${address}`,
    `request head: ${JSON.stringify(head.split("\r\n").map((line) => clip(line, 200)))}`,
    `request body: ${JSON.stringify(clip(body, 600))}`,
    `answer: ${answer ? `${answer.status} ${JSON.stringify(answer.headers)} ${clip(answer.body, 600)}` : "none"}`,
  ].join("\n");
}
