// The organizer's own script (no build step): what a real host page does with the widget.
// - `?lang=de` shows the tickets in German (the page itself is English, so its `lang` would win);
// - the hero shows the event's date and the lowest price on sale once the widget has loaded the
//   event (`admit-ready`), so the page never repeats data the kit owns.
const widget = document.querySelector("admit-tickets");
const lang = new URLSearchParams(location.search).get("lang");
if (widget && lang) widget.setAttribute("locale", lang);

const facts = document.querySelector("[data-event-facts]");
widget?.addEventListener("admit-ready", (e) => {
  const { event } = e.detail;
  if (!facts || event.id !== widget.getAttribute("event")) return;
  const locale = widget.getAttribute("locale") || document.documentElement.lang;
  const when = new Intl.DateTimeFormat(locale, {
    dateStyle: "full",
    timeStyle: "short",
    timeZone: event.timeZone || undefined,
  }).format(new Date(event.startsAt));
  const onSale = event.tiers.filter(
    (t) => t.availability === "available" || t.availability === "limited",
  );
  const cheapest = onSale.sort((a, b) => a.price.amount - b.price.amount)[0];
  const from = cheapest
    ? new Intl.NumberFormat(locale, {
        style: "currency",
        currency: cheapest.price.currency,
        minimumFractionDigits: cheapest.price.amount % 100 ? 2 : 0,
      }).format(cheapest.price.amount / 100)
    : "";
  facts.querySelector("[data-when]").textContent = when;
  facts.querySelector("[data-from]").textContent = from ? `from ${from}` : "";
  facts.hidden = false;
});
