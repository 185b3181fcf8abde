// End-to-end tests of accounts, saved accounts, suppression files, exports and the embed
// view, against the real server: account pages from hover cards and from the top bar's
// search, "Save account" (and Read-Only refused), a suppression file matched in the
// browser (with its OPRF exchange in a worker) dropping the counts, exports by an
// Administrator with the server's report (and List Builder / Read-Only refused), and the
// compact embed views. Screenshots of these screens go with run.mjs's.
//
// Same environment as run.mjs, plus CLEARLIST_SUPPRESSION: the suppression file that
// `clearlist demo --suppression-sample` wrote for the database the server runs on.
// run.mjs imports this file; it can also run alone: `node tests/e2e/features.mjs`.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { BASE_URL, DATASET, SCREENSHOTS, account, cli, launchBrowser, reference } from "./env.mjs";
import { AccountPage, Export, HoverCard, Suppression } from "./pages.mjs";
import { openSignedIn as openSignedInIn } from "./session.mjs";

const SUPPRESSION = process.env.CLEARLIST_SUPPRESSION;

describe("accounts, suppression files, exports and the embed view", () => {
  let browser;
  /** The dataset's accounts by id, as `clearlist dump` prints them. */
  let accounts;
  const openSignedIn = (t, fragment, options) => openSignedInIn(browser, t, fragment, options);

  before(async () => {
    assert.ok(SUPPRESSION, "CLEARLIST_SUPPRESSION is not set (see the header of tests/e2e/features.mjs)");
    browser = await launchBrowser();
    accounts = new Map(
      cli("dump", "--dataset", DATASET, "--jsonl")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line))
        .map((row) => [row.id, row]),
    );
  });

  after(async () => {
    await browser?.close();
  });

  /** The lists the signed-in user of `page` can see, from the API. */
  const lists = (page) => page.evaluate(async () => (await fetch("/api/lists")).json());

  test("a hover card opens the account's page, whose URL opens it again in a fresh page", async (t) => {
    const segment = [...accounts.values()].find((row) => Object.keys(row.intent).length > 1)?.segment[0];
    assert.ok(segment, "an account with intent in two segments");
    const fragment = `v=1&seg=${segment}`;
    const { page, list, assertClean } = await openSignedIn(t, fragment, { role: "list-builder" });
    await list.count();
    const hover = new HoverCard(page);
    const id = await hover.show(0);
    const expected = accounts.get(id);
    assert.match(await hover.card.innerText(), new RegExp(expected.domain.replace(/\./g, "\\.")));
    await hover.openProfile.click();

    const profile = new AccountPage(page);
    assert.equal(await profile.id(), id);
    assert.equal(new URL(page.url()).pathname, `/accounts/${id}`);
    assert.equal(decodeURIComponent(new URL(page.url()).hash.slice(1)), fragment, "the list stays in the URL");
    assert.equal(await profile.name.innerText(), expected.name);
    // The list's segment is shown first, with the engine's signals for it.
    assert.equal(await profile.segment.getAttribute("data-segment"), segment);
    const lit = (await profile.signals()).filter((s) => s.lit).map((s) => s.signal);
    assert.deepEqual(lit, expected.intent[segment]?.signals ?? []);
    // Vendor interests, most-influencing first, as the dataset orders them.
    const vendors = await page.locator('[data-slug]').evaluateAll((chips) => chips.map((chip) => chip.dataset.slug));
    assert.deepEqual(vendors.filter((slug) => expected.vendor.includes(slug)), expected.vendor);
    const team = await profile.team();
    const members = team.function.reduce((a, b) => a + b, 0);
    assert.equal(members, team.seniority.reduce((a, b) => a + b, 0));
    assert.ok(members > 0, "the top account has a buying team");

    // Another segment of the account: its signals follow.
    const other = Object.keys(expected.intent).find((slug) => slug !== segment);
    if (other) {
      await page.getByTestId(`segment-choice-${other}`).click();
      await page.waitForFunction(
        (want) => document.querySelector('[data-testid="account-segment"]')?.dataset.segment === want,
        other,
      );
      const otherLit = (await profile.signals()).filter((s) => s.lit).map((s) => s.signal);
      assert.deepEqual(otherLit, expected.intent[other].signals);
    }

    // The page's URL, opened in a fresh page (signing in again), shows the same account.
    const url = page.url();
    const fresh = await openSignedIn(t, undefined, { role: "read-only" });
    await fresh.list.count();
    await fresh.page.goto(url);
    const again = new AccountPage(fresh.page);
    assert.equal(await again.id(), id);
    assert.equal(await again.name.innerText(), expected.name);

    // Back to the list it came from.
    await profile.back.click();
    await list.waitForCount(reference(fragment).count);
    assert.equal(decodeURIComponent(new URL(page.url()).hash.slice(1)), fragment);
    await assertClean();
  });

  test("the company search in the top bar finds a company by the start of its name or a part inside it", async (t) => {
    const { page, list, assertClean } = await openSignedIn(t, "v=1", { role: "read-only" });
    await list.count();
    const target = [...accounts.values()].find((row) => row.name.length > 6);
    const search = page.getByTestId("company-search");
    await search.fill(target.name.slice(0, 3));
    const suggestions = page.locator("#company-suggestions [data-account-id]");
    await suggestions.first().waitFor();
    assert.ok((await suggestions.count()) <= 8, "at most eight suggestions");
    // The whole name: that company is offered.
    await search.fill(target.name);
    const option = page.locator(`#company-suggestions [data-account-id="${target.id}"]`);
    await option.click();
    const profile = new AccountPage(page);
    assert.equal(await profile.id(), target.id);

    // A part from inside a word (as "forge" finds "Hawkforge"), of a company that few others
    // share it with, so it is among the eight offered.
    const holders = (part) =>
      [...accounts.values()].filter((row) => `${row.name} ${row.domain}`.toLowerCase().includes(part)).length;
    const inside = [...accounts.values()]
      .map((row) => ({ row, word: row.name.split(/[^A-Za-z0-9]+/).find((word) => word.length >= 9) }))
      .filter(({ word }) => word)
      .map(({ row, word }) => ({ row, part: word.slice(4, 9).toLowerCase() }))
      .find(({ part }) => holders(part) <= 8);
    assert.ok(inside, "a company with a long word in its name");
    await search.fill(inside.part);
    await page.locator(`#company-suggestions [data-account-id="${inside.row.id}"]`).waitFor();
    await assertClean();
  });

  test("Save account adds the company to the user's saved accounts; Read-Only users are told why not", async (t) => {
    const { page, list, assertClean } = await openSignedIn(t, "v=1", { role: "list-builder" });
    await list.count();
    const hover = new HoverCard(page);
    const saved = [];
    for (const index of [0, 1]) {
      saved.push(await hover.show(index));
      await hover.save.click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="hover-card"] [data-testid="save-account"]')?.dataset.state === "saved",
      );
      await page.mouse.move(0, 0);
      await hover.card.waitFor({ state: "detached" });
    }
    const mine = (await lists(page)).filter((l) => l.name === `Saved accounts · ${account("list-builder").name}`);
    assert.equal(mine.length, 1, "one saved-accounts list");
    assert.equal(mine[0].definition, `v=1&account=${[...saved].sort((a, b) => a - b).join(",")}`);
    assert.equal(mine[0].snapshot.accounts, 2);

    // The saved accounts are a list like any other: filtering on it shows exactly them.
    await list.goToList(`v=1&list=in:${mine[0].id}`);
    await list.waitForCount(2);

    const reader = await openSignedIn(t, "v=1", { role: "read-only" });
    await reader.list.count();
    const readerHover = new HoverCard(reader.page);
    await readerHover.show(0);
    assert.equal(await readerHover.save.isDisabled(), true);
    assert.match(await readerHover.saveMessage.innerText(), /Read-Only users cannot save accounts/);
    await assertClean();
    await reader.assertClean();
  });

  test("a suppression file is matched in the browser: entries, bad lines, and the counts drop", async (t) => {
    const { page, list, assertClean } = await openSignedIn(t, "v=1", { role: "list-builder" });
    const before = await list.count();
    // "10,054 in their buying teams · of 2,000 accounts" → 10054 (0 before the count).
    const contacts = () =>
      page.evaluate(() =>
        Number((document.querySelector('[data-testid="contact-count"]')?.innerText ?? "0").split(" ")[0].replace(/,/g, "")),
      );
    await page.waitForFunction(() => /^[1-9]/.test(document.querySelector('[data-testid="contact-count"]')?.innerText ?? ""));
    const contactsBefore = await contacts();
    const uploads = [];
    const workers = [];
    page.on("worker", (worker) => workers.push(worker.url()));
    page.on("request", (request) => {
      if (request.method() === "POST") uploads.push({ url: request.url(), body: request.postData() ?? "" });
    });

    const file = readFileSync(SUPPRESSION, "utf8");
    const lines = file.split("\n").filter((line, index, all) => index < all.length - 1 || line !== "");
    const suppression = new Suppression(page);
    const loaded = await suppression.load(SUPPRESSION);
    // The sample: a header, 200 emails, 10 domains and two lines that hold neither.
    assert.equal(loaded.entries, 210);
    assert.equal(loaded.bad, 2);
    assert.deepEqual(loaded.badLines, [lines.indexOf("not an address") + 1, lines.indexOf("someone@") + 1]);
    assert.ok(loaded.accounts >= 10, `accounts suppressed: ${loaded.accounts}`);
    assert.ok(loaded.contacts >= 200, `contacts suppressed: ${loaded.contacts}`);

    await list.waitForCount(before - loaded.accounts);
    await page.waitForFunction(
      (old) => {
        const text = document.querySelector('[data-testid="contact-count"]')?.innerText ?? "";
        return Number(text.split(" ")[0].replace(/,/g, "")) < old;
      },
      contactsBefore,
    );
    assert.ok(contactsBefore - (await contacts()) >= loaded.contacts, "every suppressed contact left the count");
    // Only blinded points went to the server: no email, no domain of the file.
    const prf = uploads.filter((upload) => new URL(upload.url).pathname === "/api/prf/evaluate");
    assert.ok(prf.length >= 1, "the emails went through the OPRF exchange");
    const sent = uploads.map((upload) => upload.body).join("\n");
    for (const line of lines.slice(1, 20)) assert.ok(!sent.includes(line.toLowerCase()), `${line} was sent`);
    assert.deepEqual(
      workers.map((url) => new URL(url).pathname),
      ["/suppression-worker.js"],
      "the blinding ran in a worker",
    );

    await suppression.remove.click();
    await list.waitForCount(before);
    await assertClean();
  });

  test("an Administrator exports a list with the server's report; other roles are told why not", async (t) => {
    const industry = [...accounts.values()][0].industry;
    const fragment = `v=1&industry=any:${industry}`;
    for (const role of ["list-builder", "read-only"]) {
      const { page, list, assertClean } = await openSignedIn(t, fragment, { role });
      await list.count();
      const exporting = new Export(page);
      assert.equal(await exporting.button.isDisabled(), true);
      assert.match(await exporting.refusal.innerText(), /Only Administrators can export contacts/);
      const picker = page.getByTestId("suppression-file");
      assert.equal(await picker.isDisabled(), role === "read-only", "only Read-Only cannot pick a file");
      assert.equal(await page.getByTestId("suppression-refusal").count(), role === "read-only" ? 1 : 0);
      await assertClean();
    }

    const { page, list, assertClean } = await openSignedIn(t, fragment, { role: "administrator" });
    await list.count();
    const exporting = new Export(page);
    await exporting.button.click();
    // An unsaved list is saved first (a rerun against the same server finds it saved).
    await exporting.listName.or(exporting.preview).waitFor({ timeout: 60_000 });
    if (await exporting.listName.isVisible()) {
      await exporting.listName.fill("Export from the browser test");
      await exporting.saveList.click();
    }
    await exporting.preview.waitFor({ timeout: 60_000 });
    const rows = Number(await exporting.preview.getAttribute("data-rows"));
    assert.ok(rows > 0, "the list has exportable contacts");
    // A wrong password says so and changes nothing else: still signed in, the copy kept.
    const cached = () =>
      page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith("clearlist-dataset")).length);
    const copies = await cached();
    assert.ok(copies > 0, "the dataset is cached in the browser");
    await exporting.password.fill("not the password");
    const refused = page.waitForResponse((response) => response.url().endsWith("/exports") && response.status() === 401);
    await exporting.confirm.click();
    const refusedPath = new URL((await refused).url()).pathname;
    await page.getByTestId("export-error").filter({ hasText: "Wrong password" }).waitFor();
    assert.equal(await page.getByTestId("logout").count(), 1, "still signed in");
    assert.equal(await cached(), copies, "the dataset's copy is kept");
    await exporting.password.fill(account("administrator").password);
    const download = page.waitForEvent("download");
    await exporting.confirm.click();
    const file = await download;
    const csv = readFileSync(await file.path(), "utf8");
    const csvLines = csv.split("\r\n").filter((line) => line !== "");
    assert.match(csvLines[0], /^First Name,Last Name,Email,Title,Company,Website,Country,/);
    assert.equal(csvLines.length - 1, rows, "the file holds the previewed rows");
    await exporting.report.waitFor();
    assert.equal(Number(await exporting.report.getAttribute("data-rows")), rows);
    const id = await exporting.report.getAttribute("data-export-id");
    await page.locator(`[data-testid="export-history"] tr[data-export-id="${id}"]`).waitFor();
    await assertClean({ allow401: [refusedPath] });
  });

  test("saved lists: in / not-in filters, combining two lists, changes since a snapshot, saved searches", async (t) => {
    const { page, list, assertClean } = await openSignedIn(t, "v=1", { role: "list-builder" });
    await list.count();
    const industries = [...new Set([...accounts.values()].map((row) => row.industry))].slice(0, 2);
    const saveList = async (fragment, name) => {
      await list.goToList(fragment);
      await list.waitForCount(reference(fragment).count);
      await page.getByTestId("save-list").click();
      await page.locator(".save-list [data-testid=save-list-name]").fill(name);
      await page.locator(".save-list [data-testid=save-list-submit]").click();
      await page.getByTestId("saved-as").waitFor();
    };
    const sized = `v=1&employees=any:11-50,51-200`;
    await saveList(sized, "Small and mid-size");
    await saveList(`v=1&industry=any:${industries[0]},${industries[1]}`, "Two industries");
    const mine = await lists(page);
    const idOf = (name) => mine.find((l) => l.name === name).id;
    const [a, b] = [idOf("Small and mid-size"), idOf("Two industries")];
    const members = async (id) =>
      new Set((await page.evaluate(async (listId) => (await fetch(`/api/lists/${listId}/accounts`)).json(), id)).account_ids);
    const [setA, setB] = [await members(a), await members(b)];

    // The panel's saved-list filter: not in B, from the list of small and mid-size companies.
    await list.goToList(sized);
    await page.getByTestId("saved-list-pick").selectOption(String(b));
    await page.getByTestId("saved-list-not").click();
    await page.waitForFunction((want) => decodeURIComponent(location.hash).endsWith(want), `list=not:${b}`);
    await list.waitForCount([...setA].filter((id) => !setB.has(id)).length);
    // The chip names the list, not its id; the dataset badge says when its data is of.
    assert.equal(
      (await page.locator('[data-chip="list"] .chip-text').innerText()).trim(),
      "not in Two industries",
    );
    assert.match(await page.getByTestId("dataset-status").innerText(), /^Dataset of \d{1,2} [A-Z][a-z]{2} \d{4}/);

    // The table's headers order the list: by name, A to Z, as the CLI does.
    await list.goToList(sized);
    await list.waitForCount(setA.size);
    await page.getByTestId("sort-by-name").click();
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes("sort=name"));
    const byName = reference(`${sized}&sort=name`);
    await list.waitForCount(byName.count);
    assert.deepEqual(
      (await list.topRows()).slice(0, 10).map((row) => row.id),
      byName.top.map((row) => row.id),
    );
    assert.equal(
      await page.locator('[role="columnheader"]:has([data-testid="sort-by-name"])').getAttribute("aria-sort"),
      "ascending",
    );

    // Combining on the lists page.
    await page.getByTestId("nav-lists").click();
    await page.getByTestId("lists-page").waitFor();
    await page.getByTestId("combine-a").selectOption(String(a));
    await page.getByTestId("combine-b").selectOption(String(b));
    const expected = {
      and: [...setA].filter((id) => setB.has(id)).length,
      or: new Set([...setA, ...setB]).size,
      minus: [...setA].filter((id) => !setB.has(id)).length,
    };
    for (const [op, count] of Object.entries(expected)) {
      await page.getByTestId("combine-op").selectOption(op);
      await page.waitForFunction(
        (want) => document.querySelector('[data-testid="combine-result"]')?.dataset.count === String(want),
        count,
      );
    }
    await page.getByTestId("combine-open").click();
    await list.waitForCount(expected.minus);

    // Nothing changed since the snapshots: nobody joined or left.
    await page.getByTestId("nav-lists").click();
    await page.locator(`[data-testid="saved-list"][data-list-id="${a}"] [data-testid="list-diff"]`).click();
    const diff = page.locator(`[data-testid="saved-list"][data-list-id="${a}"] [data-testid="list-diff-result"]`);
    await diff.waitFor();
    assert.equal(await diff.getAttribute("data-joined"), "0");
    assert.equal(await diff.getAttribute("data-left"), "0");

    // A saved search, with no new accounts on the same dataset (named per run: a reused
    // database keeps earlier runs' searches).
    const searchName = `Everything ${Date.now()}`;
    await page.getByTestId("nav-builder").click();
    await list.count();
    await page.getByTestId("save-search").click();
    await page.locator(".save-search [data-testid=save-list-name]").fill(searchName);
    await page.locator(".save-search [data-testid=save-list-submit]").click();
    await page.locator(".save-search [data-testid=save-list-status]").waitFor();
    await page.getByTestId("nav-lists").click();
    const search = page.locator('[data-testid="saved-search"]').filter({ hasText: searchName });
    await search.waitFor();
    assert.equal(await search.getAttribute("data-new"), "0");
    await assertClean();
  });

  test("ranking weights re-rank the list per user, and why ranked here follows them", async (t) => {
    const segment = [...accounts.values()].find((row) => Object.keys(row.intent).length > 0).segment[0];
    const fragment = `v=1&seg=${segment}`;
    const { page, list, assertClean } = await openSignedIn(t, fragment, { role: "read-only" });
    await list.count();
    const rows = () => list.topRows();
    const before = await rows();
    const setWeight = (signal, value) =>
      page.getByTestId(`weight-${signal}`).evaluate((input, v) => {
        input.value = String(v);
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }, value);
    await page.getByTestId("weights-button").click();
    await setWeight("widespread", 0);
    await setWeight("sustained", 0);
    await setWeight("late-stage", 10);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="weights-button"]')?.dataset.tuned === "true",
    );
    // The scores shown follow the weights.
    await page.waitForFunction(
      (score) => document.querySelector('[data-testid="top-accounts"] [data-field="score"]')?.textContent.trim() !== score,
      before[0].score,
    );
    const after = await rows();
    const scores = after.map((row) => Number(row.score));
    assert.deepEqual([...scores].sort((a, b) => b - a), scores, "ordered by the tuned score");
    assert.notDeepEqual(after.map((row) => row.id), before.map((row) => row.id), "the order changed");

    // The hover card explains the tuned score of the row.
    await page.getByTestId("weights-button").click();
    const hover = new HoverCard(page);
    await hover.show(0);
    const why = page.getByTestId("why-ranked");
    assert.equal(await why.getAttribute("data-score"), after[0].score);
    assert.match(await why.innerText(), /your weights/);

    // They are kept for this user: a reload keeps the order; Reset restores the default.
    // The rows in view (the overscan below them follows once the browser is idle).
    const inView = (found) => found.slice(0, 8).map((row) => row.id);
    await page.reload();
    await list.count();
    assert.deepEqual(inView(await rows()), inView(after));
    await page.getByTestId("weights-button").click();
    await page.getByTestId("weights-reset").click();
    await page.waitForFunction(
      (score) => document.querySelector('[data-testid="top-accounts"] [data-field="score"]')?.textContent.trim() === score,
      before[0].score,
    );
    assert.deepEqual(inView(await rows()), inView(before));
    await assertClean();
  });

  test("the embed view of a list and of an account", async (t) => {
    const fragment = "v=1&sort=name";
    const { page, list, assertClean } = await openSignedIn(t, undefined, { role: "read-only" });
    await list.count();
    await page.goto(`${BASE_URL}?embed=1#${fragment}`);
    await page.getByTestId("embed-list").waitFor({ timeout: 60_000 });
    assert.equal(await list.count(), reference(fragment).count);
    assert.equal(await page.getByTestId("session-user").count(), 0, "no top bar");
    assert.equal(await page.getByTestId("filter-panel").count(), 0, "no filter panel");
    const first = reference(fragment).top[0].id;
    await page.goto(`${BASE_URL}accounts/${first}?embed=1#${fragment}`);
    const profile = new AccountPage(page);
    await profile.embed.waitFor({ timeout: 60_000 });
    assert.equal(await profile.name.innerText(), accounts.get(first).name);
    await assertClean();
  });

  test("screenshots of the account page, hover card, suppression file, export, weights, lists, 1280, 1024 and 390 px and the embed view", async (t) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const { page, list } = await openSignedIn(t, "v=1", { role: "administrator" });
    await list.count();
    const shoot = async (file) => {
      const path = join(SCREENSHOTS, file);
      await page.screenshot({ path });
      assert.ok(statSync(path).size > 10_000, `${path} looks empty`);
    };
    const hover = new HoverCard(page);
    await hover.show(2);
    await shoot("hover-card-1440x900.png");
    await hover.openProfile.click();
    await new AccountPage(page).id();
    await shoot("account-1440x900.png");
    await page.setViewportSize({ width: 820, height: 1180 });
    await shoot("account-tablet-820x1180.png");
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot("account-390x844.png");
    await page.setViewportSize({ width: 1440, height: 900 });
    await new AccountPage(page).back.click();
    await list.count();
    await new Suppression(page).load(SUPPRESSION);
    await new Export(page).button.click();
    await page.getByTestId("export-panel").waitFor();
    await shoot("suppression-export-1440x900.png");
    await page.getByTestId("export-panel").getByRole("button", { name: "Close" }).click();
    await page.getByTestId("weights-button").click();
    await shoot("weights-1440x900.png");
    await page.getByTestId("weights-button").click();
    await page.getByTestId("nav-lists").click();
    await page.getByTestId("lists-page").waitFor();
    await page.getByTestId("saved-list").first().waitFor();
    await shoot("lists-1440x900.png");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId("nav-builder").click();
    await list.count();
    await shoot("list-1280x800.png");
    await page.setViewportSize({ width: 1024, height: 768 });
    await shoot("list-1024x768.png");
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot("list-390x844.png");
    await page.setViewportSize({ width: 900, height: 600 });
    await page.goto(`${BASE_URL}?embed=1#v=1`);
    await page.getByTestId("embed-list").waitFor({ timeout: 60_000 });
    await shoot("embed-list-900x600.png");
  });
});
