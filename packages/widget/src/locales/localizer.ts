import type { Money } from "@admit/client/contract";
import type { WidgetProblemCode } from "../state/widget-state.js";
import { english as en } from "./en.js";
import type { Messages } from "./en-all.js";

/**
 * Message catalogues by base language. English is built in; the others load on demand, so the
 * script-tag bundle carries one language and each other one is a small chunk beside it.
 * Adding a locale: one file beside this one, one line here.
 */
const CATALOGUES: Readonly<Record<string, () => Promise<Messages>>> = {
  en: async () => en,
  de: () => import("./de.js").then((m) => m.de),
};

function base(tag: string): string {
  return tag.split("-")[0]!.toLowerCase();
}

/**
 * Picks the first candidate language tag with a message catalogue (matching on the base
 * language, so `de-AT` uses German), and keeps the full tag for `Intl`. Falls back to `en`.
 * @example resolveLocale(["", "de-AT", "en-US"]) // "de-AT"
 */
export function resolveLocale(candidates: readonly (string | null | undefined)[]): string {
  for (const tag of candidates) {
    if (!tag) continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && CATALOGUES[base(canonical)]) return canonical;
    } catch {
      // A malformed `lang` or `locale` attribute must not break the widget: try the next one.
    }
  }
  return "en";
}

/**
 * Messages and `Intl` formatting for one locale, shared with every component through context.
 * @example new Localizer("de-DE").money({ amount: 4500, currency: "EUR" }) // "45,00 €"
 */
export class Localizer {
  /** The message catalogue. */
  readonly m: Messages;
  /** `Intl.NumberFormat`s by currency (money) and by unit (durations), made when first used. */
  private readonly formats = new Map<string, Intl.NumberFormat>();

  constructor(
    /** BCP 47 tag used for every `Intl` formatter. */
    readonly tag: string,
    /** The messages; @default English */
    messages: Messages = en,
  ) {
    this.m = messages;
  }

  /**
   * The localizer for `tag` once its catalogue has loaded (English when there is none).
   * @example const l = await Localizer.load("de-AT"); l.m.reserve // "Reservieren"
   */
  static async load(tag: string): Promise<Localizer> {
    const messages = (await CATALOGUES[base(tag)]?.()) ?? en;
    return new Localizer(messages === en && base(tag) !== "en" ? "en" : tag, messages);
  }

  /** What a problem means for the buyer and what they can do, never its code. */
  problem(code: WidgetProblemCode): string {
    const { problems } = this.m;
    return problems[code as keyof typeof problems] ?? problems.unknown;
  }

  /**
   * The `Intl.NumberFormat` for `key` (a currency code or a unit), made once: building one costs
   * more than formatting with it, and a list of tiers formats a price per tier.
   */
  private formatter(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
    let format = this.formats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(this.tag, options);
      this.formats.set(key, format);
    }
    return format;
  }

  /** Formats integer minor units in the currency's own number of fraction digits, exactly. */
  money({ amount, currency }: Money): string {
    const format = this.formatter(currency, { style: "currency", currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    const text = String(amount).padStart(digits + 1, "0");
    // A decimal string keeps large amounts exact where dividing a number could round.
    const decimal = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
    return format.format(decimal as Intl.StringNumericLiteral);
  }

  /**
   * A date and time such as the event's start or a tier's sales start, in the event's time zone
   * when it has one (named when it is not the buyer's own), else in the buyer's.
   * @example new Localizer("en").dateTime("2027-01-30T18:00:00Z", "Europe/Berlin") // "Jan 30, 2027, 7:00 PM GMT+1" (outside Berlin)
   */
  dateTime(timestamp: string, timeZone?: string): string {
    const date = new Date(timestamp);
    if (timeZone) {
      try {
        const own = new Intl.DateTimeFormat().resolvedOptions().timeZone;
        return new Intl.DateTimeFormat(this.tag, {
          year: "numeric",
          month: "short",
          day: "numeric",
          hour: "numeric",
          minute: "2-digit",
          timeZone,
          timeZoneName: own === timeZone ? undefined : "short",
        }).format(date);
      } catch {
        // A zone this browser does not know: the buyer's own zone is still a true time.
      }
    }
    return new Intl.DateTimeFormat(this.tag, { dateStyle: "medium", timeStyle: "short" }).format(
      date,
    );
  }

  /** A countdown such as `9:05`. */
  clock(ms: number): string {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    const two = new Intl.NumberFormat(this.tag, { minimumIntegerDigits: 2 });
    return `${new Intl.NumberFormat(this.tag).format(Math.floor(seconds / 60))}:${two.format(seconds % 60)}`;
  }

  /** A spoken duration such as `9 minutes` or `30 seconds`, for the live region. */
  duration(value: number, unit: "minute" | "second"): string {
    return this.formatter(unit, { style: "unit", unit, unitDisplay: "long" }).format(value);
  }
}
