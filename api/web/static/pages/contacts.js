// Kontaktvägar: who can introduce me to the right person. "Jag är" starts as the signed-in
// user's person; the target is a person, role, organisation, group or a topic. The service
// answers with the paths, the person they end at (role, organisation, contact details) and,
// when there are none, why and what to do next; each answer replaces the last one.
// With a förbund chosen in the shared picker (?scope=), the search stays inside its people
// (someone outside it gets the service's "outside_scope" reason); "Alla förbund" searches
// across förbund.

import { guarded, h, pageSection } from "./components.js";
import { openGuideFor } from "./guide.js";
import { partyColours, partyOf } from "./party-colours.js";
import { currentScope, scopePicker } from "./scope-picker.js";

const KINDS = [["person", "en person"], ["role", "en roll"], ["org", "en organisation"],
  ["group", "en grupp"], ["topic", "ett ämne"]];
const SECTIONS = { person: "people", role: "roles", org: "organisations", group: "groups" };

async function all(ctx, cache, section) {
  if (!cache[section]) {
    const rows = [];
    for (let offset = 0; ; offset += 500) {
      const page = await ctx.api(`/api/v1/${section}?limit=500&offset=${offset}`);
      rows.push(...page.items);
      if (rows.length >= page.total || page.items.length === 0) break;
    }
    cache[section] = rows;
  }
  return cache[section];
}

const byName = (a, b) => String(a.name).localeCompare(String(b.name), "sv");

export function contactsPage(ctx) {
  const section = pageSection("kontakt", "Kontaktvägar",
    "Vem kan presentera dig för rätt person? Välj en person, roll, organisation, grupp eller ett ämne.");
  const status = section.querySelector(".status");
  const from = h("input", { id: "p-from", list: "people-list", required: true,
    placeholder: "Sök ditt namn", autocomplete: "off" });
  const kind = h("select", { id: "p-kind" }, KINDS.map(([v, t]) => h("option", { value: v, text: t })));
  const to = h("input", { id: "p-to", list: "target-list", required: true, autocomplete: "off" });
  const k = h("input", { id: "p-k", type: "number", min: "1", max: "10", value: "3" });
  const peopleList = h("datalist", { id: "people-list" });
  const targetList = h("datalist", { id: "target-list" });
  const result = h("div", { id: "path-result", "aria-live": "polite" });
  // An answer is for the förbund it was asked in: another choice clears it.
  let answered = null;
  let said = "";  // the status line of the answer shown
  const clear = () => {
    result.replaceChildren();
    status.textContent = "";
    answered = null;
  };
  const federation = scopePicker(ctx, { id: "p-scope", onChange: clear });
  const form = h("form", { id: "path-form", class: "filters" },
    h("label", {}, "Jag är ", from), h("label", {}, "Söker ", kind),
    h("label", { id: "p-to-label" }, "Mål ", to), h("label", {}, "Antal vägar ", k),
    h("button", { type: "submit", text: "Hitta väg" }));
  section.append(h("div", { class: "filters" }, federation.node), form, peopleList, targetList,
    result);
  const cache = {};
  let colours = {};

  async function targetsFor(value) {
    const rows = SECTIONS[value] ? (await all(ctx, cache, SECTIONS[value])).slice().sort(byName) : [];
    to.placeholder = SECTIONS[value] ? "Sök namn" : "t.ex. försäkringsmedicin";
    to.setAttribute("list", SECTIONS[value] ? "target-list" : "");
    targetList.replaceChildren(...rows.map((r) => h("option", { value: `${r.name} [${r.id}]` })));
  }
  kind.addEventListener("change", () => guarded(ctx, status, () => targetsFor(kind.value)));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    result.replaceChildren();  // never an old answer under a new one
    guarded(ctx, status, async () => {
      const query = new URLSearchParams({ from: from.value, k: k.value || "3" });
      if (kind.value === "topic") query.set("topic", to.value);
      else { query.set("to", to.value); query.set("kind", kind.value); }
      if (currentScope()) query.set("scope", currentScope());
      const answer = await ctx.api(`/api/v1/contact-answer?${query}`);
      answered = currentScope();
      render(answer);
      if (answer.reason) said = answer.reason.text;
      else said = answer.paths.length === 1 ? "1 kontaktväg." : `${answer.paths.length} kontaktvägar.`;
      return said;
    });
  });

  function chip(person) {
    const colour = colours[person.party] || "#666";
    return h("span", { class: "person-chip" },
      h("span", { class: "dot", style: `background:${colour}`, "aria-hidden": "true" }),
      h("span", {}, h("strong", { text: person.name }),
        person.organisation_name ? ` (${person.organisation_name})` : ""));
  }

  function endCard(end, reached) {
    const ways = [];
    if (end.email) ways.push(h("a", { href: `mailto:${end.email}`, text: end.email }));
    if (end.phone) ways.push(h("a", { href: `tel:${end.phone.replace(/[\s()-]/g, "")}`, text: end.phone }));
    return h("section", { class: "end-card", "aria-labelledby": "end-h" },
      h("h2", { id: "end-h", text: reached ? `Du når ${end.name}` : end.name }),
      h("dl", {},
        end.title ? [h("dt", { text: "Titel" }), h("dd", { text: end.title })] : null,
        h("dt", { text: "Organisation" }), h("dd", { text: end.organisation_name || end.organisation }),
        end.roles.length ? [h("dt", { text: "Roller" }), h("dd", { text: end.roles.join(", ") })] : null,
        end.contact_about ? [h("dt", { text: "Kontakta om" }), h("dd", { text: end.contact_about })] : null,
        h("dt", { text: "Kontakt" }),
        h("dd", {}, ways.length ? ways.flatMap((w, i) => (i ? [" · ", w] : [w]))
          : "Inga kontaktuppgifter registrerade")),
      h("button", { type: "button", class: "to-guide", text: "Öppna Samverkansguiden för organisationen",
        onclick: () => openGuideFor(end.organisation) }));
  }

  function pathCard(path, i, people) {
    const person = (id) => people.get(id) || { person: id, name: id };
    const steps = [];
    path.people.forEach((id, j) => {
      steps.push(h("li", { class: "step" }, chip(person(id))));
      if (j < path.hops.length) {
        steps.push(h("li", { class: "hop" }, h("span", { "aria-hidden": "true", text: "↓ " }),
          path.hops[j].explanation));
      }
    });
    return h("section", { class: "path-card", "aria-label": `Väg ${i + 1}` },
      h("h3", { text: `Väg ${i + 1}: ${path.names.join(" → ")}` }),
      h("ol", { class: "chain" }, steps));
  }

  function legend(parties, orgs) {
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    return h("p", { class: "legend", "aria-label": "Färger per part" }, [...parties].map((p) =>
      h("span", { class: "chip" }, h("span", { class: "dot", style: `background:${colours[p] || "#666"}` }),
        names.get(p) || p)));
  }

  function render(answer) {
    const orgs = cache.organisations || [];
    const people = new Map((cache.people || []).map((p) => [p.id, {
      person: p.id, name: p.name, party: partyOf(orgs, p.organisation),
      organisation_name: (orgs.find((o) => o.id === p.organisation) || {}).name }]));
    for (const who of [answer.source, answer.target, ...answer.found]) {
      if (who) people.set(who.person, who);
    }
    const blocks = [];
    if (answer.found.length) {
      blocks.push(h("h2", { text: "Bäst placerade för ämnet" }), h("ol", { class: "found" },
        answer.found.map((f) => h("li", {}, h("strong", { text: f.name }),
          [f.title, f.organisation_name].filter(Boolean).map((t) => `, ${t}`).join(""),
          f.reachable ? "" : " – nås inte från dig"))));
    }
    if (answer.fallback) blocks.push(h("p", { class: "note", text: answer.fallback }));
    if (answer.reason) {
      blocks.push(h("section", { class: "reason", "aria-labelledby": "reason-h" },
        h("h2", { id: "reason-h", text: "Ingen kontaktväg" }),
        h("p", { text: answer.reason.text }),
        h("p", {}, h("strong", { text: "Nästa steg: " }), answer.reason.next)));
    }
    if (answer.target) blocks.push(endCard(answer.target, answer.paths.length > 0));
    if (answer.paths.length) {
      blocks.push(h("h2", { text: answer.paths.length === 1 ? "Kontaktväg" : `${answer.paths.length} kontaktvägar` }));
      const parties = new Set(answer.paths.flatMap((p) => p.people.map((id) => (people.get(id) || {}).party)));
      parties.delete(undefined);
      blocks.push(legend(parties, orgs));  // above the paths, so it is in view with them
      answer.paths.forEach((p, i) => blocks.push(pathCard(p, i, people)));
    }
    result.replaceChildren(...blocks);
  }

  return {
    label: "Kontaktvägar",
    roles: ["director", "staff"],
    open: () => guarded(ctx, status, async () => {
      // The förbund may have been chosen on another page since this one was open.
      const scope = await federation.sync();
      if (answered !== null && scope !== answered) clear();
      if (cache.ready) return answered === null ? "" : said;
      const [people, orgs, me] = await Promise.all([all(ctx, cache, "people"),
        all(ctx, cache, "organisations"), ctx.api("/api/v1/me")]);
      colours = partyColours(orgs);
      peopleList.replaceChildren(...people.slice().sort(byName).map((p) =>
        h("option", { value: `${p.name} [${p.id}]` })));
      // "Jag är": the person the signed-in user is linked to (samverkan user add --person).
      const mine = people.find((p) => p.id === me.person);
      if (mine && !from.value) from.value = `${mine.name} [${mine.id}]`;
      await targetsFor(kind.value);
      cache.ready = true;
      return "";
    }),
  };
}
