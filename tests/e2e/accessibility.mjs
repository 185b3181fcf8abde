// Accessibility of the main screens, checked with axe-core in the real app: the sign-in
// page, the list builder, a hover card, an account page, the lists page and the
// Administrator's Organisation pages must have no
// serious or critical violation (WCAG 2 A/AA rules: names, labels, roles, contrast,
// landmarks, headings). Same environment as run.mjs, which imports this file.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";

import { BASE_URL, account, launchBrowser } from "./env.mjs";
import { openPage } from "./session.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

describe("accessibility of the main screens", () => {
  let browser;

  before(async () => {
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  /** axe's serious and critical violations on the page, as readable lines. */
  async function violations(page) {
    // Evaluated through the DevTools protocol: the page's CSP forbids inline scripts.
    await page.evaluate(AXE);
    const result = await page.evaluate(() =>
      window.axe.run(document, {
        resultTypes: ["violations"],
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      }),
    );
    return result.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  }

  test("sign-in, list builder, hover card, account page and lists page", async (t) => {
    const { page, login } = await openPage(browser, t);
    await page.goto(BASE_URL);
    await login.email.waitFor();
    assert.deepEqual(await violations(page), [], "sign-in page");

    await login.signIn(account("list-builder"));
    await page.getByTestId("match-count").waitFor({ timeout: 60_000 });
    assert.deepEqual(await violations(page), [], "list builder");

    await page.locator("a.name").first().hover();
    await page.getByTestId("hover-card").waitFor();
    assert.deepEqual(await violations(page), [], "hover card");

    await page.getByTestId("hover-open-profile").click();
    await page.getByTestId("account-page").waitFor();
    assert.deepEqual(await violations(page), [], "account page");

    await page.getByTestId("nav-lists").click();
    await page.getByTestId("lists-page").waitFor();
    assert.deepEqual(await violations(page), [], "lists page");
  });

  test("the Organisation pages", async (t) => {
    const { page, login } = await openPage(browser, t);
    await page.goto(BASE_URL);
    await login.signIn(account("administrator"));
    await page.getByTestId("nav-organisation").click();
    for (const { nav, ready } of ORGANISATION_PAGES) {
      await page.getByTestId(nav).click();
      await page.getByTestId(ready).first().waitFor();
      assert.deepEqual(await violations(page), [], ready);
    }
  });
});

/** Each page of the Organisation area: its navigation link and what shows it is ready. */
const ORGANISATION_PAGES = [
  { nav: "org-nav-people", ready: "person" },
  { nav: "org-nav-email-rules", ready: "email-rule" },
  { nav: "org-nav-requests", ready: "requests-page" },
  { nav: "org-nav-audit", ready: "audit-entry" },
  { nav: "org-nav-import", ready: "import-page" },
];
