// The seed-000 flow of the README through the generated client, against a running service:
//   INVOICER_URL=http://127.0.0.1:8000 INVOICER_API_KEY=ik_... node dist/test/seed000.js
// tests/sdk compiles it with `tsc --strict` and runs it against a real server. Exits non-zero
// (with the reason) on the first step that does not do what the README says.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";

import { createInvoicerClient } from "../src/index.js";

const baseUrl = process.env.INVOICER_URL ?? "http://127.0.0.1:8000";
const apiKey = process.env.INVOICER_API_KEY;
assert.ok(apiKey, "set INVOICER_API_KEY");
const api = createInvoicerClient(baseUrl, apiKey);

const customer = await api.POST("/v1/customers", {
  body: {
    name: "Jan de Vries",
    email: "jan@devries.nl",
    delivery_method: "email",
    address: { street: "Dorpsstraat 12", postal_code: "3511 AB", city: "Utrecht" },
  },
});
assert.equal(customer.response.status, 201);
assert.ok(customer.data);

const draft = await api.POST("/v1/invoices", {
  body: {
    customer_id: customer.data.id,
    lines: [{ description: "Onderhoud cv-ketel", unit_price: "95.00", vat_rate: "21" }],
  },
});
assert.ok(draft.data, JSON.stringify(draft.error));
assert.equal(draft.data.totals.total, "114.95");
const invoiceId = draft.data.id;
const path = { invoice_id: invoiceId };

const preview = await api.GET("/v1/invoices/{invoice_id}/preview.pdf", {
  params: { path },
  parseAs: "arrayBuffer",
});
assert.ok(preview.data);
assert.equal(Buffer.from(preview.data).subarray(0, 4).toString("latin1"), "%PDF");

// Finalise by e-mail, keeping the mail as a draft, with the Idempotency-Key header that
// openapi.json declares on every POST that honours it (a typed `params.header`).
const idempotencyKey = randomUUID();
const finalize = () =>
  api.POST("/v1/invoices/{invoice_id}/finalize", {
    params: { path, header: { "Idempotency-Key": idempotencyKey } },
    body: { action: "edit", recipients: { to: ["jan@devries.nl"] } },
  });
const final = await finalize();
assert.ok(final.data, JSON.stringify(final.error));
assert.equal(final.data.status, "final");
assert.ok(final.data.number);
const mail = final.data.mail;
assert.ok(mail);
// The same key and body: the first answer again, not a second finalisation (or a 409).
const replay = await finalize();
assert.equal(replay.response.status, final.response.status);
assert.deepEqual(replay.data, final.data);
// Without the key, a second finalisation is the typed 409 it declares.
const again = await api.POST("/v1/invoices/{invoice_id}/finalize", { params: { path }, body: {} });
assert.equal(again.response.status, 409);
assert.equal(again.error?.code, "invoice_not_draft");

// Edit the draft mail with If-Match (the ETag of the GET), then send it.
const mailPath = { mail_id: mail.id };
const read = await api.GET("/v1/mails/{mail_id}", { params: { path: mailPath } });
const etag = read.response.headers.get("ETag");
assert.ok(etag, "the mail GET carries an ETag");
const edited = await api.PATCH("/v1/mails/{mail_id}", {
  params: { path: mailPath, header: { "If-Match": etag } },
  body: { subject: "Uw factuur" },
});
assert.ok(edited.data, JSON.stringify(edited.error));
assert.equal(edited.data.subject, "Uw factuur");
const stale = await api.PATCH("/v1/mails/{mail_id}", {
  params: { path: mailPath, header: { "If-Match": etag } },
  body: { subject: "Oud" },
});
assert.equal(stale.response.status, 412);
assert.equal(stale.error?.status, 412);

const sent = await api.POST("/v1/mails/{mail_id}/send", { params: { path: mailPath } });
assert.ok(sent.data, JSON.stringify(sent.error));
let status: string = sent.data.status;
for (const deadline = Date.now() + 30_000; status !== "sent" && Date.now() < deadline; ) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const current = await api.GET("/v1/mails/{mail_id}", { params: { path: mailPath } });
  assert.ok(current.data);
  status = current.data.status;
}
assert.equal(status, "sent");

const documents = await api.GET("/v1/invoices/{invoice_id}/documents", { params: { path } });
const pdf = documents.data?.data.find((document) => document.kind === "pdf");
assert.ok(pdf);
const content = await api.GET("/v1/documents/{document_id}/content", {
  params: { path: { document_id: pdf.id } },
  parseAs: "arrayBuffer",
});
assert.ok(content.data);
assert.equal(Buffer.from(content.data).subarray(0, 4).toString("latin1"), "%PDF");

console.log(JSON.stringify({ invoice: invoiceId, number: final.data.number, mail: mail.id, status }));
