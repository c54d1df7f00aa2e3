/** The part of `document` the poller uses; a fake one stands in for it in Node tests. */
export interface VisibilityDocument {
  readonly visibilityState: string;
  addEventListener(type: "visibilitychange", listener: () => void): void;
  removeEventListener(type: "visibilitychange", listener: () => void): void;
}

/** The page's document where one exists (browsers), else `undefined` (Node). */
export function currentDocument(): VisibilityDocument | undefined {
  return typeof document === "undefined" ? undefined : document;
}

/**
 * Resolves once `doc` is visible (at once when it is, or when there is no document);
 * rejects with `signal.reason` on abort.
 */
export function whenVisible(
  doc: VisibilityDocument | undefined,
  signal?: AbortSignal,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (doc?.visibilityState !== "hidden") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const cleanUp = () => {
      doc.removeEventListener("visibilitychange", onChange);
      signal?.removeEventListener("abort", onAbort);
    };
    const onChange = () => {
      if (doc.visibilityState === "hidden") return;
      cleanUp();
      resolve();
    };
    const onAbort = () => {
      cleanUp();
      reject(signal?.reason);
    };
    doc.addEventListener("visibilitychange", onChange);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
