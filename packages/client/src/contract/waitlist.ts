import * as z from "zod/mini";
import { Email, PersonName, prefixedId, Quantity, Slug, Timestamp } from "./primitives.js";

/** `POST /waitlist`. */
export const WaitlistRequest = z.object({
  eventId: Slug,
  tierId: Slug,
  email: Email,
  name: z.optional(PersonName),
  quantity: Quantity,
});
export type WaitlistRequest = z.infer<typeof WaitlistRequest>;

export const WaitlistEntry = z.object({
  id: /* @__PURE__ */ prefixedId("waitlist"),
  eventId: Slug,
  tierId: Slug,
  quantity: Quantity,
  /** 1-based place in the tier's queue when joined. */
  position: /* @__PURE__ */ z.int().check(z.gte(1)),
  createdAt: Timestamp,
});
export type WaitlistEntry = z.infer<typeof WaitlistEntry>;
