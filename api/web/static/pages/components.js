// Shared pieces of the pages added for issue 23 (Redigera, Kontaktenkät, Kalkylark och
// personallistor, and the survey form, which runs without app.js).

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else if (k === "value") node.value = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// A page of the single-page interface: a hidden <section class="page"> with its heading and
// a status line (role=status), appended to <main>. Returns the section.
export function pageSection(id, title, intro) {
  const section = h("section", { id: `page-${id}`, class: "page", hidden: true,
    "aria-labelledby": `${id}-h` },
  h("h1", { id: `${id}-h`, tabindex: "-1", text: title }),
  intro ? h("p", { class: "muted", text: intro }) : null,
  h("p", { id: `${id}-status`, class: "status", role: "status", "aria-live": "polite" }));
  document.querySelector("#main").append(section);
  return section;
}

export function setStatus(node, text, isError = false) {
  node.textContent = text;
  node.classList.toggle("error", isError);
}

// Runs one user action: "Arbetar …" on the status line, then what it returns, or the error
// with every located problem the answer names.
export async function guarded(ctx, node, work) {
  try {
    setStatus(node, "Arbetar …");
    setStatus(node, (await work()) || "");
  } catch (error) {
    setStatus(node, ctx.message(error), true);
  }
}

// The located problems of an error answer, one per line ("people, rad 14, kolumn …: …").
export function problemList(body) {
  const problems = (body && body.problems) || [];
  return h("ul", { class: "problems" }, problems.map((p) =>
    h("li", { text: p.path ? `${p.path}: ${p.message}` : p.message })));
}

// The wrapper scrolls sideways on a phone; tabindex lets a keyboard user scroll it too.
export function table(caption, headers, rows) {
  return h("div", { class: "scroll", tabindex: "0" }, h("table", { class: "data" },
    caption ? h("caption", { text: caption }) : null,
    h("thead", {}, h("tr", {}, headers.map((t) => h("th", { scope: "col", text: t })))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) =>
      h("td", {}, c === null || c === undefined ? "" : c)))))));
}

const PHASES = { "läser": "Läser", "kontrollerar och skriver": "Kontrollerar och skriver",
  "bearbetar svar": "Bearbetar svar", skriver: "Skriver" };

export function progressText(job) {
  const phase = PHASES[job.phase] || job.phase || "Startar";
  const share = job.total ? Math.min(100, Math.round((100 * job.done) / job.total)) : 0;
  const counts = job.total ? `: ${job.done.toLocaleString("sv-SE")} av `
    + `${job.total.toLocaleString("sv-SE")} (${share} %)` : "";
  return `${phase}${counts}`;
}

// Follows a background job (GET /api/v1/jobs/{id}) until it ends, writing a progress line
// and offering "Avbryt" meanwhile. Resolves with the finished job.
export async function followJob(ctx, job, line, cancelButton) {
  cancelButton.hidden = false;
  cancelButton.disabled = false;
  const cancel = async () => {
    cancelButton.disabled = true;
    await ctx.api(`/api/v1/jobs/${job.id}`, { method: "DELETE" });
  };
  cancelButton.addEventListener("click", cancel, { once: true });
  while (job.state === "running") {
    setStatus(line, progressText(job));
    await new Promise((resolve) => { setTimeout(resolve, 250); });
    job = await ctx.api(`/api/v1/jobs/${job.id}`);
  }
  cancelButton.removeEventListener("click", cancel);
  cancelButton.hidden = true;
  return job;
}

// Downloads a file the API answers with (an .xlsx), with the signed-in user's credentials.
export async function download(ctx, path, filename) {
  const response = await fetch(path, { headers: ctx.authHeaders(), credentials: "same-origin" });
  if (!response.ok) throw new Error(`Nedladdningen misslyckades (HTTP ${response.status}).`);
  const url = URL.createObjectURL(await response.blob());
  const link = h("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
