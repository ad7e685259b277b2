// Party colours shared by every drawing of people (the map, the contact paths), so a party
// has one colour everywhere. Paul Tol's "muted" scheme and Okabe–Ito, both designed to stay
// apart for colour-blind readers; a party's colour follows its place among the top-level
// organisations in the document's order, which every page sees the same.
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
  "#332288", "#117733", "#882255", "#999933", "#44AA99", "#AA4499", "#DDCC77", "#88CCEE",
  "#661100", "#6699CC"];

// organisations: rows of /api/v1/organisations (id, name, parent). Returns party id -> colour.
export function partyColours(organisations) {
  const colours = {};
  organisations.filter((o) => !o.parent).forEach((o, i) => {
    colours[o.id] = PALETTE[i % PALETTE.length];
  });
  return colours;
}

export function partyOf(organisations, id) {
  const byId = new Map(organisations.map((o) => [o.id, o]));
  let org = byId.get(id);
  for (let depth = 0; org && org.parent && depth < 50; depth += 1) org = byId.get(org.parent);
  return org ? org.id : id;
}
