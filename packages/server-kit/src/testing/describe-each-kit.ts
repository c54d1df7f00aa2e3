import type { EventInput } from "@admit/client/contract";
import { afterAll, beforeAll, describe } from "vitest";
import { FRAMEWORKS, type Harness, type KitClient, startHarness } from "./test-harness.js";
import { STORE_KINDS, type StoreKind } from "./test-stores.js";

type HarnessOptions = Omit<Parameters<typeof startHarness>[0], "store">;

/** What {@link describeEachKit} hands a suite: ready in every test (not while tests are declared). */
export interface KitUnderTest {
  /** The harness of this store kind: kit, sandbox and both mounts. */
  h: Harness;
  /** The client of this framework's mount. */
  c: KitClient;
  /** An event of this framework's own, created before the first test. */
  eventId: string;
  framework: (typeof FRAMEWORKS)[number];
  store: StoreKind;
}

/**
 * The shared prologue of the HTTP suites: for every store kind one harness (closed after), and
 * through every framework a client with an event of its own (`<eventPrefix>-<framework>`). The
 * suites' titles stay `<title> on <store> > through <framework> > …`.
 *
 * @example
 * describeEachKit("checkout flow", { eventPrefix: "gala" }, ({ c, eventId }) => {
 *   test("…", async () => expect((await c.api("GET", `/events/${eventId}`)).status).toBe(200));
 * });
 */
export function describeEachKit(
  title: string,
  options: {
    eventPrefix: string;
    /** What the framework's event is made with. @default the harness's standard event */
    event?: Partial<EventInput>;
    harness?: HarnessOptions;
  },
  suite: (kit: KitUnderTest) => void,
  /** Suites of the store kind that go through one mount of their own choosing, declared after. */
  storeSuite?: (kit: Pick<KitUnderTest, "h" | "store">) => void,
): void {
  describe.each(STORE_KINDS)(`${title} on %s`, (store) => {
    let harness: Harness | undefined;
    beforeAll(async () => {
      harness = await startHarness({ ...options.harness, store });
    });
    afterAll(() => harness?.close());
    const h = late(() => harness);

    describe.each(FRAMEWORKS)("through %s", (framework) => {
      const eventId = `${options.eventPrefix}-${framework}`;
      beforeAll(async () => {
        await harness!.via[framework].createEvent(eventId, options.event);
      });
      suite({ h, c: late(() => harness?.via[framework]), eventId, framework, store });
    });
    storeSuite?.({ h, store });
  });
}

/**
 * An object that stands for one only made later (in `beforeAll`): every property read goes to
 * the real one, so suites can keep writing `h.admit` and `c.api(…)`.
 */
function late<T extends object>(current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const real = current();
      if (!real) throw new Error(`describeEachKit: read ${String(property)} before beforeAll ran`);
      const value = Reflect.get(real, property, real);
      return typeof value === "function" ? value.bind(real) : value;
    },
  });
}
