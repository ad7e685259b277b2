// Nyckelpersonsrisk: who the förbund's collaboration hangs on, in words first, then the
// ranked table, the redundancy between the parties as a heat map per förbund, and a
// what-if ("om de slutar") drawn before and after on the same layout.

import { colourKey, download, guarded, h, number, pageSection, personPicker,
  sortableTable, swedishDate } from "./components.js";
import { drawGraph, mapKey, zoomButtons } from "./graph-view.js";
import { currentScope, scopeParam, scopePicker } from "./scope-picker.js";

const SHOWN = 30;  // rows of the ranked table
// Redundancy levels: red where nobody or one person holds two parties together, blue where
// several do (a diverging scheme readable with red-green colour blindness; dark text on
// light cells and white only on the darkest, both above 4.5:1).
const LEVELS = [
  { cls: "h0", colour: "#b2182b", label: "0: ingen förbindelse" },
  { cls: "h1", colour: "#f4a582", label: "1: en enda person håller ihop dem" },
  { cls: "h2", colour: "#fddbc7", label: "2 personer" },
  { cls: "h3", colour: "#d1e5f0", label: "3 eller fler" }];
const level = (k) => LEVELS[Math.min(3, k)];

export function riskPage(ctx) {
  const section = pageSection("risk", "Nyckelpersonsrisk");
  const status = section.querySelector(".status");
  status.id = "risk-status";
  const $ = (sel) => section.querySelector(sel);
  // Chosen leavers and successors survive revisits and reloads of the table.
  const state = { chosen: new Map(), successors: new Map(), risk: [], connectivity: [],
    view: null, people: [], day: null, orgNames: {}, before: null, after: null, result: null };
  const orgName = (id) => state.orgNames[id] || id;
  const federation = scopePicker(ctx, { id: "r-federation", onChange: () => load() });
  // What the summary speaks of: everyone, the förbund chosen, or a link's organisations.
  const where = () => (!currentScope() ? "i nätverket"
    : federation.select.selectedOptions[0]?.classList.contains("chosen-set") ? "i urvalet"
      : "i förbundet");

  section.append(
    h("div", { class: "filters" }, federation.node),
    h("div", { id: "risk-summary", class: "summary", "aria-live": "polite" }),
    h("details", { id: "risk-scale", class: "explain" },
      h("summary", { text: "Så läses risken" }), h("p", { id: "risk-scale-text" })),
    // One above the other, each the page's full width: the reasons need room to be read
    // and the heat map's changed cells must not sit off-screen.
    h("div", {},
      h("div", {}, h("h2", { text: "Rangordnad risk" }), h("div", { id: "risk-table-wrap" })),
      h("div", {}, h("h2", { text: "Redundans mellan parterna" }),
        h("p", { id: "heat-intro", class: "muted" }),
        h("div", { id: "heat-key" }), h("div", { id: "heatmap", class: "scroll sticky", tabindex: "0", role: "region",
          "aria-label": "Redundans mellan parterna (rullbar tabell)" }),
        h("p", { class: "tools" }, h("button", { type: "button", class: "secondary",
          id: "connectivity-csv", text: "Ladda ned redundansen (CSV)",
          onclick: () => guarded(ctx, status, () => download(ctx,
            `/api/v1/exports/connectivity.csv${scopeParam("?")}`,
            "redundans.csv")) })))),
    h("h2", { text: "Tänk om: om de slutar" }),
    h("form", { id: "whatif-form", class: "stack" },
      h("p", { id: "whatif-chosen", class: "muted" }),
      h("div", { id: "successors" }),
      h("div", { class: "filters" }, h("button", { type: "submit", text: "Simulera" }),
        h("button", { type: "button", id: "board-report", class: "secondary",
          text: "Styrelserapport (PDF)", onclick: boardReport }))),
    h("div", { id: "whatif-result", "aria-live": "polite" }),
    h("div", { class: "two" },
      h("figure", {}, h("figcaption", { text: "Före" }), zoomButtons(() => state.before),
        h("div", { id: "risk-map", class: "map small", role: "img", "aria-label": "Kartan före" })),
      h("figure", {}, h("figcaption", { text: "Efter" }), zoomButtons(() => state.after),
        h("div", { id: "risk-map-after", class: "map small", role: "img",
          "aria-label": "Kartan efter, samma placering; de som slutar är bleka" }))),
    h("div", { id: "risk-legend" }));

  $("#whatif-form").addEventListener("submit", (event) => { event.preventDefault(); simulate(); });

  async function load() {
    await guarded(ctx, status, async () => {
      const orgs = await ctx.all("organisations");
      state.orgNames = Object.fromEntries(orgs.map((o) => [o.id, o.name]));
      await federation.sync();
      // Worded for what is chosen: "Alla förbund" is the whole network, not a förbund.
      $("#heat-intro").textContent = `Hur många personer som måste sluta innan två parter ${
        where()} inte längre når varandra genom samverkan.`;
      const scope = scopeParam();
      const [risk, connectivity, view, scale, people] = await Promise.all([
        ctx.api(`/api/v1/analyses/risk?top=60&path_lengths_for=10&${scope}`),
        ctx.api(`/api/v1/analyses/connectivity?${scope}`),
        ctx.api(`/api/v1/map?${scope}`), ctx.api("/api/v1/analyses/risk/scale"),
        ctx.all("people")]);
      state.view = view;
      state.day = view.as_of;
      const inScope = new Set(view.mode === "people" ? view.nodes.map((n) => String(n.id)) : []);
      state.risk = risk.filter((r) => view.mode !== "people" || inScope.has(String(r.person)))
        .slice(0, SHOWN);
      state.connectivity = connectivity;
      // Successors: current people only (never organisations), whatever the map shows.
      state.people = people.filter((p) => !p.until || p.until >= state.day);
      $("#risk-scale-text").textContent = scale.explanation;
      summary(null);
      table();
      heatmap(null);
      state.before = drawGraph($("#risk-map"), view, { keep: "risk" });
      state.after = null;
      $("#risk-map-after").replaceChildren(h("p", { class: "muted pad",
        text: "Simulera för att se kartan efter." }));
      $("#risk-legend").replaceChildren(mapKey(view));
      chosenChanged();
      // Back on the page with the same people ticked: the last simulation still holds.
      const same = state.result && state.result.removed.join("|") === [...state.chosen.keys()].join("|");
      if (same) showResult(state.result);
      else { state.result = null; $("#whatif-result").replaceChildren(); }
      return `Risk per ${swedishDate(state.day)}.`;
    });
  }

  function summary(result) {
    const single = state.connectivity.filter((c) => c.connectivity === 1);
    const top = state.risk[0];
    const lines = result ? result.summary : [
      single.length
        ? `${number(single.length)} par av parter ${where()} hålls i dag ihop av en enda person.`
        : `Inget par av parter ${where()} hänger på en enda person.`,
      top ? `Högst risk: ${top.name} (${top.organisation_name || orgName(top.organisation)}), `
        + `risk ${number(top.risk, 1)}. ${top.explanation || ""}` : "Ingen person har någon beräknad risk."];
    $("#risk-summary").replaceChildren(h("h2", { text: result ? "Om de slutar" : "Sammanfattning" }),
      h("ul", { id: result ? "whatif-summary" : "risk-summary-list" },
        lines.map((t) => h("li", { text: t }))));
  }

  function table() {
    $("#risk-table-wrap").replaceChildren(sortableTable(ctx, {
      id: "risk-table", caption: "Markera personer för att simulera att de slutar.",
      csv: { what: "risktabellen", filename: "nyckelpersonsrisk.csv",
        path: `/api/v1/exports/risk.csv${scopeParam("?")}` },
      rows: state.risk,
      columns: [
        { label: "Slutar", cell: (r) => h("input", { type: "checkbox", value: r.person, class: "leaver",
          "aria-label": `${r.name} slutar`, checked: state.chosen.has(r.person),
          onchange: (event) => {
            if (event.target.checked) state.chosen.set(r.person, r.name);
            else state.chosen.delete(r.person);
            chosenChanged();
          } }) },
        { key: "name", label: "Person" },
        { key: "organisation_name", label: "Organisation" },
        { key: "risk", label: "Risk", num: true, format: (r) => number(r.risk, 1) },
        { key: "impact", label: "Påverkan", num: true, format: (r) => number(r.impact, 1) },
        { key: "exposure", label: "Exponering", num: true, format: (r) => number(r.exposure, 2) },
        { key: "explanation", label: "Varför" }] }));
  }

  function heatmap(changes) {
    const rows = state.connectivity;
    const parties = [...new Set(rows.flatMap((r) => r.organisations))]
      .sort((a, b) => orgName(a).localeCompare(orgName(b), "sv"));
    const value = new Map(rows.map((r) => [r.organisations.join("|"), r.connectivity]));
    const after = new Map((changes || []).map((c) => [c.organisations.join("|"), c.after]));
    const key = (a, b) => (value.has(`${a}|${b}`) || after.has(`${a}|${b}`) ? `${a}|${b}` : `${b}|${a}`);
    const cell = (a, b) => {
      const k = key(a, b);
      if (!value.has(k)) return h("td", { class: "na", text: "–", title: "ingen uppgift" });
      const before = value.get(k);
      const now = after.has(k) ? after.get(k) : before;
      return h("td", { class: `heat ${level(now).cls}${after.has(k) ? " changed" : ""}`,
        title: `${orgName(a)} – ${orgName(b)}: ${now} ${now === 1 ? "person" : "personer"}` },
      after.has(k) ? `${before} → ${now}` : String(now));
    };
    $("#heat-key").replaceChildren(colourKey("Färgernas betydelse", LEVELS.map((l) =>
      ({ colour: l.colour, label: l.label }))));
    $("#heatmap").replaceChildren(parties.length < 2
      ? h("p", { class: "muted", text: "Förbundet har färre än två parter med personer." })
      : h("table", { class: "data heatmap" },
        h("caption", { text: changes ? "Efter simuleringen (före → efter där det ändras)" : "Nuläge" }),
        h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Part" }),
          parties.map((o) => h("th", { scope: "col", text: orgName(o) })))),
        h("tbody", {}, parties.map((a) => h("tr", {}, h("th", { scope: "row", text: orgName(a) }),
          parties.map((b) => (a === b ? h("td", { class: "na", "aria-label": "samma part" }) : cell(a, b))))))));
  }

  function chosenChanged() {
    const chosen = [...state.chosen.entries()];
    $("#whatif-chosen").textContent = chosen.length
      ? `Slutar: ${chosen.map(([, name]) => name).join(", ")}`
      : "Ingen vald ännu. Markera personer i tabellen.";
    $("#successors").replaceChildren(...chosen.map(([id, name]) => {
      const picker = personPicker({ id: `succ-${id}`, label: `Efterträdare för ${name} (valfri)`,
        people: state.people.filter((p) => !state.chosen.has(p.id)), orgName,
        placeholder: "Sök en person", onPick: (person) => state.successors.set(id, person) });
      picker.input.dataset.leaver = id;
      if (state.successors.has(id)) picker.set(state.successors.get(id));
      picker.input.addEventListener("input", () => {
        if (!picker.input.value) state.successors.delete(id);
      });
      return picker.node;
    }));
  }

  function chosenSuccessors() {
    const successors = {};
    for (const input of section.querySelectorAll("#successors input")) {
      if (!input.value) continue;
      const person = state.successors.get(input.dataset.leaver);
      if (!person) throw new Error(`Välj efterträdaren för ${state.chosen.get(input.dataset.leaver)} i listan (en person).`);
      successors[input.dataset.leaver] = person;
    }
    return successors;
  }

  async function simulate() {
    const remove = [...state.chosen.keys()];
    if (!remove.length) {
      status.textContent = "Markera minst en person som slutar.";
      status.classList.add("error");
      return;
    }
    await guarded(ctx, status, async () => {
      const result = await ctx.api("/api/v1/analyses/what-if", { method: "POST",
        json: { remove, successors: chosenSuccessors() } });
      state.result = result;
      showResult(result);
      return "Simuleringen är klar; inget är ändrat i nätverket.";
    });
  }

  function showResult(result) {
    summary(result);
    renderResult(result);
    heatmap(scoped(result.connectivity_changes));
    // The same positions as before (kept under "risk"): only what changed moves the eye.
    state.after = drawGraph($("#risk-map-after"), state.view, { keep: "risk",
      gone: new Set(result.removed) });
  }

  // The what-if answers for the whole network; a pair such as AF – FK spans every förbund,
  // so the förbund's cell moves by the change the departures make (they work in this
  // förbund), not to the national figure.
  function scoped(changes) {
    const here = new Map(state.connectivity.map((r) => [r.organisations.join("|"), r.connectivity]));
    return changes.filter((c) => here.has(c.organisations.join("|"))).map((c) => ({ ...c,
      after: Math.max(0, here.get(c.organisations.join("|")) - (c.before - c.after)) }));
  }

  function renderResult(result) {
    const path = result.mean_cross_path_length;
    const items = [
      `Personer: ${number(result.people.before)} → ${number(result.people.after)}`,
      `Delar av nätverket som inte når varandra: ${number(result.components.before)} → ${number(result.components.after)}`,
      `Genomsnittlig väg mellan medarbetare i olika organisationer: ${number(path.before, 2)} → ${number(path.after, 2)} steg`,
      ...result.connectivity_changes.map((c) => `${c.names.join(" – ")}: personer som håller ihop dem ${c.before} → ${c.after}`),
      ...result.orphaned_initiatives.map((i) => `${i.name}: ${i.names.join(", ")} förlorar sin sista deltagare`),
      ...result.empty_seats.map((s) => `Tom plats i ${s.name}: ${orgName(s.represents)} har ingen kvar, inte heller ersättare`),
    ];
    $("#whatif-result").replaceChildren(h("h3", { text: "Resultat i siffror" }),
      h("ul", { id: "whatif-list" }, items.map((t) => h("li", { text: t }))));
  }

  async function boardReport() {
    await guarded(ctx, status, async () => {
      const query = new URLSearchParams();
      if (currentScope()) query.set("scope", currentScope());
      if (state.chosen.size) query.set("remove", [...state.chosen.keys()].join(","));
      const successors = chosenSuccessors();
      if (Object.keys(successors).length) {
        query.set("successors", Object.entries(successors).map(([a, b]) => `${a}:${b}`).join(","));
      }
      await download(ctx, `/api/v1/exports/board-report.pdf?${query}`, "styrelserapport.pdf");
      return "Styrelserapporten är nedladdad.";
    });
  }

  return { label: "Nyckelpersonsrisk", roles: ["director"], open: load };
}
