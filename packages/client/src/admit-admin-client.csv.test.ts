import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAdmitAdminClient } from "./admit-admin-client.js";
import { AdmitApiError } from "./errors/admit-api-error.js";
import { ContractError } from "./errors/contract-error.js";
import { problemResponse } from "./testing/recording-server.js";
import { BASE_URL, TOKEN } from "./testing/sample-answers.js";

const CSV = 'order_id,buyer_name\r\nord_abcdefgh1234,"Lovelace, Ada"\r\n';
const server = setupServer();
const admin = createAdmitAdminClient({ baseUrl: BASE_URL, token: TOKEN, retry: { limit: 0 } });

describe("the admin client's CSV exports", () => {
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it("exportOrdersCsv() asks for text/csv with the list's filters and answers the text", async () => {
    let seen: Request | undefined;
    server.use(
      http.get(`${BASE_URL}/admin/orders`, ({ request }) => {
        seen = request;
        return new HttpResponse(CSV, { headers: { "content-type": "text/csv; charset=utf-8" } });
      }),
    );
    expect(await admin.exportOrdersCsv({ eventId: "spring-gala", status: "paid" })).toBe(CSV);
    expect(seen!.headers.get("accept")).toBe("text/csv");
    expect(seen!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    const url = new URL(seen!.url);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      eventId: "spring-gala",
      status: "paid",
    });
  });

  it("exportReconciliationCsv() reads the event's report as CSV", async () => {
    server.use(
      http.get(
        `${BASE_URL}/admin/events/spring-gala/reconciliation`,
        () => new HttpResponse(CSV, { headers: { "content-type": "text/csv" } }),
      ),
    );
    expect(await admin.exportReconciliationCsv("spring-gala")).toBe(CSV);
  });

  it("a problem answer raises AdmitApiError; an answer that is not CSV raises ContractError", async () => {
    server.use(
      http.get(`${BASE_URL}/admin/orders`, () =>
        problemResponse("invalid_request", 422, { errors: [{ path: "format", message: "x" }] }),
      ),
    );
    const refused = await admin.exportOrdersCsv().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AdmitApiError);
    expect((refused as AdmitApiError).code).toBe("invalid_request");
    server.use(http.get(`${BASE_URL}/admin/orders`, () => HttpResponse.json({ items: [] })));
    await expect(admin.exportOrdersCsv()).rejects.toBeInstanceOf(ContractError);
  });
});
