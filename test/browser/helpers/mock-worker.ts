import { setupWorker } from "msw/browser";
import { createMockApi, type MockApiOptions } from "../../mocks/mock-api.js";

/** One msw worker per test page; it intercepts the widget's real `fetch`. */
export const worker = setupWorker();
let started: Promise<unknown> | undefined;

/** A fresh stateful mock API for one test, installed in the page's worker. */
export async function useMockApi(options?: MockApiOptions) {
  started ??= worker.start({ quiet: true, onUnhandledRequest: "bypass" });
  await started;
  const api = createMockApi(options);
  worker.resetHandlers(...api.handlers);
  return api;
}
