import {
  CheckoutRequest,
  EventInput,
  isStorableText,
  OrderListQuery,
} from "@admit/client/contract";
import { PGlite } from "@electric-sql/pglite";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as z from "zod/mini";
import { ADMIT_DEFAULTS } from "../admit-options.js";
import { createPgliteStore } from "../store/pglite-store.js";
import {
  type ApiAnswer,
  type Harness,
  type KitClient,
  startHarness,
} from "../testing/test-harness.js";
import { STORE_KINDS } from "../testing/test-stores.js";

// Property tests at the storage edge: every value the contract accepts is stored and read back
// by the database unchanged, or the contract refuses it (422). Generated values go through the
// kit's real routes into PGlite and PostgreSQL. Reproduce a run with ADMIT_PROPERTY_SEED=<seed>.
const SEED = Number(process.env.ADMIT_PROPERTY_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.ADMIT_PROPERTY_RUNS ?? 40);
console.log(`storage-edge properties: seed ${SEED} (ADMIT_PROPERTY_SEED=${SEED} to repeat)`);
const settings = { seed: SEED, numRuns: RUNS };

const ADMIN = "admin-secret";

/**
 * Holds one `ga` seat of `eventId` and checks out with `body`. A body the contract refuses must
 * answer 422 (the hold is released; no `order`); any other must answer 201, and `order` is the
 * order as staff read it back from the store.
 */
async function checkoutOneSeat(
  c: KitClient,
  eventId: string,
  body: Record<string, unknown>,
): Promise<{ checkout: ApiAnswer; order?: ApiAnswer }> {
  const hold = await c.api("POST", "/holds", {
    body: { eventId, items: [{ tierId: "ga", quantity: 1 }] },
  });
  expect(hold.status, hold.text).toBe(201);
  const checkout = await c.api("POST", `/holds/${hold.body.id}/checkout`, {
    token: hold.body.token,
    body,
  });
  if (!z.safeParse(CheckoutRequest, body).success) {
    expect(checkout.status, checkout.text).toBe(422);
    await c.api("DELETE", `/holds/${hold.body.id}`, { token: hold.body.token });
    return { checkout };
  }
  expect(checkout.status, checkout.text).toBe(201);
  const order = await c.api("GET", `/admin/orders/${checkout.body.order.id}`, { token: ADMIN });
  return { checkout, order };
}

/** Characters that have broken text handling somewhere: NUL, lone surrogates, RTL, emoji… */
const hazard = fc.constantFrom(
  "\u0000",
  "\ud800",
  "\udfff",
  "\u202e",
  "\u200f",
  "مرحبا",
  "שלום",
  "🎟️",
  "👩🏽‍💻",
  "🇩🇪",
  "\ufeff",
  "\u00a0",
  "\u2028",
  " ",
  "\t",
  "\r\n",
  "'",
  '"',
  "\\",
  "%",
  "_",
  "e\u0301",
  "𝄞",
  "\uffff",
  "\ufffd",
  "\u0001",
);
/** One "character": any code point (surrogate halves included) or a hazard. */
const anyUnit = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: hazard },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  },
);
/** One character PostgreSQL can store: any code point but U+0000 and the surrogate halves. */
const storableUnit = fc.oneof(
  fc
    .oneof(fc.integer({ min: 1, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff }))
    .map((c) => String.fromCodePoint(c)),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
  hazard.filter((h) => !/[\0\ud800-\udfff]/.test(h)),
);
/** Texts around and far over the contract's limits (200, 500, 2000), up to 100k characters. */
const long = (start: fc.Arbitrary<string>) =>
  fc
    .tuple(start, fc.constantFrom(199, 200, 201, 500, 2000, 2001, 100_000))
    .map(([head, length]) => `${head}Zoë 🎟️ مرحبا `.repeat(length).slice(0, length));
const anyText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: anyUnit, maxLength: 30 }) },
  { weight: 1, arbitrary: long(fc.string({ unit: anyUnit, maxLength: 5 })) },
);
const storableText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: storableUnit, maxLength: 30 }) },
  { weight: 1, arbitrary: long(fc.string({ unit: storableUnit, maxLength: 5 })) },
);
/** Mostly text the contract should take, so the property sees values stored, not only refused. */
const text = fc.oneof({ weight: 5, arbitrary: storableText }, { weight: 1, arbitrary: anyText });

const pad = (n: number, width: number) => String(n).padStart(width, "0");
/** Real times across the accepted years 0001-9999, with 0-6 fraction digits. */
const realTimestamp = fc
  .tuple(
    fc.date({
      min: new Date("0001-01-01T00:00:00.000Z"),
      max: new Date("9999-12-31T23:59:59.999Z"),
      noInvalidDate: true,
    }),
    fc.integer({ min: 0, max: 999 }),
    fc.integer({ min: 0, max: 6 }),
  )
  .map(([date, micros, digits]) => {
    const fraction = `${pad(date.getUTCMilliseconds(), 3)}${pad(micros, 3)}`.slice(0, digits);
    return `${date.toISOString().slice(0, 19)}${digits ? `.${fraction}` : ""}Z`;
  });
/** Timestamps just outside: the year 0000, impossible dates and times, 0-8 fraction digits. */
const anyTimestamp = fc
  .record({
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 1, 1969, 1970, 9999)),
    month: fc.integer({ min: 1, max: 13 }),
    day: fc.oneof(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 29, max: 32 })),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 60 }),
    fraction: fc.string({ unit: fc.constantFrom(..."0123456789"), maxLength: 8 }),
  })
  .map(
    (t) =>
      `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${t.fraction ? `.${t.fraction}` : ""}Z`,
  );
const timestamp = fc.oneof(
  { weight: 4, arbitrary: realTimestamp },
  { weight: 1, arbitrary: anyTimestamp },
);
/** Money amounts: any safe integer and the values just beyond what the contract accepts. */
const amount = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.maxSafeNat(),
  fc.constantFrom(0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, -1, 1.5, 2 ** 63),
);

/** A plain event's values, for the examples. */
const EXAMPLE = {
  id: "Gala",
  name: "Gala",
  venue: "Hall",
  tierName: "Standing",
  description: "Front row",
  startsAt: "2030-01-01T19:00:00Z",
  salesStart: "2029-01-01T00:00:00Z",
  price: 4500,
};

/** What a time reads as: the contract's own meaning of it, the millisecond JS `Date` holds. */
const instant = (value: string | undefined) =>
  value === undefined ? undefined : new Date(Date.parse(value)).toISOString();
/** Optional texts: an empty one is answered as absent. */
const optional = (value: string | undefined) => (value ? value : undefined);

describe.each(STORE_KINDS)("the storage edge on %s", (store) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ store, webhooks: false });
  });
  afterAll(() => h?.close());

  test("an event's texts, times and price are stored and read back unchanged, or refused with 422", async () => {
    const c = h.via.express;
    let n = 0;
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          // Any slug the contract takes (case kept), made unique by the run's number.
          id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,50}$/),
          name: text,
          venue: text,
          tierName: text,
          description: text,
          startsAt: timestamp,
          salesStart: timestamp,
          price: amount,
        }),
        async (v) => {
          const body = {
            name: v.name,
            venue: v.venue,
            startsAt: v.startsAt,
            currency: "EUR",
            tiers: [
              {
                id: "ga",
                name: v.tierName,
                description: v.description,
                price: { amount: v.price, currency: "EUR" },
                capacity: 10,
                salesStart: v.salesStart,
              },
            ],
          };
          const eventId = `${v.id}-${++n}`;
          const put = await c.api("PUT", `/admin/events/${eventId}`, { token: ADMIN, body });
          const parsed = z.safeParse(EventInput, body);
          if (!parsed.success) {
            expect(put.status, put.text).toBe(422);
            expect(put.body.code).toBe("invalid_request");
            return;
          }
          expect(put.status, put.text).toBe(201);
          stored++;
          const got = await c.api("GET", `/events/${eventId}`);
          const input = parsed.data;
          const tier = input.tiers[0]!;
          expect(got.body.id).toBe(eventId);
          expect(got.body.name).toBe(input.name);
          expect(got.body.venue).toBe(optional(input.venue));
          expect(got.body.startsAt).toBe(instant(input.startsAt));
          expect(got.body.tiers[0].name).toBe(tier.name);
          expect(got.body.tiers[0].description).toBe(optional(tier.description));
          expect(got.body.tiers[0].salesStart).toBe(instant(tier.salesStart));
          expect(got.body.tiers[0].price).toEqual(tier.price);
        },
      ),
      {
        ...settings,
        // Always run, before the generated values: what the property once found on PGlite.
        examples: [
          // Years 0001-0099 were read back as 19xx/20xx (PGlite's own timestamptz reader).
          [{ ...EXAMPLE, startsAt: "0099-12-31T23:59:59Z", salesStart: "0001-01-01T00:00:00.5Z" }],
          // A leading U+FEFF was dropped when read back (PGlite's text decoding).
          [{ ...EXAMPLE, description: "\ufeffFront row", venue: "\ufeffHall" }],
        ],
      },
    );
    // Guards the generators: a property that only ever saw refusals would prove nothing.
    expect(stored).toBeGreaterThan(0);
  });

  test("a buyer's name and reference are stored and read back unchanged, or refused with 422", async () => {
    const c = h.via.fastify;
    await c.createEvent("prop-buyers", {
      tiers: [{ id: "ga", name: "GA", price: { amount: 100, currency: "EUR" }, capacity: 10_000 }],
    });
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(text, fc.option(text, { nil: undefined }), async (name, reference) => {
        const body = {
          buyer: { name, email: "ada@example.com" },
          returnUrl: `${new URL(c.baseUrl).origin}/thanks`,
          ...(reference !== undefined ? { reference } : {}),
        };
        const { order } = await checkoutOneSeat(c, "prop-buyers", body);
        if (!order) return;
        stored++;
        const parsed = z.parse(CheckoutRequest, body);
        expect(order.body.buyer.name).toBe(parsed.buyer.name);
        expect(order.body.reference).toBe(parsed.reference);
      }),
      settings,
    );
    expect(stored).toBeGreaterThan(0);
  });

  test("an answer's text is stored (jsonb) and read back trimmed, or refused with 422", async () => {
    const c = h.via.express;
    await c.createEvent("prop-answers", {
      tiers: [{ id: "ga", name: "GA", price: { amount: 100, currency: "EUR" }, capacity: 10_000 }],
      questions: [{ id: "note", label: "Note", type: "long_text" }],
    } as never);
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(text, async (note) => {
        const body = {
          buyer: { name: "Ada", email: "ada@example.com" },
          returnUrl: `${new URL(c.baseUrl).origin}/thanks`,
          answers: { note },
        };
        const { checkout, order } = await checkoutOneSeat(c, "prop-answers", body);
        if (!order) {
          // A note past the body limit is refused before the contract reads it (path "").
          const tooLarge = Buffer.byteLength(JSON.stringify(body)) > ADMIT_DEFAULTS.maxBodyBytes;
          expect(checkout.body.errors.map((e: { path: string }) => e.path)).toContain(
            tooLarge ? "" : "answers.note",
          );
          return;
        }
        stored++;
        // Blank answers are left out; the others come back trimmed, as sent otherwise.
        expect(order.body.answers).toEqual(note.trim() ? { note: note.trim() } : {});
      }),
      settings,
    );
    expect(stored).toBeGreaterThan(0);
  });

  test("a query's times and cursor answer 200 or 422 naming the field, as the contract decides", async () => {
    const c = h.via.express;
    // Short values: a query string of 100k characters is refused by Node (431) before the kit.
    const short = fc.string({ unit: anyUnit, maxLength: 30 });
    const cursor = fc.oneof(
      short,
      fc
        .tuple(timestamp, fc.oneof(short, fc.constant("ord_aaaaaaaaaaaa")))
        .map(([at, id]) => Buffer.from(`${at}|${id}`).toString("base64url")),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ updatedFrom: fc.oneof(timestamp, short), cursor }, { requiredKeys: [] }),
        async (query) => {
          const params = new URLSearchParams(query as Record<string, string>);
          const answer = await c.api("GET", `/admin/orders?${params}`, { token: ADMIN });
          const contract = z.safeParse(OrderListQuery, Object.fromEntries(params));
          if (!contract.success) {
            expect(answer.status, answer.text).toBe(422);
            return;
          }
          // The contract took the cursor's text; the kit decodes it and refuses any it did not make.
          expect([200, 422], answer.text).toContain(answer.status);
          if (answer.status === 422)
            expect(answer.body.errors.map((e: { path: string }) => e.path)).toEqual(["cursor"]);
        },
      ),
      settings,
    );
  });

  // The control: the same round trip straight into the store, without the contract's text
  // rule, must fail, and on a value the rule refuses. Shows the property can catch a value the
  // database refuses (U+0000) or silently changes (an unpaired surrogate becomes U+FFFD).
  test("control: without the contract, the round trip finds a text the database refuses or changes", async () => {
    const roundTrip = fc.asyncProperty(
      fc.string({ unit: anyUnit, maxLength: 30 }),
      async (value) => {
        const rows = await h.db.store
          .query<{ v: string }>("select $1::text as v", [value])
          .catch(() => [{ v: "(refused)" }]);
        return rows[0]?.v === value;
      },
    );
    const result = await fc.check(roundTrip, { ...settings, numRuns: 100 });
    expect(result.failed, "the property finds a failing value").toBe(true);
    const [value] = result.counterexample!;
    expect(isStorableText(value), JSON.stringify(value)).toBe(false);
  });

  test("ids in the path answer 404, never 500", async () => {
    const c = h.via.fastify;
    await fc.assert(
      // Not empty, "." or "..": those are other paths (the listing, or a parent).
      // Short: a path of 100k characters is refused by Node (431) before the kit.
      fc.asyncProperty(
        fc
          .string({ unit: anyUnit, minLength: 1, maxLength: 30 })
          .filter((id) => id !== "." && id !== ".."),
        async (id) => {
          const path = percentEncode(id);
          for (const route of [`/admin/orders/${path}`, `/events/${path}`]) {
            const answer = await c.api("GET", route, { token: ADMIN });
            // 400: Fastify's router refuses malformed percent-encoding before the kit.
            expect([404, 400], `${route} ${answer.text}`).toContain(answer.status);
          }
        },
      ),
      { ...settings, numRuns: RUNS / 2 },
    );
  });
});

/**
 * Percent-encodes `value` as UTF-8, an unpaired surrogate as the 3 bytes UTF-8 forbids for it
 * (what a hostile client can send; `encodeURIComponent` would throw).
 */
function percentEncode(value: string): string {
  let out = "";
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff)
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join("");
    else out += encodeURIComponent(char);
  }
  return out;
}

// The control for times: PGlite's own timestamptz reader fails the round trip (years 0001-0099
// come back as 19xx/20xx), which the PGlite store passes with pg's parser.
describe("control: the time round trip on PGlite", () => {
  const roundTrip = (query: (sql: string, params: unknown[]) => Promise<{ t: Date }[]>) =>
    fc.asyncProperty(realTimestamp, async (value) => {
      const [row] = await query("select $1::timestamptz as t", [value]);
      return row!.t.toISOString() === instant(value);
    });

  test("fails with PGlite's own reader, on a year before 0100", async () => {
    const raw = new PGlite();
    try {
      const result = await fc.check(
        roundTrip(async (sql, params) => (await raw.query<{ t: Date }>(sql, params)).rows),
        { ...settings, numRuns: 100 },
      );
      expect(result.failed, "the property finds a failing time").toBe(true);
      expect(result.counterexample![0].slice(0, 2)).toBe("00");
    } finally {
      await raw.close();
    }
  });

  test("passes with the PGlite store", async () => {
    const store = createPgliteStore();
    try {
      await fc.assert(
        roundTrip((sql, params) => store.query<{ t: Date }>(sql, params)),
        { ...settings, numRuns: 100 },
      );
    } finally {
      await store.close();
    }
  });
});
