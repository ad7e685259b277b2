// Kontaktenkät (admin): open a round, hand out the personal links, follow the response
// rate per organisation, remind, close (answers become ties) and compare with the round
// before. The service sends no e-mail: links and reminders are listed here to send on.

import { dateInput, followJob, guarded as run, h, jobEnd, pageSection, table, tieKind } from "./components.js";

export function surveyAdminPage(ctx) {
  const section = pageSection("enkat", "Kontaktenkät",
    "Fråga personerna i ett förbund vilka de faktiskt samarbetar med hos de andra parterna.");
  const status = section.querySelector(".status");
  const guarded = (work) => run(ctx, status, work);

  const orgs = h("select", { id: "k-orgs", multiple: true, size: "6", required: true });
  const form = h("form", { id: "k-form", class: "stack narrow" },
    h("label", { for: "k-id", text: "Id för omgången" }),
    h("input", { id: "k-id", required: true, pattern: "[A-Za-z0-9_.\\-]+" }),
    h("label", { for: "k-title", text: "Rubrik" }), h("input", { id: "k-title", required: true }),
    h("label", { for: "k-purpose", text: "Syfte (visas för den som svarar)" }),
    h("textarea", { id: "k-purpose", rows: "3", required: true }),
    h("label", { for: "k-orgs", text: "Förbund eller organisationer" }), orgs,
    h("label", { for: "k-closes", text: "Sista svarsdag" }),
    dateInput({ id: "k-closes", required: true }),
    h("button", { type: "submit", text: "Öppna omgången" }));
  const links = h("div", { id: "k-links" });
  const rounds = h("select", { id: "k-round" });
  const progress = h("p", { id: "k-progress", class: "status", role: "status", "aria-live": "polite" });
  const cancel = h("button", { type: "button", id: "k-cancel", class: "secondary", text: "Avbryt", hidden: true });
  const detail = h("div", { id: "k-detail" });
  const remind = h("button", { type: "button", id: "k-remind", text: "Påminn dem som inte svarat" });
  const close = h("button", { type: "button", id: "k-close", text: "Stäng omgången" });
  const compare = h("button", { type: "button", id: "k-compare", text: "Jämför med föregående" });
  section.append(h("h2", { text: "Ny omgång" }), form, links,
    h("h2", { text: "Omgångar" }),
    h("div", { class: "filters" }, h("label", {}, "Omgång ", rounds), remind, close, compare),
    h("div", { class: "filters" }, progress, cancel), detail);

  const linkList = (title, people) => {
    const base = location.origin;
    return h("div", {},
      h("p", { class: "note", text: "Tjänsten skickar ingen e-post. Skicka varje länk till personen; "
        + "länken är personlig, gäller en gång och slutar gälla när omgången stängs." }),
      table(title, ["Namn", "Organisation", "Personlig länk"], people.map((p) => [
        p.name, p.organisation, h("code", { class: "survey-link", text: `${base}${p.link}` })])));
  };

  async function loadRounds(selected) {
    const all = await ctx.api("/api/v1/surveys");
    rounds.replaceChildren(...all.map((r) => h("option", { value: r.id,
      text: `${r.title} (${r.id})${r.closed ? ", stängd" : ""}`, selected: r.id === selected })));
    // No round yet: say so, and offer nothing that needs one.
    remind.disabled = close.disabled = compare.disabled = !all.length;
    if (all.length) await showRound();
    else detail.replaceChildren(h("p", { class: "muted", id: "k-none",
      text: "Inga omgångar ännu. Öppna en omgång ovan; den visas här med svarsfrekvensen." }));
  }

  async function showRound() {
    if (!rounds.value) return;
    const s = await ctx.api(`/api/v1/surveys/${encodeURIComponent(rounds.value)}`);
    detail.replaceChildren(
      h("p", { id: "k-rate", text: `${s.answered} av ${s.invited} har svarat (${Math.round(100 * s.rate)} %). `
        + `Påminnelser: ${s.reminders}. Sista svarsdag ${s.round.closes}${s.round.closed ? `; stängd ${s.round.closed}` : ""}.` }),
      table("Svarsfrekvens per organisation", ["Organisation", "Inbjudna", "Svar", "Andel"],
        s.organisations.map((o) => [o.name, o.invited, o.answered, `${Math.round(100 * o.rate)} %`])));
    remind.disabled = close.disabled = Boolean(s.round.closed);
    compare.disabled = !s.round.closed;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(async () => {
      const body = { id: form.querySelector("#k-id").value, title: form.querySelector("#k-title").value,
        purpose: form.querySelector("#k-purpose").value,
        organisations: [...orgs.selectedOptions].map((o) => o.value),
        closes: form.querySelector("#k-closes").value };
      const opened = await ctx.api("/api/v1/surveys", { method: "POST", json: body });
      links.replaceChildren(linkList(`Inbjudna (${opened.invitations.length})`, opened.invitations));
      await loadRounds(body.id);
      return `Omgången ${body.id} är öppen.`;
    });
  });

  rounds.addEventListener("change", () => guarded(showRound));
  remind.addEventListener("click", () => guarded(async () => {
    const result = await ctx.api(`/api/v1/surveys/${encodeURIComponent(rounds.value)}/reminders`, { method: "POST" });
    links.replaceChildren(linkList(`Påminnelser (${result.reminded.length}); de gamla länkarna slutar gälla`, result.reminded));
    await showRound();
    return `Påminnelse registrerad för ${result.reminded.length} personer.`;
  }));
  close.addEventListener("click", () => guarded(async () => {
    const started = await ctx.api(`/api/v1/surveys/${encodeURIComponent(rounds.value)}/close`, { method: "POST" });
    const job = await followJob(ctx, started, progress, cancel);
    progress.textContent = "";
    await loadRounds(rounds.value);
    return jobEnd(job, (r) => `Omgången är stängd: ${r.ties} kontakter skrivna till grafen, `
      + `${r.one_sided} angivna av bara en sida.`, "Avbrutet: ingenting skrevs och omgången är öppen.");
  }));
  compare.addEventListener("click", () => guarded(async () => {
    const d = await ctx.api(`/api/v1/surveys/${encodeURIComponent(rounds.value)}/comparison`);
    const rows = (label, items) => items.map((x) => [label, x.a, x.b, tieKind(x.kind), x.before ?? "–", x.after ?? "–"]);
    detail.append(table(`Jämfört med ${d.previous}: svarande ${d.respondents.previous} → ${d.respondents.round}`,
      ["Förändring", "Person", "Person", "Typ", "Styrka före", "Styrka nu"],
      [...rows("Ny", d.new), ...rows("Borta", d.gone), ...rows("Ändrad", d.changed)]));
    return "";
  }));

  return {
    label: "Kontaktenkät", roles: ["admin"],
    open: () => guarded(async () => {
      const all = await ctx.api("/api/v1/organisations?limit=500");
      orgs.replaceChildren(...all.items.map((o) => h("option", { value: o.id, text: `${o.name} (${o.id})` })));
      await loadRounds(rounds.value);
    }),
  };
}
