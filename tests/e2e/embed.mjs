// End-to-end tests of embeds in a CRM on another site. A page served from a second
// loopback origin (http://localhost:PORT, while the app is on 127.0.0.1) frames a list and
// accounts by domain, in Chromium with third-party cookies blocked: the user signs in inside
// the frame once (an embed session in a partitioned cookie), the frame shows the same count
// and top 10 as `clearlist query`, a forged cross-site POST from the framing page changes
// nothing, and a site not on the organisation's list cannot frame the app at all.
// Axe-core checks the embed views; screenshots of the framing page at 1440, 1024 and 390 px.
//
// Same environment as run.mjs, which imports this file.

import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { BASE_URL, DATASET, SCREENSHOTS, account, cli, launchBrowser, reference } from "./env.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const APP_ORIGIN = new URL(BASE_URL).origin;

/** A "CRM" on its own origin: `/crm?src=URL` frames URL, `/forge` is a plain page. */
function crmServer() {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, "http://localhost");
    response.setHeader("content-type", "text/html; charset=utf-8");
    const src = url.searchParams.get("src") ?? "";
    const escaped = src.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
    response.end(`<!doctype html><html lang="en"><head><title>CRM record</title>
      <style>body{font-family:sans-serif;margin:0;background:#eef1f5}header{padding:12px 20px;background:#1b3a5c;color:#fff}
      main{padding:16px 20px}iframe{width:100%;height:640px;border:1px solid #c8d0da;background:#fff}</style></head>
      <body><header>CRM · Account record</header><main>
      ${src ? `<iframe title="Clearlist" src="${escaped}"></iframe>` : ""}</main></body></html>`);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const portOf = (server) => server.address().port;

describe("embeds in a CRM on another site", () => {
  let browser;
  let crm;
  let stranger;
  let org;
  /** The dataset's accounts. */
  let accounts;

  /** Runs `fn(page)` in a page signed in as the Administrator on the app's own origin. */
  async function asAdministrator(fn) {
    const context = await browser.newContext({ serviceWorkers: "block" });
    const page = await context.newPage();
    try {
      await page.goto(`${APP_ORIGIN}/api/health`);
      const { email, password } = account("administrator");
      await page.evaluate(async ({ email, password }) => {
        const response = await fetch("/api/session", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email, password }),
        });
        if (!response.ok) throw new Error(`sign-in: ${response.status}`);
      }, { email, password });
      return await fn(page);
    } finally {
      await context.close();
    }
  }

  /** Replaces the organisation's allowed origins; returns the organisation's id. */
  const allow = (origins) =>
    asAdministrator((page) =>
      page.evaluate(async (origins) => {
        const session = await (await fetch("/api/session")).json();
        const response = await fetch("/api/embed-origins", {
          method: "PUT",
          headers: { "content-type": "application/json", "x-csrf-token": session.csrf_token },
          body: JSON.stringify({ origins }),
        });
        if (!response.ok) throw new Error(`embed origins: ${response.status} ${await response.text()}`);
        return (await response.json()).org;
      }, origins),
    );

  before(async () => {
    // Blocks third-party cookies as Chrome's phase-out does.
    browser = await launchBrowser(["--test-third-party-cookie-phaseout"]);
    [crm, stranger] = await Promise.all([crmServer(), crmServer()]);
    org = await allow([`http://localhost:${portOf(crm)}`]);
    accounts = cli("dump", "--dataset", DATASET, "--jsonl")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line));
  });

  after(async () => {
    await allow([]).catch(() => {});
    await browser?.close();
    crm?.close();
    stranger?.close();
  });

  /** A page of the CRM on `server`, framing `src`; errors and refusals recorded. */
  async function crmPage(t, server, src, viewport = { width: 1440, height: 900 }) {
    const context = await browser.newContext({ viewport, serviceWorkers: "block" });
    t.after(() => context.close());
    const page = await context.newPage();
    const consoleErrors = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    await page.goto(`http://localhost:${portOf(server)}/crm?src=${encodeURIComponent(src)}`);
    return { page, consoleErrors, frame: page.frameLocator("iframe[title=Clearlist]") };
  }

  /** The app's frame of `page` (its Frame object, for evaluate). */
  const appFrame = (page) => page.frames().find((frame) => frame.url().startsWith(APP_ORIGIN));

  async function axeViolations(frame) {
    await frame.evaluate(AXE);
    const result = await frame.evaluate(() =>
      window.axe.run(document, {
        resultTypes: ["violations"],
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      }),
    );
    return result.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  }

  test("a list and accounts by domain, framed by an allowed site with third-party cookies blocked", async (t) => {
    const fragment = `v=1&industry=any:${accounts[0].industry}`;
    const expected = reference(fragment);
    const { page, frame } = await crmPage(t, crm, `${APP_ORIGIN}/?embed=1&org=${org}#${fragment}`);

    // The first, cookieless load shows the sign-in form inside the frame.
    const { email, password } = account("list-builder");
    await frame.getByTestId("login-email").fill(email);
    await frame.getByTestId("login-password").fill(password);
    await frame.getByTestId("login-submit").click();
    await frame.getByTestId("embed-list").waitFor({ timeout: 60_000 });
    const inside = appFrame(page);
    assert.equal(await inside.evaluate(() => document.hasStorageAccess()), false, "a third-party context");
    const shown = Number(await frame.getByTestId("match-count").getAttribute("data-count"));
    assert.equal(shown, expected.count);
    const top = await frame
      .locator('[data-testid="top-accounts"] [data-account-id]')
      .evaluateAll((rows) => rows.slice(0, 10).map((row) => Number(row.dataset.accountId)));
    assert.deepEqual(top, expected.top.map((row) => row.id));
    assert.deepEqual(await axeViolations(inside), [], "embed list");

    // The same session, in the same CRM, shows an account by its domain, spelled as a CRM
    // record may hold it.
    const target = accounts[3];
    const domainUrl = (domains) => `${APP_ORIGIN}/accounts/by-domain/${domains}?embed=1&org=${org}`;
    const show = (src) => page.evaluate((src) => { document.querySelector("iframe[title=Clearlist]").src = src; }, src);
    await show(domainUrl(encodeURIComponent(`https://WWW.${target.domain}./`)));
    await frame.locator(`[data-testid="embed-account"][data-account-id="${target.id}"]`).waitFor({ timeout: 60_000 });
    assert.equal(await frame.getByTestId("account-name").innerText(), target.name);
    assert.deepEqual(await axeViolations(appFrame(page)), [], "embed account");

    // Several domains: is each company in the dataset, and how active?
    const other = accounts[7];
    await show(domainUrl([target.domain, "not-a-customer.example", other.domain].join(",")));
    const rows = frame.locator('[data-testid="domain-row"]');
    await rows.first().waitFor({ timeout: 60_000 });
    const table = await rows.evaluateAll((all) => all.map((row) => [row.dataset.domain, row.dataset.accountId]));
    assert.deepEqual(table, [
      [target.domain, String(target.id)],
      ["not-a-customer.example", ""],
      [other.domain, String(other.id)],
    ]);
    assert.deepEqual(await axeViolations(appFrame(page)), [], "accounts by domain");
    await show(domainUrl("not-a-customer.example"));
    await frame.getByTestId("domain-missing").waitFor({ timeout: 60_000 });
    assert.match(await frame.getByTestId("domain-missing").innerText(), /not-a-customer\.example is not in your dataset/);

    // A forged cross-site POST from the framing page (fetch and form) changes nothing,
    // although the browser holds the embed session for this site.
    const forged = `Forged ${Date.now()}`;
    await page.evaluate(async ({ api, forged }) => {
      await fetch(`${api}/api/lists`, {
        method: "POST",
        mode: "no-cors",
        credentials: "include",
        headers: { "content-type": "text/plain" },
        body: JSON.stringify({ name: forged, definition: "v=1" }),
      }).catch(() => {});
      const form = document.createElement("form");
      form.method = "POST";
      form.action = `${api}/api/lists`;
      form.enctype = "text/plain";
      form.target = "sink";
      const input = document.createElement("input");
      input.name = `{"name":"${forged}","definition":"v=1","x":"`;
      input.value = `"}`;
      form.append(input);
      const sink = document.createElement("iframe");
      sink.name = "sink";
      document.body.append(sink, form);
      const loaded = new Promise((resolve) => { sink.onload = resolve; });
      form.submit();
      await loaded;
    }, { api: APP_ORIGIN, forged });
    const { status, names } = await appFrame(page).evaluate(async () => {
      const response = await fetch("/api/lists");
      return { status: response.status, names: (await response.json()).map((list) => list.name) };
    });
    assert.equal(status, 200, "the embed session reads the lists");
    assert.ok(!names.includes(forged), "the forged list was not created");

    mkdirSync(SCREENSHOTS, { recursive: true });
    await show(`${APP_ORIGIN}/?embed=1&org=${org}#${fragment}`);
    await frame.getByTestId("embed-list").waitFor({ timeout: 60_000 });
    for (const width of [1440, 1024, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(SCREENSHOTS, `embed-crm-${width}.png`) });
    }
  });

  test("a site not on the organisation's list, or an embed URL without the organisation, cannot frame it", async (t) => {
    for (const [server, src] of [
      [stranger, `${APP_ORIGIN}/?embed=1&org=${org}`],
      [crm, `${APP_ORIGIN}/?embed=1`],
    ]) {
      const { page, consoleErrors, frame } = await crmPage(t, server, src);
      await page.waitForFunction(() => document.querySelector("iframe"));
      await page.waitForTimeout(1_500);
      assert.equal(await frame.getByTestId("login-email").count(), 0, `${src} rendered`);
      assert.ok(
        consoleErrors.some((text) => /Content Security Policy directive: "frame-ancestors/.test(text)),
        `no frame-ancestors refusal in ${JSON.stringify(consoleErrors)}`,
      );
    }
  });
});
