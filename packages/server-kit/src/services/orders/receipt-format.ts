import type { Money, OrderReceipt } from "@admit/client/contract";
import { currencyExponent } from "../payments/currency-exponent.js";

/** The languages the kit writes the buyer's documents in (e-mail, PDF). */
export type DocumentLocale = "en" | "de";

const INTL_LOCALES: Record<DocumentLocale, string> = { en: "en-GB", de: "de-DE" };

/** An amount in minor units as the buyer reads it, e.g. `€45.00` / `45,00 €`. */
export function formatMoney(money: Money, locale: DocumentLocale): string {
  const exponent = currencyExponent(money.currency);
  return new Intl.NumberFormat(INTL_LOCALES[locale], {
    style: "currency",
    currency: money.currency,
  }).format(money.amount / 10 ** exponent);
}

/**
 * The event's date and time in the event's own time zone (UTC when it has none), with the
 * zone's name, e.g. `Saturday 6 June 2026, 19:30 CEST`; with the end time when there is one.
 */
export function formatEventTime(event: OrderReceipt["event"], locale: DocumentLocale): string {
  const timeZone = event.timeZone ?? "UTC";
  const intl = INTL_LOCALES[locale];
  const start = new Date(event.startsAt);
  const date = new Intl.DateTimeFormat(intl, {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(start);
  const time = (at: Date, zoneName: boolean) =>
    new Intl.DateTimeFormat(intl, {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      ...(zoneName ? { timeZoneName: "short" } : {}),
    }).format(at);
  if (!event.endsAt) return `${date}, ${time(start, true)}`;
  const end = new Date(event.endsAt);
  const sameDay =
    new Intl.DateTimeFormat("en-CA", { timeZone }).format(start) ===
    new Intl.DateTimeFormat("en-CA", { timeZone }).format(end);
  return sameDay
    ? `${date}, ${time(start, false)}–${time(end, true)}`
    : `${date}, ${time(start, true)}`;
}

/** A ticket code in groups of four a person can read out, e.g. `3F2A 9C01 77BE …`. */
export function groupCode(code: string): string {
  return code.match(/.{1,4}/g)?.join(" ") ?? code;
}
