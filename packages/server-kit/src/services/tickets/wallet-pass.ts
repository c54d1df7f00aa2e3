import type { OrderReceipt } from "@admit/client/contract";
import { PNG } from "pngjs";
import type { AppleWalletOptions } from "../../admit-options.js";
import { AdmitError } from "../../errors/admit-error.js";
import { formatEventTime, groupCode } from "../orders/receipt-format.js";

/** A signed pass or bundle of passes, with its media type. */
export interface WalletFile {
  contentType: "application/vnd.apple.pkpass" | "application/vnd.apple.pkpasses";
  fileName: string;
  body: Uint8Array;
}

const COLORS = {
  background: "rgb(28, 28, 30)",
  foreground: "rgb(255, 255, 255)",
  label: "rgb(174, 174, 178)",
};

/** A plain square PNG of `color` (`rgb(r, g, b)`): the icon when the host gives none. */
function plainIcon(color: string, size: number): Buffer {
  const [r = 0, g = 0, b = 0] = (color.match(/\d+/g) ?? []).map(Number);
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([r, g, b, 255], i);
  return PNG.sync.write(png);
}

type PassKit = typeof import("passkit-generator");

async function loadPassKit(): Promise<PassKit> {
  try {
    return await import("passkit-generator");
  } catch (error) {
    throw new Error(
      "@admit/server-kit: Failed to load passkit-generator for `appleWallet`. Make sure to install it: npm install passkit-generator",
      { cause: error },
    );
  }
}

/**
 * The order's valid tickets as Apple Wallet event tickets, signed with the host's pass
 * certificates (`passkit-generator`): one `.pkpass` for one ticket, a `.pkpasses` bundle for
 * several. Each pass carries the ticket code as a QR barcode, the event, its local date and
 * time, the venue, the tier, the attendee and the order number, and is relevant at the start.
 */
export async function renderWalletPasses(
  receipt: OrderReceipt,
  options: AppleWalletOptions,
): Promise<WalletFile> {
  const { PKPass } = await loadPassKit();
  const tickets = receipt.tickets.filter((ticket) => ticket.status === "valid");
  if (tickets.length === 0)
    throw new AdmitError("order_not_paid", "The order has no valid tickets", {
      orderStatus: receipt.status,
    });
  const colors = { ...COLORS, ...options.colors };
  const icon = options.icon ? Buffer.from(options.icon) : plainIcon(colors.background, 58);
  const certificates = {
    wwdr: Buffer.from(options.wwdr),
    signerCert: Buffer.from(options.signerCert),
    signerKey: Buffer.from(options.signerKey),
    ...(options.signerKeyPassphrase ? { signerKeyPassphrase: options.signerKeyPassphrase } : {}),
  };
  const when = formatEventTime(receipt.event, "en");
  const passes = tickets.map((ticket) => {
    const pass = new PKPass({ "icon.png": icon, "icon@2x.png": icon }, certificates, {
      passTypeIdentifier: options.passTypeIdentifier,
      teamIdentifier: options.teamIdentifier,
      organizationName: options.organizationName,
      description: `${receipt.event.name}: ${ticket.tierName}`,
      serialNumber: ticket.id,
      backgroundColor: colors.background,
      foregroundColor: colors.foreground,
      labelColor: colors.label,
    });
    pass.type = "eventTicket";
    pass.primaryFields.push({ key: "event", label: "Event", value: receipt.event.name });
    pass.secondaryFields.push({ key: "when", label: "When", value: when });
    if (receipt.event.venue)
      pass.auxiliaryFields.push({ key: "venue", label: "Venue", value: receipt.event.venue });
    pass.auxiliaryFields.push({ key: "tier", label: "Ticket", value: ticket.tierName });
    pass.backFields.push(
      { key: "attendee", label: "Attendee", value: ticket.attendee.name },
      { key: "order", label: "Order", value: receipt.orderNumber },
      { key: "code", label: "Code", value: groupCode(ticket.code) },
    );
    pass.setBarcodes({
      message: ticket.code,
      format: "PKBarcodeFormatQR",
      messageEncoding: "iso-8859-1",
      altText: groupCode(ticket.code),
    });
    pass.setRelevantDate(new Date(receipt.event.startsAt));
    return pass;
  });
  if (passes.length === 1)
    return {
      contentType: "application/vnd.apple.pkpass",
      fileName: `ticket-${receipt.orderNumber}.pkpass`,
      body: passes[0]!.getAsBuffer(),
    };
  return {
    contentType: "application/vnd.apple.pkpasses",
    fileName: `tickets-${receipt.orderNumber}.pkpasses`,
    body: PKPass.pack(...passes).getAsBuffer(),
  };
}
