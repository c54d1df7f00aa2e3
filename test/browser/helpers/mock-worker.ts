import { getResponse, type HttpHandler } from "msw";
import { createMockApi, type MockApiOptions } from "../../mocks/mock-api.js";

/*
 * The mock API's msw handlers answer the widget's real `fetch` calls: `globalThis.fetch` of the
 * test page is wrapped once (the client looks it up at each request, so nothing in the widget
 * changes for tests). We use msw's `getResponse` in the page rather than its service worker:
 * WTR runs test files in parallel pages, and msw's worker unregisters itself when one of them
 * closes, which left the other page's requests unanswered.
 */
let handlers: HttpHandler[] = [];
const realFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const response = await getResponse(handlers, request);
  if (!response) return realFetch(request);
  // `HttpResponse.error()`: fail like a lost connection does.
  if (response.type === "error") throw new TypeError("Failed to fetch");
  return response;
};

/** A fresh stateful mock API for one test, answering the page's `fetch`. */
export async function useMockApi(options?: MockApiOptions) {
  const api = createMockApi(options);
  handlers = api.handlers;
  return api;
}
