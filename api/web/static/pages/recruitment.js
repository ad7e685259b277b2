// Rekrytering: the recruiter uploads CVs to an assigned recruitment, reads the ranking on
// the 0–100 scale the page explains, opens a CV with its evidence per requirement (by
// keyboard and touch, not hover), compares two or three shortlisted candidates side by
// side, records a review and downloads the ranking with evidence for the diarium.

import { download, guarded as run, h, INTERRUPTED_TEXT, pageSection, setStatus } from "./components.js";

const BANDS = { stark: "Stark evidens", delvis: "Delvis evidens", "ingen evidens": "Ingen evidens" };
const STAGES = { reading: "Läser", scoring: "Bedömer", storing: "Sparar" };
const TIME = new Intl.DateTimeFormat("sv-SE", { dateStyle: "long", timeStyle: "short",
  timeZone: "Europe/Stockholm" });

export function points(score) {
  return Math.round((score || 0) * 100);
}

export function swedishTime(iso) {
  return iso ? TIME.format(new Date(iso)) : "";
}

function bandClass(band) {
  return band.replace(" ", "-");
}

export function recruitmentPage(ctx) {
  const section = pageSection("rekrytering", "Rekrytering");
  const status = section.querySelector(".status");
  status.id = "rank-status";
  const guarded = (work) => run(ctx, status, work);

  const note = h("p", { class: "note", id: "decision-note",
    text: "Poängen är ett beslutsstöd. En människa bedömer och beslutar; ingen kandidat sorteras bort automatiskt." });
  const scale = h("details", { class: "scale", id: "r-scale" },
    h("summary", { text: "Så läser du poängen" }),
    h("p", { text: "Varje kandidat får 0–100: hur väl CV:t visar profilens krav med exempel på vad kandidaten själv har gjort. En fjärdedel av poängen väger kraven så som profilen gör. Resten är en bedömning som har lärts av 1 041 texter som människor har graderat. Den läser hur starkt varje krav visas och läser också texten som helhet: de meningar som beskriver kandidatens eget arbete, inte nyckelordslistor, andras arbete eller hälsningsfraser. Mer evidens för ett krav sänker aldrig den del av poängen som räknas från kraven, men helhetsbedömningen kan ändras åt båda hållen när texten skrivs om. Skalan stiger jämnt och lämnar utrymme i toppen: de starkaste CV:n som den lärdes på får 94–98 poäng. Ett högre tal betyder att texten visar fler av kraven, bredare och med egna exempel, inte att kandidaten är fullständig. Arbete i en roll som avslutades för mer än tio år sedan räknas mindre, och evidensen säger hur mycket." }),
    h("ul", {},
      h("li", {}, h("span", { class: "band stark", text: "Stark evidens" }), " från 60, när texten visar minst två av profilens fem dimensioner och minst en av dem med något kandidaten själv beskriver att hen gjort (examen och anställningar räcker inte ensamma): beskrivet arbete över parterna inom flera dimensioner."),
      h("li", {}, h("span", { class: "band delvis", text: "Delvis evidens" }), " 25–59, eller 60 och mer på en enda dimension: relevant arbete med tydliga luckor."),
      h("li", {}, h("span", { class: "band ingen-evidens", text: "Ingen evidens" }), " under 25: texten visar lite av det profilen efterfrågar.")),
    h("p", { text: "Staplarna visar samma skala per dimension. Uppräkningar av nyckelord, önskemål, nekande meningar och beskrivningar av kollegors eller teamets arbete räknas inte som evidens. Poängen stöder din bedömning och sorterar aldrig bort någon." }));

  const chooser = h("select", { id: "r-recruitment", required: true });
  const info = h("p", { id: "r-info", class: "muted" });
  const files = h("input", { id: "r-files", type: "file", multiple: true, accept: ".txt,.pdf,.docx" });
  const progress = h("progress", { id: "upload-progress", "aria-label": "Uppladdningens förlopp", hidden: true });
  const upload = h("form", { id: "upload-form", class: "stack" },
    h("label", { for: "r-recruitment", text: "Rekrytering (profil och målorganisation)" }), chooser, info,
    h("label", { for: "r-files", text: "CV (text, PDF eller DOCX)" }), files,
    h("button", { type: "submit", text: "Ladda upp och ranka" }), progress);

  const profile = h("select", { id: "r-profile" });
  const target = h("select", { id: "r-target" });
  const stored = h("button", { type: "button", id: "r-stored", text: "Visa sparad rankning" });
  const rerank = h("form", { id: "rerank-form", class: "filters" },
    h("label", {}, "Jämför med profil ", profile),
    h("label", {}, "och målorganisation ", target),
    h("button", { type: "submit", text: "Ranka om" }), stored);

  const pdf = h("button", { type: "button", id: "r-pdf", text: "Ladda ned rankning med evidens (PDF)" });
  const csv = h("button", { type: "button", id: "r-csv", class: "secondary", text: "Ladda ned som CSV" });
  const compare = h("button", { type: "button", id: "r-compare", disabled: true,
    text: "Jämför kortlistade" });
  const shortlistInfo = h("p", { id: "r-shortlist", class: "muted", "aria-live": "polite" });
  const tools = h("div", { class: "filters" }, pdf, csv, compare);
  const ranking = h("div", { id: "ranking" });
  const comparison = h("div", { id: "comparison" });
  const candidate = h("div", { id: "candidate" });
  section.append(note, scale, upload, rerank, tools, shortlistInfo, ranking, comparison, candidate);

  let recruitments = {};
  let rows = [];
  let storedRanking = true;
  let organisations = [];
  const shortlist = new Set();

  const orgName = (id) => (organisations.find((o) => o.id === id) || { name: id }).name;

  function fill(select, items, label, empty = null) {
    select.replaceChildren(...(empty === null ? [] : [h("option", { value: "", text: empty })]),
      ...items.map((item) => h("option", { value: item.id, text: label(item) })));
  }

  async function loadRanking() {
    const r = recruitments[chooser.value];
    if (!r) return;
    info.textContent = `Profil: ${r.profile}${r.target_organisation ? ` · målorganisation: ${orgName(r.target_organisation)}` : ""}`;
    profile.value = r.profile;
    target.value = r.target_organisation || "";
    const result = await ctx.api(`/api/v1/recruitments/${encodeURIComponent(r.id)}/ranking`);
    renderRanking(result);
  }

  function bar(label, score, band) {
    return h("div", { class: "bar-row" },
      h("span", { class: "bar-label", text: label }),
      h("span", { class: "bar", role: "meter", "aria-valuemin": "0", "aria-valuemax": "100",
        "aria-valuenow": String(points(score)), "aria-label": `${label}: ${points(score)} av 100` },
      h("span", { class: `fill ${bandClass(band)}`, style: `width:${points(score)}%` })),
      h("span", { class: "bar-value", text: String(points(score)) }));
  }

  // Must-have gaps stay in view; the others fold away, since a short CV lacks most items.
  function gaps(all) {
    const must = all.filter((g) => g.startsWith("ska-krav"));
    const rest = all.filter((g) => !g.startsWith("ska-krav"));
    return [
      must.length ? h("p", { class: "gaps" }, h("strong", { text: "Saknas (ska-krav): " }),
        must.map((g) => g.replace(/^ska-krav: /, "")).join("; ")) : null,
      rest.length ? h("details", { class: "gaps" }, h("summary", { text: `Övriga luckor (${rest.length})` }),
        h("ul", {}, rest.map((g) => h("li", { text: g })))) : null,
    ];
  }

  function shortlistChanged() {
    const chosen = rows.filter((row) => shortlist.has(row.candidate_id));
    compare.disabled = chosen.length < 2 || chosen.length > 3;
    shortlistInfo.textContent = chosen.length
      ? `Kortlista: ${chosen.map((row) => row.label).join(", ")}${chosen.length > 3 ? " (jämför högst tre åt gången)" : ""}`
      : "Markera två eller tre kandidater för kortlistan för att jämföra dem sida vid sida.";
  }

  function renderRanking(result) {
    rows = result.ranking;
    storedRanking = result.stored !== false;
    pdf.disabled = !storedRanking || !rows.length;
    csv.disabled = pdf.disabled;
    note.textContent = result.note;
    comparison.replaceChildren();
    if (!rows.length) {
      ranking.replaceChildren(h("p", { class: "muted", text: "Inga kandidater ännu." }));
      shortlistChanged();
      return;
    }
    ranking.replaceChildren(h("ol", { class: "ranking", id: "ranking-list" }, rows.map((row) =>
      h("li", { class: "candidate-card", "data-candidate": row.candidate_id },
        h("h3", {}, `${row.label} `, h("span", { class: `band ${bandClass(row.band)}`, text: BANDS[row.band] || row.band }),
          h("span", { class: "score", text: ` ${points(row.score)} av 100` })),
        ...Object.values(row.dimensions).map((d) => bar(d.label, d.score, d.band)),
        ...gaps(row.gaps),
        row.preference_reasons && row.preference_reasons.length
          ? h("p", { class: "muted", text: `Hitta rätt: ${row.preference_reasons.join("; ")}` }) : null,
        row.reviewed_by ? h("p", { class: "muted", text: `Granskad av ${row.reviewed_by}` }) : null,
        h("div", { class: "filters" },
          h("label", { class: "check" }, h("input", { type: "checkbox", class: "shortlist",
            checked: shortlist.has(row.candidate_id),
            onchange: (event) => {
              if (event.target.checked) shortlist.add(row.candidate_id);
              else shortlist.delete(row.candidate_id);
              shortlistChanged();
            } }), ` Kortlista ${row.label}`),
          h("button", { type: "button", onclick: () => showCandidate(row.candidate_id) }, "Visa CV och evidens"))))));
    shortlistChanged();
  }

  function showComparison() {
    const chosen = rows.filter((row) => shortlist.has(row.candidate_id)).slice(0, 3);
    const dims = Object.values(chosen[0].dimensions);
    const cell = (text) => h("td", { text });
    const heading = h("h2", { id: "comparison-h", tabindex: "-1", text: `Jämförelse av ${chosen.length} kandidater` });
    comparison.replaceChildren(heading, h("div", { class: "scroll", tabindex: "0" }, h("table", { class: "data compare" },
      h("caption", { text: "Poäng 0–100 per dimension; ska-krav som saknas längst ned." }),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "" }),
        chosen.map((row) => h("th", { scope: "col", text: row.label })))),
      h("tbody", {},
        h("tr", {}, h("th", { scope: "row", text: "Totalt" }),
          chosen.map((row) => cell(`${points(row.score)} (${(BANDS[row.band] || row.band).toLowerCase()})`))),
        dims.map((d) => h("tr", {}, h("th", { scope: "row", text: d.label }),
          chosen.map((row) => cell(String(points(row.dimensions[d.id] ? row.dimensions[d.id].score : 0)))))),
        h("tr", {}, h("th", { scope: "row", text: "Saknade ska-krav" }),
          chosen.map((row) => cell(row.gaps.filter((g) => g.startsWith("ska-krav"))
            .map((g) => g.replace(/^ska-krav: /, "")).join("; ") || "inga")))))));
    heading.focus();
  }

  // The CV with its evidence marked, and a list of requirements with their evidence: each
  // mark carries the numbers of the requirements it supports, visible without hover, and
  // each evidence sentence in the list is a button that moves focus to its mark.
  function evidenceView(text, latest) {
    const items = [];
    for (const d of Object.values(latest.result.dimensions)) {
      for (const item of d.items) {
        // A keyword list never counts; the matcher gives it no weight and it is never shown.
        const evidence = item.evidence.filter((e) => e.cue !== "keywords");
        if (evidence.length || item.fact) items.push({ ...item, evidence, number: items.length + 1 });
      }
    }
    const spans = [];
    for (const item of items) {
      for (const e of item.evidence) {
        const at = text.slice(e.start, e.end) === e.sentence ? e.start : text.indexOf(e.sentence);
        if (at >= 0) spans.push({ start: at, end: at + e.sentence.length, item });
      }
    }
    spans.sort((a, b) => a.start - b.start || a.item.number - b.item.number);
    const parts = [];
    const marks = [];
    let cursor = 0;
    for (const s of spans) {
      const last = marks[marks.length - 1];
      if (last && s.start < cursor) {
        if (!last.numbers.includes(s.item.number)) last.numbers.push(s.item.number);
        s.item.marks = [...(s.item.marks || []), last.id];
        continue;
      }
      const id = `ev-${marks.length + 1}`;
      marks.push({ id, numbers: [s.item.number], start: s.start, end: s.end });
      s.item.marks = [...(s.item.marks || []), id];
      parts.push(text.slice(cursor, s.start), { mark: marks[marks.length - 1] });
      cursor = s.end;
    }
    parts.push(text.slice(cursor));
    const cv = h("pre", { class: "cv", id: "cv-text" }, parts.map((part) => (typeof part === "string" ? part
      : h("mark", { id: part.mark.id, tabindex: "-1" }, text.slice(part.mark.start, part.mark.end),
        h("sup", { class: "ev-tag", text: ` [${part.mark.numbers.join(", ")}]` })))));
    const list = h("ol", { class: "evidence-list", id: "evidence-list" }, items.map((item) =>
      h("li", { id: `krav-${item.number}` },
        h("strong", { text: `${item.label}: ${points(item.score)} av 100` }),
        item.fact ? h("p", { class: "muted", text: `Fakta: ${item.fact}` }) : null,
        item.evidence.length ? h("ul", {}, item.evidence.map((e, i) => h("li", {},
          h("button", { type: "button", class: "link",
            "aria-label": `Visa i CV: ${e.sentence}`,
            onclick: () => {
              const mark = document.getElementById((item.marks || [])[i] || "");
              if (mark) { mark.focus(); mark.scrollIntoView({ block: "center" }); }
            } }, `”${e.sentence}”`),
          // a role that ended long ago counts less, and the page says how much
          e.note ? h("span", { class: "muted", text: ` (${e.note})` }) : null))) : null)));
    return { cv, list, count: items.length };
  }

  // The whole text's part of the score (matching.calibration's text_estimate) is tied to no
  // one requirement, so the page names the sentences that pull it up and down instead
  // (scoring.py's text_reasons); a score stored before it existed shows nothing here.
  function wholeText(result) {
    if (result.text_estimate == null) return null;
    const grade = (x) => x.toLocaleString("sv-SE", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const reasons = result.text_reasons || [];
    const signed = (x) => `${x > 0 ? "+" : "−"}${Math.abs(x).toLocaleString("sv-SE", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    const line = (r) => h("li", { text: `”${r.sentence}” (${signed(r.effect)})` });
    const up = reasons.filter((r) => r.direction === "up");
    const down = reasons.filter((r) => r.direction === "down");
    return h("section", { id: "whole-text", "aria-labelledby": "whole-text-h" },
      h("h3", { id: "whole-text-h", text: "Texten som helhet" }),
      h("p", { text: `En del av poängen läser hela texten, inte krav för krav: den liknar texter som människor har graderat ${grade(result.text_estimate)} på skalan 0–3 (3 = tydlig matchning). Nyckelordslistor, andras arbete och hälsningsfraser räknas inte. Talet efter en mening säger hur mycket den flyttar bedömningen jämfört med en genomsnittlig mening i texten.` }),
      up.length ? h("p", {}, h("strong", { text: "Drar upp: " })) : null,
      up.length ? h("ul", {}, up.map(line)) : null,
      down.length ? h("p", {}, h("strong", { text: "Drar ned: " })) : null,
      down.length ? h("ul", {}, down.map(line)) : null);
  }

  async function showCandidate(id) {
    await guarded(async () => {
      const c = await ctx.api(`/api/v1/candidates/${encodeURIComponent(id)}`);
      const latest = c.scores[c.scores.length - 1];
      const { cv, list, count } = evidenceView(c.text, latest);
      const review = latest.review;
      // Each sentence the matcher does not count comes with its reason in Swedish
      // (scoring.py's "discounted", cue_reason from matching/cues.py; the store fills it in
      // for scores saved before it existed); a reason no cue has any more shows no text.
      const discounted = latest.result.discounted || [];
      const heading = h("h2", { id: "candidate-h", tabindex: "-1", text: `CV och evidens: ${c.label}` });
      // replaceChildren writes a null as the text "null": only what is there goes in.
      candidate.replaceChildren(...[heading,
        h("p", { class: "muted", text: count
          ? "Markerad text är evidens. Siffrorna i hakparentes hänvisar till kraven i listan; välj en mening i listan för att gå till den i CV:t."
          : "Ingen mening i CV:t räknas som evidens för något krav." }),
        h("div", { class: "evidence" },
          h("section", { "aria-labelledby": "evidence-h" },
            h("h3", { id: "evidence-h", text: "Evidens per krav" }), list),
          h("section", { "aria-labelledby": "cv-h" }, h("h3", { id: "cv-h", text: "CV-text" }), cv)),
        wholeText(latest.result),
        discounted.length ? h("details", { class: "gaps" },
          h("summary", { text: `Räknas inte som evidens (${discounted.length})` }),
          h("ul", {}, discounted.map((d) => h("li", { text: d.cue_reason ? `${d.sentence} (${d.cue_reason})` : d.sentence })))) : null,
        review ? h("p", { class: "review", text: `Granskad av ${review.by} ${swedishTime(review.at)}: ${review.note}` })
          : h("p", { class: "muted", text: "Ingen har granskat den här bedömningen ännu." }),
        h("form", { class: "stack", onsubmit: (event) => reviewCandidate(event, id) },
          h("label", { for: "review-note", text: "Din bedömning (registreras med ditt namn)" }),
          h("textarea", { id: "review-note", required: true, rows: 3 }),
          h("button", { type: "submit", text: "Registrera granskning" }))].filter(Boolean));
      // What opened is where the reader goes: it renders far below the ranking.
      heading.focus();
      heading.scrollIntoView({ block: "start" });
    });
  }

  async function reviewCandidate(event, id) {
    event.preventDefault();
    await guarded(async () => {
      await ctx.api(`/api/v1/candidates/${encodeURIComponent(id)}/review`, { method: "POST",
        json: { note: candidate.querySelector("#review-note").value } });
      await loadRanking();
      await showCandidate(id);
      return "Granskningen är registrerad.";
    });
  }

  // The upload runs as a job on the server; its progress is polled and shown until it ends.
  async function uploadJob(path, form) {
    let job = await ctx.api(`${path}?background=true`, { method: "POST", body: form });
    // "interrupted": the service restarted while the job ran (see INTERRUPTED_TEXT).
    while (!["done", "failed", "interrupted"].includes(job.stage)) {
      setStatus(status, `${STAGES[job.stage] || "Arbetar"}: ${job.parsed} av ${job.files} filer lästa …`);
      progress.hidden = false;
      progress.max = job.files;
      progress.value = job.stage === "reading" ? job.parsed : job.files;
      await new Promise((done) => { setTimeout(done, 400); });
      job = await ctx.api(`/api/v1/uploads/${encodeURIComponent(job.id)}`);
    }
    progress.hidden = true;
    if (job.stage === "interrupted") throw new Error(INTERRUPTED_TEXT);
    if (job.stage === "failed") {
      const error = new Error((job.error && job.error.detail) || "Uppladdningen misslyckades.");
      error.body = job.error;
      throw error;
    }
    // Polled on another worker process, a finished job links to the stored ranking.
    return job.result || { ...(await ctx.api(job.ranking)), candidate_ids: null, files: job.files };
  }

  upload.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!files.files.length) {
      setStatus(status, "Välj minst en fil (fältet CV).", true);
      files.focus();
      return;
    }
    const form = new FormData();
    for (const file of files.files) form.append("files", file);
    guarded(async () => {
      setStatus(status, `Skickar ${files.files.length} CV …`);
      const result = await uploadJob(`/api/v1/recruitments/${encodeURIComponent(chooser.value)}/candidates`, form);
      renderRanking(result);
      files.value = "";
      return `${result.candidate_ids ? Object.keys(result.candidate_ids).length : result.files} CV bedömda.`;
    });
  });

  // Another profile or target ranks the same CVs again from cached embeddings; not stored.
  rerank.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!chooser.value) return;
    guarded(async () => {
      const params = new URLSearchParams({ profile: profile.value });
      if (target.value) params.set("target_organisation", target.value);
      renderRanking(await ctx.api(`/api/v1/recruitments/${encodeURIComponent(chooser.value)}/ranking?${params}`));
      return "Jämförelse: rankningen nedan är inte sparad och kan inte granskas.";
    });
  });
  stored.addEventListener("click", () => guarded(loadRanking));
  chooser.addEventListener("change", () => { shortlist.clear(); guarded(loadRanking); });
  compare.addEventListener("click", showComparison);
  for (const [button, ext] of [[pdf, "pdf"], [csv, "csv"]]) {
    button.addEventListener("click", () => guarded(async () => {
      await download(ctx, `/api/v1/recruitments/${encodeURIComponent(chooser.value)}/ranking.${ext}`,
        `rankning-${chooser.value}.${ext}`);
      return `Rankningen är nedladdad (${ext.toUpperCase()}).`;
    }));
  }

  return {
    label: "Rekrytering", roles: ["recruiter"],
    open: () => guarded(async () => {
      const [list, profiles, orgs] = await Promise.all([
        ctx.api("/api/v1/recruitments"), ctx.api("/api/v1/profiles"), ctx.all("organisations")]);
      organisations = orgs;
      fill(profile, profiles, (p) => `${p.title} (v${p.version})`);
      fill(target, orgs, (o) => o.name, "Rekryteringens egen");
      recruitments = Object.fromEntries(list.map((r) => [r.id, r]));
      const chosen = chooser.value;
      fill(chooser, list, (r) => r.title);
      if (recruitments[chosen]) chooser.value = chosen;
      // Without a recruitment every control would ask the service about none: upload and
      // downloads answered "HTTP 404", Ranka om and Visa sparad rankning did nothing.
      for (const control of [files, ...upload.querySelectorAll("button"),
        ...rerank.querySelectorAll("button, select"), pdf, csv]) control.disabled = !list.length;
      if (!list.length) {
        info.textContent = "Du är inte tilldelad någon rekrytering. En administratör skapar "
          + "rekryteringen och väljer dig under Rekryterare på sidan Administration; "
          + "därefter kan du ladda upp CV här.";
        return "";
      }
      await loadRanking();
      return "";
    }),
  };
}
