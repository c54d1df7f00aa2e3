/**
 * The one HTTP contract of Admit: zod schemas for every request, response and problem body.
 * The server validates with them and the client checks every answer against them.
 * @module
 */
export * from "./admin.js";
export * from "./answer-rules.js";
export * from "./checkout.js";
export * from "./csv-columns.js";
export * from "./downloads.js";
export * from "./event.js";
export * from "./hold.js";
export * from "./money.js";
export * from "./operations.js";
export * from "./order.js";
export * from "./primitives.js";
export * from "./problem.js";
export * from "./promo.js";
export * from "./questions.js";
export * from "./receipt.js";
export * from "./ticket-keys.js";
export * from "./waitlist.js";
