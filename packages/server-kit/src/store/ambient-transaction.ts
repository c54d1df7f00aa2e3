import { AsyncLocalStorage } from "node:async_hooks";
import type { Queryable, Store } from "./store.js";

interface Ambient {
  tx: Queryable;
  open: boolean;
  savepoints: number;
}

const ambient = new AsyncLocalStorage<Ambient>();
const underlying = new WeakMap<Store, Store>();

function current(): Ambient | undefined {
  const found = ambient.getStore();
  return found?.open ? found : undefined;
}

/**
 * The kit's view of the host's store: inside {@link runInAmbientTransaction}, every query and
 * every `transaction` of the work joins that one transaction (a nested `transaction` becomes a
 * savepoint, so its failure undoes only its own changes); outside, it is the store itself.
 * This is what lets an Idempotency-Key's claim, the route's work and the stored answer commit
 * together without threading a transaction through every service.
 */
export function ambientStore(store: Store): Store {
  const wrapped: Store = {
    lockScope: store.lockScope,
    ...(store.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: store.lockTimeoutMs }),
    query: (sql, params) => (current()?.tx ?? store).query(sql, params),
    exec: (sql) => (current()?.tx ?? store).exec(sql),
    async transaction(work) {
      const outer = current();
      if (!outer) return store.transaction(work);
      // Names are never reused, so no RELEASE is needed: COMMIT releases them all.
      const name = `admit_nested_${++outer.savepoints}`;
      await outer.tx.query(`savepoint ${name}`);
      try {
        return await work(outer.tx);
      } catch (error) {
        await outer.tx.query(`rollback to savepoint ${name}`);
        throw error;
      }
    },
    close: () => store.close(),
  };
  underlying.set(wrapped, store);
  return wrapped;
}

/**
 * Run `work` in one transaction of `store` that the {@link ambientStore} of the same store joins
 * for everything `work` does (and nothing started after it ends).
 */
export async function runInAmbientTransaction<T>(
  store: Store,
  work: (tx: Queryable) => Promise<T>,
): Promise<T> {
  return (underlying.get(store) ?? store).transaction(async (tx) => {
    const state: Ambient = { tx, open: true, savepoints: 0 };
    try {
      return await ambient.run(state, () => work(tx));
    } finally {
      state.open = false;
    }
  });
}
