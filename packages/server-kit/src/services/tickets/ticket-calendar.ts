import type { OrderReceipt } from "@admit/client/contract";
import { TZDate } from "@date-fns/tz";
import { ICalCalendar } from "ical-generator";
import { tzlib_get_ical_block } from "timezones-ical-library";

// An event without an end is given this long in the calendar.
const DEFAULT_DURATION_MS = 2 * 60 * 60_000;

/**
 * The event as an iCalendar file (RFC 5545): one `VEVENT` whose `UID` is stable per order (a
 * second download updates the same calendar entry), with its start and end in the event's time
 * zone (`DTSTART;TZID=Europe/Berlin:…` and the zone's `VTIMEZONE`; UTC when the event has no
 * zone), the venue as `LOCATION`, and the order number and tickets in the description;
 * `DTSTAMP` is `now` in UTC.
 */
export function renderCalendar(
  receipt: OrderReceipt,
  options: { url?: string; now?: Date } = {},
): string {
  const { event } = receipt;
  const zone = event.timeZone;
  const calendar = new ICalCalendar({ prodId: { company: "Admit", product: "server-kit" } });
  if (zone)
    calendar.timezone({
      name: zone,
      generator: (tz: string) => tzlib_get_ical_block(tz)[0] ?? null,
    });
  const start = new Date(event.startsAt);
  const end = event.endsAt
    ? new Date(event.endsAt)
    : new Date(start.getTime() + DEFAULT_DURATION_MS);
  // A TZDate's fields are the wall-clock time in its zone, which ical-generator writes after TZID.
  const at = (date: Date) => (zone ? new TZDate(date.getTime(), zone) : date);
  const valid = receipt.tickets.filter((ticket) => ticket.status === "valid");
  calendar.createEvent({
    id: `${receipt.orderId}@admit`,
    start: at(start),
    end: at(end),
    ...(zone ? { timezone: zone } : {}),
    summary: event.name,
    ...(event.venue ? { location: event.venue } : {}),
    description: [
      `Order ${receipt.orderNumber}`,
      ...valid.map((ticket) => `${ticket.tierName}: ${ticket.attendee.name}`),
    ].join("\n"),
    ...(options.url ? { url: options.url } : {}),
  });
  // ical-generator writes DTSTAMP in the calendar's zone (and the process's local time for a
  // plain Date); RFC 5545 wants it in UTC.
  const stamp = (options.now ?? new Date()).toISOString().replace(/[-:]|\.\d+/g, "");
  return calendar.toString().replace(/^DTSTAMP:.*$/m, `DTSTAMP:${stamp}`);
}
