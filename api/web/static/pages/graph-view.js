// The network drawing every page shares (Översikt, Nyckelpersonsrisk, Kontaktvägar):
// Cytoscape.js from the npm install, party colours that colour-blind readers can tell
// apart, zoom and fit buttons, and positions kept between views so a person stays where
// the reader last saw them.

import { colourKey, h } from "./components.js";

// Okabe–Ito (less its black) then Paul Tol's muted scheme: both designed to stay distinct
// under the common colour-vision deficiencies. Past 15 parties the shape changes too.
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
  "#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#DDCC77", "#88CCEE"];
const SHAPES = ["ellipse", "round-rectangle", "triangle", "hexagon"];

// A party keeps its colour for the whole session, whichever view it first appears in.
const partyLook = new Map();
function look(party) {
  if (!partyLook.has(party)) {
    const i = partyLook.size;
    partyLook.set(party, { colour: PALETTE[i % PALETTE.length],
      shape: SHAPES[Math.floor(i / PALETTE.length) % SHAPES.length] });
  }
  return partyLook.get(party);
}

// Positions by node id, per drawing (the overview's and the risk page's), kept between views.
const positions = new Map();


// Above this many nodes edges hide while panning, and a layout in the browser (only where
// the server sent no positions) runs fewer rounds: it is quadratic.
const LARGE = 250;

export function drawGraph(container, view, { onSelect = null, gone = new Set(), layout = "cose",
  keep = null } = {}) {
  if (!window.cytoscape) {
    container.replaceChildren(h("p", { class: "error",
      text: "Kartan kan inte visas: Cytoscape.js saknas (kör installationen igen)." }));
    return null;
  }
  const aggregated = view.mode === "organisations";
  const large = view.nodes.length > LARGE;
  const kept = keep ? (positions.get(keep) || new Map()) : new Map();
  // Aggregated, each organisation is one node sized by head count and coloured by party;
  // party compounds were tried and rejected: AF and FK units sit in several förbund, so a
  // party's box spans the whole drawing.
  const elements = [
    ...view.nodes.map((n) => {
      const { colour, shape } = look(n.party);
      const id = String(n.id);
      return { data: { id, colour, shape,
        label: aggregated ? `${n.name} (${n.people})` : n.name,
        size: aggregated ? 20 + 6 * Math.sqrt(n.people) : (n.spanner || n.key_person ? 24 : 16),
      }, position: kept.get(id) || (n.x === undefined ? undefined : { x: n.x, y: n.y }), classes: [n.spanner ? "spanner" : "", n.key_person ? "key" : "",
        gone.has(id) ? "gone" : "", n.path ? "path" : ""].join(" ") };
    }),
    ...view.edges.map((e) => ({ data: {
      id: `${e.source}--${e.target}`, source: String(e.source), target: String(e.target),
      width: Math.min(8, 1 + (aggregated ? Math.log2(1 + e.links) : e.weight)),
      label: e.label || "",
    }, classes: (gone.has(String(e.source)) || gone.has(String(e.target))) ? "gone" : "" })),
  ];
  // Where the reader last saw a person wins; else the server's layout (graph/reports/
  // overview.py lays out with igraph in a fraction of a second, where the force layout
  // here froze the page for many seconds on a few hundred people).
  const allKept = view.nodes.length > 0 && view.nodes.every((n) => kept.has(String(n.id))
    || n.x !== undefined);
  // Cytoscape's own wheel speed: a custom wheelSensitivity made it warn in the console on
  // every map (and zoom unlike other maps); the zoom buttons step for those who need it.
  const cy = window.cytoscape({
    container, elements, hideEdgesOnViewport: large,
    textureOnViewport: large, minZoom: 0.1, maxZoom: 4,
    layout: allKept ? { name: "preset", fit: true, padding: 24 }
      : typeof layout === "object" ? { animate: false, ...layout }
        : aggregated
          // Organisations on a circle, grouped by party: readable at any head count.
          ? { name: "circle", animate: false, spacingFactor: 0.9, padding: 30,
            sort: (a, b) => a.data("colour").localeCompare(b.data("colour")) }
          : { name: layout, animate: false, randomize: kept.size === 0, nodeRepulsion: 9000,
            idealEdgeLength: 60, numIter: large ? 250 : 1000, padding: 24 },
    style: [
      { selector: "node", style: { "background-color": "data(colour)", shape: "data(shape)",
        label: "data(label)", width: "data(size)", height: "data(size)", "font-size": 11,
        color: "#1b1f23", "text-valign": "bottom", "text-margin-y": 3,
        "text-background-color": "#fff", "text-background-opacity": 0.75,
        "text-background-padding": 1, "min-zoomed-font-size": 9 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "#b8c0c8",
        "curve-style": "haystack", opacity: 0.7 } },
      { selector: "edge[label != '']", style: { label: "data(label)", "font-size": 9,
        "curve-style": "bezier", "text-rotation": "autorotate", color: "#333",
        "text-background-color": "#fff", "text-background-opacity": 0.85 } },
      { selector: ".spanner", style: { "border-width": 4, "border-color": "#1b1f23",
        "font-weight": "bold", "min-zoomed-font-size": 0 } },
      { selector: ".key", style: { "border-width": 4, "border-style": "double",
        "border-color": "#b00020", "font-weight": "bold", "min-zoomed-font-size": 0 } },
      { selector: ".path", style: { "border-width": 3, "border-color": "#1b1f23" } },
      { selector: ".gone", style: { opacity: 0.15 } },
      { selector: ".faded", style: { opacity: 0.2 } },
      { selector: ".focus", style: { "border-width": 5, "border-color": "#f0b400",
        "z-index": 10, "font-size": 14, "min-zoomed-font-size": 0 } },
      { selector: "node:selected", style: { "overlay-opacity": 0.25,
        "overlay-color": "#1f6fb2" } },
    ],
  });
  if (keep) {
    // Merged, not replaced: people outside this view keep their place for the next one.
    const save = () => positions.set(keep, new Map([...(positions.get(keep) || []),
      ...cy.nodes().map((n) => [n.id(), { ...n.position() }])]));
    save();
    cy.on("dragfree", "node", save);
  }
  if (onSelect) cy.on("tap", "node", (event) => onSelect(event.target.id()));
  return cy;
}

// Centres on a person, rings them and fades everyone not tied to them.
export function highlight(cy, id) {
  if (!cy) return false;
  const node = cy.getElementById(String(id));
  cy.elements().removeClass("focus faded");
  if (!node.length) return false;
  const near = node.closedNeighborhood();
  cy.elements().not(near).addClass("faded");
  node.addClass("focus");
  cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 200 });
  return true;
}

// Zoom in, zoom out and fit, as buttons: a mouse wheel is not every reader's tool.
export function zoomButtons(getCy) {
  const step = (factor) => () => {
    const cy = getCy();
    if (cy) cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  };
  return h("div", { class: "zoom", role: "group", "aria-label": "Zooma kartan" },
    h("button", { type: "button", class: "secondary", "aria-label": "Zooma in", text: "+", onclick: step(1.3) }),
    h("button", { type: "button", class: "secondary", "aria-label": "Zooma ut", text: "−", onclick: step(1 / 1.3) }),
    h("button", { type: "button", class: "secondary", text: "Anpassa", onclick: () => {
      const cy = getCy();
      if (cy) { cy.elements().removeClass("focus faded"); cy.fit(undefined, 24); }
    } }));
}

// The key to the map's colours and marks, in view beside it.
export function mapKey(view) {
  const names = Object.fromEntries((view.parties || []).map((p) => [p.id, p.name]));
  const parties = [...new Set(view.nodes.map((n) => n.party))]
    .sort((a, b) => String(names[a] || a).localeCompare(String(names[b] || b), "sv"));
  return colourKey("Förklaring till kartan", [
    ...parties.map((p) => ({ colour: look(p).colour, label: names[p] || p || "okänd part" })),
    ...(view.mode === "people" ? [
      { mark: "ring", label: "tjock svart kant: gränsöverskridare" },
      { mark: "double", label: "dubbel röd kant: nyckelperson" }] : [
      { mark: "ring", label: "stort nätverk: organisationer som kluster; välj en för att se dess personer" }]),
  ]);
}
