// Turnover pages: "Förändringar" (what changed between two days, printable for the board)
// and "Efterträdare och broar" (succession, seats versus people, bridging suggestions).
// Every sentence shown is the API's own explanation; the tables show the claims beside it.

import { $, api, el, guarded, registerPage } from "/ui/app.js";

document.head.append(el("link", { rel: "stylesheet", href: "/ui/turnover.css" }));

function section(id, heading, ...body) {
  const node = el("section", { id: `page-${id}`, class: "page", "aria-labelledby": `${id}-h`,
    hidden: true }, el("h1", { id: `${id}-h`, tabindex: "-1", text: heading }), ...body);
  $("#main").append(node);
  return node;
}

function table(caption, headers, rows) {
  if (!rows.length) return el("p", { class: "muted", text: `${caption}: inga.` });
  return el("div", { class: "scroll" }, el("table", { class: "data" },
    el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((c) => el("td", {
      text: c === null || c === undefined ? "–" : String(c) })))))));
}

const CHANGE = { became: "ny", stopped: "upphört", became_empty: "tom", lost_deputy: "utan ersättare" };

// --- Förändringar ------------------------------------------------------------------------

section("forandringar", "Förändringar",
  el("form", { id: "ch-form", class: "filters" },
    el("label", {}, "Från ", el("input", { id: "ch-from", type: "date", required: true })),
    el("label", {}, "Till ", el("input", { id: "ch-to", type: "date", required: true })),
    el("button", { type: "submit", text: "Visa" }),
    el("button", { type: "button", id: "ch-print", text: "Skriv ut", onclick: () => window.print() })),
  el("p", { id: "ch-status", class: "status", role: "status", "aria-live": "polite" }),
  el("div", { id: "ch-result" }));

function renderChanges(r) {
  $("#ch-result").replaceChildren(
    el("h2", { text: `Förändringar ${r.from} – ${r.to}` }),
    // the report counts κ exactly only below the robust line; say so beside the table
    ...(r.note ? [el("p", { class: "note", text: r.note })] : []),
    table("Sammanhållning mellan parterna (κ: hur många som måste sluta innan parterna inte når varandra)",
      ["Parter", "Före", "Efter", "Sista länken borta", "Varför"],
      r.pairs.map((p) => [p.names.join(" – "), p.before, p.after, p.lost_last_link ? "ja" : "nej",
        p.explanation])),
    table("Nyckelpersoner (enda länken mellan två parter)", ["Person", "Förändring", "Varför"],
      r.key_persons.map((k) => [k.name, CHANGE[k.change], k.explanation])),
    table("Gränsöverskridare", ["Person", "Förändring", "Plats före", "Plats efter", "Varför"],
      r.spanners.map((s) => [s.name, CHANGE[s.change], s.rank_before, s.rank_after, s.explanation])),
    table("Platser och roller", ["Forum eller roll", "Förändring", "Varför"],
      r.seats.map((s) => [s.name, CHANGE[s.change], s.explanation])),
    table("Insatser som vilar på en person", ["Insats", "Varför"],
      r.initiatives.map((i) => [i.name, i.explanation])),
    table("Registrerade överlämningar", ["Datum", "Mellan"],
      r.handovers.map((h) => [h.date, h.names.join(" och ")])));
}

$("#ch-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  await guarded("#ch-status", async () => {
    const from = $("#ch-from").value, to = $("#ch-to").value;
    const r = await api(`/api/v1/analyses/changes?from=${from}&to=${to}`);
    renderChanges(r);
    return `${r.pairs.length} ändrade par, ${r.key_persons.length} nyckelpersoner, ` +
      `${r.seats.length} platser.`;
  });
});

function openChanges() {
  if (!$("#ch-to").value) {
    const today = new Date();
    $("#ch-to").value = today.toISOString().slice(0, 10);
    today.setFullYear(today.getFullYear() - 1);
    $("#ch-from").value = today.toISOString().slice(0, 10);
  }
}

// --- Efterträdare och broar ----------------------------------------------------------------

section("efterfoljd", "Efterträdare och broar",
  el("h2", { text: "Efterträdare och överlämningsplan" }),
  el("form", { id: "su-form", class: "filters" },
    el("label", {}, "Per datum ", el("input", { id: "su-asof", type: "date" })),
    el("label", {}, "Person som slutar ", el("input", { id: "su-person", list: "su-people", required: true })),
    el("label", {}, "Rollprofil (valfri) ", el("input", { id: "su-profile", placeholder: "t.ex. processledare" })),
    el("button", { type: "submit", text: "Föreslå" })),
  el("datalist", { id: "su-people" }),
  el("p", { id: "su-status", class: "status", role: "status", "aria-live": "polite" }),
  el("div", { id: "su-result" }),
  el("h2", { text: "Broar: introduktioner som stärker svaga kopplingar" }),
  el("p", { id: "br-status", class: "status", role: "status", "aria-live": "polite" }),
  el("div", { id: "br-result" }));

function personId(text) {
  const option = [...$("#su-people").options].find((o) => o.value === text);
  return option ? option.dataset.id : text.trim();
}

$("#su-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  await guarded("#su-status", async () => {
    const id = personId($("#su-person").value);
    const profile = $("#su-profile").value.trim();
    const day = asOf();
    const query = new URLSearchParams(day ? { as_of: day } : {});
    if (profile) query.set("profile", profile);
    const [s, seats] = await Promise.all([
      api(`/api/v1/analyses/succession/${encodeURIComponent(id)}?${query}`),
      api(`/api/v1/analyses/seats?person=${encodeURIComponent(id)}${day ? `&as_of=${day}` : ""}`),
      loadBridging()]);
    const seat = seats.people[0];
    $("#su-result").replaceChildren(
      el("h3", { text: "Platser eller person" }),
      el("p", { text: seat.explanation }),
      table("Kontakter i andra organisationer", ["Kontakt", "Genom uppdrag", "Personlig"],
        seat.contacts.map((c) => [c.name, c.via_seat_names.join(", ") || "–", c.personal ? "ja" : "nej"])),
      table("Kandidater", ["Person", "Poäng", "Nätverk", "Återställd sammanhållning",
        "Återställda mäklarroller", "Strukturell likhet", "Kompetens", "Varför"],
        s.candidates.map((c) => [c.name, c.score, c.network, c.connectivity_restored,
          c.brokerage_restored, c.structural_similarity,
          c.competence ? `${c.competence.band} (${c.competence.score})` : null, c.explanation])),
      el("h3", { text: "Överlämningsplan" }),
      el("p", { text: s.handover_plan.explanation }),
      el("ol", {}, ...s.handover_plan.steps.map((step) => el("li", { text: step.explanation }))),
      table("Platser som är en risk oavsett vem som har dem", ["Plats eller roll", "Varför"],
        seats.seat_risks.map((r) => [r.name, r.explanation])));
    return `${s.candidates.length} kandidater för ${s.name}.`;
  });
});

function asOf() {
  return $("#su-asof").value;
}

async function loadBridging() {
  await guarded("#br-status", async () => {
    const day = asOf();
    const bridging = await api(`/api/v1/analyses/bridging${day ? `?as_of=${day}` : ""}`);
    $("#br-result").replaceChildren(...bridging.map((row) => el("div", { class: "card" },
      el("h3", { text: row.names.join(" – ") }),
      el("p", { text: row.explanation }),
      el("ol", {}, ...row.introductions.map((i) => el("li", { text: i.reason }))))));
    return bridging.length ? `${bridging.length} par hålls ihop av en enda person.` :
      "Inga par hålls ihop av en enda person.";
  });
}

async function openSuccession() {
  await guarded("#su-status", async () => {
    const people = await api("/api/v1/people?limit=500");
    $("#su-people").replaceChildren(...people.items.map((p) =>
      el("option", { value: `${p.name} (${p.id})`, "data-id": p.id })));
  });
  await loadBridging();
}

registerPage("forandringar", { label: "Förändringar", roles: ["director"], open: openChanges });
registerPage("efterfoljd", { label: "Efterträdare och broar", roles: ["director"], open: openSuccession });
