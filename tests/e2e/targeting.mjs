// End-to-end tests of buying-team targeting against the real server: a list with `fn`,
// `level` and `reach=exportable` built by clicking, its counts equal to `clearlist query`'s,
// its exportable count equal to the rows of the exported file, and every row of the file
// a contact the clauses ask for; the buying team of a row and of an account page, and the
// export preview's left-out contacts. Screenshots of the builder (1440, 1024 and 390 px),
// the buying team and the preview go with run.mjs's.
//
// Same environment as run.mjs, which imports this file.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { SCREENSHOTS, account, launchBrowser, reference } from "./env.mjs";
import { Export } from "./pages.mjs";
import { openSignedIn as openSignedInIn } from "./session.mjs";

/** The list the test builds, in canonical form. */
const TARGETED = "v=1&fn=any:it,security&level=min:director&reach=exportable";
const FUNCTIONS = ["IT", "Security"];
const SENIORITIES = ["Director", "VP", "C-Level"];

/** The cells of one RFC 4180 CSV line (quoted cells may hold commas and doubled quotes). */
function csvCells(line) {
  const cells = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}

describe("buying teams", () => {
  let browser;
  const openSignedIn = (t, fragment, options) => openSignedInIn(browser, t, fragment, options);

  before(async () => {
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
  });

  /** A number the page shows in `data-count` of a test id. */
  const shown = (page, testid) =>
    page.getByTestId(testid).first().getAttribute("data-count").then(Number);

  test("a list of people built by clicking exports exactly its exportable count", async (t) => {
    const { page, list, assertClean } = await openSignedIn(t, "v=1", { role: "administrator" });
    await list.count();

    // Click the list together: two functions, directors and above, exportable only.
    for (const value of ["security", "it"]) {
      await page.locator(`[data-testid="facet-fn"] [data-value="${value}"] input`).check();
    }
    await page.getByTestId("level-floor").selectOption("director");
    await page.getByTestId("reach-exportable").check();
    await page.waitForFunction((want) => location.hash === `#${want}`, TARGETED);

    const expected = reference(TARGETED);
    assert.ok(expected.exportable > 0, "the demo has exportable security and IT leaders");
    await list.waitForCount(expected.count);
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="exportable-count"]')?.dataset.count === String(want),
      expected.exportable,
    );
    assert.equal(await shown(page, "contact-count"), expected.contacts);
    assert.equal(expected.contacts, expected.exportable, "reach=exportable: every targeted contact");
    // The function facet counts contacts, each without its own clause, as the CLI does.
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="filter-panel"]')?.dataset.counted === want,
      TARGETED,
    );
    for (const { value, count } of expected.facets.fn) {
      const row = page.locator(`[data-testid="facet-fn"] [data-value="${value}"]`);
      assert.equal(Number(await row.getAttribute("data-count")), count, `fn ${value}`);
    }
    await page.screenshot({ path: join(SCREENSHOTS, "targeting-builder-1440x900.png") });

    // The first row's buying team opens below it.
    await page.locator('[data-testid="top-accounts"] [data-testid="team-toggle"]').first().click();
    const detail = page.getByTestId("team-detail");
    await detail.waitFor();
    const team = detail.getByTestId("buying-team");
    assert.ok(Number(await team.getAttribute("data-targeted")) >= 1, "the row's account holds targeted people");
    const members = await detail.getByTestId("team-member").evaluateAll((rows) =>
      rows.map((row) => ({ targeted: row.dataset.targeted === "true", reach: row.dataset.reach })),
    );
    assert.ok(members.filter((m) => m.targeted).every((m) => m.reach === "exportable"));
    await page.screenshot({ path: join(SCREENSHOTS, "targeting-buying-team-1440x900.png") });

    // Export: save, preview (the server's count is the browser's), download.
    const exporting = new Export(page);
    await exporting.button.click();
    await exporting.listName.or(exporting.preview).waitFor({ timeout: 60_000 });
    if (await exporting.listName.isVisible()) {
      await exporting.listName.fill("Security and IT leaders");
      await exporting.saveList.click();
    }
    await exporting.preview.waitFor({ timeout: 60_000 });
    assert.equal(Number(await exporting.preview.getAttribute("data-rows")), expected.exportable);
    await page.screenshot({ path: join(SCREENSHOTS, "targeting-export-preview-1440x900.png") });
    await exporting.password.fill(account("administrator").password);
    const download = page.waitForEvent("download");
    await exporting.confirm.click();
    const csv = readFileSync(await (await download).path(), "utf8");
    const [header, ...rows] = csv.split("\r\n").filter((line) => line !== "");
    assert.equal(rows.length, expected.exportable, "the file holds the exportable count");
    const columns = csvCells(header);
    const at = (name) => columns.indexOf(name);
    for (const row of rows) {
      const cells = csvCells(row);
      assert.ok(FUNCTIONS.includes(cells[at("Function")]), row);
      assert.ok(SENIORITIES.includes(cells[at("Seniority")]), row);
    }
    await assertClean();
  });

  test("the export preview names every left-out contact, a page at a time", async (t) => {
    const fragment = "v=1&fn=any:sales,marketing";
    const { page, list, assertClean } = await openSignedIn(t, fragment, { role: "administrator" });
    await list.count();
    const exporting = new Export(page);
    await exporting.button.click();
    await exporting.listName.or(exporting.preview).waitFor({ timeout: 60_000 });
    if (await exporting.listName.isVisible()) {
      await exporting.listName.fill("Sales and marketing");
      await exporting.saveList.click();
    }
    await exporting.preview.waitFor({ timeout: 60_000 });
    const expected = reference(fragment);
    assert.equal(Number(await exporting.preview.getAttribute("data-rows")), expected.exportable);
    const leftOut = page.getByTestId("left-out-contact");
    assert.equal(await leftOut.count(), Math.min(25, expected.contacts - expected.exportable));
    assert.match(await page.getByTestId("left-out-status").innerText(), /^1–25 of /);
    await page.getByTestId("left-out-next").click();
    assert.match(await page.getByTestId("left-out-status").innerText(), /^26–/);
    const text = await page.getByTestId("left-out").innerText();
    assert.ok(!text.includes("@"), "no email in the preview");
    await assertClean();
  });

  test("an account page shows the people the list targets; screenshots at 1024 and 390 px", async (t) => {
    const { page, list, assertClean } = await openSignedIn(t, TARGETED, { role: "list-builder" });
    await list.count();
    for (const [width, height] of [[1024, 768], [390, 844]]) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(SCREENSHOTS, `targeting-builder-${width}x${height}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    const first = page.locator('[data-testid="top-accounts"] [data-account-id]').first();
    const id = await first.getAttribute("data-account-id");
    await page.goto(new URL(`/accounts/${id}#${TARGETED}`, page.url()).toString());
    const team = page.locator('[data-testid="account-page"] [data-testid="buying-team"]');
    await team.waitFor({ timeout: 60_000 });
    assert.ok(Number(await team.getAttribute("data-targeted")) >= 1);
    await team.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, "targeting-account-1440x900.png"), fullPage: true });
    await assertClean();
  });
});
