// Översikt: the director's map of one samordningsförbund, with the ranked gränsöverskridare
// and nyckelpersoner beside it. Choosing a person in the list, in the picker or on the map
// rings them on the map and opens their card; on a large graph the map shows organisations
// and choosing one draws its people.

import { dateInput, download, guarded, h, number, pageSection, personPicker, swedishDate, tieKind } from "./components.js";
import { drawGraph, highlight, mapKey, zoomButtons } from "./graph-view.js";
import { scopeParam, scopePicker } from "./scope-picker.js";

const SEATS = { chair: "ordförande", member: "ledamot", deputy: "ersättare" };
const LISTED = 15;  // people per ranked list: what fits beside the map

export function overviewPage(ctx) {
  const section = pageSection("oversikt", "Översikt");
  const status = section.querySelector(".status");
  status.id = "map-status";
  const $ = (sel) => section.querySelector(sel);
  const state = { cy: null, view: null, ranked: [], filtersLoaded: false, orgNames: {} };
  const orgName = (id) => state.orgNames[id] || id;

  const select = (id, label) => h("label", {}, label, h("select", { id, name: id }));
  // Another förbund: the organisation filter named one of the last.
  const federation = scopePicker(ctx, { id: "f-federation",
    onChange: () => { $("#f-org").value = ""; load(); } });
  const filters = h("form", { id: "map-filters", class: "filters" },
    federation.node, select("f-org", "Organisation"),
    select("f-group", "Grupp"), select("f-initiative", "Insats"),
    h("label", {}, "Per datum", dateInput({ id: "f-asof", name: "as_of" })),
    h("button", { type: "submit", text: "Visa" }));
  const search = h("input", { id: "rank-search", type: "search", placeholder: "Sök namn",
    autocomplete: "off" });
  const ranking = h("div", { id: "ranked" });
  const picker = personPicker({ id: "card-person", label: "Visa personkort för", people: [],
    orgName, onPick: (id) => choose(id) });
  const cardBody = h("div", { id: "card-body" },
    h("p", { class: "muted", text: "Välj en person i listan, i kartan eller i sökrutan ovan." }));
  const map = h("div", { id: "map", class: "map", role: "img",
    "aria-label": "Nätverkskarta över samverkan" });
  const legend = h("div", { id: "legend" });
  section.append(filters, h("div", { class: "map-layout three" },
    h("aside", { class: "card ranked", "aria-labelledby": "ranked-h" },
      h("h2", { id: "ranked-h", text: "Gränsöverskridare och nyckelpersoner" }),
      h("label", { for: "rank-search", text: "Sök i listan" }), search, ranking,
      h("button", { type: "button", class: "secondary", id: "spanners-csv",
        text: "Ladda ned gränsöverskridarna (CSV)", onclick: () => guarded(ctx, status, async () => {
          await download(ctx, `/api/v1/exports/spanners.csv${scopeParam("?")}`,
            "gransoverskridare.csv");
          return "Tabellen över gränsöverskridare är nedladdad.";
        }) })),
    h("div", { class: "map-wrap" }, zoomButtons(() => state.cy), map, legend),
    h("aside", { id: "card", class: "card", "aria-live": "polite" }, picker.node, cardBody)));

  search.addEventListener("input", () => renderRanking());
  filters.addEventListener("submit", (event) => { event.preventDefault(); load(); });

  async function loadFilters() {
    const [orgs, groups, initiatives] = await Promise.all(
      [ctx.all("organisations"), ctx.all("groups"), ctx.all("initiatives")]);
    state.orgNames = Object.fromEntries(orgs.map((o) => [o.id, o.name]));
    const fill = (node, rows, empty) => node.replaceChildren(
      ...(empty ? [h("option", { value: "", text: empty })] : []),
      ...rows.map((r) => h("option", { value: r.id, text: r.name })));
    fill($("#f-org"), orgs, "Alla");
    fill($("#f-group"), groups, "Alla");
    fill($("#f-initiative"), initiatives, "Alla");
    state.filtersLoaded = true;
  }

  function params() {
    const query = new URLSearchParams();
    for (const [key, id] of [["scope", "#f-federation"], ["organisation", "#f-org"],
      ["group", "#f-group"], ["initiative", "#f-initiative"], ["as_of", "#f-asof"]]) {
      if ($(id).value) query.set(key, $(id).value);
    }
    return query;
  }

  async function load() {
    await guarded(ctx, status, async () => {
      if (!state.filtersLoaded) await loadFilters();
      await federation.sync();
      const query = params();
      // The ranked list is the chosen förbund's own ranking (graph.analysis.scope), not the
      // national one filtered.
      const rankedBy = ["as_of", "scope"].filter((k) => query.get(k))
        .map((k) => `&${k}=${encodeURIComponent(query.get(k))}`).join("");
      const [view, spanners, risk] = await Promise.all([
        ctx.api(`/api/v1/map?${query}`),
        ctx.api(`/api/v1/analyses/spanners?top=1000${rankedBy}`),
        ctx.api(`/api/v1/analyses/risk?top=60&path_lengths_for=0${rankedBy}`)]);
      state.view = view;
      const people = view.mode === "people";
      state.cy = drawGraph(map, view, { keep: "oversikt",
        onSelect: people ? choose : drillDown });
      legend.replaceChildren(mapKey(view));
      legend.firstChild.id = "legend-key";
      const shown = new Set(view.nodes.map((n) => String(n.id)));
      const inScope = (row) => !people || shown.has(String(row.person));
      state.ranked = [
        ...spanners.filter((r) => r.score > 0 && inScope(r)).slice(0, LISTED)
          .map((r, i) => ({ ...r, kind: "spanner", rank: i + 1 })),
        ...risk.filter((r) => r.risk > 0 && inScope(r)).slice(0, LISTED)
          .map((r, i) => ({ ...r, kind: "key", rank: i + 1 }))];
      renderRanking();
      picker.setPeople(people ? view.nodes.map((n) => ({ id: String(n.id), name: n.name,
        organisation: n.organisation })) : []);
      return people
        ? `${number(view.nodes.length)} personer, ${number(view.edges.length)} relationer per ${swedishDate(view.as_of)}.`
        : `${number(view.nodes.length)} organisationer per ${swedishDate(view.as_of)} `
          + "(för många personer för att rita var för sig; välj en organisation för att se dess personer).";
    });
  }

  function drillDown(orgId) {
    $("#f-org").value = orgId;
    load();
  }

  function renderRanking() {
    const words = search.value.trim().toLocaleLowerCase("sv");
    const match = (r) => !words || `${r.name} ${r.organisation_name || ""}`.toLocaleLowerCase("sv").includes(words);
    const list = (kind, title, explain) => {
      const rows = state.ranked.filter((r) => r.kind === kind && match(r));
      return [h("h3", { text: title }), h("p", { class: "muted small", text: explain }),
        rows.length ? h("ol", { class: "ranked-list", id: `ranked-${kind}` }, rows.map((r) =>
          h("li", { value: r.rank }, h("button", { type: "button", class: "link",
            "data-person": r.person, onclick: () => choose(r.person) },
          h("strong", { text: r.name }),
          h("span", { class: "muted", text: `${r.organisation_name || orgName(r.organisation)} · ${
            kind === "spanner" ? `poäng ${number(r.score, 2)} av 1` : `risk ${number(r.risk, 1)}`}` })))))
          : h("p", { class: "muted", text: words ? "Ingen träff." : "Ingen i urvalet." })];
    };
    ranking.replaceChildren(
      ...list("spanner", "Gränsöverskridare",
        "Håller ihop flest par av medarbetare i olika organisationer (poäng 0–1, högst först)."),
      ...list("key", "Nyckelpersoner",
        "Vars avgång skulle skada samverkan mest (se Nyckelpersonsrisk för skalan)."));
  }

  async function choose(id) {
    highlight(state.cy, id);
    picker.set(String(id));
    await showCard(String(id));
    // At phone width the card sits below the map: bring it into view, or nothing seems
    // to happen.
    const card = $("#card").getBoundingClientRect();
    if (card.top > window.innerHeight || card.bottom < 0) $("#card").scrollIntoView({ block: "start" });
  }

  async function showCard(id) {
    cardBody.replaceChildren(h("p", { class: "muted", text: "Hämtar personkortet …" }));
    try {
      const asOf = $("#f-asof").value;
      const card = await ctx.api(`/api/v1/people/${encodeURIComponent(id)}/card${asOf ? `?as_of=${asOf}` : ""}`);
      const list = (title, items) => (items.length
        ? [h("h3", { text: title }), h("ul", {}, items.map((i) => h("li", {}, i)))] : []);
      cardBody.replaceChildren(
        h("h2", { id: "card-name", text: card.name }),
        h("p", { text: [card.title, card.organisation_name].filter(Boolean).join(", ") }),
        card.spanner && card.spanner.explanation
          ? h("p", { class: "fact" }, h("strong", { text: "Gränsöverskridare: " }), card.spanner.explanation) : null,
        card.risk && card.risk.explanation
          ? h("p", { class: "fact risk" }, h("strong", { text: "Risk: " }), card.risk.explanation) : null,
        ...list("Roller", [...card.roles, ...card.deputy_for.map((r) => `ersättare: ${r}`)]),
        ...list("Grupper", card.groups.map((g) => `${g.name} (${SEATS[g.seat] || g.seat})`)),
        ...list("Insatser", card.initiatives.map((i) => i.name)),
        ...list("Relationer", card.ties.slice(0, 12).map((t) => [t.name, t.organisation_name,
          t.kinds.length ? [...new Set(t.kinds.map(tieKind))].join(", ") : null,
          t.shared.length ? t.shared.join(", ") : null,
          t.last_contact ? `senast ${swedishDate(t.last_contact)}` : null]
          .filter(Boolean).join(" · "))));
    } catch (error) {
      cardBody.replaceChildren(h("p", { class: "error", text: ctx.message(error) }));
    }
  }

  return { label: "Översikt", roles: ["director"], open: load };
}
