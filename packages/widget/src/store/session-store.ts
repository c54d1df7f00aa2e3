import type { CheckoutRequest } from "@admit/client/contract";

/** An id with the secret that authorizes reading it. */
export interface Credential {
  readonly id: string;
  readonly token: string;
}

/** A checkout sent for the saved hold: replayed with its idempotency key after a reload. */
export interface PendingCheckout {
  readonly key: string;
  readonly body: CheckoutRequest;
}

/** What the widget needs to resume after a reload or the return from the payment page. */
export interface SavedSession {
  readonly hold?: Credential;
  readonly checkout?: PendingCheckout;
  /** The order and, to get back to it, its payment page. */
  readonly order?: Credential & { readonly paymentUrl?: string };
}

/**
 * Used when `sessionStorage` throws (blocked cookies, sandboxed frames, quota): keeps the
 * session for the life of the page, so removing and re-adding a widget still resumes.
 */
const memory = new Map<string, string>();

function isCredential(value: unknown): value is Credential {
  const v = value as Credential | null;
  return typeof v?.id === "string" && typeof v.token === "string";
}

/**
 * First-party session state of one widget, keyed by API, event and (from the second widget of
 * the same event on a page) its position, so several widgets never mix their holds and orders.
 * Tokens stay in the browser tab (`sessionStorage`).
 * @example new SessionStore("https://tickets.example.com/admit", "gala").read().order?.id
 */
export class SessionStore {
  private readonly key: string;

  constructor(
    api: string,
    event: string,
    /** Which widget of this event on the page, counted from 0. */
    position = 0,
    /** Where to keep the session; @default () => sessionStorage */
    private readonly storage: () => Storage = () => sessionStorage,
  ) {
    this.key = `admit:${api}#${event}${position ? `#${position}` : ""}`;
  }

  /** False when `sessionStorage` is blocked: the session then ends with this page. */
  get durable(): boolean {
    try {
      this.storage().getItem(this.key);
      return true;
    } catch {
      return false;
    }
  }

  /** The saved session; anything malformed is ignored, never trusted. */
  read(): SavedSession {
    let text: string | null | undefined;
    try {
      text = this.storage().getItem(this.key) ?? memory.get(this.key);
    } catch {
      text = memory.get(this.key);
    }
    try {
      const saved = JSON.parse(text ?? "{}") as Record<string, unknown>;
      const checkout = saved.checkout as PendingCheckout | undefined;
      return {
        ...(isCredential(saved.hold) && { hold: saved.hold }),
        ...(typeof checkout?.key === "string" && typeof checkout.body === "object" && { checkout }),
        ...(isCredential(saved.order) && { order: saved.order }),
      };
    } catch {
      return {};
    }
  }

  /** Replaces the saved session; an empty one removes it. */
  write(session: SavedSession): void {
    const text = session.hold || session.order ? JSON.stringify(session) : undefined;
    try {
      if (text) this.storage().setItem(this.key, text);
      else this.storage().removeItem(this.key);
      memory.delete(this.key);
    } catch {
      if (text) memory.set(this.key, text);
      else memory.delete(this.key);
    }
  }
}
