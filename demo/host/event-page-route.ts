import { DEMO_EVENT_ID, EVENT_PAGE_CSP, renderEventPage } from "../site/event-page.js";

/** What the host page route answers, for any framework to send. */
export interface EventPageResponse {
  headers: Record<string, string>;
  body: string;
}

/**
 * The organizer's page for `?event=<id>` (the demo event when absent or not a single value),
 * with the CSP that the widget must live with.
 */
export function eventPageResponse(eventQuery: unknown, api: string): EventPageResponse {
  const eventId = typeof eventQuery === "string" && eventQuery !== "" ? eventQuery : DEMO_EVENT_ID;
  return {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": EVENT_PAGE_CSP,
      "cache-control": "no-store",
      "referrer-policy": "same-origin",
      "x-content-type-options": "nosniff",
    },
    body: renderEventPage({ eventId, api }),
  };
}
