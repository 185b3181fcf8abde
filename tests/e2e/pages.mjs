// Page objects for the Clearlist browser tests: every selector lives here, and every one is
// a `data-testid` (or a data attribute) the app exposes on purpose.

/** The list page: progress bar, match count, top accounts, URL errors. */
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

  /** Ids and displayed fields of the ranked accounts, in order. */
  async topRows() {
    await this.topAccounts.waitFor({ state: "attached" });
    return this.topAccounts.locator("li[data-account-id]").evaluateAll((items) =>
      items.map((item) => {
        const field = (name) => item.querySelector(`[data-field="${name}"]`)?.textContent.trim() ?? null;
        return {
          id: Number(item.dataset.accountId),
          name: field("name"),
          domain: field("domain"),
          country: field("country"),
          industry: field("industry"),
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
