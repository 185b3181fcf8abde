// End-to-end tests of the Organisation area against the real server, as an Administrator:
// People (add a colleague, who sets their password with the one-time link and signs in;
// the link refused when used again; a role changed; a user disabled, whose session ends;
// a duplicate email refused), Email rules (an override previewed, saved and returned to
// the default; an unknown country code refused), data-subject requests (an access report
// downloaded, an erasure confirmed, one recorded for later, the log), the audit log (filtered, paged, an
// export's report, the CSV download), saved lists managed by name (duplicate, snapshot,
// hand-picked accounts, a delete refused while another list uses it) and suppression lists,
// and that List Builder and Read-Only see none of it and
// cannot call its API. Screenshots at 1440 and 1024 px.
//
// Same environment as run.mjs, which imports this file.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { BASE_URL, SCREENSHOTS, account, launchBrowser } from "./env.mjs";
import { openPage as openPageIn, openSignedIn as openSignedInIn } from "./session.mjs";

const NEW_PASSWORD = "a long password for the new colleague";

describe("the Organisation area", () => {
  let browser;
  const openPage = (t) => openPageIn(browser, t);
  const openSignedIn = (t, role) => openSignedInIn(browser, t, "v=1", { role });

  before(async () => {
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
  });

  /** Screenshots of the page at 1440 and 1024 px wide, full length. */
  async function screenshots(page, name) {
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }

  /** The row of the person with `email` on the People page. */
  const row = (page, email) => page.locator(`[data-testid="person"][data-email="${email}"]`);

  test("People: a colleague is added, sets a password with the link, and is disabled", async (t) => {
    const admin = await openSignedIn(t, "administrator");
    const page = admin.page;
    await page.getByTestId("nav-organisation").click();
    await page.getByTestId("people-page").waitFor();
    // One's own role and status cannot be changed here.
    const me = page.locator('[data-testid="person"]', { hasText: "(you)" });
    assert.equal(await me.getByTestId("person-role").isDisabled(), true);
    assert.equal(await me.getByTestId("person-toggle").count(), 0);

    const email = `colleague-${Date.now()}@demo.test`;
    await page.getByTestId("invite-name").fill("New Colleague");
    await page.getByTestId("invite-email").fill(email);
    await page.getByTestId("invite-role").selectOption("list-builder");
    await page.getByTestId("invite-submit").click();
    const notice = page.getByTestId("issued-link");
    await notice.waitFor();
    const path = await notice.getAttribute("data-path");
    assert.match(path, /^\/welcome#token=[A-Za-z0-9_-]{43}$/);
    await row(page, email).waitFor();
    assert.equal(await row(page, email).getAttribute("data-status"), "invited");
    await screenshots(page, "organisation-people");

    // The same email again is refused, with the server's reason.
    await page.getByTestId("invite-name").fill("Someone Else");
    await page.getByTestId("invite-email").fill(email.toUpperCase());
    await page.getByTestId("invite-submit").click();
    await page.getByTestId("people-error").waitFor();
    assert.match(await page.getByTestId("people-error").innerText(), /exists/);

    // The colleague opens the link in their own browser and sets a password.
    const colleague = await openPage(t);
    await colleague.page.goto(new URL(path, BASE_URL).href);
    await colleague.page.getByTestId("welcome-for").waitFor();
    assert.match(await colleague.page.getByTestId("welcome-for").innerText(), new RegExp(email));
    await colleague.page.getByTestId("welcome-password").fill(NEW_PASSWORD);
    await colleague.page.getByTestId("welcome-confirm").fill(NEW_PASSWORD + "x");
    await colleague.page.getByTestId("welcome-submit").click();
    assert.match(await colleague.page.getByTestId("welcome-error").innerText(), /differ/);
    await colleague.page.getByTestId("welcome-confirm").fill(NEW_PASSWORD);
    await colleague.page.getByTestId("welcome-submit").click();
    const user = colleague.page.getByTestId("session-user");
    await user.waitFor({ timeout: 60_000 });
    assert.equal(await user.getAttribute("data-role"), "list-builder");
    assert.equal(new URL(colleague.page.url()).hash, "");
    assert.equal(await colleague.page.getByTestId("nav-organisation").count(), 0);

    // The link works once.
    const again = await openPage(t);
    await again.page.goto(new URL(path, BASE_URL).href);
    await again.page.getByTestId("welcome-error").waitFor();
    assert.match(await again.page.getByTestId("welcome-error").innerText(), /already used/);

    // The Administrator sees them active, makes them Read-Only, then disables them.
    await page.reload();
    await row(page, email).waitFor();
    assert.equal(await row(page, email).getAttribute("data-status"), "active");
    await row(page, email).getByTestId("person-role").selectOption("read-only");
    await page.waitForFunction(
      (who) => document.querySelector(`[data-testid="person"][data-email="${who}"] select`)?.value === "read-only",
      email,
    );
    await row(page, email).getByTestId("person-toggle").click();
    await page.waitForFunction(
      (who) => document.querySelector(`[data-testid="person"][data-email="${who}"]`)?.dataset.status === "disabled",
      email,
    );
    // Their session ended: the next request finds them signed out.
    await colleague.page.reload();
    await colleague.login.email.waitFor({ timeout: 30_000 });
  });

  test("Email rules: an override with its effect previewed, an unknown code refused, back to the default", async (t) => {
    const { page } = await openSignedIn(t, "administrator");
    await page.getByTestId("match-count").waitFor({ timeout: 60_000 });
    await page.getByTestId("nav-organisation").click();
    await page.getByTestId("org-nav-email-rules").click();
    await page.getByTestId("email-rule").first().waitFor();
    const rule = (code) => page.locator(`[data-testid="email-rule"][data-country="${code}"]`);

    // Search by name.
    await page.getByTestId("rules-search").fill("germ");
    assert.equal(await page.getByTestId("email-rule").count(), 1);
    assert.equal(await rule("DE").getAttribute("data-rule"), "opt-in");
    await page.getByTestId("rules-search").fill("");

    // Germany to opt-out: the preview counts the contacts that would become exportable
    // (the engine's tests check that count against a dataset rebuilt with the rule).
    await rule("DE").getByTestId("rule-edit").click();
    await page.getByTestId("rule-choice").selectOption("opt-out");
    const effect = page.getByTestId("rule-effect");
    const gained = Number(await effect.getAttribute("data-gained"));
    assert.equal(Number(await effect.getAttribute("data-lost")), 0);
    assert.ok(gained > 0, "the demo dataset has contacts in DE without consent");
    await page.getByTestId("rule-save").click();
    assert.match(await page.getByTestId("rules-error").innerText(), /source/i);
    await page.getByTestId("rule-sources").fill("Counsel's memo of 2026-11");
    await page.getByTestId("rule-reason").fill("B2B outreach to German businesses under legitimate interest");
    await screenshots(page, "organisation-email-rules");
    await page.getByTestId("rule-save").click();
    await page.getByTestId("rules-saved").waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="email-rule"][data-country="DE"]')?.dataset.origin === "tenant");
    assert.equal(await rule("DE").getAttribute("data-rule"), "opt-out");

    // A code that is no country is refused with the server's reason.
    await page.getByTestId("rule-other-country").fill("XQ");
    await page.getByTestId("rule-other-open").click();
    await page.getByTestId("rule-sources").fill("x");
    await page.getByTestId("rule-reason").fill("x");
    await page.getByTestId("rule-save").click();
    await page.getByTestId("rules-error").waitFor();
    assert.match(await page.getByTestId("rules-error").innerText(), /XQ is not an ISO 3166-1 country code/);
    await page.getByTestId("rule-cancel").click();

    // Back to the default.
    await rule("DE").getByTestId("rule-edit").click();
    await page.getByTestId("rule-reset").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="email-rule"][data-country="DE"]')?.dataset.origin === "default");
    assert.equal(await rule("DE").getAttribute("data-rule"), "opt-in");
  });

  test("Audit log: filtered by action, paged back, downloadable, an export's report opened", async (t) => {
    const { page } = await openSignedIn(t, "administrator");
    await page.getByTestId("session-user").waitFor({ timeout: 60_000 });
    // An export of a small list, so the log holds one whatever ran before.
    const exported = await page.evaluate(async (password) => {
      const session = await (await fetch("/api/session")).json();
      const headers = { "content-type": "application/json", "x-csrf-token": session.csrf_token };
      const list = await (await fetch("/api/lists", { method: "POST", headers, body: JSON.stringify({ name: `Audit ${Date.now()}`, definition: "v=1&country=any:de" }) })).json();
      const response = await fetch(`/api/lists/${list.id}/exports`, { method: "POST", headers, body: JSON.stringify({ password }) });
      return response.status;
    }, account("administrator").password);
    assert.equal(exported, 200);

    await page.goto(new URL("/organisation/audit", BASE_URL).href);
    await page.getByTestId("audit-entry").first().waitFor();
    const firstIds = await page.getByTestId("audit-entry").evaluateAll((rows) => rows.map((row) => Number(row.dataset.id)));
    assert.deepEqual(firstIds, [...firstIds].sort((a, b) => b - a), "newest first");
    if (firstIds.length === 50) {
      await page.getByTestId("audit-older").click();
      await page.waitForFunction((oldest) => Number(document.querySelector('[data-testid="audit-entry"]')?.dataset.id) < oldest, firstIds.at(-1));
      await page.getByTestId("audit-newest").click();
      await page.waitForFunction((newest) => Number(document.querySelector('[data-testid="audit-entry"]')?.dataset.id) === newest, firstIds[0]);
    }

    await page.getByTestId("audit-action").selectOption("export");
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="audit-entry"]')].every((row) => row.dataset.action === "export"));
    assert.match(await page.getByTestId("audit-csv").getAttribute("href"), /^\/api\/audit\/csv\?action=export$/);
    await page.getByTestId("audit-report").first().click();
    await page.getByTestId("export-report").waitFor();
    assert.match(await page.getByTestId("export-report").innerText(), /exported/);
    await screenshots(page, "organisation-audit");

    const download = page.waitForEvent("download");
    await page.getByTestId("audit-csv").click();
    const file = await (await download).path();
    const lines = readFileSync(file, "utf8").trim().split("\n");
    assert.equal(lines[0], "ID,Time (UTC),User ID,User,Action,Details");
    assert.ok(lines.length > 1 && lines.slice(1).every((line) => line.split(",")[4] === "export"), lines.slice(0, 3).join("\n"));
  });

  test("Requests: an access report, a confirmed erasure, a request recorded for later, and the log", async (t) => {
    const { page } = await openSignedIn(t, "administrator");
    await page.getByTestId("session-user").waitFor({ timeout: 60_000 });
    await page.goto(new URL("/organisation/requests", BASE_URL).href);
    await page.getByTestId("requests-page").waitFor();
    // A person in the vault: the suppression file of the demo holds real emails.
    const held = readFileSync(process.env.CLEARLIST_SUPPRESSION, "utf8").split("\n")[2].trim();
    await page.getByTestId("dsr-email").fill(held);
    await page.getByTestId("dsr-run").click();
    const result = page.getByTestId("dsr-result");
    await result.waitFor();
    assert.equal(await result.getAttribute("data-kind"), "access");
    assert.match(await result.innerText(), /1 record held/);
    const download = page.waitForEvent("download");
    await page.getByTestId("dsr-download").click();
    const report = JSON.parse(readFileSync(await (await download).path(), "utf8"));
    assert.equal(report.contacts[0].email.toLowerCase(), held.toLowerCase());
    assert.ok(report.contacts[0].lawful_basis && report.contacts[0].source, JSON.stringify(report.contacts[0]));

    // An erasure asks first. (Of someone not in the vault: the other suites use the demo.)
    const nobody = `nobody-${Date.now()}@example.com`;
    await page.getByTestId("dsr-email").fill(nobody);
    await page.getByTestId("dsr-kind").selectOption("erasure");
    await page.getByTestId("dsr-run").click();
    await page.getByTestId("dsr-confirm").waitFor();
    await screenshots(page, "organisation-requests");
    await page.getByTestId("dsr-confirm").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="dsr-result"]')?.dataset.kind === "erasure");
    assert.match(await result.innerText(), /^0 erased; 0 of your exports/);

    // An objection received yesterday, recorded to carry out later: open in the log.
    await page.getByTestId("dsr-kind").selectOption("objection");
    await page.getByTestId("dsr-received").fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    await page.getByTestId("dsr-record").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="dsr-result"]')?.dataset.kind === "recorded");
    const newest = page.getByTestId("dsr-request").first();
    await page.waitForFunction(() => document.querySelector('[data-testid="dsr-request"]')?.dataset.kind === "objection");
    assert.equal(await newest.getAttribute("data-status"), "open");
    const kinds = await page.getByTestId("dsr-request").evaluateAll((rows) => rows.slice(0, 3).map((row) => `${row.dataset.kind}:${row.dataset.status}`));
    assert.deepEqual(kinds.slice(1).sort(), ["access:completed", "erasure:completed"]);
    assert.equal((await page.locator("table").innerText()).includes("@"), false, "the log names no one");

    // A malformed address is refused with the server's reason.
    await page.getByTestId("dsr-email").fill("not an email");
    await page.getByTestId("dsr-kind").selectOption("access");
    await page.getByTestId("dsr-run").click();
    await page.getByTestId("dsr-error").waitFor();
    assert.match(await page.getByTestId("dsr-error").innerText(), /not a valid email/i);
  });

  test("Lists: owner by name, duplicate, snapshot, hand-picked accounts, a delete refused while used, suppression lists", async (t) => {
    const { page } = await openSignedIn(t, "administrator");
    await page.getByTestId("session-user").waitFor({ timeout: 60_000 });
    const stamp = Date.now();
    const ids = await page.evaluate(async (stamp) => {
      const session = await (await fetch("/api/session")).json();
      const headers = { "content-type": "application/json", "x-csrf-token": session.csrf_token };
      const post = async (path, body) => (await fetch(path, { method: "POST", headers, body: JSON.stringify(body) })).json();
      const base = await post("/api/lists", { name: `Base ${stamp}`, definition: "v=1&country=any:de" });
      const user = await post("/api/lists", { name: `User ${stamp}`, definition: `v=1&list=not:${base.id}` });
      const suppression = await post("/api/suppression-lists", { name: `Rivals ${stamp}`, domains: ["rival.example", "other.example"] });
      return { base: base.id, user: user.id, suppression: suppression.id };
    }, stamp);
    await page.getByTestId("nav-lists").click();
    const row = (id) => page.locator(`[data-testid="saved-list"][data-list-id="${id}"]`);
    await row(ids.base).waitFor();
    assert.match(await row(ids.base).innerText(), /Ada Admin/);

    // Deleting a list another filters by is refused, naming it.
    await row(ids.base).getByTestId("list-delete").click();
    await row(ids.base).getByTestId("list-delete-confirm").click();
    await row(ids.base).getByTestId("manage-error").waitFor();
    assert.match(await row(ids.base).getByTestId("manage-error").innerText(), new RegExp(`User ${stamp}`));

    // Hand-picked accounts: add one by name, then remove it.
    await row(ids.base).getByTestId("list-accounts").click();
    await row(ids.base).getByTestId("pick-search").fill("a");
    const add = row(ids.base).getByTestId("pick-add").first();
    const account = await add.getAttribute("data-id");
    await add.click();
    await page.waitForFunction(([id, account]) => document.querySelector(`[data-testid="saved-list"][data-list-id="${id}"] a`)?.getAttribute("href").includes(`account=${account}`), [ids.base, account]);
    // The panel stays open for the next account, and lists the one added.
    await row(ids.base).locator(`[data-testid="picked-account"][data-id="${account}"]`).waitFor();
    await row(ids.base).scrollIntoViewIfNeeded();
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await row(ids.base).screenshot({ path: join(SCREENSHOTS, `lists-manage-${width}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await row(ids.base).getByTestId("picked-remove").click();
    await page.waitForFunction((id) => !document.querySelector(`[data-testid="saved-list"][data-list-id="${id}"] a`)?.getAttribute("href").includes("account="), ids.base);

    // Duplicate and snapshot.
    await row(ids.base).getByTestId("list-duplicate").click();
    await page.locator('[data-testid="saved-list"]', { hasText: `Copy of Base ${stamp}` }).waitFor();
    await row(ids.base).getByTestId("list-snapshot").click();

    // Once the list filtering by it is gone, the delete goes through.
    await row(ids.user).getByTestId("list-delete").click();
    await row(ids.user).getByTestId("list-delete-confirm").click();
    await row(ids.user).waitFor({ state: "detached" });
    await row(ids.base).getByTestId("list-delete").click();
    await row(ids.base).getByTestId("list-delete-confirm").click();
    await row(ids.base).waitFor({ state: "detached" });

    // The organisation's suppression lists: size and who saved it; removable.
    const saved = page.locator(`[data-testid="saved-suppression"][data-id="${ids.suppression}"]`);
    await saved.waitFor();
    assert.match(await saved.innerText(), /Rivals.*\s0\s+2\s+Ada Admin/s);
    await saved.getByTestId("suppression-remove").click();
    await saved.waitFor({ state: "detached" });
  });

  test("Notifications: a list assigned by a colleague reaches the menu, unread until opened", async (t) => {
    const admin = await openSignedIn(t, "administrator");
    await admin.page.getByTestId("session-user").waitFor({ timeout: 60_000 });
    const name = `Assigned ${Date.now()}`;
    await admin.page.evaluate(async ({ name, reader }) => {
      const session = await (await fetch("/api/session")).json();
      const headers = { "content-type": "application/json", "x-csrf-token": session.csrf_token };
      const users = await (await fetch("/api/users")).json();
      const readerId = users.find((user) => user.email === reader).id;
      const list = await (await fetch("/api/lists", { method: "POST", headers, body: JSON.stringify({ name, definition: "v=1" }) })).json();
      await fetch(`/api/lists/${list.id}/assignees`, { method: "PUT", headers, body: JSON.stringify({ user_ids: [readerId] }) });
    }, { name, reader: account("read-only").email });

    const { page } = await openSignedIn(t, "read-only");
    const button = page.getByTestId("notifications-button");
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="notifications-button"]')?.dataset.unread) > 0, null, { timeout: 60_000 });
    assert.match(await button.getAttribute("aria-label"), /new/);
    await button.click();
    const item = page.getByTestId("notification").filter({ hasText: name });
    await item.waitFor();
    assert.equal(await item.getAttribute("data-kind"), "assignment");
    assert.match(await item.innerText(), /Ada Admin assigned you the list/);
    await page.waitForFunction(() => document.querySelector('[data-testid="notifications-button"]')?.dataset.unread === "0");
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(SCREENSHOTS, `notifications-${width}.png`) });
    }
    // Seen: a new page shows it as read.
    await page.reload();
    await page.getByTestId("session-user").waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    assert.equal(await button.getAttribute("data-unread"), "0");
  });

  for (const role of ["list-builder", "read-only"]) {
    test(`${role} sees no Organisation area and cannot call its API`, async (t) => {
      const { page } = await openSignedIn(t, role);
      await page.getByTestId("session-user").waitFor({ timeout: 60_000 });
      assert.equal(await page.getByTestId("nav-organisation").count(), 0);
      await page.goto(new URL("/organisation/people", BASE_URL).href);
      await page.getByTestId("org-forbidden").waitFor();
      const statuses = await page.evaluate(async () => {
        const session = await (await fetch("/api/session")).json();
        const headers = { "content-type": "application/json", "x-csrf-token": session.csrf_token };
        const calls = [
          fetch("/api/audit"),
          fetch("/api/email-rules"),
          fetch(`/api/users/${session.user.id}/sign-in-link`, { method: "POST", headers, body: "{}" }),
          fetch("/api/users", { method: "POST", headers, body: JSON.stringify({ email: "x@demo.test", name: "X", role: "administrator" }) }),
          fetch("/api/import?dry_run=true", { method: "POST", headers: { "x-csrf-token": session.csrf_token }, body: new FormData() }),
          fetch("/api/import/1"),
        ];
        return (await Promise.all(calls)).map((response) => response.status);
      });
      assert.deepEqual(statuses, [403, 403, 403, 403, 403, 403]);
      await page.goto(new URL("/organisation/import", BASE_URL).href);
      await page.getByTestId("org-forbidden").waitFor();
    });
  }
});
