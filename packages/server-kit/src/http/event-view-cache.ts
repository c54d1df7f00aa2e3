import { type CacheableBody, PUBLIC_MAX_AGE_SECONDS } from "./cacheable-response.js";

// Past this many events, entries older than the max age are swept before adding another.
const SWEEP_AT = 1_000;

/**
 * Event views this process built in the last {@link PUBLIC_MAX_AGE_SECONDS}, body and ETag ready:
 * the same contract as `Cache-Control: max-age=1`, kept by the kit itself, so a crowd refreshing
 * the event page costs the database one view per second per process instead of one per request.
 *
 * Everything this process changes empties it at once ({@link EventViewCache.invalidate}: every
 * write, a poll that moved an order, a maintenance pass), so a buyer never sees their own hold
 * missing; a change made by another process shows within the max age, as behind a CDN. Holds
 * never read it: a stale view never oversells.
 */
export class EventViewCache {
  readonly #entries = new Map<string, CacheableBody & { at: number }>();
  readonly #maxAgeMs: number;
  // Bumped by every invalidation: a view read before a change is not kept after it.
  #generation = 0;

  constructor(maxAgeMs = PUBLIC_MAX_AGE_SECONDS * 1000) {
    this.#maxAgeMs = maxAgeMs;
  }

  /** The cached view of `eventId`, or `build`'s (kept unless something changed meanwhile). */
  async get(eventId: string, build: () => Promise<CacheableBody>): Promise<CacheableBody> {
    if (this.#maxAgeMs <= 0) return build();
    const now = performance.now();
    const hit = this.#entries.get(eventId);
    if (hit && now - hit.at < this.#maxAgeMs) return hit;
    const generation = this.#generation;
    const built = await build();
    if (generation === this.#generation) {
      if (this.#entries.size >= SWEEP_AT) this.#sweep(now);
      this.#entries.set(eventId, { ...built, at: now });
    }
    return built;
  }

  /** Forget every view: something this process did may have changed availability. */
  invalidate(): void {
    this.#generation++;
    this.#entries.clear();
  }

  #sweep(now: number): void {
    for (const [id, entry] of this.#entries)
      if (now - entry.at >= this.#maxAgeMs) this.#entries.delete(id);
  }
}
