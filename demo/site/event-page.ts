/** The id of the event the demo seeds and the page embeds when no `?event=` is given. */
export const DEMO_EVENT_ID = "demo";

/**
 * Content-Security-Policy of the page. `script-src 'self'` with neither `unsafe-inline` nor
 * `unsafe-eval` proves that the one script tag of the widget needs nothing more.
 */
export const EVENT_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for an HTML attribute value or element content. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * The fictional organizer's event page: plain HTML and CSS, one script tag for the widget.
 * `eventId` comes from the query string, so it is escaped; anything else than the demo event
 * gets the same site with only the ticket section.
 *
 * @example
 * renderEventPage({ eventId: "demo", api: "/admit" });
 */
export function renderEventPage(options: { eventId: string; api: string }): string {
  const eventId = escapeHtml(options.eventId);
  const api = escapeHtml(options.api);
  const featured = options.eventId === DEMO_EVENT_ID;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${featured ? "Harbourlight Jazz Nights" : "Tickets"} · Harbourlight Concerts</title>
  <meta name="description" content="Harbourlight Concerts: live jazz by the water. Admit demo site.">
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/site.css">
  <script type="module" src="/site.js"></script>
  <script type="module" src="/admit.js"></script>
</head>
<body>
  <header class="site-header">
    <a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span>Harbourlight Concerts</a>
    <nav aria-label="Main">
      <a href="#tickets">Tickets</a>
      ${featured ? '<a href="#programme">Programme</a>\n      <a href="#venue">Venue</a>' : ""}
    </nav>
  </header>
  <main>
${featured ? FEATURED_INTRO : ""}
    <section id="tickets" class="tickets" aria-labelledby="tickets-title">
      <h2 id="tickets-title">Tickets</h2>
      <p class="muted">Seats are held for you while you pay. You pay on the payment provider's page and come back here for your tickets.</p>
      <admit-tickets event="${eventId}" api="${api}"${featured ? ' class="below-hero"' : ""}></admit-tickets>
    </section>
${featured ? FEATURED_VENUE : ""}
  </main>
  <footer class="site-footer">
    <p>Harbourlight Concerts is a fictional organizer. This site is the demo of Admit:
      payments go to a local sandbox provider and no real money moves.</p>
  </footer>
</body>
</html>
`;
}

const FEATURED_INTRO = `    <section class="hero" aria-labelledby="event-title">
      <p class="eyebrow">Pier 7 Warehouse · Hamburg</p>
      <h1 id="event-title">Harbourlight Jazz Nights</h1>
      <p class="facts" data-event-facts hidden><span data-when></span> · <strong data-from></strong></p>
      <p class="lead">Three bands, one long night by the water. Doors at 19:00, first set at 20:00,
        late-night jam until the harbour lights go out.</p>
      <a class="cta" href="#tickets">Get tickets</a>
    </section>
    <section id="programme" class="programme" aria-labelledby="programme-title">
      <h2 id="programme-title">Programme</h2>
      <ol class="acts">
        <li><span class="time">20:00</span><strong>The Tidal Quartet</strong><span>Hard bop with a sea breeze.</span></li>
        <li><span class="time">21:30</span><strong>Mira Okafor Trio</strong><span>Piano, bass, drums and a lot of space.</span></li>
        <li><span class="time">23:00</span><strong>Dockside Big Band</strong><span>Seventeen players, one very small stage.</span></li>
      </ol>
    </section>
`;

const FEATURED_VENUE = `    <section id="venue" class="venue" aria-labelledby="venue-title">
      <h2 id="venue-title">Venue</h2>
      <p>Pier 7 Warehouse, Am Kai 7, Hamburg. Step-free access through the side entrance;
        standing area with a few seats along the windows.</p>
    </section>
`;
