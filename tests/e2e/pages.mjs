// Page objects for the Clearlist browser tests: every selector lives here, and every one is
// a `data-testid` (or a data attribute) the app exposes on purpose.

/** The sign-in page: email, password, submit; the error of a failed attempt; a notice. */
export class LoginPage {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.email = page.getByTestId("login-email");
    this.password = page.getByTestId("login-password");
    this.submit = page.getByTestId("login-submit");
    this.error = page.getByTestId("login-error");
    this.notice = page.getByTestId("login-notice");
  }

  /** Waits for the form, fills it in and submits it (by pressing the button). */
  async signIn({ email, password }, { timeout = 30_000 } = {}) {
    await this.email.waitFor({ state: "visible", timeout });
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }
}

/** The top bar's session part: who is signed in, and the sign-out button. */
export class TopBar {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.sessionUser = page.getByTestId("session-user");
    this.logout = page.getByTestId("logout");
  }

  /** Waits for the signed-in user and returns `{role, text}` (role is the wire slug). */
  async user({ timeout = 30_000 } = {}) {
    await this.sessionUser.waitFor({ state: "visible", timeout });
    return {
      role: await this.sessionUser.getAttribute("data-role"),
      text: (await this.sessionUser.innerText()).replace(/\s+/g, " ").trim(),
    };
  }
}

/** The list page: progress bar, match count, the accounts table, URL errors. */
export class ListPage {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.progress = page.getByTestId("download-progress");
    this.matchCount = page.getByTestId("match-count");
    this.topAccounts = page.getByTestId("top-accounts");
    this.urlError = page.getByTestId("url-error");
    this.loadError = page.getByTestId("load-error");
  }

  /** Opens the app at `baseUrl` with the list URL `fragment` (no `#`; none when undefined). */
  async open(baseUrl, fragment) {
    const url = new URL(baseUrl);
    if (fragment !== undefined) url.hash = fragment;
    return this.page.goto(url.toString());
  }

  /** Waits for the list to show and returns its match count (the plain number). */
  async count({ timeout = 60_000 } = {}) {
    await this.matchCount.waitFor({ state: "visible", timeout });
    return Number(await this.matchCount.getAttribute("data-count"));
  }

  /** The human-formatted count text, e.g. `12,345 matching accounts`. */
  async countText() {
    return (await this.matchCount.innerText()).replace(/\s+/g, " ").trim();
  }

  /** Ids and displayed fields of the ranked accounts in the DOM (the visible window), in order. */
  async topRows() {
    await this.topAccounts.waitFor({ state: "attached" });
    return this.topAccounts.locator("[data-account-id]").evaluateAll((items) =>
      items.map((item) => {
        const field = (name) => item.querySelector(`[data-field="${name}"]`)?.textContent.trim() ?? null;
        return {
          id: Number(item.dataset.accountId),
          name: field("name"),
          domain: item.dataset.domain ?? null,
          country: field("country"),
          industry: item.dataset.industry ?? null,
          employees: field("employees"),
          gauge: field("gauge"),
          score: field("score"),
          signals: [...item.querySelectorAll("[data-signal]")].map((dot) => ({
            slug: dot.dataset.signal,
            lit: dot.dataset.lit === "true",
            label: dot.getAttribute("aria-label"),
          })),
        };
      }),
    );
  }

  /** Changes the list in place, as following a link to another list would. */
  async goToList(fragment) {
    await this.page.evaluate((hash) => {
      window.location.hash = hash;
    }, fragment);
  }

  /** Waits until the match count shows `expected`. */
  async waitForCount(expected, { timeout = 30_000 } = {}) {
    await this.page.waitForFunction(
      (want) => document.querySelector('[data-testid="match-count"]')?.dataset.count === String(want),
      expected,
      { timeout },
    );
  }
}

/** The list builder: filter panel, segment and sort, chips, the virtualised table. */
export class Builder {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.panel = page.getByTestId("filter-panel");
    this.segment = page.getByTestId("segment-select");
    this.sort = page.getByTestId("sort-select");
    this.chips = page.getByTestId("active-filters");
    this.clear = page.getByTestId("clear-filters");
    this.scroller = page.getByTestId("account-scroller");
  }

  /** The group of a facet (by slug). */
  facet(slug) {
    return this.page.getByTestId(`facet-${slug}`);
  }

  /** Opens a facet's group if it is closed. */
  async open(slug) {
    const toggle = this.page.getByTestId(`facet-toggle-${slug}`);
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  }

  /** Picks a facet's mode: `any`, `all` or `not`. */
  async mode(slug, mode) {
    await this.open(slug);
    await this.page.getByTestId(`mode-${slug}-${mode}`).click();
  }

  /** Waits until the panel's counts are those of the list in the URL. */
  async counted() {
    await this.page.waitForFunction(
      () =>
        document.querySelector('[data-testid="filter-panel"]')?.dataset.counted ===
        decodeURIComponent(window.location.hash.slice(1) || "v=1"),
    );
  }

  /** The values listed for a facet, in order, with the counts of the current list:
   *  `[{value, count, checked}]`. */
  async values(slug) {
    await this.open(slug);
    await this.counted();
    return this.facet(slug)
      .locator("li[data-value]")
      .evaluateAll((items) =>
        items.map((item) => ({
          value: item.dataset.value,
          count: Number(item.dataset.count),
          checked: item.querySelector("input").checked,
        })),
      );
  }

  /** Checks or unchecks a facet value, then waits for the URL to change. */
  async toggle(slug, value) {
    const before = await this.page.evaluate(() => window.location.hash);
    await this.facet(slug).locator(`li[data-value="${value}"] input`).click();
    await this.page.waitForFunction((old) => window.location.hash !== old, before);
  }

  /** The list URL fragment, without `#`. */
  async fragment() {
    return this.page.evaluate(() => decodeURIComponent(window.location.hash.slice(1)));
  }

  /** Ids of the first `n` rows of the table, in order. */
  async topIds(n = 10) {
    const ids = await this.page
      .getByTestId("top-accounts")
      .locator("[data-account-id]")
      .evaluateAll((rows) => rows.map((row) => Number(row.dataset.accountId)));
    return ids.slice(0, n);
  }

  /** Scrolls the table to `top` pixels and returns the rendered ranks once they follow. */
  async scrollTo(top) {
    await this.scroller.evaluate((el, y) => {
      el.scrollTop = y;
    }, top);
    await this.page.waitForFunction(
      (y) => {
        const el = document.querySelector('[data-testid="account-scroller"]');
        const rows = [...el.querySelectorAll("[data-rank]")];
        return rows.length > 0 && Math.abs(el.scrollTop - Math.min(y, el.scrollHeight - el.clientHeight)) < 2;
      },
      top,
    );
    await this.page.waitForTimeout(100);
    return this.page
      .getByTestId("top-accounts")
      .locator("[data-rank]")
      .evaluateAll((rows) => rows.map((row) => Number(row.dataset.rank)));
  }
}

/** An account's page (`/accounts/{id}`) and its embed view. */
export class AccountPage {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId("account-page");
    this.embed = page.getByTestId("embed-account");
    this.name = page.getByTestId("account-name");
    this.segment = page.getByTestId("account-segment");
    this.back = page.getByTestId("back-to-list");
    this.topVendor = page.getByTestId("top-vendor");
  }

  /** Waits for the page and returns the account id it shows. */
  async id({ timeout = 60_000 } = {}) {
    await this.root.waitFor({ state: "visible", timeout });
    return Number(await this.root.getAttribute("data-account-id"));
  }

  /** `{function: [counts], seniority: [counts]}` of the buying-team bars. */
  async team() {
    const counts = (testid) =>
      this.page.getByTestId(testid).evaluateAll((bars) => bars.map((bar) => Number(bar.dataset.count)));
    return { function: await counts("team-function"), seniority: await counts("team-seniority") };
  }

  /** The five signals shown: `[{signal, lit}]`. */
  async signals() {
    return this.page
      .getByTestId("signal-fact")
      .evaluateAll((facts) => facts.map((fact) => ({ signal: fact.dataset.signal, lit: fact.dataset.lit === "true" })));
  }
}

/** The hover card of a company name in the accounts table. */
export class HoverCard {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.card = page.getByTestId("hover-card");
    this.openProfile = page.getByTestId("hover-open-profile");
    this.save = this.card.getByTestId("save-account");
    this.saveMessage = this.card.getByTestId("save-account-message");
  }

  /** Hovers the company name of the table's row `index` (0-based) and waits for its card;
   *  returns the account id. */
  async show(index = 0) {
    const row = this.page.getByTestId("top-accounts").locator("[data-account-id]").nth(index);
    const id = Number(await row.getAttribute("data-account-id"));
    await row.locator("a.name").hover();
    await this.page.waitForFunction(
      (want) => document.querySelector('[data-testid="hover-card"]')?.dataset.accountId === String(want),
      id,
    );
    return id;
  }
}

/** The suppression file picker and the summary of the file in force. */
export class Suppression {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.input = page.getByTestId("suppression-file");
    this.summary = page.getByTestId("suppression-summary");
    this.remove = page.getByTestId("suppression-remove");
  }

  /** Picks `path` and waits for the summary: `{entries, bad, accounts, contacts, badLines}`. */
  async load(path, { timeout = 60_000 } = {}) {
    await this.input.setInputFiles(path);
    await this.summary.waitFor({ state: "visible", timeout });
    const number = async (name) => Number(await this.summary.getAttribute(`data-${name}`));
    return {
      entries: await number("entries"),
      bad: await number("bad"),
      accounts: await number("accounts"),
      contacts: await number("contacts"),
      badLines: await this.page
        .getByTestId("suppression-bad-line")
        .evaluateAll((lines) => lines.map((line) => Number(line.dataset.line))),
    };
  }
}

/** The export button, its panel and the export history. */
export class Export {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.button = page.getByTestId("export-button");
    this.refusal = page.getByTestId("export-refusal");
    this.listName = page.getByTestId("export-list-name");
    this.saveList = page.getByTestId("export-save-list");
    this.preview = page.getByTestId("export-preview");
    this.password = page.getByTestId("export-password");
    this.confirm = page.getByTestId("export-confirm");
    this.report = page.getByTestId("export-report");
    this.history = page.getByTestId("export-history");
  }
}
