import type { Messages } from "./en-all.js";

/** German messages. */
export const de = {
  loading: "Tickets werden geladen…",
  retry: "Erneut versuchen",
  reserve: "Reservieren",
  release: "Freigeben",
  pay: (amount: string) => `Bezahlen: ${amount}`,
  paying: "Zahlung wird vorbereitet…",
  name: "Name",
  email: "E-Mail",
  attendee: (n: number, tier: string) => `Name auf Ticket ${n} (${tier})`,
  quantity: (tier: string) => `Anzahl für ${tier}`,
  fewer: (tier: string) => `Ein ${tier} weniger`,
  more: (tier: string) => `Ein ${tier} mehr`,
  quantityRange: (min: number, max: number) =>
    min > 1 ? `Wählen Sie ${min} bis ${max} Tickets oder 0.` : `Wählen Sie 0 bis ${max} Tickets.`,
  total: "Summe",
  chooseTickets: "Wählen Sie mindestens ein Ticket.",
  available: "Verfügbar",
  limited: (n: number) => `Nur noch ${n}`,
  soldOut: "Ausverkauft",
  notOnSale: (when?: string) => (when ? `Im Verkauf ab ${when}` : "Noch nicht im Verkauf"),
  ended: "Verkauf beendet",
  remaining: (n: number) => `Noch ${n}`,
  tax: (percent: number, inclusive: boolean) =>
    `${inclusive ? "inkl." : "zzgl."} ${percent.toLocaleString("de")} % MwSt.`,
  fee: (amount: string, per: string) =>
    `zzgl. ${amount} Gebühr${per === "order" ? " pro Bestellung" : ""}`,
  waitlistJoin: "Auf die Warteliste",
  waitlistTitle: (tier: string) => `Warteliste für ${tier}`,
  waitlistCancel: "Abbrechen",
  waitlistJoined: (n: number) =>
    `Sie stehen auf Platz ${n} der Warteliste. Wir schreiben Ihnen, sobald Plätze frei werden.`,
  heldFor: (time: string) => `Ihre Tickets sind noch ${time} reserviert.`,
  timeLeft: (time: string) => `Noch ${time}, um die Bestellung abzuschließen.`,
  lessThan: (time: string) => `Weniger als ${time}, um die Bestellung abzuschließen.`,
  reserved: "Für Sie reserviert",
  releaseAsk: "Diese Plätze freigeben? Andere können sie dann kaufen.",
  keep: "Behalten",
  heldUntil: (time: string, clock: string) =>
    `Ihre Plätze sind noch ${time} reserviert (bis ${clock}).`,
  released: "Die Plätze wurden freigegeben.",
  notCompleted:
    "Die Zahlung wurde nicht abgeschlossen: auf der Zahlungsseite abgebrochen oder nicht angenommen. Es wurde nichts abgebucht.",
  orderTotal: (amount: string) => `Bestellsumme: ${amount}`,
  holdExpired: "Ihre Reservierung ist abgelaufen, die Plätze wurden freigegeben.",
  reserveAgain: "Erneut reservieren",
  redirecting: "Sie werden zur sicheren Zahlungsseite weitergeleitet…",
  popup: "Schließen Sie die Zahlung im geöffneten Fenster ab.",
  continueToPayment: "Weiter zur Zahlung",
  confirming: "Ihre Zahlung wird bestätigt. Diese Seite aktualisiert sich selbst.",
  progress: "Zahlung wird bestätigt",
  paid: "Zahlung erhalten. Ihre Tickets:",
  ticketCode: "Ticketcode",
  expired:
    "Die Zahlungsfrist ist abgelaufen, die Plätze wurden freigegeben. Es wurde nichts abgebucht.",
  cancelled: "Diese Bestellung wurde storniert.",
  manualReview:
    "Ihre Zahlung ist eingegangen, muss aber vom Veranstalter geprüft werden. Es wird nichts doppelt abgebucht; der Veranstalter meldet sich.",
  startOver: "Tickets neu wählen",
  promoLabel: "Aktionscode",
  promoApply: "Einlösen",
  promoRemove: "Code entfernen",
  promoApplied: (code: string) => `Code ${code} eingelöst`,
  promoPercent: (percent: number) => `${percent.toLocaleString("de")} % Rabatt`,
  promoAmountOff: (amount: string) => `${amount} Rabatt`,
  promoSetPrice: (amount: string) => `${amount} pro Ticket`,
  promoProblems: {
    promo_code_unknown: "Dieser Code ist ungültig. Prüfen Sie die Schreibweise.",
    promo_code_expired: "Dieser Code ist abgelaufen oder noch nicht gültig.",
    promo_code_used_up: "Dieser Code ist bereits aufgebraucht.",
    promo_code_not_applicable: "Dieser Code gilt nicht für die gewählten Tickets.",
  },
  discount: (code: string) => `Rabatt (${code})`,
  fees: "Gebühren",
  vatIncluded: (amount: string) => `Enthält ${amount} MwSt.`,
  vat: "MwSt.",
  problems: {
    network:
      "Der Ticket-Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
    timeout: "Der Ticket-Server antwortet zu langsam. Bitte versuchen Sie es erneut.",
    unknown: "Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.",
    invalid_request: "Einige Angaben sind ungültig. Bitte prüfen Sie das Formular.",
    not_found:
      "Diese Tickets wurden nicht gefunden. Laden Sie die Seite neu oder wenden Sie sich an den Veranstalter.",
    not_on_sale: "Diese Tickets sind gerade nicht im Verkauf.",
    sold_out:
      "Nicht mehr genug Plätze frei. Wählen Sie weniger Tickets oder gehen Sie auf die Warteliste.",
    limit_exceeded: "Das sind mehr Tickets, als eine Bestellung haben darf. Wählen Sie weniger.",
    hold_not_active: "Ihre Reservierung ist beendet. Reservieren Sie erneut, um fortzufahren.",
    order_not_payable:
      "Diese Bestellung kann nicht mehr bezahlt werden. Wählen Sie die Tickets neu.",
    idempotency_in_progress:
      "Ihre Anfrage wird noch bearbeitet. Warten Sie kurz und versuchen Sie es erneut.",
    rate_limited: "Zu viele Versuche. Warten Sie eine Minute und versuchen Sie es erneut.",
    busy: "Der Ticket-Server ist ausgelastet, es wurde nichts geändert. Bitte versuchen Sie es erneut.",
    provider_unavailable:
      "Der Zahlungsdienst hat nicht geantwortet. Es wurde nichts abgebucht. Bitte versuchen Sie es erneut.",
    internal_error:
      "Auf dem Ticket-Server ist ein Fehler aufgetreten. Bitte versuchen Sie es gleich noch einmal.",
  },
} satisfies Messages;
