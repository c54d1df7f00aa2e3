import type { ResolvedClientOptions } from "../client-options.js";
import { ContractError } from "../errors/contract-error.js";
import { NetworkError } from "../errors/network-error.js";
import { apiErrorFromResponse } from "./api-error-from-response.js";
import type { RequestOptions } from "./transport.js";

/**
 * `GET` a CSV export (`Accept: text/csv`) and answer its text. Kept apart from the JSON
 * transport: an export may take longer than `timeoutMs` (abort it with `signal`), is not
 * retried, and its answer is text, not a contract shape. Errors are the client's usual ones.
 */
export async function fetchCsv(
  options: ResolvedClientOptions,
  path: string,
  query: Record<string, string | undefined>,
  token: string | undefined,
  o?: RequestOptions,
): Promise<string> {
  const label = `GET ${path}`;
  const headers = new Headers(options.headers);
  headers.set("accept", "text/csv");
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const search = params.toString();
  let response: Response;
  let text: string;
  try {
    response = await options.fetch(
      new Request(`${options.baseUrl}${path}${search ? `?${search}` : ""}`, {
        headers,
        ...(o?.signal ? { signal: o.signal } : {}),
      }),
    );
    text = await response.text();
  } catch (error) {
    if (o?.signal?.aborted) throw o.signal.reason;
    if (error instanceof TypeError) throw new NetworkError(label, { cause: error });
    throw error;
  }
  if (!response.ok) throw apiErrorFromResponse(response, text);
  if (!/^text\/csv\b/i.test(response.headers.get("content-type") ?? ""))
    throw new ContractError(label, [{ path: "", message: "expected a text/csv answer" }]);
  return text;
}
