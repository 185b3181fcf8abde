// End-to-end test of the Import page against the real server, as an Administrator: the four
// files picked at once, a check that writes nothing and names each unusable row by file and
// line, then the import itself, after which the app offers the new dataset and loads it.
// Screenshots at 1440 and 1024 px.
//
// The import changes the demo dataset, so run.mjs imports this file after registering every
// other test: nothing that compares the app with the dataset file runs after it.

import assert from "node:assert/strict";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { SCREENSHOTS, cli, launchBrowser } from "./env.mjs";
import { openSignedIn as openSignedInIn } from "./session.mjs";

const PARTS = ["meta", "accounts", "contacts", "intent"];

/** A generated vault with two unusable rows appended; their (file, line). */
function filesWithBadRows(dir) {
  cli("generate", "--accounts", "30", "--seed", "11", "--out", dir);
  const append = (name, rows) => {
    const path = join(dir, name);
    const line = readFileSync(path, "utf8").split("\n").filter((l) => l !== "").length + 1;
    appendFileSync(path, rows);
    return line;
  };
  const firstAccount = readFileSync(join(dir, "accounts.csv"), "utf8").split("\n")[1].split(",")[0];
  return [
    ["accounts.csv", append("accounts.csv", "99999,Nowhere,nowhere.example,XX,,Banking,5,,,,,\n")],
    ["contacts.csv", append("contacts.csv", `900001,${firstAccount},A,B,not-an-email,,it,staff,,consent,,\n`)],
  ];
}

describe("importing data", () => {
  let browser;
  const openSignedIn = (t, role) => openSignedInIn(browser, t, "v=1", { role });

  before(async () => {
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
  });

  test("Import: a check names each unusable row, the import writes the rest, and the new dataset is offered", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "clearlist-import-"));
    const bad = filesWithBadRows(dir);
    const { page } = await openSignedIn(t, "administrator");
    await page.getByTestId("session-user").waitFor({ timeout: 60_000 });
    await page.getByTestId("nav-organisation").click();
    await page.getByTestId("org-nav-import").click();
    await page.getByTestId("import-page").waitFor();
    assert.equal(await page.getByTestId("import-run").isDisabled(), true, "nothing to import yet");

    await page.getByTestId("import-files").setInputFiles(PARTS.map((part) => join(dir, `${part}.csv`)));
    const found = await page.getByTestId("import-file").evaluateAll((rows) => rows.map((row) => row.dataset.found));
    assert.deepEqual(found, ["true", "true", "true", "true"]);

    // The check: a report, nothing written.
    await page.getByTestId("import-check").click();
    const report = page.getByTestId("import-report");
    await report.waitFor({ timeout: 60_000 });
    assert.equal(await report.getAttribute("data-dry-run"), "true");
    assert.equal(await report.getAttribute("data-accounts"), "30");
    const skipped = await page.getByTestId("import-skipped").evaluateAll((rows) => rows.map((row) => [row.dataset.file, Number(row.dataset.line)]));
    assert.deepEqual(skipped, bad);
    assert.match(await page.getByTestId("import-skipped").first().innerText(), /XX.*country code/);
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(SCREENSHOTS, `organisation-import-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1440, height: 900 });

    // The import: the same report, written; the app offers the new dataset.
    const versionBefore = await page.getByTestId("dataset-status").getAttribute("data-version");
    await page.getByTestId("import-run").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="import-report"]')?.dataset.dryRun === "false", null, { timeout: 120_000 });
    assert.equal(await report.getAttribute("data-skipped"), "2");
    // The new version downloads in the background and waits: the page keeps the old one
    // until the next page or "Use it now".
    await page.getByTestId("dataset-newer").waitFor({ timeout: 30_000 });
    const ready = await page.getByTestId("dataset-newer").getAttribute("data-version");
    assert.notEqual(ready, versionBefore);
    assert.equal(await page.getByTestId("dataset-status").getAttribute("data-version"), versionBefore);
    await page.getByTestId("dataset-newer-apply").click();
    await page.waitForFunction(
      (expected) => document.querySelector('[data-testid="dataset-status"]')?.dataset.version === expected,
      ready,
      { timeout: 60_000 },
    );
    assert.equal(await page.getByTestId("dataset-newer").count(), 0, "the new dataset is in use");
  });
});
