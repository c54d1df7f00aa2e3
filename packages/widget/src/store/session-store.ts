/** An id with the secret that authorizes reading it. */
export interface Credential {
  readonly id: string;
  readonly token: string;
}

/** What the widget needs to resume after a reload or the return from the payment page. */
export interface SavedSession {
  readonly hold?: Credential;
  readonly order?: Credential;
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
 * First-party session state of one widget, keyed by API and event so several widgets on a
 * page never mix their holds and orders. Tokens stay in the browser tab (`sessionStorage`).
 * @example new SessionStore("https://tickets.example.com/admit", "gala").read().order?.id
 */
export class SessionStore {
  private readonly key: string;

  constructor(
    api: string,
    event: string,
    /** Where to keep the session; @default () => sessionStorage */
    private readonly storage: () => Storage = () => sessionStorage,
  ) {
    this.key = `admit:${api}#${event}`;
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
      return {
        ...(isCredential(saved.hold) && { hold: saved.hold }),
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
