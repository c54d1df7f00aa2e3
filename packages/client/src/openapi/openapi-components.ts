import * as z from "zod/mini";
import * as contract from "../contract/index.js";

/** What the document says about a named schema beyond what zod knows. */
export interface ComponentMeta {
  /** The name under `#/components/schemas/`. */
  id: string;
  /** Requests are described as zod reads them (`input`: defaults make fields optional). */
  io?: "input";
  description?: string;
  /** A check zod holds as a function (`refine`), spelled out for JSON Schema readers. */
  format?: string;
  pattern?: string;
  examples?: readonly unknown[];
}

/**
 * The contract's schemas that get a name in the document, with the rules their `refine`
 * checks implement (which JSON Schema cannot see) spelled out as `format` or `pattern`.
 * Every other schema is written out where it is used.
 */
const COMPONENTS: readonly [z.ZodMiniType, ComponentMeta][] = [
  [
    contract.Timestamp,
    {
      id: "Timestamp",
      format: "date-time",
      description: "An RFC 3339 UTC timestamp (`Z`, fractions of a second allowed)",
      examples: ["2026-11-22T18:00:00Z"],
    },
  ],
  [contract.HttpUrl, { id: "HttpUrl", format: "uri", description: "An absolute http(s) URL" }],
  [
    contract.CurrencyCode,
    {
      id: "CurrencyCode",
      pattern: "^[A-Z]{3}$",
      description: "An ISO 4217 currency code",
      examples: ["EUR"],
    },
  ],
  [
    contract.TimeZone,
    { id: "TimeZone", description: "An IANA time zone", examples: ["Europe/Berlin"] },
  ],
  [
    contract.Money,
    {
      id: "Money",
      description: "An integer count of the currency's minor unit; never a float",
      examples: [{ amount: 4500, currency: "EUR" }],
    },
  ],
  [contract.Event, { id: "Event", description: "An event as a buyer sees it" }],
  [contract.Tier, { id: "Tier", description: "A tier with live availability" }],
  [contract.HoldItem, { id: "HoldItem" }],
  [contract.HoldRequest, { id: "HoldRequest", io: "input" }],
  [contract.Hold, { id: "Hold" }],
  [contract.Buyer, { id: "Buyer" }],
  [contract.CheckoutRequest, { id: "CheckoutRequest", io: "input" }],
  [contract.Checkout, { id: "Checkout" }],
  [contract.PaymentAttemptRequest, { id: "PaymentAttemptRequest", io: "input" }],
  [contract.OrderStatus, { id: "OrderStatus" }],
  [
    contract.Ticket,
    { id: "Ticket", description: "An admission ticket; `code` is what the door scans" },
  ],
  [contract.WaitlistRequest, { id: "WaitlistRequest", io: "input" }],
  [contract.WaitlistEntry, { id: "WaitlistEntry" }],
  [contract.EventInput, { id: "EventInput", io: "input" }],
  [contract.TierInput, { id: "TierInput", io: "input" }],
  [contract.Actor, { id: "Actor" }],
  [contract.OrderLine, { id: "OrderLine" }],
  [contract.PaymentAttempt, { id: "PaymentAttempt" }],
  [contract.Refund, { id: "Refund" }],
  [contract.AdminOrder, { id: "AdminOrder" }],
  [contract.OrderPage, { id: "OrderPage" }],
  [contract.OrderListQuery, { id: "OrderListQuery", io: "input" }],
  [contract.DownloadQuery, { id: "DownloadQuery", io: "input" }],
  [contract.OrderReceipt, { id: "OrderReceipt" }],
  [contract.ReceiptLine, { id: "ReceiptLine" }],
  [contract.TimelineEntry, { id: "TimelineEntry" }],
  [contract.Timeline, { id: "Timeline" }],
  [contract.CancellationInfo, { id: "CancellationInfo" }],
  [contract.CancelRequest, { id: "CancelRequest", io: "input" }],
  [contract.RefundRequest, { id: "RefundRequest", io: "input" }],
  [contract.ResolveRequest, { id: "ResolveRequest", io: "input" }],
  [contract.AttendeeChangeRequest, { id: "AttendeeChangeRequest", io: "input" }],
  [contract.CheckInRequest, { id: "CheckInRequest", io: "input" }],
  [contract.PaymentLinkRequest, { id: "PaymentLinkRequest", io: "input" }],
  [contract.PaymentLink, { id: "PaymentLink" }],
  [contract.PaymentLinkResendRequest, { id: "PaymentLinkResendRequest", io: "input" }],
  [contract.Reconciliation, { id: "Reconciliation" }],
  [contract.ReconciliationQuery, { id: "ReconciliationQuery", io: "input" }],
  [contract.AdminWaitlistEntry, { id: "AdminWaitlistEntry" }],
  [contract.WaitlistPage, { id: "WaitlistPage" }],
  [contract.WaitlistListQuery, { id: "WaitlistListQuery", io: "input" }],
  [contract.Health, { id: "Health" }],
  [contract.Readiness, { id: "Readiness" }],
  [contract.WebhookReceipt, { id: "WebhookReceipt" }],
  [contract.FieldError, { id: "FieldError" }],
  [
    contract.Problem,
    {
      id: "Problem",
      description:
        "An RFC 9457 problem (`application/problem+json`); `code` is stable, extra members depend on it",
    },
  ],
];

/** A JSON Schema object as zod writes it. */
export type JsonSchema = { [key: string]: unknown };

/** The named schemas in both readings, before one is picked per schema. */
export interface ComponentReadings {
  input: Record<string, JsonSchema>;
  output: Record<string, JsonSchema>;
  /** The reading each name is published in. */
  io: Record<string, "input" | "output">;
}

/** Where a named schema is referenced from. */
export const componentRef = (id: string) => `#/components/schemas/${id}`;

function read(registry: z.core.$ZodRegistry<ComponentMeta>, io: "input" | "output") {
  const { schemas } = z.toJSONSchema(registry, {
    io,
    metadata: registry,
    uri: componentRef,
    unrepresentable: "throw",
    // Answers may gain fields in a later version without breaking anyone (the client strips
    // what it does not know), so the document does not promise that they never do.
    ...(io === "output" && {
      override: ({ jsonSchema }) => {
        if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
      },
    }),
  });
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // Components are parts of one OpenAPI document, not standalone JSON Schema resources.
    const { $schema: _dialect, $id: _id, id: _meta, io: _io, ...rest } = schema as JsonSchema;
    out[id] = rest;
  }
  return out;
}

/**
 * Every named schema as zod reads it for requests (`input`) and for answers (`output`), and
 * which reading the document publishes for each.
 */
export function componentReadings(): ComponentReadings {
  const registry = z.registry<ComponentMeta>();
  for (const [schema, meta] of COMPONENTS) registry.add(schema, meta);
  return {
    input: read(registry, "input"),
    output: read(registry, "output"),
    io: Object.fromEntries(COMPONENTS.map(([, meta]) => [meta.id, meta.io ?? "output"])),
  };
}

/** The schemas named in the document. */
export const COMPONENT_SCHEMAS: ReadonlyMap<z.ZodMiniType, ComponentMeta> = new Map(COMPONENTS);
