//! The ranked accounts, virtualised: only the rows in view (plus a small overscan) are in
//! the DOM, over a spacer as tall as the whole list, so a million matches scroll like ten.
//! Rows have a fixed height; the window is computed from `scrollTop`. Past the height a
//! browser can lay out, the scrollbar maps proportionally onto the list. A new list first
//! renders only the rows in view; the overscan rows follow once the browser is idle, so
//! the frame a click paints lays out no row it does not show.
//!
//! Columns: rank, name (domain and industry under it), HQ country, size band, gauge and
//! score, the five signal dots, buying-team size, top interests.
//!
//! The buying-team cell is a toggle: the row's contacts open below it (one row at a time),
//! judged by the list's contact clauses.
//!
//! Keyboard: the table is an ARIA grid; one row is in the tab order, arrow keys, Page Up /
//! Page Down, Home and End move through the whole list (scrolling as needed), Enter opens
//! the row's account.
//!
//! Company names are links to the account's page; hovering one (or focusing it) opens its
//! [hover card](crate::components::hover_card).
//!
//! Headers of the columns the list can be ordered by (company, employees, interest) are
//! buttons in the builder.
//!
//! Test hooks: `top-accounts` (the grid, `aria-rowcount`), rows carry `data-account-id`,
//! `data-rank`, `data-index`, `data-domain` and `data-industry`, cells `data-field`
//! (`name`, `domain` (the line "domain · industry"), `country`, `employees`, `gauge`,
//! `score`, `contacts`, `topics`), dots `data-signal` and `data-lit`; `account-scroller`;
//! `team-toggle` (with `aria-expanded`), `team-detail` (with `data-account-id`),
//! `sort-by-{intent,name,size}` (the sortable headers, `aria-sort` on their cells).

use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::background::after_next_paint;
use crate::components::Shared;
use crate::components::buying_team::{BuyingTeam, TeamScope};
use crate::components::company_search::account_href;
use crate::components::hover_card::{CLOSE_DELAY, HoverAt, HoverCard, HoverControl, OPEN_DELAY};
use crate::engine_bridge::{self, AccountRow, Dataset, Evaluation, Sort, sort_label};
use crate::format;

/// Height of a row in pixels; `.account-row` in style.css has the same.
pub const ROW_HEIGHT: f64 = 56.0;
/// Rows rendered above and below the visible ones (once a list has been painted).
pub const OVERSCAN: usize = 2;
/// The tallest spacer used: browsers cap element heights at some 16–33 million pixels.
pub const MAX_SPACER: f64 = 8_000_000.0;
/// Height of an expanded row's buying team, below the row (it scrolls inside).
pub const TEAM_DETAIL_HEIGHT: f64 = 280.0;
/// Viewport height assumed before the scroller is measured.
const DEFAULT_VIEWPORT: f64 = 640.0;

/// Which rows to render for a scroll position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// First rendered row (0-based list position).
    pub start: usize,
    /// One past the last rendered row.
    pub end: usize,
    /// Where the first rendered row is drawn, in pixels from the spacer's top.
    pub offset: f64,
    /// Height of the spacer.
    pub spacer: f64,
    /// Virtual pixels (of the unscaled list) per real scroll pixel.
    pub ratio: f64,
}

/// The rows to render for `count` rows at `scroll_top` in a `viewport` pixels tall: those
/// the viewport shows, and `overscan` more on either side.
#[must_use]
pub fn window(count: usize, scroll_top: f64, viewport: f64, overscan: usize) -> Window {
    window_with(count, scroll_top, viewport, overscan, None)
}

/// [`window`] with the row at list position `expanded` (if any) followed by its buying
/// team, [`TEAM_DETAIL_HEIGHT`] pixels taller.
#[must_use]
pub fn window_with(
    count: usize,
    scroll_top: f64,
    viewport: f64,
    overscan: usize,
    expanded: Option<usize>,
) -> Window {
    let rows = Rows {
        count,
        expanded: expanded.filter(|&index| index < count),
    };
    let total = rows.top(count);
    let spacer = total.min(MAX_SPACER);
    let real_range = (spacer - viewport).max(0.0);
    let virtual_range = (total - viewport).max(0.0);
    let ratio = if real_range > 0.0 {
        virtual_range / real_range
    } else {
        1.0
    };
    let scroll_top = scroll_top.clamp(0.0, real_range);
    let virtual_top = scroll_top * ratio;
    let first = rows.at(virtual_top);
    let start = first.saturating_sub(overscan);
    // The rows the viewport intersects, the first one's hidden part included.
    let last = rows.at((virtual_top + viewport - 0.5).max(virtual_top));
    let end = (last + 1 + overscan).min(count);
    let offset = scroll_top - (virtual_top - rows.top(start));
    Window {
        start,
        end,
        offset: offset.max(0.0),
        spacer,
        ratio,
    }
}

/// Where rows are in the unscaled list, one of them perhaps followed by its detail.
#[derive(Clone, Copy)]
struct Rows {
    count: usize,
    expanded: Option<usize>,
}

impl Rows {
    /// The top of row `index` (of the end of the list, for `count`).
    fn top(self, index: usize) -> f64 {
        let below = self.expanded.is_some_and(|expanded| index > expanded);
        index as f64 * ROW_HEIGHT + if below { TEAM_DETAIL_HEIGHT } else { 0.0 }
    }

    /// The row whose box (with its detail, when expanded) holds `y`.
    fn at(self, y: f64) -> usize {
        let plain = (y / ROW_HEIGHT).floor().max(0.0) as usize;
        let row = match self.expanded {
            Some(expanded) if plain > expanded => {
                (((y - TEAM_DETAIL_HEIGHT) / ROW_HEIGHT).floor().max(0.0) as usize).max(expanded)
            }
            _ => plain,
        };
        row.min(self.count.saturating_sub(1))
    }
}

/// A column's header: a button ordering the list by `by` when the table may change the
/// order, with `aria-sort` on the one in force (names A to Z, the others largest first).
fn header(
    label: &'static str,
    class: &'static str,
    by: Sort,
    sort: Option<Signal<Sort>>,
    on_sort: Option<Callback<Sort>>,
) -> AnyView {
    let (Some(sort), Some(on_sort)) = (sort, on_sort) else {
        return view! { <span role="columnheader" class=class>{label}</span> }.into_any();
    };
    let active = move || sort.get() == by;
    let direction = if by == Sort::Name {
        "ascending"
    } else {
        "descending"
    };
    view! {
        <span role="columnheader" class=class aria-sort=move || if active() { direction } else { "none" }>
            <button
                type="button"
                class="sort-header"
                class:active=active
                title=format!("Order by {}", sort_label(by).to_lowercase())
                data-testid=format!("sort-by-{}", by.slug())
                on:click=move |_| on_sort.run(by)
            >
                {label}
                <span class="sort-arrow" aria-hidden="true">
                    {move || match (active(), by) {
                        (false, _) => "",
                        (true, Sort::Name) => " ↑",
                        (true, _) => " ↓",
                    }}
                </span>
            </button>
        </span>
    }
    .into_any()
}

/// The accounts table.
#[component]
pub fn AccountTable(
    /// The dataset the rows come from.
    dataset: Rc<Dataset>,
    /// The list's evaluation (ordered rows and ranking segment).
    #[prop(into)]
    evaluation: Signal<Shared<Evaluation>>,
    /// The list's order, when its headers may change it (the builder).
    #[prop(optional, into)]
    sort: Option<Signal<Sort>>,
    /// Receives the order a header asks for.
    #[prop(optional)]
    on_sort: Option<Callback<Sort>>,
) -> impl IntoView {
    let dataset = StoredValue::new_local(dataset);
    let scroller = NodeRef::<html::Div>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(DEFAULT_VIEWPORT);
    // The keyboard's row (0-based list position); the one row in the tab order.
    let active = RwSignal::new(0_usize);
    // The row whose buying team is open below it: (list position, account id).
    let expanded = RwSignal::new(None::<(usize, u32)>);
    let count =
        Memo::new(move |_| evaluation.with(|e| usize::try_from(e.count).unwrap_or(usize::MAX)));

    // A new list starts at its top.
    Effect::new(move |previous: Option<()>| {
        evaluation.track();
        if previous.is_some() {
            // `scroll_top` mirrors the scroller, so a list already at its top needs nothing;
            // writing `scrollTop` would force a layout of the freshly rendered rows.
            if scroll_top.get_untracked() != 0.0 {
                if let Some(el) = scroller.get_untracked() {
                    el.set_scroll_top(0);
                }
                scroll_top.set(0.0);
            }
            if active.get_untracked() != 0 {
                active.set(0);
            }
            if expanded.get_untracked().is_some() {
                expanded.set(None);
            }
        }
    });
    // Measure the viewport once mounted and whenever the window resizes.
    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            let height = f64::from(el.client_height());
            if height > 0.0 {
                viewport.set(height);
            }
        }
    };
    Effect::new(move || {
        if scroller.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // The list whose overscan rows are rendered: set once a list is painted, at background
    // priority (after the list's live counts, so those wait for no frame of rows nobody
    // sees yet), and at once when the user scrolls.
    let overscanned: RwSignal<Option<Shared<Evaluation>>> = RwSignal::new(None);
    Effect::new(move || {
        let current = evaluation.get();
        after_next_paint(move || {
            overscanned.try_set(Some(current));
        });
    });
    let layout = Memo::new(move |_| {
        let overscan = if overscanned.with(|o| o.as_ref() == Some(&evaluation.get())) {
            OVERSCAN
        } else {
            0
        };
        let open = expanded.get().map(|(index, _)| index);
        window_with(
            count.get(),
            scroll_top.get(),
            viewport.get(),
            overscan,
            open,
        )
    });

    // One hover card for the table, driven by events bubbling from the name links.
    let hover = HoverControl::new();
    Effect::new(move |previous: Option<()>| {
        evaluation.track();
        if previous.is_some() {
            hover.request(None, std::time::Duration::ZERO);
        }
    });
    let on_name = move |ev: &web_sys::Event, delay| {
        if let Some(at) = name_link_at(ev) {
            hover.request(Some(at), delay);
        }
    };
    let on_leave_name = move |ev: &web_sys::Event| {
        if name_link_at(ev).is_some() {
            hover.request(None, CLOSE_DELAY);
        }
    };
    let card = move || {
        hover.shown.get().map(|at| {
            let segment = evaluation.with_untracked(|e| e.segment);
            view! {
                <HoverCard dataset=dataset.get_value() segment=segment at=at control=hover />
            }
        })
    };

    // The rows follow the keyboard's row too: its tab stop moves with a rebuild in place
    // (the same elements, so focus stays), which costs less than a reactive binding and a
    // focus listener on every row every time a list changes.
    let rows = move || {
        let Window { start, end, .. } = layout.get();
        let active = active.get();
        let open = expanded.get();
        evaluation.with(|evaluation| {
            let rows = dataset
                .with_value(|dataset| engine_bridge::account_rows(dataset, evaluation, start..end));
            rows.into_iter()
                .map(|row| {
                    let index = row.rank - 1;
                    let active = index == active;
                    let detail = open
                        .filter(|&(open, id)| open == index && id == row.id)
                        .map(|(_, id)| view! { <TeamDetail dataset=dataset.get_value() id=id /> });
                    let is_open = detail.is_some();
                    view! {
                        <AccountRowView row=row active=active expanded=is_open />
                        {detail}
                    }
                })
                .collect_view()
        })
    };

    // Moves the keyboard's row, scrolls it into view, and focuses it once rendered.
    let move_to = move |target: usize| {
        let total = count.get_untracked();
        if total == 0 {
            return;
        }
        let target = target.min(total - 1);
        active.set(target);
        let Window { ratio, .. } = layout.get_untracked();
        let height = viewport.get_untracked();
        let virtual_top = scroll_top.get_untracked() * ratio;
        let after_open = expanded
            .get_untracked()
            .is_some_and(|(open, _)| target > open);
        let row_top =
            target as f64 * ROW_HEIGHT + if after_open { TEAM_DETAIL_HEIGHT } else { 0.0 };
        let new_virtual_top = if row_top < virtual_top {
            Some(row_top)
        } else if row_top + ROW_HEIGHT > virtual_top + height {
            Some(row_top + ROW_HEIGHT - height)
        } else {
            None
        };
        if let Some(top) = new_virtual_top {
            let real = (top / ratio).max(0.0);
            scroll_top.set(real);
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(real.round() as i32);
            }
        }
        request_animation_frame(move || {
            if let Some(el) = scroller.get_untracked()
                && let Ok(Some(row)) = el.query_selector(&format!("[data-index=\"{target}\"]"))
                && let Ok(row) = row.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = row.focus();
            }
        });
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let current = active.get_untracked();
        let page = ((viewport.get_untracked() / ROW_HEIGHT).floor() as usize).max(1);
        let target = match ev.key().as_str() {
            "ArrowDown" => current + 1,
            "ArrowUp" => current.saturating_sub(1),
            "PageDown" => current + page,
            "PageUp" => current.saturating_sub(page),
            "Home" => 0,
            "End" => usize::MAX,
            "Enter" => {
                // Opens the row's account, through its name link (which the router follows).
                let link = ev
                    .target()
                    .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                    .and_then(|row| row.query_selector("a.name").ok().flatten())
                    .and_then(|link| link.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(link) = link {
                    ev.prevent_default();
                    link.click();
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        move_to(target);
    };

    let empty = move || {
        (count.get() == 0).then(|| {
            view! {
                <p class="muted empty" role="status" data-testid="no-accounts">
                    "No account matches this list. Remove a filter to widen it."
                </p>
            }
        })
    };
    view! {
        <div class="account-table">
            <div
                class="account-grid"
                role="grid"
                aria-label="Ranked accounts"
                aria-rowcount=move || (count.get() + 1).to_string()
                data-testid="top-accounts"
                on:keydown=on_keydown
            >
                <div class="account-row account-head" role="row" aria-rowindex="1">
                    <span role="columnheader" class="col-rank">"#"</span>
                    {header("Company", "col-name", Sort::Name, sort, on_sort)}
                    <span role="columnheader" class="col-country">"HQ"</span>
                    {header("Employees", "col-size", Sort::Size, sort, on_sort)}
                    {header("Interest", "col-gauge", Sort::Intent, sort, on_sort)}
                    <span role="columnheader" class="col-signals">"Signals"</span>
                    <span role="columnheader" class="col-team">"Buying team"</span>
                    <span role="columnheader" class="col-topics">"Top interests"</span>
                </div>
                {empty}
                <div
                    class="account-scroller"
                    node_ref=scroller
                    data-testid="account-scroller"
                    role="rowgroup"
                    on:scroll=move |_| {
                        if let Some(el) = scroller.get_untracked() {
                            scroll_top.set(f64::from(el.scroll_top()));
                        }
                        if overscanned.with_untracked(|o| o.as_ref() != Some(&evaluation.get_untracked())) {
                            overscanned.set(Some(evaluation.get_untracked()));
                        }
                        if hover.shown.get_untracked().is_some() {
                            hover.request(None, std::time::Duration::ZERO);
                        }
                    }
                    on:click=move |ev| {
                        // One listener for every row's buying-team toggle.
                        if let Some(target) = team_toggle_at(&ev) {
                            expanded.update(|open| {
                                *open = if *open == Some(target) { None } else { Some(target) };
                            });
                        }
                    }
                    on:mouseover=move |ev| on_name(&ev, OPEN_DELAY)
                    on:mouseout=move |ev| on_leave_name(&ev)
                    on:focusin=move |ev| {
                        // A row focused by a click or by Tab becomes the keyboard's row.
                        if let Some(index) = focused_row(&ev)
                            && active.get_untracked() != index
                        {
                            active.set(index);
                        }
                        on_name(&ev, std::time::Duration::ZERO);
                    }
                    on:focusout=move |ev| on_leave_name(&ev)
                >
                    <div
                        class="account-spacer"
                        style:height=move || format!("{}px", layout.get().spacer)
                    >
                        <div
                            class="account-window"
                            style:transform=move || format!("translateY({}px)", layout.get().offset)
                        >
                            {rows}
                        </div>
                    </div>
                </div>
            </div>
            {card}
        </div>
    }
}

/// The (list position, account id) of the row whose buying-team toggle an event hit.
fn team_toggle_at(ev: &web_sys::Event) -> Option<(usize, u32)> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    target.closest(".team-toggle").ok()??;
    let row = target.closest("[data-index]").ok()??;
    let index = row.get_attribute("data-index")?.parse().ok()?;
    let id = row.get_attribute("data-account-id")?.parse().ok()?;
    Some((index, id))
}

/// An account's buying team below its row, judged by the list shown.
#[component]
fn TeamDetail(dataset: Rc<Dataset>, id: u32) -> impl IntoView {
    let scope = use_context::<TeamScope>();
    let team = scope.and_then(|scope| scope.team(&dataset, id));
    let targeting = scope.is_some_and(|scope| {
        scope
            .query
            .with_untracked(engine_bridge::targeting::is_targeting)
    });
    view! {
        <div class="team-detail" role="row" data-testid="team-detail" data-account-id=id.to_string()
            style:height=format!("{TEAM_DETAIL_HEIGHT}px")>
            <div role="gridcell" class="team-detail-cell">
                {team.map(|team| view! { <BuyingTeam team=team targeting=targeting /> })}
            </div>
        </div>
    }
}

/// The list position (`data-index`) of the row an event's target is in.
fn focused_row(ev: &web_sys::Event) -> Option<usize> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    target
        .closest("[data-index]")
        .ok()??
        .get_attribute("data-index")?
        .parse()
        .ok()
}

/// The hover-card position of the company-name link an event comes from, if it does.
/// A focused row counts as its name link, so keyboard users get the card too.
fn name_link_at(ev: &web_sys::Event) -> Option<HoverAt> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let link = match target.closest("a.name").ok()? {
        Some(link) => link,
        None if ev.type_().starts_with("focus") => target.query_selector("a.name").ok()??,
        None => return None,
    };
    let row = link.closest("[data-account-id]").ok()??;
    let id = row.get_attribute("data-account-id")?.parse().ok()?;
    let rect = link.get_bounding_client_rect();
    Some(HoverAt {
        id,
        top: rect.top(),
        bottom: rect.bottom(),
        left: rect.left(),
    })
}

/// One account row.
#[component]
pub fn AccountRowView(
    /// The account.
    row: AccountRow,
    /// Whether this is the keyboard's row (the one in the tab order).
    active: bool,
    /// Whether its buying team is open below it.
    #[prop(optional)]
    expanded: bool,
) -> impl IntoView {
    let AccountRow {
        id,
        rank,
        name,
        domain,
        country,
        industry,
        employees,
        gauge,
        score,
        signals,
        contacts,
        targeted,
        topics,
    } = row;
    let label = format!("{rank}. {name}");
    // One text for the line under the name: a new list re-lays out every cell's text, and
    // the browser's cost follows the number of text blocks more than their length.
    let domain_line = format!("{domain} · {industry}");
    let gauge = gauge.map(|gauge| {
        view! {
            <span class=format!("gauge gauge-{}", gauge.slug) data-field="gauge">
                {gauge.label}
            </span>
        }
    });
    let dots = signals
        .into_iter()
        .map(|signal| {
            let state = if signal.lit { "on" } else { "off" };
            view! {
                <span
                    class=if signal.lit { "signal lit" } else { "signal" }
                    role="img"
                    aria-label=format!("{}: {state}", signal.label)
                    title=signal.label
                    data-signal=signal.slug
                    data-lit=signal.lit.to_string()
                ></span>
            }
        })
        .collect_view();
    let topics_text = topics.join(", ");
    let team = match targeted {
        Some(targeted) => format!(
            "{} of {}",
            format::count(u64::from(targeted)),
            format::count(u64::from(contacts))
        ),
        None => format::contacts(u64::from(contacts)),
    };
    view! {
        <div
            class="account-row"
            role="row"
            tabindex=if active { "0" } else { "-1" }
            aria-rowindex=(rank + 1).to_string()
            aria-label=label
            data-account-id=id.to_string()
            data-domain=domain
            data-industry=industry
            data-rank=rank.to_string()
            data-index=(rank - 1).to_string()
        >
            <span role="gridcell" class="col-rank rank">{format::count(rank as u64)}</span>
            <span role="gridcell" class="col-name identity">
                <a class="name" data-field="name" href=account_href(id) tabindex="-1">
                    {name.clone()}
                </a>
                <span class="domain" data-field="domain" title=domain_line.clone()>
                    {domain_line.clone()}
                </span>
            </span>
            <span role="gridcell" class="col-country" data-field="country" title=country.clone()>
                {country.clone()}
            </span>
            <span role="gridcell" class="col-size" data-field="employees">{employees}</span>
            <span role="gridcell" class="col-gauge">
                {gauge}
                <span class="score" data-field="score" title="Intent score">{format::score(score)}</span>
            </span>
            <span role="gridcell" class="col-signals">
                <span class="signals" role="group" aria-label="Intent signals">{dots}</span>
            </span>
            <span role="gridcell" class="col-team" data-field="contacts" data-count=contacts.to_string()>
                <button type="button" class="team-toggle link-button" tabindex="-1"
                    aria-expanded=expanded.to_string() data-testid="team-toggle">
                    {team}
                </button>
            </span>
            <span role="gridcell" class="col-topics" data-field="topics" title=topics_text.clone()>
                {topics_text.clone()}
            </span>
        </div>
    }
}
