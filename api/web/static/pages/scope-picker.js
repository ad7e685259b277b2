// The förbund picker every analysis page shares. The choice lives in the address
// (?scope=ID, beside the page's #hash), so a link shares the scoped view and every page
// opens on the förbund last chosen; "Alla förbund" (no scope) by default. The service cuts
// the förbund out of the network (graph/analysis/scope.py) for each request that carries
// the scope. A link may also name any organisations (?scope=af-lund,lomma): the picker
// then shows that choice as its own.

import { h } from "./components.js";

// The organisation ids chosen, comma-separated as the routes take them; "" for everyone.
export function currentScope() {
  return new URLSearchParams(location.search).get("scope") || "";
}

// "scope=ID" for a query string, or "" without a scope; ``lead`` goes before it ("&", "?").
export function scopeParam(lead = "") {
  const scope = currentScope();
  return scope ? `${lead}scope=${encodeURIComponent(scope)}` : "";
}

function remember(scope) {
  const url = new URL(location.href);
  if (scope) url.searchParams.set("scope", scope);
  else url.searchParams.delete("scope");
  history.replaceState(history.state, "", url);
}

// A labelled <select> of the förbund (kind "federation"). ``onChange(scope)`` runs when
// the reader picks another; ``sync()`` (call it each time the page opens) fills the list
// once and shows the address's current choice.
export function scopePicker(ctx, { id, onChange }) {
  const select = h("select", { id, name: "scope" });
  const node = h("label", { class: "scope-picker" }, "Samordningsförbund ", select);
  let names = new Map();
  select.addEventListener("change", () => {
    remember(select.value);
    onChange(select.value);
  });
  async function sync() {
    if (!names.size) {
      const orgs = await ctx.all("organisations");
      names = new Map(orgs.map((o) => [o.id, o.name]));
      select.replaceChildren(h("option", { value: "", text: "Alla förbund" }),
        ...orgs.filter((o) => o.kind === "federation")
          .sort((a, b) => a.name.localeCompare(b.name, "sv"))
          .map((o) => h("option", { value: o.id, text: o.name })));
    }
    const scope = currentScope();
    select.querySelector("option.chosen-set")?.remove();
    if (![...select.options].some((o) => o.value === scope)) {
      select.append(h("option", { value: scope, class: "chosen-set", text: `Urval: ${
        scope.split(",").map((o) => names.get(o) || o).join(", ")}` }));
    }
    select.value = scope;
    return scope;
  }
  return { node, select, sync };
}
