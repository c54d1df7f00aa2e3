import type { AdmitCheckoutEvent } from "@admit/widget";
import { expect } from "chai";
import { reserve, samePagePayment } from "./helpers/flow.js";
import { useMockApi } from "./helpers/mock-worker.js";
import {
  blockStorage,
  byRole,
  cleanUp,
  inState,
  mount,
  recordEvents,
  type,
  until,
} from "./helpers/widget.js";

/** What the widget may touch of the payment window. */
interface FakePopup {
  closed: boolean;
  location: { href: string };
  opener: unknown;
  close(): void;
}

/** The Navigation API (Chromium); not in TypeScript's DOM types yet. */
declare const navigation: EventTarget;
type NavigateEvent = Event & { destination: { url: string } };

const realOpen = window.open;

/** Replaces `window.open`: records its calls and answers with `popup` (null: blocked). */
function stubOpen(popup: FakePopup | null) {
  const calls: unknown[][] = [];
  window.open = (...args: unknown[]) => {
    calls.push(args);
    return popup as unknown as Window;
  };
  return calls;
}

function fakePopup(): FakePopup {
  return {
    closed: false,
    location: { href: "" },
    opener: {},
    close() {
      this.closed = true;
    },
  };
}

function fillBuyer(el: HTMLElement) {
  type(byRole(el, "textbox", "Name"), "Ada Lovelace");
  type(byRole(el, "textbox", "Email"), "ada@example.com");
}

describe('checkout="popup"', () => {
  afterEach(() => {
    window.open = realOpen;
    cleanUp();
  });

  it("opens the payment page in a window inside the Pay click, cuts its opener, and polls this page to paid", async () => {
    const api = await useMockApi({
      orderStatuses: ["pending_payment", "pending_payment", "paid"],
      nextPollMs: 300,
    });
    const popup = fakePopup();
    const calls = stubOpen(popup);
    const el = mount({ checkout: "popup" });
    const checkouts = recordEvents(el, ["admit-checkout"]);
    await reserve(el);
    fillBuyer(el);
    byRole(el, "button", /^Pay/).click();
    // Browsers only allow a window opened during the click, before the checkout is answered.
    expect(calls).to.have.length(1);
    expect(calls[0]![0]).to.equal("");
    await inState(el, "confirming");
    const { paymentUrl, mode } = (checkouts[0] as AdmitCheckoutEvent).detail;
    expect(mode).to.equal("popup");
    expect(popup.location.href).to.equal(paymentUrl);
    expect(popup.opener).to.equal(null);
    expect(popup.closed).to.equal(false);
    expect(el.state).to.include({ name: "confirming", paymentUrl });
    await until(() => api.requests("getOrder").length > 0, "a poll while confirming");
    expect(el.state.name).to.equal("confirming");
    await inState(el, "paid");
    expect(popup.closed).to.equal(true);
  });

  it("falls back to the full-page redirect when the popup is blocked", async () => {
    await useMockApi();
    const calls = stubOpen(null);
    const navigations: string[] = [];
    // The widget's redirect is a real navigation: record it and keep the test page.
    const onNavigate = (e: Event) => {
      navigations.push((e as NavigateEvent).destination.url);
      e.preventDefault();
    };
    navigation.addEventListener("navigate", onNavigate);
    try {
      const el = mount({ checkout: "popup" });
      const checkouts = recordEvents(el, ["admit-checkout"]);
      await reserve(el);
      fillBuyer(el);
      byRole(el, "button", /^Pay/).click();
      expect(calls).to.have.length(1);
      await inState(el, "redirecting");
      const checkout = checkouts[0] as AdmitCheckoutEvent;
      expect(checkout.defaultPrevented).to.equal(false);
      expect(checkout.detail.mode, "the host hears what happens: a redirect").to.equal("redirect");
      await until(() => navigations.length > 0, "a navigation");
      expect(navigations).to.deep.equal([checkout.detail.paymentUrl]);
      expect(el.state.name).to.equal("redirecting");
    } finally {
      navigation.removeEventListener("navigate", onNavigate);
    }
  });

  describe("blocked storage", () => {
    /** Pays with the default checkout; answers the checkout event, the window and the calls. */
    async function payWithDefaultCheckout() {
      await useMockApi({ paymentUrl: samePagePayment });
      const popup = fakePopup();
      const calls = stubOpen(popup);
      const el = mount();
      const checkouts = recordEvents(el, ["admit-checkout"]);
      await reserve(el);
      fillBuyer(el);
      byRole(el, "button", /^Pay/).click();
      await until(() => checkouts.length > 0, "the checkout event");
      return { el, popup, calls, detail: (checkouts[0] as AdmitCheckoutEvent).detail };
    }

    afterEach(() => history.replaceState(null, "", location.pathname + location.search));

    it("opens the payment page in a window, as a redirect would lose the order's token, and polls on", async () => {
      const unblock = blockStorage();
      try {
        const { el, popup, calls, detail } = await payWithDefaultCheckout();
        expect(calls).to.have.length(1);
        expect(detail.mode).to.equal("popup");
        expect(popup.location.href).to.equal(detail.paymentUrl);
        await inState(el, "confirming");
        expect(location.hash, "this page stayed").to.equal("");
      } finally {
        unblock();
      }
    });

    it("control: with storage the default checkout redirects and opens no window", async () => {
      const { el, calls, detail } = await payWithDefaultCheckout();
      expect(detail.mode).to.equal("redirect");
      await inState(el, "redirecting");
      expect(calls).to.have.length(0);
    });
  });
});
